/**
 * Deterministic (no LLM) understanding of the free-text questions staff type:
 * "chi bộ nào chưa hoàn thành?", "xa huc dong xong chua", "tiến độ huyện Bình Liêu"…
 *
 * Everything works on folded text (foldVietnamese: lower case, no diacritics,
 * đ→d), so a question typed with or without diacritics gives the same answer.
 *
 * Two steps:
 *  1. parseQuestion(text) — which intent, and which unit phrase (if any) the
 *     question names, e.g. { intent: "progress", unitQuery: "huc dong", unitLevel: "commune" }.
 *  2. matchUnit(query, level, candidates) — resolve that phrase against the units
 *     in the asker's scope: none / one / many (exact, up to 8) / fuzzy (up to 8,
 *     best first: a typo, a part of a name, diacritics that do not agree — never
 *     answered before the user confirms).
 *
 * Abbreviations and filler words come from the declared vocabulary
 * (src/domain/vocabulary.ts); names match by whole-phrase similarity
 * (src/domain/fuzzy.ts), never by one word of the phrase alone.
 *
 * Pure: no database, no grammY.
 */
import { allowedTypos, editDistance, markedWords, marksAgree } from "./fuzzy.js";
import { TYPE_LEVELS } from "./units.js";
import { foldVietnamese } from "./text.js";
import { expandAbbreviations, FILLER_PHRASES, NAME_LIKE_WORDS, NAME_WORD_FILLERS, PARTICLES, type WordKinds } from "./vocabulary.js";

export type Intent =
  | "not_finished" // chi bộ nào chưa hoàn thành / danh sách chưa xong / còn thiếu những đâu
  | "election_missing" // thôn nào chưa bầu trưởng thôn / chưa báo cáo bầu cử
  | "congress_missing" // chi bộ nào chưa đại hội / chưa báo cáo đại hội
  | "progress" // tiến độ huyện Bình Liêu / xã Húc Động xong chưa / bao nhiêu chi bộ đã đại hội
  | "hamlet_report" // xem báo cáo thôn Nà Ếch / thôn Khe Mạ báo cáo gì
  | "help"; // anything else

export const INTENTS: readonly Intent[] = [
  "not_finished",
  "election_missing",
  "congress_missing",
  "progress",
  "hamlet_report",
  "help",
];

export interface UnitCandidate {
  id: number;
  name: string;
  type: string;
  level: "province" | "district" | "commune" | "hamlet";
  /** Folded name (foldVietnamese(name)). Folded again defensively. */
  searchName: string;
}

type Level = UnitCandidate["level"];

export interface ParsedQuestion {
  intent: Intent;
  /** The unit phrase found in the question, folded, without its type prefix (e.g. "huc dong"), or undefined. */
  unitQuery?: string;
  /** Level implied by a prefix word, if any ("xa" → commune, "huyen" → district, "thon" → hamlet, "tinh" → province). */
  unitLevel?: Level;
  /**
   * The unit phrase WITH its prefix word as typed (folded), e.g. "thon 1", "xa huc dong";
   * equals unitQuery when there was no prefix. Passing this to matchUnit is the most
   * precise choice: "thon 1" does not also find "Khu 1", while ("1", "hamlet") does.
   */
  unitPhrase?: string;
  /** The text was nothing but a (possible) unit name: if no unit matches, it was not a question at all. */
  onlyUnitName?: true;
}

export type UnitMatch =
  | { kind: "none" }
  /** Exactly one unit has this name (diacritics as typed agree with it): answer at once. */
  | { kind: "one"; unit: UnitCandidate }
  /** Several units have exactly this name: the user chooses. */
  | { kind: "many"; units: UnitCandidate[] }
  /**
   * No exact name, but close ones (best first): the user confirms or chooses before anything is
   * answered. `close`: other diacritics or a typo or two; otherwise a part of a name or a noisy phrase.
   */
  | { kind: "fuzzy"; units: UnitCandidate[]; close: boolean };

/** At most this many units in a "many" answer. */
export const MAX_UNIT_MATCHES = 8;

// ---------------------------------------------------------------------------
// Normalisation

/** Fold, turn punctuation into spaces, split "thon1" → "thon 1", collapse spaces. */
function normalizeText(s: string): string {
  return foldVietnamese(s)
    .replace(/[^a-z0-9]+/g, " ")
    .replace(/\b(thon|khu|ban|xom|ap|to|khoi|lang|buon)(\d+)\b/g, "$1 $2")
    .trim();
}

function tokensOf(s: string): string[] {
  const n = normalizeText(s);
  return n === "" ? [] : n.split(" ");
}

const hasLetter = (s: string): boolean => /[a-z]/.test(s);

// ---------------------------------------------------------------------------
// Vocabulary

/**
 * Unit type words that may prefix a unit name in a question, with the level they imply:
 * the registry's type words, less those that clash with place names ("quận" / Quan Lạn,
 * "tổ" / Cô Tô, "khối"), and "thành phố" read as a district-level city.
 */
const NOT_A_PREFIX = new Set(["quan", "to", "khoi"]);
const PREFIX_LEVELS: ReadonlyArray<readonly [string, Level]> = [
  ...[...TYPE_LEVELS].filter(([word]) => !NOT_A_PREFIX.has(word)),
  ["thanh pho", "district"],
];

type Tag =
  | "neg" // chưa / không — negation, or a yes/no question particle at the end
  | "missing" // còn thiếu / chậm / trễ hạn
  | "election" // bầu cử, trưởng thôn
  | "congress" // đại hội, bí thư
  | "verb" // xong, hoàn thành, tổ chức…
  | "report" // báo cáo
  | "view" // xem, chi tiết, báo cáo gì
  | "progress" // tiến độ, tình hình, thống kê
  | "ratio" // tỷ lệ, phần trăm
  | "count" // bao nhiêu, mấy
  | "weak" // thế nào, ra sao, thì sao
  | "question" // gì, ai, đâu
  | "list" // nào, những, các, danh sách
  | "subject" // chi bộ, đơn vị
  | "chat" // xin chào, thời tiết, cảm ơn… (not a question for this bot)
  | "particle" // ạ, nhé, vậy, ơi… (sentence-final)
  | "aux"; // đã, đang, được, có

/**
 * How a "soft" word (a function word that also occurs inside place names, e.g.
 * "có" / Cô Tô, "còn" / Côn Đảo, "của" / Cửa Ông, "đã" / Đa Phúc) is read.
 * Returns true when, in this position, it is a function word (not part of a name).
 */
type SoftRule = (prev: Resolved | undefined, next: Chunk | undefined, rest: readonly Chunk[]) => boolean;

interface VocabEntry {
  kind: "stop" | "prefix" | "soft";
  tags: readonly Tag[];
  level?: Level;
  rule?: SoftRule;
}

interface Chunk {
  kind: "word" | "stop" | "prefix" | "soft";
  text: string;
  tags: readonly Tag[];
  level?: Level;
  rule?: SoftRule;
}

interface Resolved {
  kind: "word" | "stop" | "prefix";
  text: string;
  tags: readonly Tag[];
  level?: Level;
}

const isNamey = (c: { kind: string } | undefined): boolean => c?.kind === "word" || c?.kind === "prefix";
const nextHas = (next: Chunk | undefined, tags: readonly Tag[]): boolean =>
  next !== undefined && next.tags.some((t) => tags.includes(t));
/** Nothing that carries meaning follows: only particles / fillers / a dangling "bạn". */
const onlyNeutral = (rest: readonly Chunk[]): boolean => rest.every(isNeutral);

function isNeutral(c: Chunk, i: number, all: readonly Chunk[]): boolean {
  if (c.kind === "word") return false;
  if (c.kind === "prefix") return all[i + 1]?.kind !== "word"; // "… chưa bạn"
  if (c.kind === "soft") return c.tags.length === 0 || c.tags.every((t) => t === "particle");
  return c.tags.every((t) => t === "particle");
}

/** ở, tại, của, về, thuộc, trong, trên, và, với: part of a name only between name words ("phường Cửa Ông"). */
const connectorRule: SoftRule = (prev, next) => !(isNamey(prev) && next?.kind === "word");
/** đã, đang, được: function word before a verb-like word. */
const auxRule: SoftRule = (prev, next) =>
  next === undefined ? !isNamey(prev) : nextHas(next, ["verb", "report", "election", "congress", "aux", "neg"]);
const coRule: SoftRule = (prev, next) =>
  next === undefined
    ? !isNamey(prev)
    : next.kind === "prefix" ||
      nextHas(next, ["count", "list", "missing", "subject", "verb", "report", "neg", "election", "congress", "question", "aux"]);
const conRule: SoftRule = (prev, next) =>
  next === undefined
    ? !isNamey(prev)
    : next.kind === "prefix" || nextHas(next, ["missing", "count", "list", "neg", "subject", "election", "congress"]);
const laRule: SoftRule = (prev, next) =>
  next === undefined ? !isNamey(prev) : nextHas(next, ["question", "count", "weak", "list", "ratio", "progress"]);
const thiRule: SoftRule = (prev, next) =>
  next === undefined ? !isNamey(prev) : nextHas(next, ["weak", "question", "neg", "count"]);
const roiRule: SoftRule = (_prev, next, rest) =>
  next === undefined || nextHas(next, ["neg", "particle", "weak", "question"]) || onlyNeutral(rest);
/** mình, tôi, cả…: part of a name right after a type word or before a name word ("phường Minh Thành"). */
const nameWordRule: SoftRule = (prev, next) => !(prev?.kind === "prefix" || next?.kind === "word");
/** ạ, nha, nhỉ, thế: sentence-final particles unless right after a type word ("Khu A"). */
const endRule: SoftRule = (prev, _next, rest) => prev?.kind !== "prefix" && onlyNeutral(rest);

const VOCAB = new Map<string, VocabEntry>();

function stop(tags: readonly Tag[], ...phrases: string[]): void {
  for (const p of phrases) VOCAB.set(p, { kind: "stop", tags });
}
function soft(rule: SoftRule, tags: readonly Tag[], ...phrases: string[]): void {
  for (const p of phrases) VOCAB.set(p, { kind: "soft", tags, rule });
}

for (const [p, level] of PREFIX_LEVELS) VOCAB.set(p, { kind: "prefix", tags: [], level });

stop(["neg"], "chua", "khong", "chang", "van chua", "chua he");
stop(["missing"], "thieu", "con thieu", "bi thieu", "sot", "con sot", "bo sot", "cham", "cham tien do", "tre", "tre han", "qua han", "ton dong", "vuong mac");
stop(
  ["election"],
  "bau",
  "bau cu",
  "bau truong",
  "bau truong thon",
  "bau cu truong thon",
  "truong thon",
  "truong ban",
  "truong khu",
  "truong khu pho",
  "truong ap",
  "truong xom",
  "truong lang",
  "to truong",
  "to truong to dan pho",
  "cu tri",
  "bo phieu",
  "phieu bau",
  "hoi nghi cu tri",
);
stop(["congress"], "dai hoi", "dai hoi chi bo", "dai hoi diem", "dai hoi dang", "bau bi thu", "bi thu", "bi thu chi bo", "chi uy", "cap uy", "bau chi uy");
stop(["verb"], "xong", "xong xuoi", "hoan thanh", "hoan tat", "ket thuc", "nop", "gui", "cap nhat", "nhap", "to chuc", "tien hanh", "thuc hien", "trien khai");
stop(["verb", "report"], "bao cao", "nop bao cao", "gui bao cao");
stop(["report", "view"], "bao cao gi", "bao cao nhung gi", "bao cao the nao", "bao cao nhu the nao", "bao cao ra sao");
stop(["view"], "xem", "cho xem", "chi tiet", "noi dung", "thong tin", "kiem tra", "muon xem", "tra cuu");
stop(["progress", "view"], "ket qua", "ket qua bau cu", "ket qua dai hoi");
stop(["progress"], "tien do", "tinh hinh", "tong hop", "thong ke", "so lieu", "tong quan", "so luong", "tong so", "tien trinh", "bao cao tien do", "bao cao tong hop");
stop(["ratio"], "ty le", "ti le", "phan tram");
stop(["count"], "bao nhieu", "may", "so", "duoc bao nhieu", "dat bao nhieu");
stop(["weak"], "the nao", "nhu the nao", "ra sao", "sao", "nhu nao", "the nao roi", "ra sao roi", "the nao vay", "sao roi");
stop(["question"], "gi", "la gi", "ai", "nhung gi", "cai gi");
stop(["list"], "nao", "nhung", "cac", "danh sach", "liet ke", "dau", "o dau", "nhung dau", "noi nao", "nhung noi", "nhung noi nao", "cho nao", "tat ca", "nhung ai", "nhung don vi");
stop(["subject"], "chi bo", "dang bo", "don vi", "dia phuong", "dia ban", "co so", "dang vien", "ban chi dao");
stop(
  ["chat"],
  "xin chao",
  "chao",
  "chao ban",
  "hello",
  "hi",
  "alo",
  "cam on",
  "thank",
  "thanks",
  "thoi tiet",
  "tro giup",
  "help",
  "start",
  "menu",
  "huong dan",
  "may gio",
  "bao gio",
  "khi nao",
  "ngay mai",
  "hom qua",
  "la ai",
  "ten",
  "test",
  "ok",
  "oke",
  "okay",
  "uh",
  "uhm",
  "an com",
  "quan trong",
  "quan tam",
  "co quan",
  "khu vuc",
);
stop(["particle"], ...PARTICLES);
// Fillers: no meaning for the intent, never part of a unit name (src/domain/vocabulary.ts).
stop([], ...FILLER_PHRASES.filter((p) => !NAME_WORD_FILLERS.includes(p)));
soft(nameWordRule, [], ...NAME_WORD_FILLERS);
soft(connectorRule, [], "o", "tai", "cua", "ve", "thuoc", "trong", "tren", "va", "voi");
soft(auxRule, ["aux"], "da", "dang", "duoc");
soft(coRule, ["aux", "verb"], "co");
soft(conRule, [], "con");
soft(laRule, [], "la");
soft(thiRule, [], "thi");
soft(roiRule, ["particle"], "roi");
soft(endRule, ["particle"], "a", "nha", "nhi", "the", "em", "anh", "chi");

// Short chat words that are also name syllables, or a typo of one ("Hi Xuân", "Thủy Ad"): part of a name before a name word.
for (const word of NAME_LIKE_WORDS) {
  const entry = VOCAB.get(word);
  if (entry?.kind === "stop") VOCAB.set(word, { kind: "soft", tags: entry.tags, rule: nameWordRule });
}

const MAX_PHRASE_WORDS = Math.max(...[...VOCAB.keys()].map((k) => k.split(" ").length));

/** Whether a vocabulary phrase starts at tokens[i] (then that word is not a name). */
function vocabularyAt(tokens: readonly string[], i: number): boolean {
  for (let len = Math.min(MAX_PHRASE_WORDS, tokens.length - i); len >= 1; len--) {
    if (VOCAB.has(tokens.slice(i, i + len).join(" "))) return true;
  }
  return false;
}

/** How the abbreviation expansion sees words (src/domain/vocabulary.ts). */
const WORD_KINDS: WordKinds = {
  vocabularyAt,
  nameCapableAt: (tokens, i) => VOCAB.get(tokens[i]!)?.kind === "soft",
  isTypeWord: (words) => VOCAB.get(words.join(" "))?.kind === "prefix",
};

/** Folded words of a question, abbreviations written out ("cb" → "chi bo", "tt Bình Liêu" → "thi tran binh lieu"). */
function questionTokens(text: string): string[] {
  return expandAbbreviations(tokensOf(text), WORD_KINDS).flat();
}

/**
 * The same words with their diacritics as typed (lower case): "Hút" for "hut";
 * a word written out from an abbreviation keeps its folded spelling.
 */
function markedQuestionTokens(text: string): { folded: string; marked: string }[] {
  const typed: { folded: string; marked: string }[] = [];
  for (const word of markedWords(text)) {
    const parts = tokensOf(word);
    if (parts.length === 1) typed.push({ folded: parts[0]!, marked: word });
    else for (const part of parts) typed.push({ folded: part, marked: part });
  }
  const expanded = expandAbbreviations(
    typed.map((t) => t.folded),
    WORD_KINDS,
  );
  return expanded.flatMap((words, i) => (words.length === 1 && words[0] === typed[i]!.folded ? [typed[i]!] : words.map((w) => ({ folded: w, marked: w }))));
}

/** Greedy longest-match split of tokens into vocabulary chunks and plain words. */
function chunk(tokens: readonly string[]): Chunk[] {
  const out: Chunk[] = [];
  let i = 0;
  while (i < tokens.length) {
    let found: { text: string; entry: VocabEntry; len: number } | undefined;
    for (let len = Math.min(MAX_PHRASE_WORDS, tokens.length - i); len >= 1 && !found; len--) {
      const text = tokens.slice(i, i + len).join(" ");
      const entry = VOCAB.get(text);
      if (entry) found = { text, entry, len };
    }
    if (found) {
      const { entry } = found;
      out.push({ kind: entry.kind, text: found.text, tags: entry.tags, level: entry.level, rule: entry.rule });
      i += found.len;
    } else {
      out.push({ kind: "word", text: tokens[i]!, tags: [] });
      i += 1;
    }
  }
  return out;
}

/** Decide, left to right, whether each soft word is a function word (stop) or part of a name (word). */
function resolve(chunks: readonly Chunk[]): Resolved[] {
  const out: Resolved[] = [];
  chunks.forEach((c, i) => {
    if (c.kind !== "soft") {
      out.push({ kind: c.kind, text: c.text, tags: c.tags, level: c.level });
      return;
    }
    const isFunction = c.rule!(out[i - 1], chunks[i + 1], chunks.slice(i + 1));
    out.push(isFunction ? { kind: "stop", text: c.text, tags: c.tags } : { kind: "word", text: c.text, tags: [] });
  });
  // A type word right after name words and not starting a new unit phrase is the end of
  // a name ("Nà Làng xong chưa"), but not in "Húc Động thôn nào…" nor "… bạn".
  return out.map((c, j) => {
    const next = out[j + 1];
    if (c.kind !== "prefix" || c.text === "ban" || out[j - 1]?.kind !== "word" || next?.kind === "word") return c;
    if (next && next.tags.some((t) => t === "list" || t === "count" || t === "subject")) return c;
    return { kind: "word", text: c.text, tags: [] };
  });
}

// ---------------------------------------------------------------------------
// Unit phrase

interface FoundUnit {
  query: string;
  level?: Level;
  phrase: string;
}

const MAX_UNPREFIXED_WORDS = 5;
const MAX_PREFIXED_WORDS = 6;

function findUnit(chunks: readonly Resolved[]): FoundUnit | undefined {
  // 1. A type word followed by name words: "xã Húc Động", "thôn 1", "xã Tình Húc".
  for (let i = 0; i < chunks.length; i++) {
    const p = chunks[i]!;
    if (p.kind !== "prefix") continue;
    const name: string[] = [];
    for (let j = i + 1; j < chunks.length && name.length < MAX_PREFIXED_WORDS; j++) {
      const c = chunks[j]!;
      if (c.kind === "word") name.push(c.text);
      else if (c.kind === "prefix" && name.length === 0 && chunks[j + 1]?.kind === "word") name.push(c.text);
      else break;
    }
    if (name.length > 0) {
      const query = name.join(" ");
      return { query, level: p.level, phrase: `${p.text} ${query}` };
    }
  }
  // 2. No type word: the longest run of unknown words ("tiến độ Bình Liêu", "Húc Động").
  let best: string[] = [];
  let run: string[] = [];
  const flush = (): void => {
    if (run.length > best.length && run.length <= MAX_UNPREFIXED_WORDS && run.some(hasLetter)) best = run;
    run = [];
  };
  for (const c of chunks) {
    if (c.kind === "word") run.push(c.text);
    else flush();
  }
  flush();
  if (best.length === 0) return undefined;
  const query = best.join(" ");
  return { query, phrase: query };
}

// ---------------------------------------------------------------------------
// Intent

function decideIntent(chunks: readonly Resolved[], unit: FoundUnit | undefined): Intent | "bare_unit" {
  const stops = chunks.filter((c) => c.kind === "stop");
  const has = (t: Tag): boolean => stops.some((c) => c.tags.includes(t));

  // "chưa"/"không" followed by something meaningful negates ("chưa xong", "chưa bầu");
  // at the end (only particles after it) it asks yes/no ("xong chưa?").
  let negated = has("missing");
  let yesNo = false;
  chunks.forEach((c, i) => {
    if (c.kind !== "stop" || !c.tags.includes("neg")) return;
    const rest = chunks.slice(i + 1);
    const neutral = rest.every((r, k) =>
      r.kind === "prefix" ? rest[k + 1]?.kind !== "word" : r.kind === "stop" && r.tags.every((t) => t === "particle"),
    );
    if (neutral) yesNo = true;
    else negated = true;
  });

  const election = has("election");
  const congress = has("congress");
  const domain =
    election || congress || has("verb") || has("report") || has("subject") || has("progress") || has("ratio") || has("missing");

  if (negated && !has("ratio")) {
    if (election && !congress) return "election_missing";
    if (congress && !election) return "congress_missing";
    return "not_finished";
  }
  if (negated) return "progress";
  // "xong chưa?" asks about something: a unit or the work itself ("ăn cơm chưa" is chat).
  if (yesNo && (domain || unit) && !(has("chat") && !domain)) return "progress";

  // A hamlet's own report: "xem báo cáo thôn Nà Ếch", "thôn Khe Mạ báo cáo gì",
  // "kết quả bầu cử thôn Khe Mạ". Without a type word the caller checks the matched level.
  const noCount = !has("count") && !has("ratio");
  if (unit?.level === "hamlet" && has("view") && noCount) return "hamlet_report";
  if (unit && (unit.level === undefined || unit.level === "hamlet") && (has("view") || has("report")) && !has("progress") && noCount) {
    return "hamlet_report";
  }
  if (has("progress") || has("ratio") || has("view")) return "progress";
  if (has("chat") && !domain) return "help";
  if ((has("count") || has("weak")) && (domain || unit)) return "progress";
  if (domain) return "progress";
  // Just a unit name, perhaps with fillers: "Húc Động", "xa huc dong ạ".
  if (unit && stops.every((c) => c.tags.every((t) => t === "particle"))) return "bare_unit";
  return "help";
}

/**
 * Understand a free-text question. Never throws; unknown → { intent: "help" }.
 * `abbreviations: false` reads every word as typed (the resolver's second try,
 * for a name whose typo looks like an abbreviation: "H Phong" for Hà Phong).
 */
export function parseQuestion(text: string, options: { abbreviations?: boolean } = {}): ParsedQuestion {
  const raw = typeof text === "string" ? text : "";
  const tokens = options.abbreviations === false ? tokensOf(raw) : questionTokens(raw);
  if (tokens.length === 0) return { intent: "help" };
  const chunks = resolve(chunk(tokens));
  const unit = findUnit(chunks);
  const decided = decideIntent(chunks, unit);
  const intent = decided === "bare_unit" ? "progress" : decided;
  if (intent === "help" || unit === undefined) return { intent };
  const out: ParsedQuestion = { intent, unitQuery: unit.query, unitPhrase: unit.phrase };
  if (decided === "bare_unit") out.onlyUnitName = true;
  if (unit.level) out.unitLevel = unit.level;
  return out;
}

/**
 * The words of a folded phrase (a unitPhrase) as the user typed them, lower
 * case with their diacritics: ("Tiến độ xã Hút Động", "xa hut dong") → "xã hút
 * động". A word that was not typed as such (an abbreviation written out) stays folded.
 */
export function phraseAsTyped(text: string, phrase: string): string {
  return locatePhrase(text, phrase).typed;
}

/**
 * The phrase as typed and the word typed right after it: ("cb nào chưa đh ở
 * thôn Ngàn Nhì", "thon ngan") → "thôn ngàn nhì". A name may end in a word that
 * is also a particle ("Nhì"/nhỉ, "Cả"/cả); the resolver tries this when the phrase
 * alone names no unit exactly.
 */
export function phraseWithNextWord(text: string, phrase: string): string | undefined {
  const { typed, next } = locatePhrase(text, phrase);
  // Only a word that may be part of a name (a name word would already be in the phrase).
  return next === undefined || VOCAB.get(foldVietnamese(next))?.kind !== "soft" ? undefined : `${typed} ${next}`;
}

function locatePhrase(text: string, phrase: string): { typed: string; next?: string } {
  const tokens = markedQuestionTokens(typeof text === "string" ? text : "");
  const words = phrase === "" ? [] : phrase.split(" ");
  // The last place the phrase's words appear together.
  for (let i = tokens.length - words.length; i >= 0 && words.length > 0; i--) {
    if (!words.every((w, k) => tokens[i + k]!.folded === w)) continue;
    return { typed: tokens.slice(i, i + words.length).map((t) => t.marked).join(" "), next: tokens[i + words.length]?.marked };
  }
  return { typed: phrase };
}

// ---------------------------------------------------------------------------
// Unit matching

const LEVEL_RANK: Record<Level, number> = { province: 0, district: 1, commune: 2, hamlet: 3 };

/** Strip leading zeros of numbers so "thon 01" = "Thôn 1". */
function normKey(s: string): string {
  return tokensOf(s)
    .map((t) => (/^\d+$/.test(t) ? String(Number.parseInt(t, 10)) : t))
    .join(" ");
}

interface Keyed {
  c: UnitCandidate;
  typeWord: string;
  /** Folded name as stored ("thon 1", "huc dong"). */
  full: string;
  /** Name without its own type word ("1", "huc dong"). */
  bare: string;
  /** Type word + name ("thon 1", "xa huc dong"). */
  label: string;
  bareTokens: string[];
  /** The name's words with their diacritics, one per word of `full` (undefined if they do not line up). */
  fullMarked?: string[];
  /** The numbers in the name ("thon 1" → "1"): a typo never turns one number into another. */
  digits: string;
}

const digitsOf = (s: string): string => s.split(" ").filter((t) => /\d/.test(t)).join(" ");

/**
 * What matching needs of a unit, computed once per unit content: folding names
 * is most of the cost of a question over a province (and the bot passes fresh
 * candidate objects for every question).
 */
const KEYED_CACHE = new Map<string, Omit<Keyed, "c">>();
const KEYED_CACHE_MAX = 250_000;

function keyed(c: UnitCandidate): Keyed {
  const cacheKey = `${c.name}\u0000${c.type}\u0000${c.searchName}`;
  let parts = KEYED_CACHE.get(cacheKey);
  if (!parts) {
    if (KEYED_CACHE.size >= KEYED_CACHE_MAX) KEYED_CACHE.clear();
    const { c: _unit, ...rest } = computeKeyed(c);
    KEYED_CACHE.set(cacheKey, (parts = rest));
  }
  return { c, ...parts };
}

function computeKeyed(c: UnitCandidate): Keyed {
  const typeWord = normKey(c.type);
  const full = normKey(c.searchName || c.name);
  const fullWords = full === "" ? [] : full.split(" ");
  const marked = markedWords(c.name);
  const fullMarked = marked.length === fullWords.length ? marked : undefined;
  const typeWords = typeWord === "" ? [] : typeWord.split(" ");
  const typeMarked = markedWords(c.type);
  // The name starts with its own type word, diacritics included: "Thôn 1" (thôn) does,
  // "Phương Đông" (phường) does not — "Phương" is part of that name.
  const startsWithType =
    typeWords.length > 0 &&
    typeWords.every((w, i) => fullWords[i] === w) &&
    (fullMarked === undefined || typeMarked.length !== typeWords.length || typeMarked.every((m, i) => marksAgree(m, fullMarked[i]!)));
  const bare = startsWithType && full !== typeWord ? full.slice(typeWord.length + 1) : full;
  const label = startsWithType || typeWord === "" ? full : `${typeWord} ${full}`;
  return { c, typeWord, full, bare, label, bareTokens: bare === "" ? [] : bare.split(" "), fullMarked, digits: digitsOf(full) };
}

/** The leading type word of a query, if the query has more after it. */
function splitPrefix(q: string): { prefix?: string; level?: Level; rest: string } {
  let best: { prefix: string; level: Level } | undefined;
  for (const [p, level] of PREFIX_LEVELS) {
    if (q.startsWith(`${p} `) && (!best || p.length > best.prefix.length)) best = { prefix: p, level };
  }
  return best ? { prefix: best.prefix, level: best.level, rest: q.slice(best.prefix.length + 1) } : { rest: q };
}

/** Query token t matches name token n: equal, or (letters only, 2+ chars) a prefix of it. */
function tokenMatches(t: string, n: string): boolean {
  if (t === n) return true;
  return hasLetter(t) && !/\d/.test(t) && t.length >= 2 && n.startsWith(t);
}

/** A unit phrase ready for ranking: folded, split at its type word, with the diacritics typed. */
interface Query {
  q: string;
  prefix?: string;
  prefixLevel?: Level;
  rest: string;
  /** The typed words with diacritics, one per word of `q` (undefined if they do not line up). */
  marks?: string[];
}

function makeQuery(q: string, marks: string[] | undefined): Query {
  const { prefix, level, rest } = splitPrefix(q);
  return { q, prefix, prefixLevel: level, rest, marks: marks && marks.length === q.split(" ").length ? marks : undefined };
}

/**
 * How many of the last words typed have the same letters as the name's last
 * words but other diacritics ("hả" for "Hà", "đông" for "Động"). 0 when the
 * diacritics agree or were not typed.
 */
function marksDisagree(query: Query, k: Keyed): number {
  const n = Math.min(k.bareTokens.length, query.marks?.length ?? 0);
  if (!query.marks || !k.fullMarked || n === 0) return 0;
  const typed = query.marks.slice(-n);
  const name = k.fullMarked.slice(-n);
  return typed.filter((t, i) => !/\d/.test(t) && foldVietnamese(t) === foldVietnamese(name[i]!) && !marksAgree(t, name[i]!)).length;
}

/** A word with other diacritics than typed weighs half a typo. */
const MARK_COST = 0.5;

/** Smallest typo count between the phrase and the unit's name (with or without type word), if tolerated. */
function typoDistance(query: Query, k: Keyed): number | undefined {
  if (digitsOf(query.q) !== k.digits) return undefined;
  let best: number | undefined;
  // With a type word typed, the name is compared without it (and "type name" with the label):
  // "xa thuy" must not come close to "cam thuy" by its "xa".
  const pairs: [string, string][] =
    query.prefix !== undefined
      ? [
          [query.rest, k.bare],
          [query.q, k.label],
        ]
      : [
          [query.q, k.full],
          [query.q, k.label],
          [query.q, k.bare],
        ];
  for (const [a, b] of pairs) {
    if (a === b) continue; // equal names are exact, not typos
    const max = allowedTypos(Math.min(a.length, b.length));
    if (max === 0) continue;
    const d = editDistance(a, b, max);
    if (d <= max && (best === undefined || d < best)) best = d;
  }
  return best;
}

/**
 * How a unit answers a phrase. 0 exact (name, or type word + name), 1 exact name
 * under another type word of the same level — both answered at once; then, never
 * answered before the user confirms: 2 the same letters but other diacritics than
 * typed ("Hồng Hả" for Hồng Hà), 3 one or two typos, 4 the name starts with the
 * phrase, 5 every word of the phrase is in the name (any order, word prefixes allowed).
 */
type Group = 0 | 1 | 2 | 3 | 4 | 5;

interface Scored {
  k: Keyed;
  group: Group;
  /** Lower is closer, within a group. */
  cost: number;
}

function rank(query: Query, level: Level | undefined, all: readonly Keyed[]): Scored[] {
  const { q, prefix, prefixLevel, rest } = query;
  const restTokens = rest.split(" ");
  const numericOnly = !hasLetter(rest);
  const out: Scored[] = [];
  for (const k of all) {
    const typeAgrees = prefix !== undefined && k.typeWord === prefix;
    // An explicit level is binding; a level guessed from the typed type word is not
    // when the whole phrase is the unit's own name ("Tịnh Biên", "Lạng Sơn").
    const levelOk = level
      ? k.c.level === level || typeAgrees
      : !prefixLevel || k.c.level === prefixLevel || typeAgrees || q === k.full;
    if (!levelOk) {
      // … nor when the whole phrase is its name with a typo ("Bản Sec" for xã Bản Sen): close, to confirm.
      if (level || !prefixLevel || !(k.full.startsWith(`${prefix} `) || k.bare.startsWith(`${prefix} `))) continue;
      const d = typoDistance({ q, rest: q, marks: query.marks }, k);
      if (d !== undefined) out.push({ k, group: 3, cost: d + marksDisagree(query, k) * MARK_COST });
      continue;
    }
    // "thon 1" must not drift to "Khu 1": with a number the type word has to agree.
    if (prefix !== undefined && numericOnly && !typeAgrees && k.full !== q) continue;

    let group: Group | undefined;
    let cost = 0;
    const exact = q === k.full || q === k.label || (prefix === undefined && q === k.bare);
    if (exact || (prefix !== undefined && rest === k.bare)) {
      const disagree = marksDisagree(query, k);
      // Another type word of the same level: answered for hamlets (thôn / bản / khu are used
      // loosely), confirmed above them ("xã Quang Hanh" may be a typo of xã Quảng Thành, not phường Quang Hanh).
      const otherType = !exact && k.c.level !== "hamlet";
      group = disagree > 0 || otherType ? 2 : exact ? 0 : 1;
      cost = disagree * MARK_COST;
    } else {
      // A typo or two: "hút động" for Húc Động, "hồng hả" for Hồng Hải (also the start of its name).
      const d = typoDistance(query, k);
      if (d !== undefined) {
        group = 3;
        cost = d + marksDisagree(query, k) * MARK_COST;
      }
    }
    if (group === undefined && k.bareTokens.length >= restTokens.length) {
      const starts = restTokens.every((t, i) =>
        i === restTokens.length - 1 ? tokenMatches(t, k.bareTokens[i]!) : t === k.bareTokens[i],
      );
      let contained = false;
      if (!starts) {
        const used = new Set<number>();
        contained = restTokens.every((t) => {
          const idx = k.bareTokens.findIndex((n, i) => !used.has(i) && tokenMatches(t, n));
          if (idx < 0) return false;
          used.add(idx);
          return true;
        });
      }
      if (starts || contained) {
        group = starts ? 4 : 5;
        const exactWords = restTokens.filter((t) => k.bareTokens.includes(t)).length;
        // More whole words and fewer leftover name words = closer.
        cost = -(exactWords * 100 - (k.bareTokens.length - restTokens.length));
      }
    }
    if (group !== undefined) out.push({ k, group, cost });
  }
  return out.sort(
    (a, b) =>
      a.group - b.group ||
      a.cost - b.cost ||
      LEVEL_RANK[a.k.c.level] - LEVEL_RANK[b.k.c.level] ||
      a.k.full.localeCompare(b.k.full) ||
      a.k.c.id - b.k.c.id,
  );
}

function answer(kind: "many" | "close" | "partial", units: readonly UnitCandidate[]): UnitMatch {
  if (units.length === 0) return { kind: "none" };
  if (kind === "many") return units.length === 1 ? { kind: "one", unit: units[0]! } : { kind, units: units.slice(0, MAX_UNIT_MATCHES) };
  return { kind: "fuzzy", units: units.slice(0, MAX_UNIT_MATCHES), close: kind === "close" };
}

/** Longest sub-phrases first ("huc dong ne" → "huc dong"); one word alone only when it is a whole one-word name. */
function subPhraseMatches(query: Query, level: Level | undefined, all: readonly Keyed[]): UnitCandidate[] {
  const { prefix, prefixLevel, rest } = query;
  const subLevel = level ?? prefixLevel;
  const tokens = rest.split(" ").slice(0, 10);
  const restMarks = query.marks?.slice(query.marks.length - rest.split(" ").length);
  for (let len = tokens.length - (prefix === undefined ? 1 : 0); len >= 1; len--) {
    const found: UnitCandidate[] = [];
    for (let i = 0; i + len <= tokens.length; i++) {
      const sub = tokens.slice(i, i + len).join(" ");
      if (!hasLetter(sub) || sub.length < 2) continue;
      const subQuery: Query = { q: sub, rest: sub, marks: restMarks?.slice(i, i + len) };
      for (const s of rank(subQuery, subLevel, all)) {
        if (s.group > 3 || found.includes(s.k.c)) continue;
        if (len >= 2 || s.k.bareTokens.length === 1) found.push(s.k.c);
      }
    }
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * Match a unit phrase against candidates (the caller passes ONLY units inside the
 * asker's scope). The phrase may carry a type word or not, and diacritics or not:
 * "huc dong", "xã Húc Động" and "Thôn 1" all work. Exact names win (respecting
 * `level` when given, or the level of the typed type word) and are answered at
 * once; diacritics that were typed must agree with the name's. Otherwise the
 * closest names by whole-phrase similarity — other diacritics, one or two typos,
 * the start of a name, every typed word inside a name, and as a last resort a
 * sub-phrase of a noisy phrase that is a whole name — come back as "fuzzy", to be
 * confirmed by the user. A single word of a longer name never selects it on its own.
 */
export function matchUnit(query: string, level: Level | undefined, candidates: readonly UnitCandidate[]): UnitMatch {
  const text = typeof query === "string" ? query : "";
  const q = normKey(text);
  if (q === "") return { kind: "none" };
  const seen = new Set<number>();
  const all: Keyed[] = [];
  for (const c of candidates) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    all.push(keyed(c));
  }
  const parsed = makeQuery(q, markedWords(text));
  const ranked = rank(parsed, level, all);
  const best = ranked[0]?.group;
  if (best === 0 || best === 1) return answer("many", ranked.filter((s) => s.group === best).map((s) => s.k.c));
  // Close names: the closest, and those less than one typo further ("hút động": Húc Động, not also Hải Đông).
  const close = ranked.filter((s) => s.group === 2 || s.group === 3).sort((a, b) => a.cost - b.cost);
  if (close.length > 0) return answer("close", close.filter((s) => s.cost < close[0]!.cost + 1).map((s) => s.k.c));
  if (ranked.length > 0) return answer("partial", ranked.map((s) => s.k.c));
  return answer("partial", subPhraseMatches(parsed, level, all));
}
