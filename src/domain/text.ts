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
