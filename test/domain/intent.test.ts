import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  INTENTS,
  MAX_UNIT_MATCHES,
  matchUnit,
  parseQuestion,
  type Intent,
  type ParsedQuestion,
  type UnitCandidate,
  type UnitMatch,
} from "../../src/domain/intent.js";
import { foldVietnamese } from "../../src/domain/text.js";

type Level = UnitCandidate["level"];
type Row = [question: string, intent: Intent, unitQuery?: string, unitLevel?: Level];

/** Question → expected intent, unit phrase (folded, no type word) and level implied by the type word. */
const TABLE: Row[] = [
  // --- the six phrasings from the spec --------------------------------------
  ["chi bộ nào chưa hoàn thành", "not_finished"],
  ["thôn nào chưa bầu trưởng thôn", "election_missing"],
  ["xã Húc Động xong chưa", "progress", "huc dong", "commune"],
  ["tiến độ huyện Bình Liêu", "progress", "binh lieu", "district"],
  ["bao nhiêu chi bộ đã đại hội", "progress"],
  ["danh sach chua xong", "not_finished"],

  // --- not_finished ----------------------------------------------------------
  ["danh sách chưa xong", "not_finished"],
  ["Thôn nào chưa xong?", "not_finished"],
  ["con thieu nhung dau", "not_finished"],
  ["Còn thiếu những đâu ạ?", "not_finished"],
  ["chi bo nao chua hoan thanh o xa huc dong", "not_finished", "huc dong", "commune"],
  ["Chi bộ nào chưa hoàn thành ở xã Húc Động?", "not_finished", "huc dong", "commune"],
  ["những thôn nào chưa gửi báo cáo", "not_finished"],
  ["thon nao cham tien do", "not_finished"],
  ["HUYỆN BÌNH LIÊU XÃ NÀO CHƯA XONG", "not_finished", "binh lieu", "district"],
  ["cho toi biet con nhung dau chua hoan thanh", "not_finished"],

  // --- election_missing -------------------------------------------------------
  ["thon nao chua bau truong thon", "election_missing"],
  ["Thôn nào chưa bầu trưởng thôn huyện Bình Liêu?", "election_missing", "binh lieu", "district"],
  ["thon nao chua bau truong thon huyen binh lieu", "election_missing", "binh lieu", "district"],
  ["chưa báo cáo bầu cử", "election_missing"],
  ["thon nao chua bao cao bau cu", "election_missing"],
  ["xã Húc Động còn thôn nào chưa bầu?", "election_missing", "huc dong", "commune"],
  ["huc dong con may thon chua bau", "election_missing", "huc dong"],
  ["danh sách thôn chưa bầu cử", "election_missing"],
  ["co thon nao chua bau khong", "election_missing"],

  // --- congress_missing -------------------------------------------------------
  ["chi bộ nào chưa đại hội", "congress_missing"],
  ["Chi Bộ Nào Chưa Đại Hội ???", "congress_missing"],
  ["chua bao cao dai hoi", "congress_missing"],
  ["Những chi bộ nào chưa tổ chức đại hội vậy?", "congress_missing"],
  ["chi bo nao chua bau bi thu", "congress_missing"],
  ["xã Húc Động, thôn nào chưa đại hội?", "congress_missing", "huc dong", "commune"],

  // --- progress ---------------------------------------------------------------
  ["xa huc dong xong chua", "progress", "huc dong", "commune"],
  ["tien do huyen binh lieu", "progress", "binh lieu", "district"],
  ["BAO NHIEU CHI BO DA DAI HOI", "progress"],
  ["tiến độ Bình Liêu", "progress", "binh lieu"],
  ["tien do binh lieu", "progress", "binh lieu"],
  ["Tình hình thế nào?", "progress"],
  ["tinh hinh the nao", "progress"],
  ["tỷ lệ", "progress"],
  ["ti le hoan thanh cua xa dong van", "progress", "dong van", "commune"],
  ["Cho tôi biết tiến độ xã Húc Động hiện nay ạ", "progress", "huc dong", "commune"],
  ["Xã Húc Động đã xong chưa ạ?", "progress", "huc dong", "commune"],
  ["huyen binh lieu den gio da xong chua a", "progress", "binh lieu", "district"],
  ["thôn 1 đã đại hội chưa", "progress", "1", "hamlet"],
  ["Tiến độ đến giờ thế nào vậy?", "progress"],
  ["bao nhieu thon da bau xong", "progress"],
  ["Xã Đồng Văn có bao nhiêu chi bộ đã đại hội?", "progress", "dong van", "commune"],
  ["cho em hoi xa dong van the nao roi a", "progress", "dong van", "commune"],
  ["tổng hợp tình hình đại hội chi bộ", "progress"],
  ["Húc Động thì sao", "progress", "huc dong"],
  ["huc dong co xong khong", "progress", "huc dong"],
  ["Bản Đồng Tâm xong chưa bạn", "progress", "dong tam", "hamlet"],
  ["Thôn Nà Ếch đã báo cáo chưa", "progress", "na ech", "hamlet"],
  ["tiến độ bầu cử trưởng thôn hôm nay", "progress"],
  ["tien do toan tinh", "progress"],
  ["tỷ lệ chưa hoàn thành", "progress"],
  // just a unit name
  ["Húc Động", "progress", "huc dong"],
  ["xa huc dong", "progress", "huc dong", "commune"],
  ["khu 5", "progress", "5", "hamlet"],
  ["Thôn 1", "progress", "1", "hamlet"],
  // names that contain function words or type words
  ["tien do co to", "progress", "co to"],
  ["Đặc khu Côn Đảo xong chưa", "progress", "con dao", "commune"],
  ["phuong cua ong da bau xong chua", "progress", "cua ong", "commune"],
  ["tiến độ xã Tình Húc", "progress", "tinh huc", "commune"],
  ["xã Phú La xong chưa", "progress", "phu la", "commune"],

  // --- hamlet_report ----------------------------------------------------------
  ["xem báo cáo thôn Nà Ếch", "hamlet_report", "na ech", "hamlet"],
  ["xem bao cao thon na ech", "hamlet_report", "na ech", "hamlet"],
  ["thôn Khe Mạ báo cáo gì", "hamlet_report", "khe ma", "hamlet"],
  ["thon khe ma bao cao gi", "hamlet_report", "khe ma", "hamlet"],
  ["báo cáo của thôn Nà Ếch?", "hamlet_report", "na ech", "hamlet"],
  ["Thôn1 báo cáo gì", "hamlet_report", "1", "hamlet"],
  ["ket qua bau cu thon khe ma", "hamlet_report", "khe ma", "hamlet"],
  ["Thôn Nà Ếch xã Húc Động báo cáo gì", "hamlet_report", "na ech", "hamlet"],

  // --- help -------------------------------------------------------------------
  ["xin chào", "help"],
  ["Xin chao!", "help"],
  ["thời tiết hôm nay", "help"],
  ["thoi tiet hom nay the nao", "help"],
  ["cảm ơn bạn", "help"],
  ["may gio roi", "help"],
  ["thế nào", "help"],
  ["ăn cơm chưa", "help"],
  ["hello", "help"],
  ["?", "help"],
  ["", "help"],
];

function expected(row: Row): ParsedQuestion {
  const [, intent, unitQuery, unitLevel] = row;
  const out: ParsedQuestion = { intent };
  if (unitQuery !== undefined) out.unitQuery = unitQuery;
  if (unitLevel !== undefined) out.unitLevel = unitLevel;
  return out;
}

/** The part of the answer the table pins down. */
function core(p: ParsedQuestion): ParsedQuestion {
  const out: ParsedQuestion = { intent: p.intent };
  if (p.unitQuery !== undefined) out.unitQuery = p.unitQuery;
  if (p.unitLevel !== undefined) out.unitLevel = p.unitLevel;
  return out;
}

describe("parseQuestion: phrasing table", () => {
  it("has at least 50 rows, about half written with diacritics", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(50);
    const withMarks = TABLE.filter(([q]) => foldVietnamese(q) !== q.toLowerCase().trim()).length;
    expect(withMarks).toBeGreaterThanOrEqual(TABLE.length * 0.4);
    expect(TABLE.length - withMarks).toBeGreaterThanOrEqual(TABLE.length * 0.4);
  });

  it.each(TABLE)("%j → %s %s %s", (...row) => {
    expect(core(parseQuestion(row[0]))).toEqual(expected(row));
  });

  it.each(TABLE)("%j: folded and unfolded give the same result", (q) => {
    expect(parseQuestion(foldVietnamese(q))).toEqual(parseQuestion(q));
  });

  it("a help answer carries no unit", () => {
    for (const [q, intent] of TABLE) {
      if (intent === "help") expect(parseQuestion(q)).toEqual({ intent: "help" });
    }
  });
});

describe("parseQuestion: unitPhrase keeps the type word", () => {
  it.each([
    ["Thôn 1 đã đại hội chưa", "thon 1"],
    ["xa huc dong xong chua", "xa huc dong"],
    ["tiến độ Bình Liêu", "binh lieu"],
    ["Bản Đồng Tâm xong chưa bạn", "ban dong tam"],
    ["tiến độ Lạng Sơn", "lang son"],
  ])("%j → %j", (q, phrase) => {
    expect(parseQuestion(q).unitPhrase).toBe(phrase);
  });

  it("is absent when there is no unit", () => {
    expect(parseQuestion("chi bộ nào chưa hoàn thành").unitPhrase).toBeUndefined();
  });
});

describe("parseQuestion: properties", () => {
  const anyText = fc.oneof(
    fc.string({ unit: "binary" }),
    fc.string({ unit: "grapheme" }),
    // Vietnamese-ish soup from the vocabulary, to reach the interesting branches.
    fc
      .array(
        fc.constantFrom(
          "xã", "thôn", "huyện", "bản", "khu", "tỉnh", "chưa", "xong", "đã", "có", "còn", "nào",
          "bầu", "đại hội", "chi bộ", "báo cáo", "gì", "tiến độ", "bao nhiêu", "thế nào", "ạ", "?",
          "Húc Động", "1", "của", "ở", "không", "rồi", "bạn", "xin chào", "a", "Cô Tô", ",",
        ),
        { maxLength: 12 },
      )
      .map((ws) => ws.join(" ")),
  );

  it("never throws and always returns a valid intent and a well-formed unit", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const p = parseQuestion(s);
        expect(INTENTS).toContain(p.intent);
        if (p.unitQuery !== undefined) {
          expect(p.intent).not.toBe("help");
          expect(p.unitQuery).toMatch(/^[a-z0-9]+( [a-z0-9]+)*$/);
          expect(p.unitPhrase?.endsWith(p.unitQuery)).toBe(true);
        } else {
          expect(p.unitLevel).toBeUndefined();
          expect(p.unitPhrase).toBeUndefined();
        }
        if (p.unitLevel !== undefined) expect(["province", "district", "commune", "hamlet"]).toContain(p.unitLevel);
      }),
      { numRuns: 500 },
    );
  });

  it("gives the same answer for a string and its folded form", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(parseQuestion(foldVietnamese(s))).toEqual(parseQuestion(s));
      }),
      { numRuns: 500 },
    );
  });

  it("ignores letter case and trailing punctuation of the table phrases", () => {
    const rows = TABLE.filter(([q]) => q !== "");
    fc.assert(
      fc.property(
        fc.constantFrom(...rows),
        fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }),
        fc.constantFrom("", "?", "!", " ?", "...", " ??"),
        ([q], upper, tail) => {
          const noisy = [...q].map((ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch.toLowerCase())).join("") + tail;
          expect(parseQuestion(noisy)).toEqual(parseQuestion(q));
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------
// matchUnit

function unit(id: number, name: string, type: string, level: Level): UnitCandidate {
  return { id, name, type, level, searchName: foldVietnamese(name) };
}

const BINH_LIEU = unit(1, "Bình Liêu", "huyện", "district");
const HUC_DONG = unit(2, "Húc Động", "xã", "commune");
const DONG_VAN = unit(3, "Đồng Văn", "xã", "commune");
const NA_ECH = unit(4, "Thôn Nà Ếch", "thôn", "hamlet");
const KHE_MA = unit(5, "Thôn Khe Mạ", "thôn", "hamlet");
const THON_1_HD = unit(6, "Thôn 1", "thôn", "hamlet"); // in Húc Động
const THON_1_DV = unit(7, "Thôn 1", "thôn", "hamlet"); // in Đồng Văn
const KHU_5 = unit(8, "Khu 5", "khu", "hamlet");
const BAN_DONG_TAM = unit(9, "Bản Đồng Tâm", "bản", "hamlet");
const XA_DONG_TAM = unit(10, "Đồng Tâm", "xã", "commune");

const UNITS: readonly UnitCandidate[] = [
  BINH_LIEU,
  HUC_DONG,
  DONG_VAN,
  NA_ECH,
  KHE_MA,
  THON_1_HD,
  THON_1_DV,
  KHU_5,
  BAN_DONG_TAM,
  XA_DONG_TAM,
];

const ids = (m: UnitMatch): number[] =>
  m.kind === "none" ? [] : m.kind === "one" ? [m.unit.id] : m.units.map((u) => u.id);

describe("matchUnit", () => {
  it.each<[string, Level | undefined, UnitCandidate]>([
    ["huc dong", undefined, HUC_DONG],
    ["xa huc dong", undefined, HUC_DONG],
    ["Xã Húc Động", undefined, HUC_DONG],
    ["huc dong", "commune", HUC_DONG],
    ["binh lieu", undefined, BINH_LIEU],
    ["huyen binh lieu", undefined, BINH_LIEU],
    ["binh lieu", "district", BINH_LIEU],
    ["dong van", "commune", DONG_VAN],
    ["na ech", "hamlet", NA_ECH],
    ["thon na ech", undefined, NA_ECH],
    ["Thôn Nà Ếch", undefined, NA_ECH],
    ["ban na ech", undefined, NA_ECH], // wrong type word of the same level still finds it
    ["khe ma", undefined, KHE_MA],
    ["thon khe ma", undefined, KHE_MA],
    ["khu 5", undefined, KHU_5],
    ["5", "hamlet", KHU_5],
    ["xa dong tam", undefined, XA_DONG_TAM],
    ["Xã Đồng Tâm", undefined, XA_DONG_TAM],
    ["dong tam", "commune", XA_DONG_TAM],
    ["bản đồng tâm", undefined, BAN_DONG_TAM],
    ["ban dong tam", undefined, BAN_DONG_TAM],
    ["dong tam", "hamlet", BAN_DONG_TAM],
  ])("%j (%s) → one", (q, level, want) => {
    expect(matchUnit(q, level, UNITS)).toEqual({ kind: "one", unit: want });
  });

  // Issue 11: a part of a name, one word of it, or a noisy phrase is never answered
  // at once any more: it comes back as "fuzzy", for the user to confirm.
  it.each<[string, Level | undefined, UnitCandidate]>([
    ["huc", undefined, HUC_DONG], // name prefix
    ["khe", undefined, KHE_MA],
    ["lieu", undefined, BINH_LIEU], // word containment
    ["huc dong ne", undefined, HUC_DONG], // noisy phrase: best exact sub-phrase
  ])("%j (%s) → fuzzy, to confirm", (q, level, want) => {
    expect(matchUnit(q, level, UNITS)).toEqual({ kind: "fuzzy", units: [want], close: false });
  });

  it("'Thôn 1' in two communes is ambiguous, with or without the type word", () => {
    for (const [q, level] of [
      ["thon 1", undefined],
      ["Thôn 1", undefined],
      ["thon 01", undefined],
      ["1", "hamlet"],
    ] as const) {
      const m = matchUnit(q, level, UNITS);
      expect(m.kind).toBe("many");
      expect(ids(m).sort()).toEqual([6, 7]);
    }
  });

  it("'Đồng Tâm' without a type word is ambiguous (commune first)", () => {
    expect(matchUnit("dong tam", undefined, UNITS)).toEqual({ kind: "many", units: [XA_DONG_TAM, BAN_DONG_TAM] });
    expect(matchUnit("Đồng Tâm", undefined, UNITS)).toEqual({ kind: "many", units: [XA_DONG_TAM, BAN_DONG_TAM] });
  });

  it("a partial word lists every fitting unit, name-prefix matches first", () => {
    const m = matchUnit("dong", undefined, UNITS);
    expect(m.kind).toBe("fuzzy");
    expect(ids(m).sort((a, b) => a - b)).toEqual([2, 3, 9, 10]);
    expect(ids(m).at(-1)).toBe(2); // "Húc Động" only contains the word
  });

  it("respects the level", () => {
    expect(matchUnit("huc dong", "hamlet", UNITS)).toEqual({ kind: "none" });
    expect(matchUnit("binh lieu", "commune", UNITS)).toEqual({ kind: "none" });
    expect(matchUnit("xa binh lieu", undefined, UNITS)).toEqual({ kind: "none" });
  });

  it("a number under another type word is a different unit", () => {
    expect(matchUnit("thon 5", undefined, UNITS)).toEqual({ kind: "none" });
    expect(matchUnit("khu 1", undefined, UNITS)).toEqual({ kind: "none" });
    expect(ids(matchUnit("thon 1", undefined, [...UNITS, unit(11, "Khu 1", "khu", "hamlet")])).sort()).toEqual([6, 7]);
  });

  it("works whether or not the stored name repeats its type word", () => {
    const naLang = unit(21, "Nà Làng", "thôn", "hamlet");
    for (const q of ["na lang", "thon na lang", "Thôn Nà Làng"]) {
      expect(matchUnit(q, undefined, [naLang, ...UNITS])).toEqual({ kind: "one", unit: naLang });
    }
  });

  it("finds a name that starts with a type word when the whole phrase is the name", () => {
    const langSon = unit(20, "Lạng Sơn", "tỉnh", "province");
    expect(matchUnit("lang son", undefined, [langSon, ...UNITS])).toEqual({ kind: "one", unit: langSon });
  });

  it("returns none for unknown or empty phrases and no candidates", () => {
    expect(matchUnit("xyz", undefined, UNITS)).toEqual({ kind: "none" });
    expect(matchUnit("", undefined, UNITS)).toEqual({ kind: "none" });
    expect(matchUnit("  ?! ", undefined, UNITS)).toEqual({ kind: "none" });
    expect(matchUnit("huc dong", undefined, [])).toEqual({ kind: "none" });
  });

  it(`lists at most ${MAX_UNIT_MATCHES} units`, () => {
    const many = Array.from({ length: 12 }, (_, i) => unit(100 + i, `Xóm Mới ${i + 1}`, "xóm", "hamlet"));
    const m = matchUnit("moi", undefined, many);
    expect(m.kind).toBe("fuzzy");
    expect(ids(m)).toHaveLength(MAX_UNIT_MATCHES);
  });

  it("works end to end with parseQuestion", () => {
    const resolve = (q: string): number[] => {
      const p = parseQuestion(q);
      return ids(matchUnit(p.unitQuery ?? "", p.unitLevel, UNITS));
    };
    expect(resolve("xã Húc Động xong chưa")).toEqual([2]);
    expect(resolve("tien do huyen binh lieu")).toEqual([1]);
    expect(resolve("tiến độ Bình Liêu")).toEqual([1]);
    expect(resolve("xem báo cáo thôn Nà Ếch")).toEqual([4]);
    expect(resolve("thon khe ma bao cao gi")).toEqual([5]);
    expect(resolve("Đồng Tâm xong chưa")).toEqual([10, 9]);
    expect(resolve("bản đồng tâm xong chưa")).toEqual([9]);
    expect(resolve("xã Đồng Tâm thế nào")).toEqual([10]);
    expect(resolve("thôn 1 đã đại hội chưa").sort()).toEqual([6, 7]);
    expect(resolve("khu 5")).toEqual([8]);
  });

  it("never throws; every match is one of the candidates; each unit finds itself by its label", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.constantFrom<Level | undefined>(undefined, "commune", "hamlet"), (q, level) => {
        const m = matchUnit(q, level, UNITS);
        for (const id of ids(m)) expect(UNITS.map((u) => u.id)).toContain(id);
        if (m.kind === "many") expect(m.units.length).toBeGreaterThan(1);
      }),
      { numRuns: 300 },
    );
    for (const u of UNITS) {
      const label = foldVietnamese(u.name).startsWith(foldVietnamese(u.type)) ? u.name : `${u.type} ${u.name}`;
      expect(ids(matchUnit(label, undefined, UNITS))).toContain(u.id);
      expect(ids(matchUnit(u.name, u.level, UNITS))).toContain(u.id);
    }
  });
});
