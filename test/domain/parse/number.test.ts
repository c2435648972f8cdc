import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { formatCount, MAX_COUNT, parseCount } from "../../../src/domain/parse/number.js";
import { countMsg } from "../../../src/domain/catalog/parse.js";

describe("parseCount accepts", () => {
  it.each([
    ["1452", 1452],
    ["1.452", 1452],
    ["1,452", 1452],
    ["1 452", 1452],
    ["1\u00a0452", 1452],
    ["1\u202f452", 1452],
    ["1.452.000", 1_452_000],
    ["1,452,000", 1_452_000],
    ["1 452 000", 1_452_000],
    ["0", 0],
    ["  37  ", 37],
    ["007", 7],
    ["312 người", 312],
    ["312người", 312],
    ["312 NGƯỜI", 312],
    ["1.452 phiếu", 1452],
    ["1.452 cử tri", 1452],
    ["45 đảng viên", 45],
    ["120 hộ", 120],
    ["12 thành viên", 12],
    ["7 đồng chí", 7],
    ["30 ng", 30],
    ["30 ng.", 30],
    ["10.000.000", 10_000_000],
    ["10000000", 10_000_000],
  ])("%j → %d", (input, expected) => {
    expect(parseCount(input)).toEqual({ ok: true, value: expected });
  });
});

describe("parseCount rejects", () => {
  it.each([
    ["1.45", countMsg.notWhole("1.45")],
    ["12,5", countMsg.notWhole("12,5")],
    ["1.452,5", countMsg.notWhole("1.452,5")],
    ["0,5 người", countMsg.notWhole("0,5 người")],
    ["12abc", countMsg.notANumber("12abc")],
    ["abc", countMsg.notANumber("abc")],
    ["1..2", countMsg.notANumber("1..2")],
    ["1.4520", countMsg.notWhole("1.4520")],
    ["1.2.3", countMsg.notANumber("1.2.3")],
    ["0.452", countMsg.notWhole("0.452")],
    ["012,345", countMsg.notWhole("012,345")],
    ["1 45", countMsg.notANumber("1 45")],
    ["1.452 000", countMsg.notANumber("1.452 000")],
    ["người", countMsg.notANumber("người")],
    ["+5", countMsg.notANumber("+5")],
    ["1e3", countMsg.notANumber("1e3")],
    ["-3", countMsg.negative("-3")],
    ["- 3", countMsg.negative("- 3")],
    ["-1.452", countMsg.negative("-1.452")],
    ["", countMsg.empty],
    ["   ", countMsg.empty],
    ["10.000.001", countMsg.tooLarge("10.000.001", "10.000.000")],
    ["99999999999999999999999", countMsg.tooLarge("99999999999999999999999", "10.000.000")],
  ])("%j", (input, error) => {
    expect(parseCount(input)).toEqual({ ok: false, error });
  });

  it("error texts are concrete Vietnamese", () => {
    const r = parseCount("1.45");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe('"1.45" không phải là số nguyên. Vui lòng nhập số nguyên, ví dụ 1.452 (dấu chấm chỉ dùng để ngăn cách hàng nghìn).');
    const r2 = parseCount("12abc");
    if (!r2.ok) expect(r2.error).toBe('"12abc" không phải là một số. Vui lòng nhập số, ví dụ 1.452.');
    else expect.unreachable();
    const r3 = parseCount("20.000.000");
    if (!r3.ok) expect(r3.error).toContain("tối đa 10.000.000");
    else expect.unreachable();
  });
});

describe("formatCount", () => {
  it.each([
    [0, "0"],
    [7, "7"],
    [999, "999"],
    [1000, "1.000"],
    [1452, "1.452"],
    [1_452_000, "1.452.000"],
    [10_000_000, "10.000.000"],
    [-1452, "-1.452"],
    [1452.4, "1.452"],
  ])("%d → %j", (n, expected) => {
    expect(formatCount(n)).toBe(expected);
  });
});

describe("parseCount properties", () => {
  const count = fc.integer({ min: 0, max: MAX_COUNT });

  it("round-trips formatCount, String and space/comma/NBSP grouping", () => {
    fc.assert(
      fc.property(count, (n) => {
        const grouped = formatCount(n);
        expect(parseCount(grouped)).toEqual({ ok: true, value: n });
        expect(parseCount(String(n))).toEqual({ ok: true, value: n });
        expect(parseCount(grouped.replace(/\./g, " "))).toEqual({ ok: true, value: n });
        expect(parseCount(grouped.replace(/\./g, ","))).toEqual({ ok: true, value: n });
        expect(parseCount(grouped.replace(/\./g, "\u00a0"))).toEqual({ ok: true, value: n });
        expect(parseCount(`${grouped} người`)).toEqual({ ok: true, value: n });
      }),
    );
  });

  it("rejects every count above the maximum", () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_COUNT + 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(parseCount(formatCount(n)).ok).toBe(false);
        expect(parseCount(String(n)).ok).toBe(false);
      }),
    );
  });

  it("rejects decimals with 1–2 fraction digits as not whole", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999 }),
        fc.constantFrom(".", ","),
        fc.stringMatching(/^\d{1,2}$/),
        (n, sep, frac) => {
          const input = `${n}${sep}${frac}`;
          expect(parseCount(input)).toEqual({ ok: false, error: countMsg.notWhole(input) });
        },
      ),
    );
  });

  it("never throws; ok values are integers in range", () => {
    const noisy = fc.string({ unit: fc.constantFrom(..."0123456789 .,-+\u00a0aeoơngườihộ%/") });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), noisy), (s) => {
        const r = parseCount(s);
        if (r.ok) {
          expect(Number.isInteger(r.value)).toBe(true);
          expect(r.value).toBeGreaterThanOrEqual(0);
          expect(r.value).toBeLessThanOrEqual(MAX_COUNT);
        } else {
          expect(r.error.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
