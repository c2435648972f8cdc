import { formMsg } from "../catalog/report.js";
import { foldVietnamese } from "../text.js";
import { parseFieldValue } from "./fields.js";
import type { Answers, FieldSpec, FormContext, FormSpec, StepSpec } from "./types.js";

export function fieldOf(form: FormSpec, key: string): FieldSpec {
  const field = form.fields.find((f) => f.key === key);
  if (!field) throw new Error(`form ${form.kind} has no field ${key}`);
  return field;
}

const NUMERIC = new Set(["count", "percent", "year"]);

/**
 * Splits one message into the answers to several fields: one per line, or
 * separated by ";" or ", " (a bare comma stays: "1,452" is a number). Numbers
 * alone may be separated by spaces only where that cannot be read as one
 * space-grouped number ("50 45 40" splits; "300 280 250" and "1 300" are
 * ambiguous and answered with a request for one number per line).
 */
export function splitParts(input: string, fields: readonly FieldSpec[]): string[] | "ambiguous" {
  const text = input.trim();
  if (fields.length <= 1) return [text];
  let parts = text.split(/\r?\n|;|,\s+|\s+\/\s+/).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 1 && fields.every((f) => NUMERIC.has(f.kind))) {
    const tokens = text.split(/\s+/);
    if (tokens.length > 1 && tokens.length <= fields.length && tokens.every((t) => /^\d+$/.test(t))) {
      const couldBeOneNumber = tokens[0]!.length <= 3 && tokens.slice(1).every((t) => t.length === 3);
      if (couldBeOneNumber) return "ambiguous";
      parts = tokens;
    }
  }
  // "1. 312" copied from the numbered question: drop the list number.
  if (parts.length > 1) parts = parts.map((p) => p.replace(/^\d\s*[.)]\s+(?=\S)/, ""));
  return parts;
}

export type StepResult =
  | { ok: true; answers: Answers; remaining: string[] }
  | { ok: false; error: string };

/**
 * Applies one message to the fields being asked: parses each part with its
 * field's parser, then runs the cross-field rules that the new values touch.
 * Fewer parts than fields is fine: the rest are asked next.
 */
export function applyStepInput(form: FormSpec, keys: readonly string[], input: string, answers: Answers, ctx: FormContext): StepResult {
  const fields = keys.map((k) => fieldOf(form, k));
  const parts = splitParts(input, fields);
  const labels = fields.map((f) => f.label.toLowerCase()).join(", ");
  if (parts === "ambiguous") return { ok: false, error: formMsg.onePerLine(input.trim()) };
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
  return { ok: true, answers: next, remaining: keys.slice(parts.length) };
}

/** Rules whose fields are all answered (and, if given, that involve a touched field) and fail. */
export function ruleViolations(form: FormSpec, answers: Answers, ctx: FormContext, touched?: readonly string[]) {
  return form.rules
    .filter((r) => r.fields.every((f) => answers[f] !== undefined && answers[f] !== null))
    .filter((r) => !touched || r.fields.some((f) => touched.includes(f)))
    .map((r) => ({ rule: r.id, fields: r.fields, message: r.check(answers, ctx) }))
    .filter((v): v is { rule: string; fields: readonly string[]; message: string } => v.message !== undefined);
}

export function isComplete(form: FormSpec, answers: Answers): boolean {
  return form.fields.every((f) => answers[f.key] !== undefined);
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
