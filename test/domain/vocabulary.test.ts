/**
 * The declared vocabulary (src/domain/vocabulary.ts): abbreviations staff type
 * and filler words, folded before matching, never taken for a place name.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseQuestion } from "../../src/domain/intent.js";
import { foldVietnamese } from "../../src/domain/text.js";
import { ABBREVIATIONS, FILLER_PHRASES, NAME_LIKE_WORDS, NAME_WORD_FILLERS, PARTICLES, SELF_REFERENCES } from "../../src/domain/vocabulary.js";

/** Every word of a place name in the sample province. */
const NAME_WORDS = new Set(
  readFileSync(new URL("../../data/sample/quang-ninh.csv", import.meta.url), "utf8")
    .split("\n")
    .slice(1)
    .flatMap((line) => foldVietnamese(line.split(",")[1] ?? "").split(/[^a-z0-9]+/))
    .filter(Boolean),
);

describe("the declared vocabulary", () => {
  it("is folded, and declares each word once", () => {
    const all = [...ABBREVIATIONS.map((a) => a.short), ...FILLER_PHRASES, ...PARTICLES, ...NAME_LIKE_WORDS, ...SELF_REFERENCES];
    for (const w of all) expect(foldVietnamese(w), w).toBe(w);
    const shorts = ABBREVIATIONS.map((a) => a.short);
    expect(new Set(shorts).size).toBe(shorts.length);
    expect(new Set(FILLER_PHRASES).size).toBe(FILLER_PHRASES.length);
    for (const w of NAME_WORD_FILLERS) expect(FILLER_PHRASES).toContain(w);
  });

  it("no abbreviation, and no filler except those declared name-capable, is a word of a sample place name", () => {
    for (const a of ABBREVIATIONS) expect(NAME_WORDS.has(a.short), a.short).toBe(false);
    for (const f of [...FILLER_PHRASES, ...PARTICLES].filter((p) => !p.includes(" "))) {
      if (!NAME_WORD_FILLERS.includes(f)) expect(NAME_WORDS.has(f), f).toBe(false);
    }
  });
});

describe("abbreviations from the issue are understood, and never taken for a place", () => {
  it.each([
    ["còn bao nhiêu cb chưa đh", "congress_missing"],
    ["con bao nhieu cb chua dh", "congress_missing"],
    ["cb nào chưa đh ạ", "congress_missing"],
    ["ds cb chưa xong nhé", "not_finished"],
    ["thôn nào chưa bầu tt vậy", "election_missing"],
    ["cb nào chưa bầu bt", "congress_missing"],
    ["ds thon chua bc", "not_finished"],
    ["sl cb đã đh", "progress"],
    ["tiến độ chung thế nào", "progress"],
    ["tien do chung the nao", "progress"],
    ["xong chưa ạ", "progress"],
    ["chưa xong những đâu vậy", "not_finished"],
    ["tđ thế nào nhé", "progress"],
    ["tl ht bn r", "progress"],
    ["cb nao chua dhcb k", "congress_missing"],
    ["đồng chí cho hỏi tình hình thế nào", "progress"],
  ])("%j → %s, no unit", (q, intent) => {
    const p = parseQuestion(q);
    expect(p.intent).toBe(intent);
    expect(p.unitPhrase).toBeUndefined();
  });

  it.each([
    ["tt Bình Liêu xong chưa", "thi tran binh lieu"],
    ["x Húc Động xg chưa", "xa huc dong"],
    ["X. Húc Động thế nào", "xa huc dong"],
    ["h. Bình Liêu ntn", "huyen binh lieu"],
    ["tp Hạ Long tđ thế nào", "thanh pho ha long"],
    ["TX Quảng Yên còn cb nào chưa đh", "thi xa quang yen"],
    ["p Cửa Ông xong chưa", "phuong cua ong"],
    ["P Minh Thành bc chưa", "phuong minh thanh"],
    ["x Bản Sen xong chưa", "xa ban sen"],
    ["h. Cô Tô còn bao nhiêu cb chưa đh", "huyen co to"],
    // A single letter after a type word, or a chat letter before a name, is part of the name.
    ["tiến độ phường h lam", "phuong h lam"],
    ["xa k thuong xong chua", "xa k thuong"],
  ])("%j → unit phrase %j", (q, phrase) => {
    expect(parseQuestion(q).unitPhrase).toBe(phrase);
  });

  it("'tt' is the hamlet chief when no name follows, 'k' is 'không' at the end", () => {
    expect(parseQuestion("bao nhiêu thôn chưa bầu tt")).toEqual({ intent: "election_missing" });
    expect(parseQuestion("bau tt xong chua")).toMatchObject({ intent: "progress" });
    expect(parseQuestion("con thon nao chua bau k")).toEqual({ intent: "election_missing" });
  });

  it.each(FILLER_PHRASES.filter((f) => !NAME_WORD_FILLERS.includes(f)))("filler %j is no place", (filler) => {
    expect(parseQuestion(`tiến độ ${filler}`).unitPhrase).toBeUndefined();
    expect(parseQuestion(`tiến độ xã Húc Động ${filler}`).unitQuery ?? "huc dong").toMatch(/^huc dong/);
  });

  it.each(PARTICLES)("particle %j at the end is no place", (particle) => {
    expect(parseQuestion(`xã Húc Động xong chưa ${particle}`)).toMatchObject({ intent: "progress", unitQuery: "huc dong" });
  });

  it("name-capable fillers are part of a name after a type word or before a name word", () => {
    expect(parseQuestion("phường Minh Thành xong chưa").unitQuery).toBe("minh thanh");
    expect(parseQuestion("Minh Thành xong chưa").unitQuery).toBe("minh thanh");
    expect(parseQuestion("mình muốn biết tiến độ").unitPhrase).toBeUndefined();
    expect(parseQuestion("tiến độ Hi Xuân").unitQuery).toBe("hi xuan");
    expect(parseQuestion("hi bạn, tiến độ thế nào").unitPhrase).toBeUndefined();
  });
});
