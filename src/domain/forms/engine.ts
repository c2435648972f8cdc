import { formMsg, readingMsg } from "../catalog/report.js";
import { normalizeInput } from "../parse/width.js";
import { foldVietnamese } from "../text.js";
import { formatFieldValue, parseFieldValue } from "./fields.js";
import type { Answers, FieldSpec, FormContext, FormSpec, StepSpec } from "./types.js";

export function fieldOf(form: FormSpec, key: string): FieldSpec {
  const field = form.fields.find((f) => f.key === key);
  if (!field) throw new Error(`form ${form.kind} has no field ${key}`);
  return field;
}

const NUMERIC = new Set(["count", "percent", "year"]);

/**
 * Every way to read digit groups separated by spaces as at most `max` numbers,
 * a number being one group or a space-grouped one (1–3 digits, then groups of
 * exactly 3): "1 452" → [["1", "452"], ["1 452"]]; "50 45 40" → [["50", "45", "40"]].
 */
export function spaceGroupedReadings(tokens: readonly string[], max: number): string[][] {
  const out: string[][] = [];
  const walk = (i: number, acc: string[]): void => {
    if (acc.length > max) return;
    if (i === tokens.length) {
      out.push(acc);
      return;
    }
    walk(i + 1, [...acc, tokens[i]!]);
    if (tokens[i]!.length > 3 || tokens[i]!.startsWith("0")) return;
    for (let j = i + 1; j < tokens.length && tokens[j]!.length === 3; j++) walk(j + 1, [...acc, tokens.slice(i, j + 1).join(" ")]);
  };
  walk(0, []);
  return out;
}

/**
 * Splits one message into the answers to several fields: one per line, or
 * separated by ";" or ", " (a bare comma stays: "1,452" is a number). Numbers
 * alone may be separated by spaces: where that has one reading it splits ("50
 * 45 40"); where it has several ("300 280 250", "1 300": one space-grouped
 * number or several) the readings are returned for the form's rules to decide.
 */
export function splitParts(input: string, fields: readonly FieldSpec[]): string[] | { ambiguous: string[][] } {
  const text = normalizeInput(input.replace(/\r?\n/g, "\u0000")).replace(/\u0000/g, "\n").trim();
  if (fields.length <= 1) return [text];
  let parts = text.split(/\s*\n\s*|;|,\s+|\s+\/\s+/).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 1 && fields.every((f) => NUMERIC.has(f.kind))) {
    const tokens = text.split(/\s+/);
    if (tokens.length > 1 && tokens.length <= fields.length && tokens.every((t) => /^\d+$/.test(t))) {
      const readings = spaceGroupedReadings(tokens, fields.length);
      if (readings.length > 1) return { ambiguous: readings };
      if (readings.length === 1) parts = readings[0]!;
    }
  }
  // "1. 312" copied from the numbered question: drop the list number.
  if (parts.length > 1) parts = parts.map((p) => p.replace(/^\d\s*[.)]\s+(?=\S)/, ""));
  return parts;
}

export type StepResult =
  /** `understood`: how an ambiguous line was read (plain text), to show the user at once. */
  | { ok: true; answers: Answers; remaining: string[]; understood?: string }
  | { ok: false; error: string };

/**
 * Applies one message to the fields being asked: parses each part with its
 * field's parser, then runs the cross-field rules that the new values touch.
 * Fewer parts than fields is fine: the rest are asked next. A line of numbers
 * with several readings ("1 452": one number or two) is taken in the one
 * reading that satisfies the form's rules, and said so; with none or several
 * such readings, the user is asked for one number per line.
 */
export function applyStepInput(form: FormSpec, keys: readonly string[], input: string, answers: Answers, ctx: FormContext): StepResult {
  const fields = keys.map((k) => fieldOf(form, k));
  const parts = splitParts(input, fields);
  if (!Array.isArray(parts)) {
    const fitting = parts.ambiguous.map((reading) => applyParts(form, fields, reading, answers, ctx)).filter((r) => r.ok);
    const only = fitting.length === 1 ? fitting[0] : undefined;
    if (!only?.ok) return { ok: false, error: formMsg.onePerLine(input.trim()) };
    const values = fields.filter((f) => only.answers[f.key] !== answers[f.key]).map((f) => formatFieldValue(f, only.answers[f.key]));
    return { ...only, understood: readingMsg.understoodAs(normalizeInput(input), values.join("; ")) };
  }
  return applyParts(form, fields, parts, answers, ctx);
}

function applyParts(form: FormSpec, fields: readonly FieldSpec[], parts: readonly string[], answers: Answers, ctx: FormContext): StepResult {
  const labels = fields.map((f) => f.label.toLowerCase()).join(", ");
  if (parts.length === 0) return { ok: false, error: formMsg.tooFewParts(fields.length, labels) };
  if (parts.length > fields.length) return { ok: false, error: formMsg.tooManyParts(fields.length, parts.length, labels) };
  const next: Answers = { ...answers };
  const errors: string[] = [];
  parts.forEach((part, i) => {
    const field = fields[i]!;
    const parsed = parseFieldValue(field, part, ctx);
    if (parsed.ok) next[field.key] = parsed.value;
    else errors.push(fields.length > 1 ? formMsg.partError(field.label, parsed.error) : parsed.error);
  });
  if (errors.length) return { ok: false, error: errors.join("\n") };
  const touched = fields.slice(0, parts.length).map((f) => f.key);
  const violation = ruleViolations(form, next, ctx, touched)[0];
  if (violation) return { ok: false, error: violation.message };
  return { ok: true, answers: next, remaining: fields.slice(parts.length).map((f) => f.key) };
}

/** Rules whose fields are all answered (and, if given, that involve a touched field) and fail. */
export function ruleViolations(form: FormSpec, answers: Answers, ctx: FormContext, touched?: readonly string[]) {
  return form.rules
    .filter((r) => r.fields.every((f) => answers[f] !== undefined && answers[f] !== null))
    .filter((r) => !touched || r.fields.some((f) => touched.includes(f)))
    .map((r) => ({ rule: r.id, fields: r.fields, message: r.check(answers, ctx) }))
    .filter((v): v is { rule: string; fields: readonly string[]; message: string } => v.message !== undefined);
}

/** Every field answered, optional ones (the note) aside. */
export function isComplete(form: FormSpec, answers: Answers): boolean {
  return form.fields.every((f) => f.optional || answers[f.key] !== undefined);
}

/** Answers with the defaults of skipped steps filled in. */
export function withDefaults(form: FormSpec, answers: Answers, ctx: FormContext): Answers {
  const skipped = new Set(form.steps.filter((s) => s.skipWhen?.(ctx)).flatMap((s) => s.fields));
  const defaults = form.defaults?.(ctx) ?? {};
  const filled: Answers = { ...answers };
  for (const [key, value] of Object.entries(defaults)) {
    if (skipped.has(key) && filled[key] === undefined) filled[key] = value;
  }
  return filled;
}

/** The next step with an unanswered field, and which of its fields are still missing. */
export function nextStep(form: FormSpec, answers: Answers): { step: StepSpec; keys: string[] } | undefined {
  for (const step of form.steps) {
    const keys = step.fields.filter((k) => answers[k] === undefined);
    if (keys.length) return { step, keys };
  }
  return undefined;
}

/** The question for a step, or for the part of it still missing. */
export function stepQuestion(form: FormSpec, step: StepSpec, keys: readonly string[], ctx: FormContext, answers: Answers): string {
  if (keys.length === step.fields.length) return typeof step.question === "function" ? step.question(ctx, answers) : step.question;
  if (keys.length === 1) return fieldOf(form, keys[0]!).question;
  return `${keys.map((k, i) => `${i + 1}. ${fieldOf(form, k).label}`).join("\n")}\n${formMsg.multiPartHint}`;
}

/** The form whose quick-form heading starts this text, if any. */
export function quickFormKind<F extends FormSpec>(forms: readonly F[], text: string): F | undefined {
  const first = foldVietnamese(text.split(/\r?\n/, 1)[0] ?? "");
  return forms.find((f) => first.startsWith(foldVietnamese(f.quickFormHeading)));
}
