import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { formatPercent, parsePercent } from "../../../src/domain/parse/percent.js";
import { percentMsg } from "../../../src/domain/catalog/parse.js";

describe("parsePercent accepts", () => {
  it.each([
    ["85,5%", 85.5],
    ["85.5", 85.5],
    ["85,5", 85.5],
    ["85 %", 85],
    ["85\u00a0%", 85],
    ["100%", 100],
    ["100,00%", 100],
    ["0", 0],
    ["0%", 0],
    ["-0", 0],
    ["97,95%", 97.95],
    ["5", 5],
    [" 62,3 % ", 62.3],
    ["70 phần trăm", 70],
  ])("%j → %d", (input, expected) => {
    expect(parsePercent(input)).toEqual({ ok: true, value: expected });
  });
});

describe("parsePercent rejects", () => {
  it.each([
    ["", percentMsg.empty],
    ["100,5%", percentMsg.outOfRange("100,5%")],
    ["101", percentMsg.outOfRange("101")],
    ["-5%", percentMsg.outOfRange("-5%")],
    ["85,555%", percentMsg.tooManyDecimals("85,555%")],
    ["1.452", percentMsg.tooManyDecimals("1.452")],
    ["abc", percentMsg.notAPercent("abc")],
    ["85%%", percentMsg.notAPercent("85%%")],
    ["85,5,5", percentMsg.notAPercent("85,5,5")],
    [",5", percentMsg.notAPercent(",5")],
    ["5,", percentMsg.notAPercent("5,")],
    ["%", percentMsg.notAPercent("%")],
    ["8 5", percentMsg.notAPercent("8 5")],
  ])("%j", (input, error) => {
    expect(parsePercent(input)).toEqual({ ok: false, error });
  });

  it("range error text", () => {
    const r = parsePercent("120%");
    if (r.ok) expect.unreachable();
    else expect(r.error).toBe('Tỷ lệ "120%" không hợp lệ: tỷ lệ phải từ 0% đến 100%.');
  });
});

describe("formatPercent", () => {
  it.each([
    [97.9, 1, "97,9%"],
    [97.94, 1, "97,9%"],
    [97.96, 1, "98%"],
    [100, 1, "100%"],
    [0, 1, "0%"],
    [85.5, 1, "85,5%"],
    [85.25, 2, "85,25%"],
    [85.5, 2, "85,5%"],
    [33.333, 0, "33%"],
    [-0.01, 1, "0%"],
  ])("formatPercent(%d, %d) → %j", (p, digits, expected) => {
    expect(formatPercent(p, digits)).toBe(expected);
  });

  it("defaults to one decimal", () => {
    expect(formatPercent(12.345)).toBe("12,3%");
  });
});

describe("parsePercent properties", () => {
  it("round-trips formatPercent for every 0–100 value with at most 1 decimal", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (k) => {
        const p = k / 10;
        const r = parsePercent(formatPercent(p));
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toBeCloseTo(p, 9);
        const r2 = parsePercent(formatPercent(p).replace(",", ".").replace("%", ""));
        expect(r2.ok && Math.abs(r2.value - p) < 1e-9).toBe(true);
      }),
    );
  });

  it("round-trips 2-decimal values with digits = 2", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10000 }), (k) => {
        const p = k / 100;
        const r = parsePercent(formatPercent(p, 2));
        expect(r.ok && Math.abs(r.value - p) < 1e-9).toBe(true);
      }),
    );
  });

  it("rejects everything above 100", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1001, max: 10_000_000 }), (k) => {
        expect(parsePercent(formatPercent(k / 10)).ok).toBe(false);
      }),
    );
  });

  it("never throws; ok values are within 0–100", () => {
    const noisy = fc.string({ unit: fc.constantFrom(..."0123456789 .,-%phầntrăm\u00a0") });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), noisy), (s) => {
        const r = parsePercent(s);
        if (r.ok) {
          expect(r.value).toBeGreaterThanOrEqual(0);
          expect(r.value).toBeLessThanOrEqual(100);
          expect(Object.is(r.value, -0)).toBe(false);
        } else {
          expect(r.error.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
