/**
 * The declared vocabulary of staff questions that carries no place name:
 * abbreviations officials really type, and filler words and particles.
 * One place, tested (test/domain/vocabulary.test.ts); src/domain/intent.ts
 * reads it. Everything is folded (foldVietnamese: no diacritics, đ → d).
 *
 * Pure data and one pure function: no database, no grammY.
 */

/** When a contextual abbreviation takes this reading. */
export type AbbreviationWhen =
  /**
   * The next word is an unknown word (a name) and the word before is not a type
   * word: "tt Bình Liêu" = thị trấn Bình Liêu, "x Húc Động" = xã Húc Động (but in
   * "phường h lam" the "h" is a typo inside the name).
   */
  | "beforeName"
  /** The next word is not a name: "còn thôn nào k", "k biết"; but "xã K Thượng" is a name. */
  | "notBeforeName"
  /** Always (the default). */
  | "always";

export interface Abbreviation {
  /** As typed, folded: "đh" and "dh" are both "dh". */
  short: string;
  /** Readings, tried in order; the first whose condition holds wins. No reading fits → the word stays as typed. */
  readings: readonly { long: string; when?: AbbreviationWhen }[];
}

const always = (long: string) => [{ long }] as const;
const beforeName = (long: string) => [{ long, when: "beforeName" as const }];
const notBeforeName = (long: string) => [{ long, when: "notBeforeName" as const }];

/**
 * Domain abbreviations and chat spellings. "tt" is a town (thị trấn) before a
 * name and the hamlet chief (trưởng thôn) otherwise; single letters are a
 * type word only before a name ("x Húc Động", "h Bình Liêu", "p Cửa Ông"), and
 * a chat spelling only where no name follows ("k" = không, but "xã K Thượng").
 */
export const ABBREVIATIONS: readonly Abbreviation[] = [
  // the work
  { short: "cb", readings: always("chi bo") },
  { short: "cbo", readings: always("chi bo") },
  { short: "dh", readings: always("dai hoi") },
  { short: "dhcb", readings: always("dai hoi chi bo") },
  { short: "tt", readings: [{ long: "thi tran", when: "beforeName" }, { long: "truong thon" }] },
  { short: "bt", readings: always("bi thu") },
  { short: "btcb", readings: always("bi thu chi bo") },
  { short: "ds", readings: always("danh sach") },
  { short: "bc", readings: always("bao cao") },
  { short: "sl", readings: always("so luong") },
  { short: "td", readings: always("tien do") },
  { short: "tl", readings: always("ty le") },
  { short: "dv", readings: always("don vi") },
  { short: "ht", readings: always("hoan thanh") },
  { short: "xg", readings: always("xong") },
  { short: "bcu", readings: always("bau cu") },
  // unit type words
  { short: "tp", readings: always("thanh pho") },
  { short: "tx", readings: always("thi xa") },
  { short: "x", readings: beforeName("xa") },
  { short: "h", readings: beforeName("huyen") },
  { short: "p", readings: beforeName("phuong") },
  // chat spellings
  { short: "k", readings: notBeforeName("khong") },
  { short: "ko", readings: always("khong") },
  { short: "kg", readings: always("khong") },
  { short: "kh", readings: always("khong") },
  { short: "khg", readings: always("khong") },
  { short: "hok", readings: always("khong") },
  { short: "ch", readings: always("chua") },
  { short: "chx", readings: always("chua") },
  { short: "dc", readings: always("duoc") },
  { short: "ntn", readings: always("nhu the nao") },
  { short: "bn", readings: always("bao nhieu") },
  { short: "bnh", readings: always("bao nhieu") },
  { short: "j", readings: notBeforeName("gi") },
  { short: "r", readings: notBeforeName("roi") },
  { short: "vs", readings: always("voi") },
  { short: "nx", readings: always("nua") },
  { short: "e", readings: notBeforeName("em") },
];

/**
 * Words and phrases with no meaning for the intent that are never part of a
 * unit name: "cho tôi hỏi", "hiện nay", "chung", "đồng chí"…
 */
export const FILLER_PHRASES: readonly string[] = [
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
  // the whole of one's own area: "tiến độ chung thế nào"
  "chung",
  "noi chung",
  "chung chung",
  "tong the",
  "cua minh",
  "ben minh",
  "cua toi",
  "cua em",
  "dia ban minh",
  // forms of address
  "dong chi",
  "sep",
  "ubnd",
  "hdnd",
];

/** Sentence-final or vocative particles: "nhé", "vậy", "ơi", "nè"… */
export const PARTICLES: readonly string[] = ["nhe", "vay", "oi", "ad", "admin", "bot", "nua", "luon", "voi a", "nhe ban", "ne", "nhe a", "vay a"];

/**
 * Fillers that also occur inside place names ("phường Minh Thành", "xã Bằng Cả",
 * "Thống Nhất"): read as part of a name right after a type word or before a
 * name word, as a filler otherwise ("mình muốn biết", "tiến độ đến giờ").
 */
export const NAME_WORD_FILLERS: readonly string[] = ["toi", "minh", "ca", "nay", "hay", "het", "cung", "gio"];

/**
 * Short chat words that are also syllables of names, or what a typo makes of one
 * ("tiến độ Hi Xuân" for Hải Xuân, "xã Thủy Ad" for Thủy An): read as part of a
 * name before a name word or right after a type word, as chat otherwise ("hi bạn").
 */
export const NAME_LIKE_WORDS: readonly string[] = ["hi", "ok", "oke", "ad", "admin", "ten", "thank", "test", "alo", "bot"];

/** Words that, after a type word, point at the asker's own unit: "thôn mình", "xã tôi", "xã chúng tôi". */
export const SELF_REFERENCES: readonly string[] = ["minh", "toi", "chung toi", "chung minh", "nha", "em", "nay", "ta", "chung ta"];

const BY_SHORT = new Map(ABBREVIATIONS.map((a) => [a.short, a]));

/** What the intent matcher tells the expansion about words (src/domain/intent.ts). */
export interface WordKinds {
  /** A vocabulary phrase starts at tokens[i]. */
  vocabularyAt(tokens: readonly string[], i: number): boolean;
  /** tokens[i] is a word that may be part of a name (a filler or connector that also occurs in names: "minh", "cua"). */
  nameCapableAt(tokens: readonly string[], i: number): boolean;
  /** The words are exactly a unit type word ("xa", "thanh pho"). */
  isTypeWord(words: readonly string[]): boolean;
}

/**
 * Replaces abbreviations in folded tokens by their words: for each token, the
 * words it stands for (itself when it is no abbreviation here).
 */
export function expandAbbreviations(tokens: readonly string[], kinds: WordKinds): string[][] {
  const out: string[][] = [];
  /** A name word at j: an unknown word, or a name-capable word followed by an unknown word ("cửa ông", "minh thành"). */
  const nameAt = (j: number): boolean => {
    const t = tokens[j];
    if (t === undefined || BY_SHORT.has(t)) return false;
    if (!kinds.vocabularyAt(tokens, j)) return true;
    const next = tokens[j + 1];
    return kinds.nameCapableAt(tokens, j) && next !== undefined && !BY_SHORT.has(next) && !kinds.vocabularyAt(tokens, j + 1);
  };
  tokens.forEach((token, i) => {
    const entry = BY_SHORT.get(token);
    if (!entry) {
      out.push([token]);
      return;
    }
    // A name follows: "x Húc Động", or a name that starts with a type word ("x Bản Sen": xã Bản Sen).
    const nextIsName = nameAt(i + 1) || (tokens[i + 1] !== undefined && kinds.isTypeWord([tokens[i + 1]!]) && nameAt(i + 2));
    // Right after a type word ("phường h lam"), a single letter is part of the name, not another type word.
    const before = out.slice(-3);
    const afterTypeWord = before.length > 0 && (kinds.isTypeWord(before.at(-1)!) || [2, 3].some((n) => n <= before.length && kinds.isTypeWord(before.slice(-n).flat())));
    const fits = (when: AbbreviationWhen = "always"): boolean =>
      when === "always" || (when === "beforeName" ? nextIsName && !afterTypeWord : !nextIsName);
    const reading = entry.readings.find((r) => fits(r.when));
    out.push(reading ? reading.long.split(" ") : [token]);
  });
  return out;
}
