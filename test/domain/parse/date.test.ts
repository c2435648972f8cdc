import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  addDays,
  compareIso,
  daysInMonth,
  formatDateVi,
  isValidIsoDate,
  parseDate,
  todayInVietnam,
} from "../../../src/domain/parse/date.js";
import { dateMsg } from "../../../src/domain/catalog/parse.js";

const TODAY = "2024-12-15";

describe("parseDate accepts", () => {
  it.each([
    ["15/12/2024", "2024-12-15"],
    ["15-12-2024", "2024-12-15"],
    ["15.12.2024", "2024-12-15"],
    ["5/1/2020", "2020-01-05"],
    ["05/01/2020", "2020-01-05"],
    ["15/12/24", "2024-12-15"],
    ["1/2/99", "2099-02-01"],
    ["15 / 12 / 2024", "2024-12-15"],
    ["2024-12-15", "2024-12-15"],
    ["2024-1-5", "2024-01-05"],
    ["29/02/2024", "2024-02-29"],
    ["29/02/2000", "2000-02-29"],
    ["hôm nay", "2024-12-15"],
    ["Hôm nay", "2024-12-15"],
    ["hom nay", "2024-12-15"],
    ["HÔM  NAY", "2024-12-15"],
    ["nay", "2024-12-15"],
    ["ngày hôm nay", "2024-12-15"],
    ["hôm qua", "2024-12-14"],
    ["hom qua", "2024-12-14"],
    ["hôm kia", "2024-12-13"],
    ["hom kia", "2024-12-13"],
    ["ngày 15/12/2024", "2024-12-15"],
    ["ngay 15/12/2024", "2024-12-15"],
    ["Ngày 3/2", "2024-02-03"],
    // no year: this year…
    ["15/12", "2024-12-15"],
    ["1/1", "2024-01-01"],
    ["15/1", "2024-01-15"],
  ])("%j → %s (today %s)", (input, expected) => {
    expect(parseDate(input, TODAY)).toEqual({ ok: true, value: expected });
  });

  it("relative words cross month and year boundaries", () => {
    expect(parseDate("hôm qua", "2024-03-01")).toEqual({ ok: true, value: "2024-02-29" });
    expect(parseDate("hôm kia", "2025-01-01")).toEqual({ ok: true, value: "2024-12-30" });
  });

  it("day/month without year: this year unless more than 31 days ahead, then last year", () => {
    // 31 days after 2025-01-05 is 2025-02-05
    expect(parseDate("5/2", "2025-01-05")).toEqual({ ok: true, value: "2025-02-05" });
    expect(parseDate("6/2", "2025-01-05")).toEqual({ ok: true, value: "2024-02-06" });
    expect(parseDate("28/12", "2025-01-05")).toEqual({ ok: true, value: "2024-12-28" });
    expect(parseDate("10/1", "2025-01-05")).toEqual({ ok: true, value: "2025-01-10" });
    // 29/02 far ahead in a non-leap year → previous (leap) year
    expect(parseDate("29/2", "2025-01-10")).toEqual({ ok: true, value: "2024-02-29" });
  });
});

describe("parseDate rejects", () => {
  it.each([
    ["", dateMsg.empty],
    ["31/02/2024", dateMsg.impossibleDate(31, 2, 2024, 29)],
    ["29/02/2023", dateMsg.impossibleDate(29, 2, 2023, 28)],
    ["29/02/1900", dateMsg.impossibleDate(29, 2, 1900, 28)],
    ["31/04/2024", dateMsg.impossibleDate(31, 4, 2024, 30)],
    ["2023-02-29", dateMsg.impossibleDate(29, 2, 2023, 28)],
    ["32/1/2024", dateMsg.impossibleDate(32, 1, 2024, 31)],
    ["15/13/2024", dateMsg.invalidMonth("15/13/2024", 13)],
    ["15/0/2024", dateMsg.invalidMonth("15/0/2024", 0)],
    ["0/5/2024", dateMsg.notADate("0/5/2024")],
    ["15/12/1800", dateMsg.yearOutOfRange("15/12/1800", 1900, 2100)],
    ["15/12/202", dateMsg.notADate("15/12/202")],
    ["15122024", dateMsg.notADate("15122024")],
    ["mai", dateMsg.notADate("mai")],
    ["hôm", dateMsg.notADate("hôm")],
    ["ngày", dateMsg.notADate("ngày")],
    ["15/12/2024 abc", dateMsg.notADate("15/12/2024 abc")],
    ["2024/12/15/1", dateMsg.notADate("2024/12/15/1")],
  ])("%j", (input, error) => {
    expect(parseDate(input, TODAY)).toEqual({ ok: false, error });
  });

  it("29/02 without year in a non-leap year close to today is impossible", () => {
    expect(parseDate("29/2", "2025-03-10")).toEqual({ ok: false, error: dateMsg.impossibleDate(29, 2, 2025, 28) });
  });

  it("error text is concrete", () => {
    const r = parseDate("31/02/2024", TODAY);
    if (r.ok) expect.unreachable();
    else expect(r.error).toBe("Ngày 31/2/2024 không tồn tại: tháng 2/2024 chỉ có 29 ngày. Vui lòng kiểm tra lại.");
  });

  it("throws on a malformed `today` (programming error)", () => {
    expect(() => parseDate("hôm nay", "15/12/2024")).toThrow(RangeError);
  });
});

describe("date helpers", () => {
  it.each([
    ["2024-12-15", 1, "2024-12-16"],
    ["2024-12-31", 1, "2025-01-01"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2023-02-28", 1, "2023-03-01"],
    ["2024-03-01", -1, "2024-02-29"],
    ["2024-01-01", -1, "2023-12-31"],
    ["2024-12-15", 0, "2024-12-15"],
    ["2024-01-01", 366, "2025-01-01"],
  ])("addDays(%s, %d) = %s", (iso, n, expected) => {
    expect(addDays(iso, n)).toBe(expected);
  });

  it("compareIso", () => {
    expect(compareIso("2024-12-15", "2024-12-16")).toBe(-1);
    expect(compareIso("2024-12-16", "2024-12-15")).toBe(1);
    expect(compareIso("2024-12-15", "2024-12-15")).toBe(0);
    expect(compareIso("2023-12-31", "2024-01-01")).toBe(-1);
  });

  it("formatDateVi", () => {
    expect(formatDateVi("2024-12-15")).toBe("15/12/2024");
    expect(formatDateVi("2020-01-05")).toBe("05/01/2020");
    expect(() => formatDateVi("2024-02-30")).toThrow(RangeError);
  });

  it("isValidIsoDate / daysInMonth", () => {
    expect(isValidIsoDate("2024-02-29")).toBe(true);
    expect(isValidIsoDate("2023-02-29")).toBe(false);
    expect(isValidIsoDate("2024-2-9")).toBe(false);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2024, 9)).toBe(30);
  });

  it.each([
    ["2024-12-14T16:59:59Z", "2024-12-14"], // 23:59:59 in Vietnam (UTC+7)
    ["2024-12-14T17:00:00Z", "2024-12-15"], // 00:00 in Vietnam
    ["2024-12-31T20:00:00Z", "2025-01-01"],
    ["2024-12-15T10:00:00+07:00", "2024-12-15"],
  ])("todayInVietnam(%s) = %s", (instant, expected) => {
    expect(todayInVietnam(new Date(instant))).toBe(expected);
  });
});

const isoDay = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2100-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe("date properties", () => {
  it("parseDate round-trips formatDateVi and its dash/dot/unpadded/ISO/2-digit variants", () => {
    fc.assert(
      fc.property(isoDay, isoDay, (d, today) => {
        const vi = formatDateVi(d);
        const expected = { ok: true, value: d };
        expect(parseDate(vi, today)).toEqual(expected);
        expect(parseDate(vi.replace(/\//g, "-"), today)).toEqual(expected);
        expect(parseDate(vi.replace(/\//g, "."), today)).toEqual(expected);
        expect(parseDate(vi.replace(/(^|\/)0/g, "$1"), today)).toEqual(expected);
        expect(parseDate(d, today)).toEqual(expected);
        expect(parseDate(`ngày ${vi}`, today)).toEqual(expected);
        if (d >= "2000-01-01" && d < "2100-01-01") expect(parseDate(vi.slice(0, 6) + vi.slice(8), today)).toEqual(expected);
      }),
    );
  });

  it("day/month without year: today's year if at most 31 days ahead, else the previous year", () => {
    fc.assert(
      fc.property(isoDay, isoDay, (d, today) => {
        const r = parseDate(formatDateVi(d).slice(0, 5), today);
        const year = Number(today.slice(0, 4));
        const inTodaysYear = `${year}${d.slice(4)}`;
        const limit = addDays(today, 31);
        const expectedYear = inTodaysYear > limit ? year - 1 : year;
        const expected = `${expectedYear}${d.slice(4)}`;
        if (isValidIsoDate(expected)) expect(r).toEqual({ ok: true, value: expected });
        else expect(r).toEqual({ ok: false, error: dateMsg.impossibleDate(29, 2, expectedYear, 28) });
        if (r.ok) expect(compareIso(r.value, limit)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it("addDays agrees with a Date-based reference and is invertible", () => {
    fc.assert(
      fc.property(isoDay, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        const ref = new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
        expect(addDays(d, n)).toBe(ref);
        expect(addDays(addDays(d, n), -n)).toBe(d);
        expect(compareIso(addDays(d, n), d)).toBe(Math.sign(n));
      }),
    );
  });

  it("todayInVietnam equals the UTC day of now + 7 hours", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }), (now) => {
        expect(todayInVietnam(now)).toBe(new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10));
      }),
    );
  });

  it("never throws on random input; ok values are valid ISO days", () => {
    const noisy = fc.string({ unit: fc.constantFrom(..."0123456789/.- hômnayquakiađg") });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), noisy), isoDay, (s, today) => {
        const r = parseDate(s, today);
        if (r.ok) expect(isValidIsoDate(r.value)).toBe(true);
        else expect(r.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
