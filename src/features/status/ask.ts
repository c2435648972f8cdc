import { InlineKeyboard } from "grammy";
import { questionMsg, statusMsg } from "../../domain/catalog/status.js";
import { choiceOptions, type AnswerIntent } from "../../domain/question.js";
import { escapeHtml } from "../../domain/text.js";
import type { BotContext } from "../../context.js";

/** A unit choice the bot asked and that a typed reply may answer. */
export interface PendingChoice {
  intent: AnswerIntent;
  reason: "several" | "close";
  unitIds: number[];
  /** The labels as listed (plain text), in order. */
  labels: string[];
  expiresAt: number;
  /** Replies that fitted no choice so far. */
  unclear: number;
}

/** A typed reply counts for this long after the choice was asked. */
export const CHOICE_TTL_MS = 15 * 60_000;
/** After this many replies that fit no choice, the choice is dropped and the text handled anew. */
export const MAX_UNCLEAR_REPLIES = 2;
const MAX_PENDING = 10_000;

/**
 * Choices waiting for a typed reply, per chat, in memory: a restart forgets
 * them (the buttons keep working; a typed "1" is then simply not understood).
 */
export function pendingChoices(now: () => number) {
  const byChat = new Map<string, PendingChoice>();
  return {
    get(key: string): PendingChoice | undefined {
      const p = byChat.get(key);
      if (p && p.expiresAt <= now()) {
        byChat.delete(key);
        return undefined;
      }
      return p;
    },
    set(key: string, choice: Omit<PendingChoice, "expiresAt" | "unclear">): void {
      byChat.delete(key);
      if (byChat.size >= MAX_PENDING) byChat.delete(byChat.keys().next().value!);
      byChat.set(key, { ...choice, expiresAt: now() + CHOICE_TTL_MS, unclear: 0 });
    },
    delete(key: string): void {
      byChat.delete(key);
    },
  };
}

export type PendingChoices = ReturnType<typeof pendingChoices>;

/** The chat a choice belongs to (per messenger: the same bot also runs on Zalo). */
export function choiceKey(ctx: BotContext): string {
  const channel = (ctx as { channel?: string }).channel ?? "telegram";
  return `${channel}:${ctx.chatId ?? ctx.from?.id ?? ""}`;
}

/** The button data that answers `intent` about a unit (the same data the answers' own buttons use). */
export function answerData(intent: AnswerIntent, unitId: number): string {
  switch (intent) {
    case "progress":
    case "hamlet_report":
      return `td:${unitId}`;
    case "not_finished":
      return `cx:${unitId}:all:0`;
    case "election_missing":
      return `cx:${unitId}:election:0`;
    case "congress_missing":
      return `cx:${unitId}:congress:0`;
  }
}

/** Button data of "no, none of these". */
export const DECLINE_DATA = "uq:no";

/**
 * The question asked back (HTML) and its buttons: the choices are numbered lines
 * in the text too, and each button is the same number.
 */
export function askText(intent: AnswerIntent, reason: "several" | "close", typed: string, labels: readonly string[], unitIds: readonly number[]) {
  const options = choiceOptions(labels, reason);
  const keyboard = new InlineKeyboard();
  const single = reason === "close" && labels.length === 1;
  const lines = options.map((o, i) => `${i + 1}. ${escapeHtml(o.label)}`);
  options.forEach((o, i) => {
    const data = o.value === "no" ? DECLINE_DATA : answerData(intent, unitIds[Number(o.value)]!);
    keyboard.text(single ? `${i + 1}. ${o.label}` : String(i + 1), data);
    if ((i + 1) % 5 === 0) keyboard.row();
  });
  const heading = single
    ? questionMsg.confirmOne(escapeHtml(labels[0]!))
    : reason === "close"
      ? questionMsg.closeMany(escapeHtml(typed))
      : statusMsg.chooseUnit;
  const hint = single ? questionMsg.hintYesNo : questionMsg.hintList;
  return { text: `${heading}\n${lines.join("\n")}\n${hint}`, keyboard };
}
