/**
 * Small, measured fuzzy matching of place names (no dependency): an edit
 * distance that counts a swap of two neighbouring letters as one typo, how many
 * typos a name of some length tolerates, and whether the diacritics a user did
 * type agree with a name. Pure.
 */
import { foldVietnamese } from "./text.js";

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition):
 * "hut dong" → "huc dong" is 1, "huc dnog" → "huc dong" is 1. Stops early and
 * returns `max + 1` once the distance is known to exceed `max`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const n = b.length + 1;
  if (rows.length < 3 * n) rows = new Int32Array(6 * n);
  // Three rows in one reused buffer: two rows back, the previous row, this row.
  let prevPrev = 0;
  let prev = n;
  let row = 2 * n;
  for (let j = 0; j < n; j++) rows[prev + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[row] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(rows[prev + j]! + 1, rows[row + j - 1]! + 1, rows[prev + j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, rows[prevPrev + j - 2]! + 1);
      rows[row + j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return rows[prev + b.length]!;
}

let rows = new Int32Array(192);

/**
 * Typos tolerated in a name of `length` characters (folded, spaces included):
 * none up to 3 ("ba", "ha tu" needs 4+), one up to 6, two beyond.
 */
export function allowedTypos(length: number): number {
  if (length <= 3) return 0;
  if (length <= 6) return 1;
  return 2;
}

/** Lower case, NFC, words split on anything that is not a letter or digit. Diacritics kept. */
export function markedWords(s: string): string[] {
  return s
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * Whether a word as typed agrees with a name's word: each letter is either the
 * name's letter exactly or its bare form (no diacritics). "dong", "đong" and
 * "động" agree with "động"; "đông" and "dộng" do not (a different word).
 * Words that do not fold to the same letters never agree.
 */
export function marksAgree(typed: string, name: string): boolean {
  if (typed === name) return true;
  const t = [...typed.normalize("NFC").toLowerCase()];
  const n = [...name.normalize("NFC").toLowerCase()];
  if (t.length !== n.length) return foldVietnamese(typed) === foldVietnamese(name) && foldVietnamese(typed) === typed.toLowerCase();
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    const m = n[i]!;
    if (c === m) continue;
    if (c === foldVietnamese(c) && c === foldVietnamese(m)) continue;
    return false;
  }
  return true;
}
