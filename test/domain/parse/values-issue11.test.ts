/**
 * Issue 11, class 4: values a person would accept — full-width digits (NFKC),
 * dates in words, party status as whole phrases with negation, and "1 452" in
 * the three-number question read by the form's rules.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyStepInput, spaceGroupedReadings, splitParts } from "../../../src/domain/forms/engine.js";
import { congressForm, electionForm } from "../../../src/domain/forms/index.js";
import type { FormContext } from "../../../src/domain/forms/types.js";
import { parseDate } from "../../../src/domain/parse/date.js";
import { parseCount } from "../../../src/domain/parse/number.js";
import { parsePartyStatus } from "../../../src/domain/parse/party.js";
import { parsePercent } from "../../../src/domain/parse/percent.js";
import { normalizeInput } from "../../../src/domain/parse/width.js";

const fullWidth = (s: string) => s.replace(/[0-9.,/:%]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const CTX: FormContext = {
  today: "2024-12-15",
  term: { electionDate: "2024-12-15", windowStart: "2024-12-15", windowEnd: "2025-01-15", turnoutThreshold: 0.5, majorityThreshold: 0.5, quorumThreshold: 2 / 3 },
};

describe("full-width digits are read after NFKC", () => {
  it.each([
    ["１２４５", 1245],
    ["１．４５２", 1452],
    ["１，４５２", 1452],
    ["１ ４５２ người", 1452],
    ["３１２　người", 312], // ideographic space
  ])("count %j → %d", (input, n) => {
    expect(parseCount(input)).toEqual({ ok: true, value: n });
  });

  it("percent and date too", () => {
    expect(parsePercent("８５，５％")).toEqual({ ok: true, value: 85.5 });
    expect(parseDate("１５/１２/２０２４", "2024-12-20")).toEqual({ ok: true, value: "2024-12-15" });
  });

  it("property: a count typed in full-width digits reads as typed in ASCII", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.boolean(), (n, grouped) => {
        const ascii = grouped ? n.toLocaleString("de-DE") : String(n);
        expect(parseCount(fullWidth(ascii))).toEqual(parseCount(ascii));
        expect(parseCount(fullWidth(ascii))).toEqual({ ok: true, value: n });
      }),
    );
  });

  it("normalizeInput leaves Vietnamese letters alone", () => {
    expect(normalizeInput("  Nguyễn  Thị Hoa ")).toBe("Nguyễn Thị Hoa");
    expect(normalizeInput("Ｎｇｕｙｅｎ")).toBe("Nguyen");
  });
});

describe("dates in words", () => {
  it.each([
    ["ngày 15 tháng 12 năm 2024", "2024-12-15"],
    ["ngay 15 thang 12 nam 2024", "2024-12-15"],
    ["Ngày 15 Tháng 12 Năm 2024", "2024-12-15"],
    ["15 tháng 12", "2024-12-15"],
    ["15 thang 12", "2024-12-15"],
    ["ngày 15 tháng 12", "2024-12-15"],
    ["15 tháng 12, 2024", "2024-12-15"],
    ["15 tháng 12 2024", "2024-12-15"],
    ["mùng 5 tháng 12", "2024-12-05"],
    ["ngày mồng 3 tháng 12 năm 2024", "2024-12-03"],
    ["ngày 15 tháng 12 năm 24", "2024-12-15"],
  ])("%j → %s", (input, iso) => {
    expect(parseDate(input, "2024-12-20")).toEqual({ ok: true, value: iso });
  });

  it.each(["ngày 31 tháng 2 năm 2024", "15 tháng 13", "tháng 12", "ngày 15 tháng"])("%j is refused with a reason", (input) => {
    const r = parseDate(input, "2024-12-20");
    expect(r.ok).toBe(false);
  });

  it("property: words and slashes give the same day", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (y, m, d) => {
        expect(parseDate(`ngày ${d} tháng ${m} năm ${y}`, "2024-12-20")).toEqual(parseDate(`${d}/${m}/${y}`, "2024-12-20"));
      }),
    );
  });
});

describe("party status as whole phrases", () => {
  it.each([
    ["quần chúng", "none"],
    ["Quần chúng", "none"],
    ["chưa là đảng viên", "none"],
    ["chua la dang vien", "none"],
    ["không phải đảng viên", "none"],
    ["không phải là đảng viên", "none"],
    ["chưa phải đảng viên", "none"],
    ["ko phải đảng viên", "none"],
    ["chưa vào Đảng", "none"],
    ["dạ, chưa là đảng viên ạ", "none"],
    ["đảng viên", "full"],
    ["chính thức", "full"],
    ["đảng viên dự bị", "probationary"],
    ["đảng viên chưa chính thức", "probationary"],
    ["1", "full"],
    ["3", "none"],
  ])("%j → %s", (input, value) => {
    expect(parsePartyStatus(input)).toEqual({ ok: true, value });
  });

  it.each(["không phải đảng viên dự bị", "chưa phải đảng viên chính thức", "đảng viên không", "không, chính thức"])("%j is asked again, never guessed", (input) => {
    expect(parsePartyStatus(input).ok).toBe(false);
  });

  it("property: 'đảng viên' after a negation is never a full member", () => {
    const negations = ["không", "chưa", "ko", "k", "chẳng", "không phải", "chưa phải là", "chưa là"];
    fc.assert(
      fc.property(
        fc.constantFrom(...negations),
        fc.constantFrom("", "dạ ", "vâng, "),
        fc.constantFrom("đảng viên", "Đảng viên", "dang vien", "đảng viên chính thức", "Đảng", "dv"),
        fc.constantFrom("", " ạ", " nhé", "."),
        (neg, before, party, after) => {
          const r = parsePartyStatus(`${before}${neg} ${party}${after}`);
          if (r.ok) expect(r.value).not.toBe("full");
        },
      ),
    );
  });
});

describe('"1 452" in the three-number question', () => {
  const counts = ["voters", "participants", "votes"];

  it("lists every reading of space-separated digit groups", () => {
    expect(spaceGroupedReadings(["1", "452"], 3)).toEqual([["1", "452"], ["1 452"]]);
    expect(spaceGroupedReadings(["50", "45", "40"], 3)).toEqual([["50", "45", "40"]]);
    expect(spaceGroupedReadings(["300", "280", "250"], 3)).toHaveLength(4);
    expect(spaceGroupedReadings(["1", "452"], 1)).toEqual([["1 452"]]);
    expect(spaceGroupedReadings(["1", "045"], 3)).toEqual([["1", "045"], ["1 045"]]);
  });

  it("returns the readings when there are several", () => {
    const fields = counts.map((k) => electionForm.fields.find((f) => f.key === k)!);
    expect(splitParts("1 452", fields)).toEqual({ ambiguous: [["1", "452"], ["1 452"]] });
    expect(splitParts("50 45 40", fields)).toEqual(["50", "45", "40"]);
    expect(splitParts("300\n280\n250", fields)).toEqual(["300", "280", "250"]);
  });

  it("takes the one reading that fits the rules, and says so", () => {
    const r = applyStepInput(electionForm, counts, "1 452", {}, CTX);
    expect(r).toEqual({ ok: true, answers: { voters: 1452 }, remaining: ["participants", "votes"], understood: 'Đã hiểu "1 452" là 1.452.' });
    const after = applyStepInput(electionForm, ["participants", "votes"], "1 300", { voters: 1452 }, CTX);
    expect(after).toMatchObject({ ok: true, answers: { voters: 1452, participants: 1300 }, remaining: ["votes"] });
    expect(applyStepInput(congressForm, ["summoned", "attending"], "1 200", {}, CTX)).toMatchObject({ ok: true, answers: { summoned: 1200 } });
    expect(applyStepInput(electionForm, counts, "１ ４５２", {}, CTX)).toMatchObject({ ok: true, answers: { voters: 1452 } });
  });

  it("asks for one number per line when several readings fit, or none does", () => {
    for (const input of ["300 280 250", "312 298 270"]) {
      const r = applyStepInput(electionForm, counts, input, {}, CTX);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain("Vui lòng gửi mỗi số trên một dòng");
    }
    // As one number (1.300 votes) it breaks the rule (more than 280 participants); as two it is too many parts for one field.
    expect(applyStepInput(electionForm, ["votes"], "1 300", { voters: 300, participants: 280 }, CTX).ok).toBe(false);
  });

  it("property: a reading is taken only if it is the only one that fits", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 2, maxLength: 3 }), fc.integer({ min: 1, max: 9 }), (groups, head) => {
        const input = [String(head), ...groups.map((g) => String(g).padStart(3, "0"))].slice(0, 3).join(" ");
        const r = applyStepInput(electionForm, counts, input, {}, CTX);
        if (!r.ok) return;
        const fits = spaceGroupedReadings(input.split(" "), 3).filter((reading) => applyStepInput(electionForm, counts, reading.join("\n"), {}, CTX).ok);
        expect(fits).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});
