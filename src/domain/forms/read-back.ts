import { outcomeLabel, readBackMsg } from "../catalog/report.js";
import { escapeHtml } from "../text.js";
import { formatFieldValue } from "./fields.js";
import type { Answers, FormContext, FormSpec } from "./types.js";

/** "1. Label: <b>value</b>" for every field (HTML, values escaped). */
export function answerLines(form: FormSpec, answers: Answers): string[] {
  return form.fields.map((f, i) => `${i + 1}. ${escapeHtml(f.label)}: <b>${escapeHtml(formatFieldValue(f, answers[f.key]))}</b>`);
}

/** The summary shown before saving (HTML): every answer, then the computed outcome. */
export function readBackText(form: FormSpec, answers: Answers, ctx: FormContext, unitLabel: string, extra: { photo?: boolean } = {}): string {
  const lines = answerLines(form, answers);
  const { outcome, reason } = form.outcome(answers, ctx);
  const result = [`${readBackMsg.outcome}: <b>${outcomeLabel[outcome]}</b>`];
  if (reason) result.push(escapeHtml(reason));
  const photo = extra.photo ? readBackMsg.photoAttached : readBackMsg.photoHint;
  return [readBackMsg.heading(form.title, escapeHtml(unitLabel)), "", ...lines, "", ...result, "", photo].join("\n");
}
