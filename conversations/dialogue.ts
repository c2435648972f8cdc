import type { Conversation } from "@grammyjs/conversations";
import { InlineKeyboard, type Api, type Context } from "grammy";
import { formatOptionList } from "../src/domain/catalog/parse.js";
import { formMsg } from "../src/domain/catalog/report.js";
import { matchChoice, type ChoiceOption } from "../src/domain/parse/choice.js";
import type { Parsed } from "../src/domain/parse/result.js";
import type { Button, SessionInput } from "../src/domain/forms/session.js";
import { escapeHtml } from "../src/domain/text.js";
import type { BotContext } from "../src/context.js";

export type Convo = Conversation<BotContext, Context>;

/** An answer a question can take: typed text (or a button's typed meaning) or a photo. */
export type Input = Extract<SessionInput, { kind: "text" | "photo" }>;

export type { Button };

/** What a conversation-side update is: typed text, a photo, one of our buttons, or something else. */
export function readInput(c: Context): SessionInput {
  const data = c.callbackQuery?.data;
  if (data !== undefined) {
    const pressed = parseButtonData(data);
    return pressed ? { kind: "button", ...pressed, updateId: c.update.update_id } : { kind: "other" };
  }
  const photo = c.message?.photo;
  if (photo?.length) return { kind: "photo", fileId: photo[photo.length - 1]!.file_id, updateId: c.update.update_id };
  const text = c.message?.text;
  return text === undefined ? { kind: "other" } : { kind: "text", text, updateId: c.update.update_id };
}

/** Inline keyboard of a question's buttons; the data names the question, so a stale press is recognised. */
export function keyboardFor(question: number, buttons: readonly Button[], columns: number): InlineKeyboard | undefined {
  if (!buttons.length) return undefined;
  const keyboard = new InlineKeyboard();
  buttons.forEach((b, i) => {
    keyboard.text(b.label, `q${question}:${i}`);
    if ((i + 1) % columns === 0) keyboard.row();
  });
  return keyboard;
}

/** A pressed button as (question, index), if it is one of ours. */
export function parseButtonData(data: string): { question: number; index: number } | undefined {
  const match = /^q(\d+):(\d+)$/.exec(data);
  return match ? { question: Number(match[1]), index: Number(match[2]) } : undefined;
}

/**
 * The conversation's I/O. Messages go out through the outer bot.api inside
 * conversation.external, so they are recorded once and never re-sent (or
 * re-slept after a 429) when the conversation replays.
 *
 * Every question is plain text with numbered choices; buttons are only a
 * shortcut for typing, so the same dialogue works where buttons don't exist.
 */
export function dialogue(conversation: Convo, api: Api, chatId: number) {
  let question = 0;
  let pending: { question: number; buttons: readonly Button[] } = { question: 0, buttons: [] };

  async function say(html: string, buttons: readonly Button[] = [], columns = 1): Promise<void> {
    question++;
    const keyboard = keyboardFor(question, buttons, columns);
    pending = { question, buttons };
    await conversation.external(() => api.sendMessage(chatId, html, { parse_mode: "HTML", reply_markup: keyboard }).then(() => true));
  }

  /** The next answer: typed text, a pressed button (as its typed meaning) or a photo. */
  async function next(): Promise<Input> {
    for (;;) {
      const c = await conversation.wait();
      const input = readInput(c);
      const queryId = c.callbackQuery?.id;
      if (queryId !== undefined) {
        const button = input.kind === "button" && input.question === pending.question ? pending.buttons[input.index] : undefined;
        await conversation.external(() => api.answerCallbackQuery(queryId, button ? {} : { text: formMsg.pressedOldButton }).catch(() => true));
        if (button) return { kind: "text", text: button.typed, updateId: c.update.update_id };
        continue;
      }
      if (input.kind === "photo") return input;
      if (input.kind !== "text") continue;
      if (input.text.startsWith("/")) {
        await say(formMsg.typedCommandInside);
        continue;
      }
      return input;
    }
  }

  /** A question with numbered options, answered by button, number or words; re-asked until understood. */
  async function choose<V extends string>(html: string, options: readonly ChoiceOption<V>[], columns = 1): Promise<{ value: V; updateId: number }> {
    let prefix = "";
    for (;;) {
      await say(prefix + html, options.map((o, i) => ({ label: o.label, typed: String(i + 1) })), columns);
      const input = await next();
      if (input.kind !== "text") {
        prefix = `${formatOptionList(options.map((o) => o.label))}\n\n`;
        continue;
      }
      const parsed: Parsed<V> = matchChoice(input.text, options);
      if (parsed.ok) return { value: parsed.value, updateId: input.updateId };
      prefix = `${escapeHtml(parsed.error)}\n\n`;
    }
  }

  /** Questions asked so far (a session started next numbers its buttons after them). */
  const asked = () => question;

  return { say, next, choose, asked };
}

export type Dialogue = ReturnType<typeof dialogue>;
