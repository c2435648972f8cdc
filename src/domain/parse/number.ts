import { countMsg } from "../catalog/parse.js";
import { foldVietnamese } from "../text.js";
import { normalizeInput } from "./width.js";
import { fail, ok, type Parsed } from "./result.js";

/** Largest count accepted by {@link parseCount}. */
export const MAX_COUNT = 10_000_000;

/** Unit words (folded) that may follow a count and are ignored: "312 người", "1.452 cử tri". */
export const COUNT_UNIT_WORDS: readonly string[] = [
  "nguoi",
  "phieu",
  "cu tri",
  "dang vien",
  "ho",
  "thanh vien",
  "dong chi",
  "ng",
];

const TRAILING_UNIT = new RegExp(`^(.*?) ?(?:${COUNT_UNIT_WORDS.join("|")})\\.?$`);
const PLAIN = /^\d+$/;
/** "1.452", "1,452", "1 452", "1.452.000": first group 1–3 digits, then groups of exactly 3, one separator kind. */
const GROUPED = /^[1-9]\d{0,2}([., ])\d{3}(?:\1\d{3})*$/;
/** Looks like a decimal number: "1.45", "12,5", "1.452,5". */
const DECIMAL = /^\d+(?:[., ]\d{3})*[.,]\d+$/;
const NEGATIVE = /^[-\u2212\u2013] ?\d[\d., ]*$/;

/**
 * Parse a non-negative whole count as Vietnamese officials type it:
 * "1452", "1.452", "1,452", "1 452" (also NBSP), "1.452.000", "0", "312 người".
 */
export function parseCount(input: string): Parsed<number> {
  const raw = normalizeInput(input);
  if (raw === "") return fail(countMsg.empty);

  let s = foldVietnamese(raw);
  const unit = TRAILING_UNIT.exec(s);
  if (unit) s = (unit[1] ?? "").trim();

  let digits: string | null = null;
  if (PLAIN.test(s)) digits = s;
  else if (GROUPED.test(s)) digits = s.replace(/[., ]/g, "");

  if (digits === null) {
    if (NEGATIVE.test(s)) return fail(countMsg.negative(raw));
    if (DECIMAL.test(s)) return fail(countMsg.notWhole(raw));
    return fail(countMsg.notANumber(raw));
  }

  const n = Number(digits);
  if (!(n <= MAX_COUNT)) return fail(countMsg.tooLarge(raw, formatCount(MAX_COUNT)));
  return ok(n);
}

/** Vietnamese digit grouping: 1452 → "1.452", 1452000 → "1.452.000". Non-integers are rounded. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Math.round(n);
  const sign = r < 0 ? "-" : "";
  return sign + String(Math.abs(r)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}
