import { formatOptionList } from "../catalog/parse.js";
import { formMsg, readBackMsg, reportMsg } from "../catalog/report.js";
import { formatDateVi } from "../parse/date.js";
import { matchChoice, YES_NO_OPTIONS, type ChoiceOption } from "../parse/choice.js";
import { escapeHtml, foldVietnamese, shorten } from "../text.js";
import { applyStepInput, fieldOf, nextStep, stepQuestion } from "./engine.js";
import { readBackText } from "./read-back.js";
import type { Answers, FieldSpec, FormContext, FormSpec } from "./types.js";

/**
 * A report being filled in, as plain data: where the dialogue stands and
 * what has been answered. The conversation keeps only this (not a replay of
 * every question), so each answer costs the same however far the user is.
 */
export interface FormSession {
  answers: Answers;
  photoFileId: string | null;
  /** A correction (/sua): a reason is asked after "Lưu". */
  edit: boolean;
  at: Position;
  /** Wrong answers in a row to the current question (a hint after 3). */
  tries: number;
  /** Number of the last question sent; its buttons carry it, older buttons are stale. */
  question: number;
  /** What each button of the last question means, as the user could type it. */
  buttons: string[];
}

type Position =
  | { kind: "fill" }
  | { kind: "field"; key: string }
  | { kind: "readBack" }
  | { kind: "pickField" }
  | { kind: "reason"; saveUpdateId: number };

export interface Button {
  label: string;
  /** What pressing it means: exactly what a user could type instead. */
  typed: string;
}

/** One message to send: HTML text and optional shortcut buttons. */
export interface Prompt {
  html: string;
  buttons: Button[];
  columns: number;
  /** Question number the buttons belong to. */
  question: number;
}

export type SessionInput =
  | { kind: "text"; text: string; updateId: number }
  | { kind: "photo"; fileId: string; updateId: number }
  | { kind: "button"; question: number; index: number; updateId: number }
  | { kind: "other" };

export type Advance =
  /** Keep going; `prompt` (if any) is the next message. `staleButton`: an old button was pressed. */
  | { next: "ask"; session: FormSession; prompt?: Prompt; staleButton?: boolean }
  | { next: "save"; session: FormSession; submissionUpdateId: number; reason: string | null }
  | { next: "cancel" };

/** Everything advanceSession reads besides the session (not stored: it comes from the form setup). */
export interface SessionScope {
  form: FormSpec;
  ctx: FormContext;
  unitLabel: string;
}

const MAX_TRIES_BEFORE_HINT = 3;

const READ_BACK_OPTIONS = [
  { value: "save", label: readBackMsg.save, aliases: ["luu", "dong y", "ok", "gui"] },
  { value: "edit", label: readBackMsg.edit, aliases: ["sua"] },
  { value: "cancel", label: readBackMsg.cancel, aliases: ["huy"] },
] as const satisfies readonly ChoiceOption<string>[];

const BACK = "__back";

const numbered = (options: readonly ChoiceOption<string>[]): Button[] => options.map((o, i) => ({ label: o.label, typed: String(i + 1) }));

function fieldOptions(form: FormSpec): ChoiceOption<string>[] {
  return [...form.fields.map((f) => ({ value: f.key, label: f.label })), { value: BACK, label: readBackMsg.back, aliases: ["quay lai"] }];
}

/** Shortcut buttons for a field asked alone. */
function buttonsFor(field: FieldSpec, ctx: FormContext): Button[] {
  if (field.kind === "choice") return numbered(field.options ?? []);
  if (field.kind === "yesno") return numbered(YES_NO_OPTIONS);
  if (field.kind === "date") return [{ label: `Hôm nay (${formatDateVi(ctx.today)})`, typed: "hôm nay" }];
  if (field.kind === "optionalName" || field.kind === "text") return [{ label: "Không có", typed: "không" }];
  return [];
}

/** Choices typed as text read "1. Có  2. Không" under the question. */
function withOptions(question: string, field: FieldSpec | undefined): string {
  const options = field?.kind === "choice" ? field.options : field?.kind === "yesno" ? YES_NO_OPTIONS : undefined;
  if (!options || /\(1\./.test(question)) return question;
  return `${question}\n${options.map((o, i) => `${i + 1}. ${o.label}`).join("\n")}`;
}

/** The question for where the session stands (moving on to the read-back once every field is answered). */
function ask(scope: SessionScope, session: FormSession, prefix = ""): { session: FormSession; prompt: Prompt } {
  const { form, ctx, unitLabel } = scope;
  let at = session.at;
  let html: string;
  let buttons: Button[];
  let columns = 2;
  if (at.kind === "fill") {
    const next = nextStep(form, session.answers);
    if (next) {
      const single = next.keys.length === 1 ? fieldOf(form, next.keys[0]!) : undefined;
      html = prefix + escapeHtml(withOptions(stepQuestion(form, next.step, next.keys, ctx, session.answers), single));
      buttons = single ? buttonsFor(single, ctx) : [];
    } else {
      at = { kind: "readBack" };
    }
  }
  if (at.kind === "field") {
    const field = fieldOf(form, at.key);
    html = prefix + escapeHtml(withOptions(field.question, field));
    buttons = buttonsFor(field, ctx);
  } else if (at.kind === "readBack") {
    html = prefix + readBackText(form, session.answers, ctx, unitLabel, { photo: session.photoFileId !== null });
    buttons = numbered(READ_BACK_OPTIONS);
    columns = 3;
  } else if (at.kind === "pickField") {
    html = prefix + readBackMsg.chooseField;
    buttons = numbered(fieldOptions(form));
  } else if (at.kind === "reason") {
    html = reportMsg.askReason;
    buttons = [{ label: reportMsg.skipReason, typed: reportMsg.skipReason }];
    columns = 1;
  }
  const question = session.question + 1;
  return {
    session: { ...session, at, question, buttons: buttons!.map((b) => b.typed) },
    prompt: { html: html!, buttons: buttons!, columns, question },
  };
}

/** A new session and its first question; `preface` (HTML) goes on top of it. */
export function startSession(
  scope: SessionScope,
  start: { answers: Answers; photoFileId: string | null; edit: boolean; preface?: string; questionsAsked: number },
): { session: FormSession; prompt: Prompt } {
  const session: FormSession = { answers: start.answers, photoFileId: start.photoFileId, edit: start.edit, at: { kind: "fill" }, tries: 0, question: start.questionsAsked, buttons: [] };
  const first = ask(scope, session);
  return start.preface ? { ...first, prompt: { ...first.prompt, html: `${start.preface}\n\n${first.prompt.html}` } } : first;
}

/** What one user message (or button press) does to the session. */
export function advanceSession(scope: SessionScope, session: FormSession, input: SessionInput): Advance {
  if (input.kind === "other") return { next: "ask", session };
  if (input.kind === "button") {
    const typed = input.question === session.question ? session.buttons[input.index] : undefined;
    if (typed === undefined) return { next: "ask", session, staleButton: true };
    return advanceSession(scope, session, { kind: "text", text: typed, updateId: input.updateId });
  }
  if (input.kind === "text" && input.text.startsWith("/")) {
    // Commands that end the dialogue are handled before it; any other is a slip.
    const question = session.question + 1;
    return { next: "ask", session: { ...session, question, buttons: [] }, prompt: { html: formMsg.typedCommandInside, buttons: [], columns: 1, question } };
  }
  const at = session.at;
  const reask = (changes: Partial<FormSession>, prefix = "") => ({ next: "ask" as const, ...ask(scope, { ...session, ...changes }, prefix) });

  if (at.kind === "fill" || at.kind === "field") {
    if (input.kind === "photo") return reask({ photoFileId: input.fileId }, `${readBackMsg.photoSaved}\n\n`);
    const keys = at.kind === "field" ? [at.key] : (nextStep(scope.form, session.answers)?.keys ?? []);
    const result = applyStepInput(scope.form, keys, input.text, session.answers, scope.ctx);
    if (!result.ok) {
      const tries = session.tries + 1;
      return reask({ tries }, `${escapeHtml(result.error)}${tries >= MAX_TRIES_BEFORE_HINT ? `\n${formMsg.retryHint}` : ""}\n\n`);
    }
    const done = at.kind === "field" && result.remaining.length === 0;
    // "1 452" read as one number: say so on top of the next question (the read-back shows it too).
    return reask({ answers: result.answers, tries: 0, at: done ? { kind: "readBack" } : at }, result.understood ? `${escapeHtml(result.understood)}\n\n` : "");
  }

  if (at.kind === "readBack") {
    if (input.kind === "photo") return reask({ photoFileId: input.fileId });
    const parsed = matchChoice(input.text, READ_BACK_OPTIONS);
    if (!parsed.ok) return reask({}, `${escapeHtml(parsed.error)}\n\n`);
    if (parsed.value === "cancel") return { next: "cancel" };
    if (parsed.value === "edit") return reask({ at: { kind: "pickField" } });
    if (session.edit) return reask({ at: { kind: "reason", saveUpdateId: input.updateId } });
    return { next: "save", session, submissionUpdateId: input.updateId, reason: null };
  }

  if (at.kind === "pickField") {
    const options = fieldOptions(scope.form);
    if (input.kind === "photo") return reask({}, `${formatOptionList(options.map((o) => o.label))}\n\n`);
    const parsed = matchChoice(input.text, options);
    if (!parsed.ok) return reask({}, `${escapeHtml(parsed.error)}\n\n`);
    return reask({ at: parsed.value === BACK ? { kind: "readBack" } : { kind: "field", key: parsed.value }, tries: 0 });
  }

  // The reason of a correction: optional, a photo or "Bỏ qua" saves without one.
  const typed = input.kind === "text" && foldVietnamese(input.text) !== foldVietnamese(reportMsg.skipReason) ? shorten(input.text.trim(), 500) : null; // by grapheme: never half an emoji
  return { next: "save", session, submissionUpdateId: at.saveUpdateId, reason: typed };
}

/**
 * What a turn changed, for the conversation's replay log: the answers that
 * changed and the other fields that differ. Logging this instead of the whole
 * session keeps the log (rewritten on every update) about half as large.
 */
export type SessionDelta = Partial<Omit<FormSession, "answers">> & { answers?: Answers };

export function sessionDelta(before: FormSession, after: FormSession): SessionDelta {
  const delta: SessionDelta = {};
  const answers: Answers = {};
  let answered = false;
  for (const [key, value] of Object.entries(after.answers)) {
    if (before.answers[key] !== value) {
      answers[key] = value;
      answered = true;
    }
  }
  if (answered) delta.answers = answers;
  if (after.photoFileId !== before.photoFileId) delta.photoFileId = after.photoFileId;
  if (after.edit !== before.edit) delta.edit = after.edit;
  if (JSON.stringify(after.at) !== JSON.stringify(before.at)) delta.at = after.at;
  if (after.tries !== before.tries) delta.tries = after.tries;
  if (after.question !== before.question) delta.question = after.question;
  if (after.buttons.join("\n") !== before.buttons.join("\n") || after.buttons.length !== before.buttons.length) delta.buttons = after.buttons;
  return delta;
}

export function applySessionDelta(session: FormSession, delta: SessionDelta): FormSession {
  return { ...session, ...delta, answers: delta.answers ? { ...session.answers, ...delta.answers } : session.answers };
}
