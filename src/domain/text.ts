/**
 * Text helpers shared by the domain layer. Pure, no dependencies.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const WHITESPACE_RUN = /\s+/g; // \s covers NBSP (U+00A0), narrow NBSP (U+202F), thin space, etc.

/** NFC-normalise, collapse every whitespace run to one ASCII space and trim. Case and diacritics are kept. */
export function normalizeSpaces(s: string): string {
  return s.normalize("NFC").replace(WHITESPACE_RUN, " ").trim();
}

/**
 * Fold Vietnamese text for comparisons: lowercase, no diacritics, đ→d,
 * whitespace collapsed and trimmed. "  Bản Nà  Ếch " → "ban na ech".
 */
export function foldVietnamese(s: string): string {
  return s
    .normalize("NFC")
    .toLowerCase()
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(/đ/g, "d")
    .normalize("NFC")
    .replace(WHITESPACE_RUN, " ")
    .trim();
}

/** Escape text for Telegram's HTML parse mode (&, <, >, "). */
const HTML_SPECIAL = /[&<>"]/;

export function escapeHtml(s: string): string {
  // Most text has nothing to escape: skip the four passes (status lists escape hundreds of names).
  if (!HTML_SPECIAL.test(s)) return s;
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

const GRAPHEMES = new Intl.Segmenter("vi", { granularity: "grapheme" });

/**
 * At most `maxGraphemes` user-perceived characters and `maxUnits` UTF-16 code
 * units; a text that is cut ends with "…" (counted in both limits). Cuts only
 * between graphemes, so an emoji or a letter and its diacritics is never split
 * (a cut surrogate pair is invalid UTF-8, which Telegram refuses).
 */
export function shorten(s: string, maxGraphemes: number, maxUnits = maxGraphemes * 3): string {
  // A grapheme is at least one code unit: short texts need no segmenting.
  if (s.length <= maxGraphemes && s.length <= maxUnits) return s;
  const kept: string[] = [];
  let units = 0;
  let fits = true;
  for (const { segment } of GRAPHEMES.segment(s)) {
    if (kept.length + 1 > maxGraphemes || units + segment.length > maxUnits) {
      fits = false;
      break;
    }
    kept.push(segment);
    units += segment.length;
  }
  if (fits) return s;
  // Make room for "…".
  while (kept.length > 0 && (kept.length + 1 > maxGraphemes || units + 1 > maxUnits)) units -= kept.pop()!.length;
  return `${kept.join("")}…`;
}

/** Longest piece of user text quoted back in a reply (graphemes). */
export const QUOTE_MAX = 60;

/**
 * User text as quoted inside a reply: shortened with "…" so a long message
 * never makes the reply too long. Safe on text already HTML-escaped too: a cut
 * never leaves half an entity ("&quot…").
 */
export function quote(s: string): string {
  const short = shorten(s, QUOTE_MAX);
  return short === s ? s : short.replace(/&#?[a-zA-Z0-9]*…$/, "…");
}
