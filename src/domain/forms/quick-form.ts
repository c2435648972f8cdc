import { noteMsg, reportMsg } from "../catalog/report.js";
import { foldVietnamese } from "../text.js";
import { parseFieldValue } from "./fields.js";
import { ruleViolations } from "./engine.js";
import type { Answers, FieldSpec, FormContext, FormSpec } from "./types.js";

function optionHint(field: FieldSpec): string {
  if (field.kind === "choice") return ` (${field.options!.map((o) => o.label).join(" / ")})`;
  if (field.kind === "yesno") return " (Có / Không)";
  if (field.optional) return noteMsg.optionalHint;
  return "";
}

/** One message to copy, fill in after each colon, and send back. */
export function quickFormTemplate(form: FormSpec): string {
  return [form.quickFormHeading, ...form.fields.map((f) => `${f.label}${optionHint(f)}: `)].join("\n");
}

/** A key typed by hand: folded, without the "(a / b)" hint. */
const keyOf = (s: string) => foldVietnamese(s.replace(/\(.*\)/, ""));

function fieldForKey(form: FormSpec, rawKey: string): FieldSpec | undefined {
  const key = keyOf(rawKey);
  return (
    form.fields.find((f) => keyOf(f.label) === key) ??
    form.fields.find((f) => (f.aliases ?? []).some((a) => foldVietnamese(a) === key))
  );
}

/**
 * Reads a pasted quick form with the fields' own parsers and the form's rules.
 * Returns what is valid; everything else is listed in `problems` and left
 * unanswered, so the dialogue asks it next.
 */
export function parseQuickForm(form: FormSpec, text: string, ctx: FormContext): { answers: Answers; problems: string[] } {
  const answers: Answers = {};
  const problems: string[] = [];
  const entries: { field: FieldSpec; value: string }[] = [];
  /** A free-text field (the note) whose value may go on over the next lines. */
  let open: { field: FieldSpec; value: string } | undefined;
  for (const rawLine of text.split(/\r?\n/).slice(1)) {
    const line = rawLine.normalize("NFKC"); // a full-width colon "：" is a colon
    const colon = line.indexOf(":");
    const rawKey = colon === -1 ? "" : line.slice(0, colon).trim();
    const field = rawKey ? fieldForKey(form, rawKey) : undefined;
    // After "Ghi chú: …", a line that starts no other field goes on with the note ("họp lúc 8:00").
    if (!field && open && line.trim()) {
      open.value = `${open.value} ${line.trim()}`.trim();
      continue;
    }
    if (!rawKey) continue;
    if (!field) {
      problems.push(reportMsg.quickUnknownKey(rawKey));
      continue;
    }
    const entry = { field, value: line.slice(colon + 1).trim() };
    entries.push(entry);
    open = field.kind === "text" ? entry : undefined;
  }
  for (const { field, value: rawValue } of entries) {
    if (!rawValue) continue;
    const parsed = parseFieldValue(field, rawValue, ctx);
    if (parsed.ok) answers[field.key] = parsed.value;
    else problems.push(`${field.label}: ${parsed.error}`);
  }
  for (const violation of ruleViolations(form, answers, ctx)) {
    problems.push(violation.message);
    for (const key of violation.fields) delete answers[key];
  }
  return { answers, problems };
}
