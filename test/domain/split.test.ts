import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitMessage } from "../../src/domain/split.js";
import { escapeHtml, quote, QUOTE_MAX, shorten } from "../../src/domain/text.js";
import { checkText } from "../support/telegram.js";

const graphemes = (s: string) => [...new Intl.Segmenter("vi", { granularity: "grapheme" }).segment(s)].length;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("shorten / quote: cut by grapheme, never inside an emoji", () => {
  it("keeps short text as it is", () => {
    expect(shorten("Thôn Nà Ếch", 20)).toBe("Thôn Nà Ếch");
    expect(quote("x".repeat(QUOTE_MAX))).toBe("x".repeat(QUOTE_MAX));
  });

  it("cuts a long text with … and never leaves half a surrogate pair", () => {
    const reason = `${"Sai số liệu. ".repeat(38)}Sai x🙏🙏🙏 ${"Sai số liệu. ".repeat(10)}`; // an emoji straddles code unit 500
    const cut = shorten(reason, 500);
    expect(cut.endsWith("…")).toBe(true);
    expect(graphemes(cut)).toBeLessThanOrEqual(500);
    expect(LONE_SURROGATE.test(cut)).toBe(false);
    // Code-unit slicing (the old way) does cut an emoji in half here.
    expect(LONE_SURROGATE.test(reason.slice(0, 500))).toBe(true);
  });

  it("keeps a letter with its combining marks and families of emoji whole", () => {
    const family = "👨‍👩‍👧‍👦";
    const cut = shorten(`${family.repeat(10)}`, 5, 100);
    expect(cut).toBe(`${family.repeat(4)}…`);
    expect(shorten("e\u0301".repeat(10), 4)).toBe(`${"e\u0301".repeat(3)}…`);
  });

  it("quote never leaves half an HTML entity, even on text escaped first", () => {
    const escaped = escapeHtml('"na ech"'.repeat(20));
    const quoted = quote(escaped);
    expect(quoted.endsWith("…")).toBe(true);
    expect(quoted).not.toMatch(/&[#a-zA-Z0-9]*…$/);
    expect(checkText(quoted, { html: true, strict: true })).toMatchObject({ ok: true });
  });

  it("also bounds code units (a 'letter' with thousands of combining marks)", () => {
    const zalgo = `a${"\u0301".repeat(5000)}b`;
    expect(shorten(zalgo, 60).length).toBeLessThanOrEqual(180);
  });

  it("property: at most max graphemes and 3×max code units, a prefix of the text, valid UTF-16", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), fc.integer({ min: 2, max: 80 }), (s, max) => {
        const cut = shorten(s, max);
        expect(graphemes(cut)).toBeLessThanOrEqual(max);
        expect(cut.length).toBeLessThanOrEqual(max * 3);
        expect(LONE_SURROGATE.test(cut)).toBe(false);
        if (cut !== s) expect(s.startsWith(cut.slice(0, -1))).toBe(true);
      }),
    );
  });
});

describe("splitMessage: long replies cut at line boundaries", () => {
  it("leaves a message within the limit alone", () => {
    expect(splitMessage("<b>a</b>\nb", { html: true })).toEqual(["<b>a</b>\nb"]);
  });

  it("cuts at line boundaries, each part within the limit, no line lost", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `• Thôn ${i} — chưa báo cáo bầu cử — Nguyễn Văn ${i}`);
    const parts = splitMessage(lines.join("\n"), { html: true });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join("\n").split("\n")).toEqual(lines);
  });

  it("closes a tag open across a cut and opens it again in the next part", () => {
    const text = `<b>Tiêu đề</b>\n<code>${Array.from({ length: 300 }, (_, i) => `dòng ${i}: ...................`).join("\n")}</code>`;
    const parts = splitMessage(text, { html: true, limit: 1000 });
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(1000);
      expect(checkText(part, { html: true, strict: true })).toMatchObject({ ok: true });
    }
    expect(parts[1]!.startsWith("<code>")).toBe(true);
  });

  it("cuts a single over-long line between words, never inside an entity or an emoji", () => {
    const line = escapeHtml(`${"Tôi & bạn <thôn> 🙂 ".repeat(400)}`);
    const parts = splitMessage(`Không hiểu: ${line}`, { html: true });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(checkText(part, { html: true, strict: true })).toMatchObject({ ok: true });
  });

  it("property: every part is valid Telegram HTML within the limit, and the visible text is kept", () => {
    const fragment = fc.oneof(
      fc.constantFrom("\n", " ", "🙂", "👨‍👩‍👧", "e\u0301", "Húc Động", "&amp;", "&lt;b&gt;"),
      fc.string({ unit: "grapheme-ascii", maxLength: 40 }).map(escapeHtml),
      fc.string({ unit: "grapheme-ascii", maxLength: 30 }).map((s) => `<b>${escapeHtml(s)}</b>`),
      fc.string({ unit: "grapheme-ascii", maxLength: 200 }).map((s) => `<code>${escapeHtml(s)}\n${escapeHtml(s)}</code>`),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 200 }), fc.integer({ min: 200, max: 4096 }), (fragments, limit) => {
        const text = `x${fragments.join("")}`;
        const parts = splitMessage(text, { html: true, limit });
        const visible = (s: string) => (checkText(s, { html: true }) as { plain: string }).plain.replace(/\s+/g, "");
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(limit);
          expect(checkText(part, { html: true, strict: true })).toMatchObject({ ok: true });
        }
        expect(parts.map(visible).join("")).toBe(visible(text));
      }),
      { numRuns: 200 },
    );
  });
});
