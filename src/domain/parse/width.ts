import { normalizeSpaces } from "../text.js";

/**
 * Typed input as the parsers read it: compatibility forms folded by NFKC
 * (full-width digits and punctuation from some phone keyboards: "１２４５" →
 * "1245", "１．４５２" → "1.452", "：" → ":"), then whitespace collapsed and
 * trimmed (normalizeSpaces). Vietnamese letters are unchanged (NFKC = NFC for them).
 */
export function normalizeInput(s: string): string {
  return normalizeSpaces(s.normalize("NFKC"));
}
