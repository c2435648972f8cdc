import { formMsg, readBackMsg } from "../src/domain/catalog/report.js";
import { applyStepInput, fieldOf, nextStep, stepQuestion } from "../src/domain/forms/engine.js";
import { readBackText } from "../src/domain/forms/read-back.js";
import type { Answers, FieldSpec, FormContext, FormSpec } from "../src/domain/forms/types.js";
import { formatDateVi } from "../src/domain/parse/date.js";
import type { ChoiceOption } from "../src/domain/parse/choice.js";
import { matchChoice, YES_NO_OPTIONS } from "../src/domain/parse/choice.js";
import { escapeHtml } from "../src/domain/text.js";
import type { Button, Dialogue } from "./dialogue.js";

const MAX_TRIES_BEFORE_HINT = 3;

/** Shortcut buttons for a field asked alone. */
function buttonsFor(field: FieldSpec, ctx: FormContext): Button[] {
  const numbered = (options: readonly ChoiceOption<string>[]) => options.map((o, i) => ({ label: o.label, typed: String(i + 1) }));
  if (field.kind === "choice") return numbered(field.options ?? []);
  if (field.kind === "yesno") return numbered(YES_NO_OPTIONS);
  if (field.kind === "date") return [{ label: `Hôm nay (${formatDateVi(ctx.today)})`, typed: "hôm nay" }];
  if (field.kind === "optionalName") return [{ label: "Không có", typed: "không" }];
  return [];
}

/** Choices typed as text read "1. Có  2. Không" under the question. */
function withOptions(question: string, field: FieldSpec | undefined): string {
  const options = field?.kind === "choice" ? field.options : field?.kind === "yesno" ? YES_NO_OPTIONS : undefined;
  if (!options || /\(1\./.test(question)) return question;
  return `${question}\n${options.map((o, i) => `${i + 1}. ${o.label}`).join("\n")}`;
}

export interface FillState {
  answers: Answers;
  photoFileId: string | null;
}

/**
 * Asks the given fields (one step, or what is left of it) until the answers
 * parse and pass the rules. A photo sent meanwhile is kept as the minutes.
 */
async function askFields(d: Dialogue, form: FormSpec, ctx: FormContext, state: FillState, question: (keys: string[]) => string, keys: string[]) {
  let tries = 0;
  let prefix = "";
  while (keys.length) {
    const single = keys.length === 1 ? fieldOf(form, keys[0]!) : undefined;
    await d.say(prefix + escapeHtml(withOptions(question(keys), single)), single ? buttonsFor(single, ctx) : [], 2);
    prefix = "";
    const input = await d.next();
    if (input.kind === "photo") {
      state.photoFileId = input.fileId;
      prefix = `${readBackMsg.photoSaved}\n\n`;
      continue;
    }
    const result = applyStepInput(form, keys, input.text, state.answers, ctx);
    if (!result.ok) {
      tries++;
      prefix = `${escapeHtml(result.error)}${tries >= MAX_TRIES_BEFORE_HINT ? `\n${formMsg.retryHint}` : ""}\n\n`;
      continue;
    }
    state.answers = result.answers;
    keys = result.remaining;
    tries = 0;
  }
}

/** Walks the form's steps for every unanswered field. */
export async function fillMissing(d: Dialogue, form: FormSpec, ctx: FormContext, state: FillState) {
  for (let next = nextStep(form, state.answers); next; next = nextStep(form, state.answers)) {
    const step = next.step;
    await askFields(d, form, ctx, state, (keys) => stepQuestion(form, step, keys, ctx, state.answers), next.keys);
  }
}

const READ_BACK_OPTIONS = [
  { value: "save", label: readBackMsg.save, aliases: ["luu", "dong y", "ok", "gui"] },
  { value: "edit", label: readBackMsg.edit, aliases: ["sua"] },
  { value: "cancel", label: readBackMsg.cancel, aliases: ["huy"] },
] as const satisfies readonly ChoiceOption<string>[];

/**
 * Shows every answer and the computed outcome until the user saves (returns
 * the update id of that press, the submission's idempotency key) or cancels.
 */
export async function readBack(d: Dialogue, form: FormSpec, ctx: FormContext, state: FillState, unitLabel: string): Promise<number | undefined> {
  for (;;) {
    const summary = readBackText(form, state.answers, ctx, unitLabel, { photo: state.photoFileId !== null });
    const { value, updateId, photoFileId } = await chooseOrPhoto(d, summary);
    if (photoFileId) {
      state.photoFileId = photoFileId;
      continue;
    }
    if (value === "save") return updateId;
    if (value === "cancel") return undefined;
    const fieldOptions = [
      ...form.fields.map((f) => ({ value: f.key, label: f.label })),
      { value: "__back", label: readBackMsg.back, aliases: ["quay lai"] },
    ];
    const picked = await d.choose(readBackMsg.chooseField, fieldOptions, 2);
    if (picked.value === "__back") continue;
    const field = fieldOf(form, picked.value);
    await askFields(d, form, ctx, state, () => field.question, [field.key]);
  }
}

/** The read-back question also accepts a photo of the minutes. */
async function chooseOrPhoto(d: Dialogue, summary: string): Promise<{ value?: string; updateId: number; photoFileId?: string }> {
  let prefix = "";
  for (;;) {
    await d.say(prefix + summary, READ_BACK_OPTIONS.map((o, i) => ({ label: o.label, typed: String(i + 1) })), 3);
    const input = await d.next();
    if (input.kind === "photo") return { photoFileId: input.fileId, updateId: input.updateId };
    const parsed = matchChoice(input.text, READ_BACK_OPTIONS);
    if (parsed.ok) return { value: parsed.value, updateId: input.updateId };
    prefix = `${escapeHtml(parsed.error)}\n\n`;
  }
}
