/**
 * src/domain/question.ts: what to do with a staff question, and how a typed
 * reply to a choice asked back is read (Zalo has no buttons).
 */
import { describe, expect, it } from "vitest";
import type { UnitCandidate } from "../../src/domain/intent.js";
import { choiceOptions, readChoiceReply, resolveQuestion } from "../../src/domain/question.js";
import { foldVietnamese } from "../../src/domain/text.js";

const unit = (id: number, name: string, type: string, level: UnitCandidate["level"]): UnitCandidate => ({ id, name, type, level, searchName: foldVietnamese(name) });
const BINH_LIEU = unit(1, "Bình Liêu", "huyện", "district");
const HUC_DONG = unit(2, "Húc Động", "xã", "commune");
const DONG_VAN = unit(3, "Đồng Văn", "xã", "commune");
const PHUONG_DONG = unit(4, "Phương Đông", "phường", "commune");
const HAI_DONG = unit(5, "Hải Đông", "xã", "commune");
const THON_1_A = unit(6, "Thôn 1", "thôn", "hamlet");
const THON_1_B = unit(7, "Thôn 1", "thôn", "hamlet");
const UNITS = [BINH_LIEU, HUC_DONG, DONG_VAN, PHUONG_DONG, HAI_DONG, THON_1_A, THON_1_B];

describe("resolveQuestion", () => {
  it.each([
    ["xã Húc Động xong chưa", { kind: "unit", intent: "progress", unit: HUC_DONG }],
    ["tiến độ xã Hút Động", { kind: "ask", intent: "progress", reason: "close", typed: "xã hút động", units: [HUC_DONG] }],
    ["tien do xa hut dong", { kind: "ask", intent: "progress", reason: "close", typed: "xa hut dong", units: [HUC_DONG] }],
    ["cb nào chưa đh ở Húc Đông", { kind: "ask", intent: "congress_missing", reason: "close", typed: "húc đông", units: [HUC_DONG] }],
    ["thôn 1 xong chưa", { kind: "ask", intent: "progress", reason: "several", typed: "thôn 1", units: [THON_1_A, THON_1_B] }],
    ["tien do chung the nao", { kind: "scope", intent: "progress" }],
    ["còn bao nhiêu cb chưa đh", { kind: "scope", intent: "congress_missing" }],
    ["tiến độ thôn mình", { kind: "scope", intent: "progress" }],
    ["tiến độ xã Xyzabc", { kind: "scope", intent: "progress", unrecognised: "xã xyzabc" }],
    ["Xyzabc", { kind: "notQuestion" }],
    ["xin chào", { kind: "notQuestion" }],
  ])("%j", (text, want) => {
    expect(resolveQuestion(text, UNITS)).toEqual(want);
  });

  it("never answers Phương Đông for a typo of Húc Động, nor for one word of it", () => {
    for (const text of ["tiến độ xã Hút Động", "tien do dong", "xã Phương Đôg xong chưa", "tiến độ Đông"]) {
      const r = resolveQuestion(text, UNITS);
      expect(r.kind === "unit" ? r.unit : undefined).toBeUndefined();
    }
    expect(resolveQuestion("tiến độ phường Phương Đông", UNITS)).toMatchObject({ kind: "unit", unit: PHUONG_DONG });
  });

  it("asks for the candidate units only when it needs them", () => {
    let calls = 0;
    const lazy = () => (calls++, UNITS);
    resolveQuestion("tien do chung the nao", lazy);
    expect(calls).toBe(0);
    resolveQuestion("tien do xa huc dong", lazy);
    expect(calls).toBe(1);
  });
});

describe("typed replies to a choice", () => {
  const one = ["xã Húc Động, huyện Bình Liêu"];
  const two = ["Thôn 1, xã Đồng Văn, huyện Bình Liêu", "Thôn 1, xã Thanh Lân, huyện Cô Tô"];

  it("lists the choices as the numbered lines the user may type", () => {
    expect(choiceOptions(one, "close").map((o) => o.label)).toEqual(["Có", "Không"]);
    expect(choiceOptions(two, "close").map((o) => o.label)).toEqual([...two, "Không phải các đơn vị trên"]);
    expect(choiceOptions(two, "several").map((o) => o.label)).toEqual(two);
  });

  it.each([
    ["1", { kind: "unit", index: 0 }],
    ["có", { kind: "unit", index: 0 }],
    ["Có ạ", { kind: "unit", index: 0 }],
    ["ok", { kind: "unit", index: 0 }],
    ["đúng rồi", { kind: "unit", index: 0 }],
    ["2", { kind: "no" }],
    ["không", { kind: "no" }],
    ["ko", { kind: "no" }],
    ["tiến độ huyện Bình Liêu", { kind: "other" }],
    ["/tiendo", { kind: "other" }],
  ])("confirming one: %j → %j", (text, want) => {
    expect(readChoiceReply(text, one, "close")).toEqual(want);
  });

  it.each([
    ["2", { kind: "unit", index: 1 }],
    ["thanh lân", { kind: "unit", index: 1 }],
    ["Thôn 1, xã Đồng Văn, huyện Bình Liêu", { kind: "unit", index: 0 }],
    ["không", { kind: "no" }],
  ])("choosing among several: %j → %j", (text, want) => {
    expect(readChoiceReply(text, two, "several")).toEqual(want);
  });

  it("an answer that fits no choice says why", () => {
    const r = readChoiceReply("7", two, "several");
    expect(r.kind).toBe("unclear");
    if (r.kind === "unclear") expect(r.error).toContain("Không có lựa chọn số 7");
    expect(readChoiceReply("có", two, "several").kind).toBe("unclear");
  });
});
