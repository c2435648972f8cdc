import { choiceMsg, formatOptionList } from "../catalog/parse.js";
import { foldVietnamese, normalizeSpaces } from "../text.js";
import { fail, ok, type Parsed } from "./result.js";

export interface ChoiceOption<V extends string> {
  value: V;
  label: string;
  aliases?: readonly string[];
}

/** Minimum typed length for matching by part of a label. */
export const CHOICE_MIN_PARTIAL = 2;

/** "1", "2.", "3)", "số 2", "chọn 2", "lựa chọn 2", "phương án 2" (folded). */
const NUMBER = /^(?:(?:so|chon|lua chon|phuong an) ?)?(\d{1,6}) ?[.)]?$/;
/** "2. Không" — a line copied from the option list. */
const NUMBER_AND_LABEL = /^(\d{1,6}) ?[.)] ?(.+)$/;
const EDGE_PUNCTUATION = /^["'“”«»]+|["'“”«»!?.,;:]+$/g;
/** Polite particles that may wrap a short answer: "dạ có", "không ạ". Removed only if nothing matched as typed. */
const POLITE_PREFIX = /^(?:da|vang),? (?=.)/;
const POLITE_SUFFIX = / a$/;

function key(s: string): string {
  return foldVietnamese(s).replace(EDGE_PUNCTUATION, "").trim();
}

type Outcome<V> = { kind: "match"; value: V } | { kind: "ambiguous"; labels: string[] } | { kind: "none" };

function decide<V extends string>(hits: readonly ChoiceOption<V>[]): Outcome<V> {
  const values = new Set(hits.map((o) => o.value));
  const first = hits[0];
  if (first === undefined) return { kind: "none" };
  if (values.size === 1) return { kind: "match", value: first.value };
  return { kind: "ambiguous", labels: hits.map((o) => o.label) };
}

function matchText<V extends string>(s: string, options: readonly ChoiceOption<V>[]): Outcome<V> {
  const labels = options.map((o) => key(o.label));

  const exact = decide(options.filter((_, i) => labels[i] === s));
  if (exact.kind !== "none") return exact;

  const alias = decide(options.filter((o) => (o.aliases ?? []).some((a) => key(a) === s)));
  if (alias.kind !== "none") return alias;

  if ([...s].length < CHOICE_MIN_PARTIAL) return { kind: "none" };

  const prefix = decide(options.filter((_, i) => (labels[i] ?? "").startsWith(s)));
  if (prefix.kind !== "none") return prefix;

  // Containment at a word start: "tiep" finds "Bầu trực tiếp", "ong" does not find "Không".
  return decide(options.filter((_, i) => ` ${labels[i] ?? ""}`.includes(` ${s}`)));
}

/**
 * Match typed text (or a button's text) against numbered options: by number ("1", "2.",
 * "số 2"), by label, by alias (all diacritic/case-insensitive), or by a unique part of a
 * label (≥ 2 characters, at a word start). Errors list the options as "1. Có  2. Không".
 */
export function matchChoice<V extends string>(
  input: string,
  options: readonly ChoiceOption<V>[],
): Parsed<V> {
  if (options.length === 0) return fail(choiceMsg.noOptions);
  const list = formatOptionList(options.map((o) => o.label));
  const raw = normalizeSpaces(input);
  const s = key(raw);
  if (s === "") return fail(choiceMsg.empty(list));

  let outOfRange: number | null = null;
  const num = NUMBER.exec(s);
  if (num) {
    const n = Number(num[1]);
    const picked = options[n - 1];
    if (n >= 1 && picked !== undefined) return ok(picked.value);
    outOfRange = n;
  }

  const numbered = NUMBER_AND_LABEL.exec(s);
  if (numbered) {
    const picked = options[Number(numbered[1]) - 1];
    if (picked !== undefined && key(picked.label) === key(numbered[2] ?? "")) return ok(picked.value);
  }

  let outcome = matchText(s, options);
  if (outcome.kind === "none") {
    const stripped = s.replace(POLITE_PREFIX, "").replace(POLITE_SUFFIX, "").trim();
    if (stripped !== s && stripped !== "") outcome = matchText(stripped, options);
  }

  switch (outcome.kind) {
    case "match":
      return ok(outcome.value);
    case "ambiguous":
      return fail(choiceMsg.ambiguous(raw, outcome.labels, list));
    case "none":
      if (outOfRange !== null) return fail(choiceMsg.numberOutOfRange(String(outOfRange), options.length, list));
      return fail(choiceMsg.notFound(raw, list));
  }
}

export type YesNo = "yes" | "no";

export const YES_NO_OPTIONS: readonly ChoiceOption<YesNo>[] = [
  { value: "yes", label: "Có", aliases: ["co", "c", "dung", "phai", "ok", "yes", "y", "roi", "da", "vang"] },
  { value: "no", label: "Không", aliases: ["khong", "ko", "k", "kg", "no", "n", "sai", "chua"] },
];

/** "có", "1", "ok", "dạ có" → true; "không", "2", "ko", "chưa" → false. */
export function parseYesNo(input: string): Parsed<boolean> {
  const r = matchChoice(input, YES_NO_OPTIONS);
  return r.ok ? { ok: true, value: r.value === "yes" } : r;
}
