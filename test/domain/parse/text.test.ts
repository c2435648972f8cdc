import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { escapeHtml, foldVietnamese, normalizeSpaces } from "../../../src/domain/text.js";
import { fail, ok } from "../../../src/domain/parse/result.js";

describe("foldVietnamese", () => {
  it.each([
    ["  Bản Nà  Ếch ", "ban na ech"],
    ["Đảng", "dang"],
    ["đĐ", "dd"],
    ["NGUYỄN VĂN AN", "nguyen van an"],
    ["Hôm\tnay\n", "hom nay"],
    ["cử\u00a0tri", "cu tri"],
    ["1\u202f452", "1 452"],
    ["Thôn Ea H'Leo", "thon ea h'leo"],
    ["", ""],
    ["Ư ư Ơ ơ Ă ă Â â Ê ê Ô ô", "u u o o a a a a e e o o"],
  ])("%j → %j", (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected);
  });

  it("treats NFD (decomposed) and NFC input the same", () => {
    const nfc = "Nguyễn Thị Hường";
    expect(foldVietnamese(nfc.normalize("NFD"))).toBe(foldVietnamese(nfc));
    expect(foldVietnamese(nfc.normalize("NFD"))).toBe("nguyen thi huong");
  });

  it("is idempotent and leaves no marks, đ, upper case or stray spaces", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const f = foldVietnamese(s);
        expect(foldVietnamese(f)).toBe(f);
        expect(f).not.toMatch(/[\u0300-\u036f]/);
        expect(f).not.toMatch(/[đĐA-Z]/);
        expect(f).not.toMatch(/\s\s|^\s|\s$/);
      }),
    );
  });
});

describe("normalizeSpaces", () => {
  it("collapses and trims but keeps case and diacritics", () => {
    expect(normalizeSpaces("  Bản \u00a0 Nà  ")).toBe("Bản Nà");
    expect(normalizeSpaces("Ê".normalize("NFD"))).toBe("Ê");
  });
});

describe("escapeHtml", () => {
  it.each([
    ["a & b", "a &amp; b"],
    ["<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"],
    ['"1,45"', "&quot;1,45&quot;"],
    ["&amp;", "&amp;amp;"],
    ["Bản Nà", "Bản Nà"],
  ])("%j → %j", (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it("leaves no raw markup characters and can be reversed", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const e = escapeHtml(s);
        expect(e).not.toMatch(/[<>"]/);
        expect(e).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
        const back = e.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
        expect(back).toBe(s);
      }),
    );
  });
});

describe("result helpers", () => {
  it("build both variants", () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(fail("lỗi")).toEqual({ ok: false, error: "lỗi" });
  });
});
