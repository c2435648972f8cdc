import { nameMsg } from "../catalog/parse.js";
import { foldVietnamese, normalizeSpaces } from "../text.js";
import { fail, ok, type Parsed } from "./result.js";

export const NAME_MIN_LETTERS = 2;
export const NAME_MAX_LENGTH = 80;

/** Typographic apostrophes are stored as the ASCII one. */
const APOSTROPHE_VARIANTS = /[\u2019\u2018\u02BC\u02BB`\u00B4]/g;
const ALLOWED_CHAR = /^[\p{L}\p{M} '.-]$/u;
const DIGIT = /\p{Nd}/u;
const LETTER = /\p{L}/u;
const MARK = /\p{M}/u;

/**
 * Parse a person's full name: NFC, trimmed, spaces collapsed, each word capitalised
 * ("nguyễn  văn AN" → "Nguyễn Văn An"). Letters, spaces, hyphen, apostrophe and dot only;
 * at least 2 letters, at most 80 characters. A letter after a hyphen or apostrophe is
 * also capitalised ("h'hen niê" → "H'Hen Niê").
 */
export function parsePersonName(input: string): Parsed<string> {
  const raw = normalizeSpaces(input);
  if (raw === "") return fail(nameMsg.empty);
  const s = raw.replace(APOSTROPHE_VARIANTS, "'");
  const chars = [...s];

  if (chars.length > NAME_MAX_LENGTH) return fail(nameMsg.tooLong(NAME_MAX_LENGTH));
  if (DIGIT.test(s)) return fail(nameMsg.hasDigits(raw));

  const bad = [...new Set(chars.filter((c) => !ALLOWED_CHAR.test(c)))];
  if (bad.length > 0) return fail(nameMsg.invalidChars(raw, bad));

  if (chars.filter((c) => LETTER.test(c)).length < NAME_MIN_LETTERS) return fail(nameMsg.tooShort(raw));

  return ok(capitaliseWords(s));
}

/** Upper-case the first letter of every word (after start, space, hyphen, apostrophe, dot), lower-case the rest. */
function capitaliseWords(s: string): string {
  let out = "";
  let atWordStart = true;
  for (const ch of s) {
    if (LETTER.test(ch)) {
      out += atWordStart ? ch.toUpperCase() : ch.toLowerCase();
      atWordStart = false;
    } else {
      out += ch;
      if (!MARK.test(ch)) atWordStart = true;
    }
  }
  return out.normalize("NFC");
}

/** Same person name ignoring case, diacritics, spacing and apostrophe style. */
export function sameName(a: string, b: string): boolean {
  const key = (s: string) => foldVietnamese(s.replace(APOSTROPHE_VARIANTS, "'"));
  return key(a) === key(b);
}
