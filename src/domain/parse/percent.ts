import { percentMsg } from "../catalog/parse.js";
import { foldVietnamese } from "../text.js";
import { normalizeInput } from "./width.js";
import { fail, ok, type Parsed } from "./result.js";

const PERCENT_SUFFIX = / ?(?:%|phan tram)$/;
const NUMBER = /^(-)?(\d+)(?:[.,](\d+))?$/;

/**
 * Parse a percentage, returned in percent units (85.5 for "85,5%").
 * Accepts "85,5%", "85.5", "85,5", "85 %", "100%", "0"; at most 2 decimals; 0–100 inclusive.
 */
export function parsePercent(input: string): Parsed<number> {
  const raw = normalizeInput(input);
  if (raw === "") return fail(percentMsg.empty);

  const s = foldVietnamese(raw).replace(PERCENT_SUFFIX, "");
  const m = NUMBER.exec(s);
  if (!m) return fail(percentMsg.notAPercent(raw));

  const negative = m[1] !== undefined;
  const intPart = m[2] ?? "";
  const frac = m[3] ?? "";
  if (frac.length > 2) return fail(percentMsg.tooManyDecimals(raw));

  const value = Number(`${intPart}.${frac === "" ? "0" : frac}`);
  if (value === 0) return ok(0); // also "-0"
  if (negative || value > 100) return fail(percentMsg.outOfRange(raw));
  return ok(value);
}

/**
 * Format a percentage Vietnamese-style with up to `digits` decimals; trailing zeros
 * are dropped: 97.94 → "97,9%", 100 → "100%", 85.5 → "85,5%".
 */
export function formatPercent(p: number, digits = 1): string {
  if (!Number.isFinite(p)) return `${p}%`;
  let s = p.toFixed(digits);
  if (s.includes(".")) s = s.replace(/\.?0+$/, "");
  if (s === "-0") s = "0";
  return `${s.replace(".", ",")}%`;
}
