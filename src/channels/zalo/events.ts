import { createHash } from "node:crypto";
import type { Update } from "grammy/types";
import { choiceForInput } from "../plain-text.js";
import type { ChoiceMemory } from "./keyboards.js";

/** What Zalo delivers, by poll or webhook (the webhook may wrap it as `{ok, result}`). */
export interface ZaloEvent {
  event_name: string;
  message: ZaloMessage;
}

interface ZaloMessage {
  from?: { id?: string; display_name?: string; is_bot?: boolean };
  chat?: { id?: string; chat_type?: string };
  text?: string;
  photo?: unknown;
  photo_url?: string;
  caption?: string;
  sticker?: unknown;
  message_id?: string;
  date?: number;
}

export type Converted =
  | { kind: "update"; update: Update }
  /** Answer directly, without the bot (an event the bot cannot read). */
  | { kind: "reply"; chatId: string; text: "unsupported" | "photoNotReceived" | "groupsNotSupported" }
  | { kind: "ignore"; why: string };

export interface EventDeps {
  /** The bot's own Zalo id: Zalo may echo our messages back. */
  botId: string | undefined;
  choices: ChoiceMemory;
  /** Fetches an image now (its URL expires) and returns the file id the report keeps. */
  keepPhoto(url: string): Promise<string>;
}

/** Accepts `{event_name, message}` or `{ok, result: {event_name, message}}`; undefined for anything else. */
export function unwrapEvent(body: unknown): ZaloEvent | undefined {
  if (!body || typeof body !== "object") return undefined;
  const inner = "result" in body && (body as { result?: unknown }).result && typeof (body as { result?: unknown }).result === "object" ? (body as { result: unknown }).result : body;
  const event = inner as Partial<ZaloEvent>;
  if (typeof event.event_name !== "string" || !event.message || typeof event.message !== "object") return undefined;
  return event as ZaloEvent;
}

/**
 * A stable Telegram-style update id for a Zalo event (which has none): the
 * same event delivered twice gets the same id, so the bot's de-duplication
 * and the report's submission key work as on Telegram. 48 bits of SHA-256.
 */
export function zaloUpdateId(event: ZaloEvent): number {
  const m = event.message;
  const identity = m.message_id ? `${event.event_name}|${m.chat?.id ?? ""}|${m.message_id}` : JSON.stringify(event);
  return parseInt(createHash("sha256").update(identity).digest("hex").slice(0, 12), 16);
}

function photoUrl(m: ZaloMessage): string | undefined {
  if (typeof m.photo_url === "string") return m.photo_url;
  if (typeof m.photo === "string") return m.photo;
  const nested = m.photo as { url?: unknown } | undefined;
  return typeof nested?.url === "string" ? nested.url : undefined;
}

/**
 * A Zalo event as the update our bot already handles: a private chat whose
 * ids are Zalo's strings, a command typed as text marked as a command, and a
 * typed number (or exact label) answering the last message's choices turned
 * into that button's press.
 */
export async function convertEvent(event: ZaloEvent, deps: EventDeps): Promise<Converted> {
  const m = event.message;
  const userId = m.from?.id;
  const chatId = m.chat?.id ?? userId;
  if (!userId || !chatId) return { kind: "ignore", why: "no sender" };
  if (m.from?.is_bot || (deps.botId !== undefined && userId === deps.botId)) return { kind: "ignore", why: "our own message echoed" };
  const chatType = (m.chat?.chat_type ?? "PRIVATE").toUpperCase();
  if (chatType !== "PRIVATE" && chatType !== "USER") return { kind: "reply", chatId, text: "groupsNotSupported" };

  const update_id = zaloUpdateId(event);
  const name = (m.from?.display_name ?? "").trim() || "Zalo";
  const from = { id: userId, is_bot: false, first_name: name, language_code: "vi" };
  const chat = { id: chatId, type: "private", first_name: name };
  const date = Math.floor((typeof m.date === "number" ? m.date : Date.now()) / 1000);
  const message_id = update_id % 2_147_483_647;
  const base = { message_id, date, chat, from };

  switch (event.event_name) {
    case "message.text.received": {
      const text = typeof m.text === "string" ? m.text : "";
      const shown = deps.choices.get(chatId);
      const choice = shown ? choiceForInput(text, shown.buttons) : ({ kind: "none" } as const);
      if (choice.kind === "callback") {
        const callback_query = { id: String(update_id), from, chat_instance: `zalo-${chatId}`, data: choice.data, message: { message_id: shown!.messageId, date, chat, text: shown!.text } };
        return { kind: "update", update: { update_id, callback_query } as unknown as Update };
      }
      const typed = choice.kind === "text" ? choice.text : text;
      const command = /^\/[A-Za-z0-9_]+/.exec(typed);
      const entities = command ? [{ type: "bot_command", offset: 0, length: command[0].length }] : undefined;
      return { kind: "update", update: { update_id, message: { ...base, text: typed, entities } } as unknown as Update };
    }
    case "message.image.received": {
      const url = photoUrl(m);
      if (!url) return { kind: "reply", chatId, text: "photoNotReceived" };
      let fileId: string;
      try {
        fileId = await deps.keepPhoto(url);
      } catch {
        return { kind: "reply", chatId, text: "photoNotReceived" };
      }
      const photo = [{ file_id: fileId, file_unique_id: fileId, width: 0, height: 0 }];
      const caption = typeof m.caption === "string" && m.caption ? { caption: m.caption } : {};
      return { kind: "update", update: { update_id, message: { ...base, photo, ...caption } } as unknown as Update };
    }
    case "message.sticker.received":
      return { kind: "update", update: { update_id, message: { ...base, sticker: { file_id: String(m.sticker ?? "zalo-sticker"), file_unique_id: "zalo-sticker", type: "regular", width: 0, height: 0, is_animated: false, is_video: false } } } as unknown as Update };
    case "message.unsupported.received":
      return { kind: "reply", chatId, text: "unsupported" };
    default:
      return { kind: "ignore", why: `event ${event.event_name}` };
  }
}
