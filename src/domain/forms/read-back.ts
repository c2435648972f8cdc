import { outcomeLabel, readBackMsg } from "../catalog/report.js";
import { escapeHtml } from "../text.js";
import { formatFieldValue } from "./fields.js";
import type { Answers, FormContext, FormSpec } from "./types.js";

/**
 * "• Label: <b>value</b>" for every field (HTML, values escaped); an optional
 * field only when it has a value. Bullets, not numbers: under these lines the
 * choices (Lưu / Sửa / Hủy, Xác nhận / Trả lại) are numbered, and typing "1"
 * must mean one thing (on Zalo typing is the only way to answer).
 */
export function answerLines(form: FormSpec, answers: Answers): string[] {
  return form.fields.flatMap((f) => {
    const value = answers[f.key];
    if (f.optional && (value === undefined || value === null)) return [];
    return [`• ${escapeHtml(f.label)}: <b>${escapeHtml(formatFieldValue(f, value))}</b>`];
  });
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
