/**
 * The evaluation corpus of issue 11: messy input as real officials and staff
 * type it, generated deterministically (seeded) over the sample province
 * (data/sample/quang-ninh.csv), with the expected reading of each case.
 *
 * Five classes, as in the issue:
 *  1 typo      a misspelt place (typos at the start, middle and end; with and
 *              without diacritics; abbreviations mixed in) → the place itself,
 *              or a question asking back that offers it; never another place
 *  2 abbrev    abbreviations and fillers around exact names → the intent and the unit
 *  3 scope     no unit named, or words matching nothing → the asker's own scope
 *              (saying which words were not recognised)
 *  4 values    full-width digits, dates in words, party status with negation,
 *              "1 452" in the three-number question
 *  5 note      "Ghi chú: …" in a pasted quick form
 *
 * Used by test/question-corpus.test.ts (every case asserted) and by
 * scripts/eval-questions.ts (accuracy per class).
 */
import { readFileSync } from "node:fs";
import { applyStepInput } from "../../src/domain/forms/engine.js";
import { fieldOf } from "../../src/domain/forms/engine.js";
import { FORMS } from "../../src/domain/forms/index.js";
import { parseQuickForm } from "../../src/domain/forms/quick-form.js";
import type { AnswerValue, Answers, FormContext, ReportKind } from "../../src/domain/forms/types.js";
import { parseFieldValue } from "../../src/domain/forms/fields.js";
import type { Intent, UnitCandidate } from "../../src/domain/intent.js";
import { resolveQuestion, type QuestionResolution } from "../../src/domain/question.js";
import { foldVietnamese } from "../../src/domain/text.js";
import { parseUnitCsv, validateUnitRows, type UnitLevel } from "../../src/domain/units.js";
import { unitLabel } from "../../src/domain/unit-label.js";
import { mulberry32 } from "../../src/domain/seeded-random.js";

export type ClassId = "typo" | "abbrev" | "scope" | "values" | "note";

export const CLASSES: readonly { id: ClassId; title: string }[] = [
  { id: "typo", title: "1 misspelt place" },
  { id: "abbrev", title: "2 abbreviations, fillers" },
  { id: "scope", title: "3 no unit: own scope" },
  { id: "values", title: "4 values (numbers, dates, party)" },
  { id: "note", title: "5 note in the quick form" },
];

// ---------------------------------------------------------------------------
// The registry

export interface CorpusUnit extends UnitCandidate {
  code: string;
  parentId: number | null;
  /** Path of ids from the root, for scope. */
  path: number[];
}

export interface Registry {
  units: CorpusUnit[];
  byCode: Map<string, CorpusUnit>;
  /** The units an asker with a role on `root` may see (its subtree), as the bot passes them. */
  scope(root: CorpusUnit): CorpusUnit[];
}

export function loadRegistry(csvPath = new URL("../../data/sample/quang-ninh.csv", import.meta.url).pathname): Registry {
  const parsed = parseUnitCsv(readFileSync(csvPath, "utf8"));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const valid = validateUnitRows(parsed.rows, []);
  if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
  const byCode = new Map<string, CorpusUnit>();
  valid.units.forEach((u, i) => {
    const parent = u.parentCode ? byCode.get(u.parentCode) : undefined;
    const unit: CorpusUnit = {
      id: i + 1,
      code: u.code,
      name: u.name,
      type: u.type,
      level: u.level as UnitLevel,
      searchName: foldVietnamese(u.name),
      parentId: parent?.id ?? null,
      path: [...(parent?.path ?? []), i + 1],
    };
    byCode.set(u.code, unit);
  });
  const units = [...byCode.values()];
  const scopes = new Map<number, CorpusUnit[]>();
  return {
    units,
    byCode,
    scope(root) {
      let s = scopes.get(root.id);
      if (!s) scopes.set(root.id, (s = units.filter((u) => u.path.includes(root.id))));
      return s;
    },
  };
}

// ---------------------------------------------------------------------------
// Deterministic randomness and typing

const rng = mulberry32;

const LETTERS = "abcdeghiklmnopqrstuvxy";
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

type Where = "start" | "middle" | "end";
type TypoOp = "substitute" | "delete" | "insert" | "transpose";

/** One typo in `s` near `where` (never on a space): a real slip of the finger. */
export function typo(s: string, where: Where, op: TypoOp, r: () => number): string {
  const chars = [...s];
  const letters = chars.map((c, i) => (/\p{L}/u.test(c) ? i : -1)).filter((i) => i >= 0);
  const at =
    where === "start" ? letters[Math.min(1, letters.length - 1)]! : where === "end" ? letters[letters.length - 1]! : letters[Math.floor(letters.length / 2)]!;
  const other = (c: string) => {
    let x = pick(r, [...LETTERS]);
    while (x === foldVietnamese(c)) x = pick(r, [...LETTERS]);
    return x;
  };
  switch (op) {
    case "substitute":
      chars[at] = other(chars[at]!);
      break;
    case "delete":
      chars.splice(at, 1);
      break;
    case "insert":
      chars.splice(at, 0, other(chars[at]!));
      break;
    case "transpose": {
      const j = where === "end" ? at - 1 : at + 1;
      if (chars[j] === undefined || chars[j] === " " || chars[j] === chars[at]) chars[at] = other(chars[at]!);
      else [chars[at], chars[j]] = [chars[j]!, chars[at]!];
      break;
    }
  }
  return chars.join("");
}

// ---------------------------------------------------------------------------
// Question cases

export interface QuestionCase {
  cls: ClassId;
  text: string;
  /** Code of the asker's unit (their scope). */
  asker: string;
  intent: Exclude<Intent, "help">;
  /** The unit meant; undefined = the asker's own scope. */
  unit?: string;
  /** For "scope": words that should be reported as not recognised (any, folded, when given). */
  unrecognised?: boolean;
}

/** Question templates: {p} = the place as typed (with its type word or not). */
const TEMPLATES: readonly { text: string; intent: Exclude<Intent, "help">; marks: boolean }[] = [
  { text: "tiến độ {p}", intent: "progress", marks: true },
  { text: "{p} xong chưa ạ?", intent: "progress", marks: true },
  { text: "tien do {p} the nao", intent: "progress", marks: false },
  { text: "td {p} ntn r", intent: "progress", marks: false },
  { text: "cb nào chưa đh ở {p}", intent: "congress_missing", marks: true },
  { text: "ds thon chua bau tt o {p} nhe", intent: "election_missing", marks: false },
  { text: "{p} còn chi bộ nào chưa hoàn thành", intent: "not_finished", marks: true },
  { text: "tình hình {p} thế nào rồi", intent: "progress", marks: true },
];

/** Abbreviated type words as staff type them. */
const TYPE_ABBREVIATIONS: Record<string, readonly string[]> = {
  "thành phố": ["tp", "TP."],
  "thị xã": ["tx", "TX"],
  "thị trấn": ["tt", "TT."],
  huyện: ["h.", "H"],
  xã: ["x.", "X"],
  phường: ["p.", "P"],
};

function placeText(u: CorpusUnit, name: string, style: "type" | "bare" | "abbrev", r: () => number): string {
  if (style === "bare") return name;
  if (style === "abbrev" && TYPE_ABBREVIATIONS[u.type]) return `${pick(r, TYPE_ABBREVIATIONS[u.type]!)} ${name}`;
  return `${u.type} ${name}`;
}

const askerOf = (reg: Registry, u: CorpusUnit): CorpusUnit => {
  // Communes and districts: the province leader (the largest scope); hamlets: their commune's staff.
  if (u.level !== "hamlet") return reg.byCode.get("QN")!;
  return reg.units.find((x) => x.id === u.parentId)!;
};

/** Folded names (and "type name" labels) that a phrase would hit exactly in a scope. */
const EXACT_NAMES = new WeakMap<readonly CorpusUnit[], Set<string>>();
function exactNames(scope: readonly CorpusUnit[]): Set<string> {
  const cached = EXACT_NAMES.get(scope);
  if (cached) return cached;
  const out = new Set<string>();
  EXACT_NAMES.set(scope, out);
  for (const u of scope) {
    out.add(foldVietnamese(u.name));
    out.add(foldVietnamese(unitLabel(u)));
  }
  return out;
}

export function questionCases(reg: Registry, seed = 11): QuestionCase[] {
  const r = rng(seed);
  const cases: QuestionCase[] = [];
  const places = reg.units.filter((u) => u.level === "district" || u.level === "commune");
  const namedHamlets = reg.units.filter((u) => u.level === "hamlet" && !/\d/.test(u.name));
  const sample = <T>(xs: readonly T[], n: number): T[] => Array.from({ length: n }, () => pick(r, xs));

  // --- 1 misspelt place ---------------------------------------------------------
  const wheres: Where[] = ["start", "middle", "end"];
  const ops: TypoOp[] = ["substitute", "delete", "insert", "transpose"];
  for (const u of [...sample(places, 150), ...sample(namedHamlets, 50)]) {
    const asker = askerOf(reg, u);
    const known = exactNames(reg.scope(asker));
    const name = u.level === "hamlet" ? u.name.replace(/^(Thôn|Bản|Khu) /, "") : u.name;
    // A name of three letters or fewer ("Bắc") tolerates no typo: nothing could tell it from another word.
    if (foldVietnamese(name).length <= 3) continue;
    for (const where of wheres) {
      const tpl = pick(r, TEMPLATES);
      // About half the questions are typed without any diacritics.
      const withMarks = tpl.marks && r() < 0.6;
      const marked = withMarks ? name : foldVietnamese(name);
      let typed = typo(marked, where, pick(r, ops), r);
      // Two typos in a long name: one more at the other end.
      if (foldVietnamese(name).length >= 9 && r() < 0.3) typed = typo(typed, where === "start" ? "end" : "start", pick(r, ops), r);
      // A "typo" that spells the name itself, or another unit's exact name, is not a typo of this place.
      if (foldVietnamese(typed) === foldVietnamese(name) || known.has(foldVietnamese(typed))) continue;
      const style = u.level === "hamlet" ? pick(r, ["type", "bare"] as const) : pick(r, ["type", "type", "bare", "abbrev"] as const);
      const place = placeText(u, typed, style, r);
      if (known.has(foldVietnamese(place))) continue;
      const text = tpl.text.replace("{p}", place);
      cases.push({ cls: "typo", text: withMarks ? text : foldVietnamese(text), asker: asker.code, intent: tpl.intent, unit: u.code });
    }
  }

  // --- 2 abbreviations and fillers around exact names ------------------------------
  const ABBREV_TEMPLATES: readonly { text: string; intent: Exclude<Intent, "help"> }[] = [
    { text: "cb nao chua dh o {p}", intent: "congress_missing" },
    { text: "còn bao nhiêu cb chưa đh ở {p} vậy", intent: "congress_missing" },
    { text: "td {p} ntn ạ", intent: "progress" },
    { text: "tđ {p} thế nào nhé", intent: "progress" },
    { text: "ds thôn chưa bầu tt {p}", intent: "election_missing" },
    { text: "{p} xg chưa", intent: "progress" },
    { text: "{p} đã bc chưa ạ", intent: "progress" },
    { text: "sl cb đã đh của {p}", intent: "progress" },
    { text: "{p} con thon nao chua bau tt k", intent: "election_missing" },
    { text: "cho e hỏi ds cb chưa ht ở {p}", intent: "not_finished" },
    { text: "đồng chí cho hỏi tiến độ chung của {p} thế nào", intent: "progress" },
    { text: "tl hoan thanh cua {p} bn", intent: "progress" },
  ];
  for (const u of sample(places, 220)) {
    const asker = askerOf(reg, u);
    const tpl = pick(r, ABBREV_TEMPLATES);
    const style = pick(r, ["type", "type", "abbrev"] as const);
    const text = tpl.text.replace("{p}", placeText(u, u.name, style, r));
    // About half typed without any diacritics.
    cases.push({ cls: "abbrev", text: r() < 0.5 ? text : foldVietnamese(text), asker: asker.code, intent: tpl.intent, unit: u.code });
  }

  // --- 3 no unit: the asker's own scope -----------------------------------------------
  const SCOPE_TEMPLATES: readonly { text: string; intent: Exclude<Intent, "help"> }[] = [
    { text: "tien do chung the nao", intent: "progress" },
    { text: "Tiến độ chung thế nào?", intent: "progress" },
    { text: "còn bao nhiêu cb chưa đh", intent: "congress_missing" },
    { text: "con bao nhieu cb chua dh", intent: "congress_missing" },
    { text: "tình hình thế nào rồi ạ", intent: "progress" },
    { text: "ds cb chưa xong", intent: "not_finished" },
    { text: "danh sach chi bo chua hoan thanh nhe", intent: "not_finished" },
    { text: "thôn nào chưa bầu tt vậy", intent: "election_missing" },
    { text: "sl cb đã đh", intent: "progress" },
    { text: "tl hoàn thành bn rồi", intent: "progress" },
    { text: "xong chưa ạ", intent: "progress" },
    { text: "bc tiến độ hôm nay", intent: "progress" },
    { text: "đồng chí cho hỏi tình hình bầu cử thế nào", intent: "progress" },
    { text: "cb nào chưa đh nhé", intent: "congress_missing" },
    { text: "những thôn nào chưa bc bầu cử", intent: "election_missing" },
  ];
  const UNKNOWN_PLACES = ["xã Xyzabc", "huyện Qwerty", "Zzzz Kkkk", "phường Abcxyz"];
  const askers = [reg.byCode.get("QN")!, ...reg.units.filter((u) => u.level === "district"), ...sample(reg.units.filter((u) => u.level === "commune"), 20)];
  for (const asker of askers) {
    for (const tpl of SCOPE_TEMPLATES) {
      if (r() < 0.5) continue;
      cases.push({ cls: "scope", text: tpl.text, asker: asker.code, intent: tpl.intent });
    }
    const unknown = pick(r, UNKNOWN_PLACES);
    cases.push({ cls: "scope", text: `tiến độ ${unknown}`, asker: asker.code, intent: "progress", unrecognised: true });
    cases.push({ cls: "scope", text: `cb nao chua dh o ${foldVietnamese(unknown)}`, asker: asker.code, intent: "congress_missing", unrecognised: true });
  }
  // A reporter (scope: their hamlet) asking about "thôn mình".
  for (const hamlet of sample(namedHamlets, 15)) {
    cases.push({ cls: "scope", text: pick(r, ["thôn mình xong chưa", "thon minh da bc chua a", "tiến độ thôn mình"]), asker: hamlet.code, intent: "progress" });
  }
  return cases;
}

export type QuestionOutcome =
  | { verdict: "answered" } // the unit (or scope) meant, at once
  | { verdict: "offered" } // asked back, offering the unit meant
  | { verdict: "reasked" } // asked back or said "not recognised" without the unit meant: not understood, but not wrong
  | { verdict: "wrongIntent"; got: string }
  | { verdict: "wrongPlace"; got: string }
  | { verdict: "notUnderstood"; got: string };

export function runQuestion(reg: Registry, c: QuestionCase): { resolution: QuestionResolution; outcome: QuestionOutcome } {
  const asker = reg.byCode.get(c.asker)!;
  const resolution = resolveQuestion(c.text, () => reg.scope(asker));
  const name = (id: number) => reg.units.find((u) => u.id === id)!.code;
  const outcome = ((): QuestionOutcome => {
    if (resolution.kind === "notQuestion") return { verdict: "notUnderstood", got: "notQuestion" };
    if (resolution.intent !== c.intent) return { verdict: "wrongIntent", got: resolution.intent };
    const meant = c.unit ? reg.byCode.get(c.unit)!.id : undefined;
    switch (resolution.kind) {
      case "unit":
        return resolution.unit.id === meant ? { verdict: "answered" } : { verdict: "wrongPlace", got: name(resolution.unit.id) };
      case "ask":
        return meant !== undefined && resolution.units.some((u) => u.id === meant) ? { verdict: "offered" } : { verdict: "reasked" };
      case "scope":
        if (meant !== undefined) return resolution.unrecognised !== undefined ? { verdict: "reasked" } : { verdict: "wrongPlace", got: `scope ${asker.code}` };
        if (Boolean(c.unrecognised) !== (resolution.unrecognised !== undefined)) return { verdict: "reasked" };
        return { verdict: "answered" };
    }
  })();
  return { resolution, outcome };
}

// ---------------------------------------------------------------------------
// Values and notes

export interface ValueCase {
  cls: "values" | "note";
  /** What is being read, for the report. */
  what: string;
  run: () => ValueOutcome;
}

export type ValueOutcome =
  | { verdict: "answered" }
  | { verdict: "reasked" } // refused with a message, or asked one number per line
  | { verdict: "wrongValue"; got: unknown };

export const FORM_CTX: FormContext = {
  today: "2024-12-20",
  term: { electionDate: "2024-12-15", windowStart: "2024-12-15", windowEnd: "2025-01-15", turnoutThreshold: 0.5, majorityThreshold: 0.5, quorumThreshold: 2 / 3 },
};

const FULL_WIDTH = (s: string) => s.replace(/[0-9.,/:]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const dots = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");

function field(kind: ReportKind, key: string, raw: string, want: AnswerValue | "refused"): () => ValueOutcome {
  return () => {
    const parsed = parseFieldValue(fieldOf(FORMS[kind], key), raw, FORM_CTX);
    if (!parsed.ok) return want === "refused" ? { verdict: "answered" } : { verdict: "reasked" };
    return parsed.value === want ? { verdict: "answered" } : { verdict: "wrongValue", got: parsed.value };
  };
}

function step(kind: ReportKind, keys: string[], raw: string, before: Answers, want: Answers | "refused"): () => ValueOutcome {
  return () => {
    const result = applyStepInput(FORMS[kind], keys, raw, before, FORM_CTX);
    if (!result.ok) return want === "refused" ? { verdict: "answered" } : { verdict: "reasked" };
    if (want === "refused") return { verdict: "wrongValue", got: result.answers };
    const got = Object.fromEntries(Object.keys(want).map((k) => [k, result.answers[k]]));
    return JSON.stringify(got) === JSON.stringify(want) ? { verdict: "answered" } : { verdict: "wrongValue", got };
  };
}

export function valueCases(seed = 11): ValueCase[] {
  const r = rng(seed + 1);
  const cases: ValueCase[] = [];
  const add = (what: string, run: () => ValueOutcome) => cases.push({ cls: "values", what, run });

  // Counts: full-width digits and dots, units after them.
  for (let i = 0; i < 60; i++) {
    const n = Math.floor(r() * 20_000);
    const typed = pick(r, [String(n), dots(n), `${dots(n)} người`, `${n} cử tri`]);
    add(`count ${FULL_WIDTH(typed)}`, field("election", "voters", FULL_WIDTH(typed), n));
    add(`count ${typed}`, field("election", "voters", typed, n));
  }
  // Dates in words, with and without diacritics, without the year, full-width.
  const DAYS = ["2024-12-15", "2024-12-16", "2024-12-17", "2024-12-18", "2024-12-19", "2024-12-20"];
  for (let i = 0; i < 50; i++) {
    const iso = pick(r, DAYS);
    const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
    const typed = pick(r, [
      `ngày ${d} tháng ${m} năm ${y}`,
      `ngay ${d} thang ${m} nam ${y}`,
      `${d} tháng ${m}`,
      `${d} thang ${m}`,
      `ngày ${d} tháng ${m}`,
      `Ngày ${d} Tháng ${m} Năm ${y}`,
      FULL_WIDTH(`${d}/${m}/${y}`),
      `${d} tháng ${m}, ${y}`,
    ]);
    add(`date ${typed}`, field("election", "date", typed, iso));
  }
  // Party status: whole phrases; "đảng viên" after a negation is never a full member.
  const PARTY: readonly [string, AnswerValue | "refused"][] = [
    ["quần chúng", "none"],
    ["quan chung", "none"],
    ["là quần chúng", "none"],
    ["chưa là đảng viên", "none"],
    ["chua la dang vien", "none"],
    ["không phải đảng viên", "none"],
    ["khong phai dang vien", "none"],
    ["không phải là đảng viên", "none"],
    ["chưa phải đảng viên", "none"],
    ["chưa vào Đảng", "none"],
    ["ko phải đảng viên", "none"],
    ["k phai dang vien", "none"],
    ["Dạ, chưa là đảng viên ạ", "none"],
    ["không là đảng viên", "none"],
    ["chưa", "none"],
    ["không", "none"],
    ["đảng viên", "full"],
    ["Đảng viên chính thức", "full"],
    ["chinh thuc", "full"],
    ["dv", "full"],
    ["đảng viên dự bị", "probationary"],
    ["du bi", "probationary"],
    ["đảng viên chưa chính thức", "probationary"],
    ["không phải đảng viên dự bị", "refused"],
    ["chưa phải đảng viên chính thức", "refused"],
  ];
  for (const [typed, want] of PARTY) {
    add(`party ${typed}`, field("election", "partyStatus", typed, want));
    add(`party ${typed.toUpperCase()}`, field("election", "partyStatus", typed.toUpperCase(), want));
  }
  // The three-number question: "1 452" read by the form's rules.
  const counts = ["voters", "participants", "votes"];
  const THREE: readonly [string, Answers, Answers | "refused"][] = [
    ["1 452", {}, { voters: 1452 }],
    ["１ ４５２", {}, { voters: 1452 }],
    ["1 452\n1 300\n1 100", {}, { voters: 1452, participants: 1300, votes: 1100 }],
    ["1.452\n1 300\n1 100", {}, { voters: 1452, participants: 1300, votes: 1100 }],
    ["2 100", {}, { voters: 2100 }],
    ["312 298 270", {}, "refused"], // 312.298 voters / 270 or three numbers: ask
    ["300 280 250", {}, "refused"],
    ["50 45 40", {}, { voters: 50, participants: 45, votes: 40 }],
    ["１２４５\n１２００\n１１００", {}, { voters: 1245, participants: 1200, votes: 1100 }],
  ];
  for (const [typed, before, want] of THREE) add(`counts ${JSON.stringify(typed)}`, step("election", counts, typed, before, want));
  for (let i = 0; i < 30; i++) {
    const voters = 1000 + Math.floor(r() * 8000);
    const participants = 1000 + Math.floor(r() * (voters - 1000));
    const typed = String(participants).replace(/^(\d)(\d{3})$/, "$1 $2");
    // After the voters: "1 300" as participants (one number) fits; 1 and 300 would not (300 votes of 1 voter).
    add(`counts ${typed} after ${voters}`, step("election", ["participants", "votes"], typed, { voters }, { participants }));
  }
  add("members 1 200", step("congress", ["summoned", "attending"], "1 200", {}, { summoned: 1200 }));
  add("members 25 23", step("congress", ["summoned", "attending"], "25 23", {}, { summoned: 25, attending: 23 }));

  // --- 5 the note of a pasted quick form ----------------------------------------------
  const NOTES = ["Bầu tại nhà văn hóa thôn", "có 2 hộ vắng mặt, đã ủy quyền", "Đại hội điểm của xã", "Cử tri đi làm ăn xa: 12 người", "bầu lại lần 2 <ngày 20/12>"];
  const KEYS = ["Ghi chú", "Ghi chu", "ghi chú", "GHI CHÚ", "Lưu ý", "Ghi chú (không bắt buộc)"];
  for (let i = 0; i < 60; i++) {
    const kind: ReportKind = r() < 0.5 ? "election" : "congress";
    const note = pick(r, NOTES);
    const key = pick(r, KEYS);
    const colon = r() < 0.2 ? "：" : ":";
    const continued = r() < 0.3 ? "\nhọp lúc 8:00" : "";
    const text = `${FORMS[kind].quickFormHeading}\n${kind === "election" ? "Số cử tri trong danh sách: 300" : "Số đảng viên được triệu tập: 25"}\n${key}${colon} ${note}${continued}`;
    const want = `${note}${continued ? " họp lúc 8:00" : ""}`;
    cases.push({
      cls: "note",
      what: `note ${key}${colon} ${note}${continued ? " +1 line" : ""}`,
      run: () => {
        const { answers } = parseQuickForm(FORMS[kind], text, FORM_CTX);
        return answers.note === want ? { verdict: "answered" } : answers.note === undefined ? { verdict: "reasked" } : { verdict: "wrongValue", got: answers.note };
      },
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------
// Scores

export interface ClassScore {
  cls: ClassId;
  cases: number;
  /** Answered as meant, or asked back offering what was meant. */
  understood: number;
  /** Of those: asked back first (a confirmation or a choice). */
  confirmed: number;
  /** Not understood but clearly re-asked (a choice without it, "not recognised", a refusal with the reason). */
  reasked: number;
  wrongIntent: number;
  /** Answered about a place the user did not mean (must be 0). */
  wrongPlace: number;
  /** A value stored that the user did not mean (must be 0). */
  wrongValue: number;
  notUnderstood: number;
  failures: string[];
}

export function scoreCorpus(reg = loadRegistry()): ClassScore[] {
  const scores = new Map<ClassId, ClassScore>(
    CLASSES.map((c) => [c.id, { cls: c.id, cases: 0, understood: 0, confirmed: 0, reasked: 0, wrongIntent: 0, wrongPlace: 0, wrongValue: 0, notUnderstood: 0, failures: [] }]),
  );
  for (const c of questionCases(reg)) {
    const s = scores.get(c.cls)!;
    const { outcome } = runQuestion(reg, c);
    s.cases++;
    switch (outcome.verdict) {
      case "answered":
        s.understood++;
        break;
      case "offered":
        s.understood++;
        s.confirmed++;
        break;
      case "reasked":
        s.reasked++;
        s.failures.push(`re-asked: ${JSON.stringify(c.text)} (${c.asker}) meant ${c.unit ?? "own scope"}`);
        break;
      case "wrongIntent":
        s.wrongIntent++;
        s.failures.push(`intent ${outcome.got} ≠ ${c.intent}: ${JSON.stringify(c.text)}`);
        break;
      case "wrongPlace":
        s.wrongPlace++;
        s.failures.push(`WRONG PLACE ${outcome.got} ≠ ${c.unit ?? "own scope"}: ${JSON.stringify(c.text)} (${c.asker})`);
        break;
      case "notUnderstood":
        s.notUnderstood++;
        s.failures.push(`not understood: ${JSON.stringify(c.text)}`);
        break;
    }
  }
  for (const c of valueCases()) {
    const s = scores.get(c.cls)!;
    const outcome = c.run();
    s.cases++;
    if (outcome.verdict === "answered") s.understood++;
    else if (outcome.verdict === "reasked") {
      s.reasked++;
      s.failures.push(`re-asked: ${c.what}`);
    } else {
      s.wrongValue++;
      s.failures.push(`WRONG VALUE ${JSON.stringify(outcome.got)}: ${c.what}`);
    }
  }
  return [...scores.values()];
}
