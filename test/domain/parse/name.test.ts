import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { NAME_MAX_LENGTH, parsePersonName, sameName } from "../../../src/domain/parse/name.js";
import { nameMsg } from "../../../src/domain/catalog/parse.js";

describe("parsePersonName accepts and capitalises", () => {
  it.each([
    ["nguyễn  văn AN", "Nguyễn Văn An"],
    ["đỗ thị hà", "Đỗ Thị Hà"],
    ["  ĐINH   THỊ   ÁNH ", "Đinh Thị Ánh"],
    ["Nguyễn Văn An", "Nguyễn Văn An"],
    ["lò văn ướt", "Lò Văn Ướt"],
    ["h'hen niê", "H'Hen Niê"],
    ["H’Hen Niê", "H'Hen Niê"],
    ["y-moan ênuôl", "Y-Moan Ênuôl"],
    ["nguyễn v. an", "Nguyễn V. An"],
    ["Ly", "Ly"],
    ["ĐÀO\u00a0DUY TỪ", "Đào Duy Từ"],
  ])("%j → %j", (input, expected) => {
    expect(parsePersonName(input)).toEqual({ ok: true, value: expected });
  });

  it("returns NFC even for decomposed input", () => {
    const r = parsePersonName("nguyễn thị hường".normalize("NFD"));
    expect(r).toEqual({ ok: true, value: "Nguyễn Thị Hường" });
    if (r.ok) expect(r.value).toBe(r.value.normalize("NFC"));
  });

  it("accepts exactly the maximum length", () => {
    const name = `${"A".repeat(39)} ${"B".repeat(40)}`;
    expect(name.length).toBe(NAME_MAX_LENGTH);
    expect(parsePersonName(name).ok).toBe(true);
  });
});

describe("parsePersonName rejects", () => {
  it.each([
    ["", nameMsg.empty],
    ["   ", nameMsg.empty],
    ["A", nameMsg.tooShort("A")],
    ["A.", nameMsg.tooShort("A.")],
    ["- .", nameMsg.tooShort("- .")],
    ["Nguyễn Văn 2", nameMsg.hasDigits("Nguyễn Văn 2")],
    ["An123", nameMsg.hasDigits("An123")],
    ["Nguyễn_Văn@An", nameMsg.invalidChars("Nguyễn_Văn@An", ["_", "@"])],
    ["Trần, Thị", nameMsg.invalidChars("Trần, Thị", [","])],
    ["Lê 🙂", nameMsg.invalidChars("Lê 🙂", ["🙂"])],
    ["x".repeat(81), nameMsg.tooLong(80)],
  ])("%j", (input, error) => {
    expect(parsePersonName(input)).toEqual({ ok: false, error });
  });

  it("error text names the bad characters", () => {
    const r = parsePersonName("Lê@Văn");
    if (r.ok) expect.unreachable();
    else expect(r.error).toBe(
      "Họ tên \"Lê@Văn\" có ký tự không hợp lệ: @. Vui lòng chỉ dùng chữ cái, dấu cách, dấu gạch nối (-), dấu nháy (') và dấu chấm.",
    );
  });
});

describe("sameName", () => {
  it.each([
    ["Nguyễn Văn An", "nguyen  van an", true],
    ["Đỗ Thị Hà", "DO THI HA", true],
    ["H'Hen Niê", "h’hen nie", true],
    ["Nguyễn Văn An", "Nguyễn Văn Anh", false],
    ["Lê Thị Hà", "Lê Thị", false],
  ])("%j ~ %j = %s", (a, b, expected) => {
    expect(sameName(a, b)).toBe(expected);
  });
});

describe("parsePersonName properties", () => {
  const vnLetters = [..."aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"];
  const word = fc
    .array(fc.constantFrom(...vnLetters, ...vnLetters.map((c) => c.toUpperCase())), { minLength: 1, maxLength: 7 })
    .map((cs) => cs.join(""));
  const name = fc.array(word, { minLength: 2, maxLength: 5 }).map((ws) => ws.join(" "));

  it("accepts Vietnamese names; result is capitalised, idempotent and the same name", () => {
    fc.assert(
      fc.property(name, fc.constantFrom(" ", "  ", "\u00a0"), (n, sep) => {
        const r = parsePersonName(` ${n.split(" ").join(sep)} `);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(sameName(r.value, n)).toBe(true);
        expect(parsePersonName(r.value)).toEqual(r);
        for (const w of r.value.split(" ")) {
          const [first, ...rest] = [...w];
          expect(first).toBe(first?.toUpperCase());
          expect(rest.join("")).toBe(rest.join("").toLowerCase());
        }
      }),
    );
  });

  it("any digit makes the name invalid", () => {
    fc.assert(
      fc.property(name, fc.integer({ min: 0, max: 9 }), fc.nat(), (n, digit, pos) => {
        const i = pos % (n.length + 1);
        const withDigit = n.slice(0, i) + String(digit) + n.slice(i);
        expect(parsePersonName(withDigit).ok).toBe(false);
      }),
    );
  });

  it("never throws on random input; ok values are clean", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const r = parsePersonName(s);
        if (r.ok) {
          expect(r.value).toBe(r.value.trim());
          expect(r.value).not.toMatch(/\s\s|\d/);
          expect([...r.value].length).toBeLessThanOrEqual(NAME_MAX_LENGTH);
        } else {
          expect(r.error.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
