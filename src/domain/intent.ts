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
 *     in the asker's scope: none / one / many (up to 8, best first).
 *
 * Pure: no database, no grammY.
 */
import { TYPE_LEVELS } from "./units.js";
import { foldVietnamese } from "./text.js";

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
  | { kind: "one"; unit: UnitCandidate }
  | { kind: "many"; units: UnitCandidate[] };

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
stop(["particle"], "nhe", "vay", "oi", "ad", "admin", "bot", "nua", "luon", "voi a", "nhe ban");
// Fillers: no meaning for the intent, never part of a unit name.
stop(
  [],
  "cho toi biet",
  "cho toi hoi",
  "cho minh biet",
  "cho minh hoi",
  "cho em biet",
  "cho em hoi",
  "cho hoi",
  "cho biet",
  "xin cho biet",
  "hay cho biet",
  "xin hoi",
  "hoi",
  "vui long",
  "lam on",
  "xin",
  "giup",
  "giup toi",
  "hien nay",
  "hien tai",
  "hien gio",
  "den gio",
  "den nay",
  "den hien tai",
  "den luc nay",
  "den thoi diem nay",
  "tinh den",
  "tinh den nay",
  "tinh den gio",
  "tinh den hien tai",
  "hom nay",
  "bay gio",
  "luc nay",
  "gio",
  "toi",
  "minh",
  "chung toi",
  "ca",
  "het",
  "cung",
  "nay",
  "hay",
  "nhiem ky",
  "nhiem ky nay",
  "nhiem vu",
  "lan nay",
  "dot nay",
  "ky nay",
  "nam nay",
  "toan huyen",
  "toan tinh",
  "toan xa",
  "toan bo",
  "ca tinh",
  "ca huyen",
  "ca xa",
  "biet",
  "muon biet",
  "can biet",
  "dung khong",
  "phai khong",
);
soft(connectorRule, [], "o", "tai", "cua", "ve", "thuoc", "trong", "tren", "va", "voi");
soft(auxRule, ["aux"], "da", "dang", "duoc");
soft(coRule, ["aux", "verb"], "co");
soft(conRule, [], "con");
soft(laRule, [], "la");
soft(thiRule, [], "thi");
soft(roiRule, ["particle"], "roi");
soft(endRule, ["particle"], "a", "nha", "nhi", "the", "em", "anh", "chi");

const MAX_PHRASE_WORDS = Math.max(...[...VOCAB.keys()].map((k) => k.split(" ").length));

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

/** Understand a free-text question. Never throws; unknown → { intent: "help" }. */
export function parseQuestion(text: string): ParsedQuestion {
  const tokens = tokensOf(typeof text === "string" ? text : "");
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
}

function keyed(c: UnitCandidate): Keyed {
  const typeWord = normKey(c.type);
  const full = normKey(c.searchName || c.name);
  const startsWithType = typeWord !== "" && (full === typeWord || full.startsWith(`${typeWord} `));
  const bare = startsWithType && full !== typeWord ? full.slice(typeWord.length + 1) : full;
  const label = startsWithType || typeWord === "" ? full : `${typeWord} ${full}`;
  return { c, typeWord, full, bare, label, bareTokens: bare === "" ? [] : bare.split(" ") };
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

interface Scored {
  k: Keyed;
  tier: number;
  score: number;
}

/**
 * Rank candidates for one query. Tiers: 0 exact (name or "type name"), 1 exact name
 * under another type word of the same level, 2 name starts with the query,
 * 3 every query word found in the name (any order, word prefixes allowed).
 */
function rank(q: string, level: Level | undefined, all: readonly Keyed[]): Scored[] {
  const { prefix, level: prefixLevel, rest } = splitPrefix(q);
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
    if (!levelOk) continue;
    // "thon 1" must not drift to "Khu 1": with a number the type word has to agree.
    if (prefix !== undefined && numericOnly && !typeAgrees && k.full !== q) continue;

    let tier: number | undefined;
    if (q === k.full || q === k.label || (prefix === undefined && q === k.bare)) tier = 0;
    else if (prefix !== undefined && rest === k.bare) tier = 1;
    else if (k.bareTokens.length >= restTokens.length) {
      const starts = restTokens.every((t, i) =>
        i === restTokens.length - 1 ? tokenMatches(t, k.bareTokens[i]!) : t === k.bareTokens[i],
      );
      if (starts) tier = 2;
      else {
        const used = new Set<number>();
        const contained = restTokens.every((t) => {
          const idx = k.bareTokens.findIndex((n, i) => !used.has(i) && tokenMatches(t, n));
          if (idx < 0) return false;
          used.add(idx);
          return true;
        });
        if (contained) tier = 3;
      }
    }
    if (tier === undefined) continue;
    const exactWords = restTokens.filter((t) => k.bareTokens.includes(t)).length;
    // Fewer leftover name words = closer match.
    const score = exactWords * 100 - (k.bareTokens.length - restTokens.length);
    out.push({ k, tier, score });
  }
  return out.sort(
    (a, b) =>
      a.tier - b.tier ||
      b.score - a.score ||
      LEVEL_RANK[a.k.c.level] - LEVEL_RANK[b.k.c.level] ||
      a.k.full.localeCompare(b.k.full) ||
      a.k.c.id - b.k.c.id,
  );
}

function answer(units: readonly UnitCandidate[]): UnitMatch {
  if (units.length === 0) return { kind: "none" };
  if (units.length === 1) return { kind: "one", unit: units[0]! };
  return { kind: "many", units: units.slice(0, MAX_UNIT_MATCHES) };
}

/**
 * Match a unit phrase against candidates (the caller passes ONLY units inside the
 * asker's scope). The phrase may carry a type word or not: "huc dong", "xa huc dong"
 * and "Thôn 1" all work. Exact matches win (respecting `level` when given, or the
 * level of the typed type word); otherwise name-prefix / word-containment matches,
 * best first; as a last resort the longest sub-phrase that matches a name exactly
 * (for noisy phrases such as "huc dong van").
 */
export function matchUnit(query: string, level: Level | undefined, candidates: readonly UnitCandidate[]): UnitMatch {
  const q = normKey(typeof query === "string" ? query : "");
  if (q === "") return { kind: "none" };
  const seen = new Set<number>();
  const all: Keyed[] = [];
  for (const c of candidates) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    all.push(keyed(c));
  }

  const ranked = rank(q, level, all);
  const exact = ranked.filter((s) => s.tier <= 1);
  const bestExactTier = exact[0]?.tier;
  if (bestExactTier !== undefined) return answer(exact.filter((s) => s.tier === bestExactTier).map((s) => s.k.c));
  if (ranked.length > 0) return answer(ranked.map((s) => s.k.c));

  // Noisy phrase: try shorter contiguous sub-phrases, longest first, exact matches only
  // (keeping the level of a typed type word: "xa binh lieu" never finds the district).
  const { prefix, level: prefixLevel, rest } = splitPrefix(q);
  const subLevel = level ?? prefixLevel;
  const tokens = rest.split(" ").slice(0, 10);
  for (let len = tokens.length - (prefix === undefined ? 1 : 0); len >= 1; len--) {
    const found: UnitCandidate[] = [];
    for (let i = 0; i + len <= tokens.length; i++) {
      const sub = tokens.slice(i, i + len).join(" ");
      if (!hasLetter(sub) || sub.length < 2) continue;
      for (const s of rank(sub, subLevel, all)) {
        if (s.tier <= 1 && !found.includes(s.k.c)) found.push(s.k.c);
      }
    }
    if (found.length > 0) return answer(found);
  }
  return { kind: "none" };
}
