import type { Update } from "grammy/types";
import { LOCAL_BOT_INFO } from "../src/channels/local-transport.js";

/** One inline button as the user sees it. */
export interface Button {
  text: string;
  data: string;
}

/** Per-chat observations of the fake Bot API (only what the driver needs: nothing is kept per call). */
export interface ChatLog {
  /** sendMessage / sendPhoto / sendDocument to this chat. */
  messages: number;
  /** Every Bot API call about this chat (messages, answerCallbackQuery, edits…). */
  calls: number;
  /** Buttons of the last message with an inline keyboard. */
  keyboard: Button[];
  /** Text of the last message sent to this chat. */
  lastText: string;
}

/**
 * A light stand-in for the Telegram Bot API at the `client.fetch` level, for
 * long runs: `getUpdates` long-polls a queue the driver fills, every other
 * call is answered at once, and nothing is retained per call (only small
 * per-chat counters the driver reads and resets).
 *
 * Answers go through a JSON text, as from the real server, so the bot parses
 * what it would parse in production.
 */
export function createBenchTransport() {
  const queue: Update[] = [];
  let wake: (() => void) | undefined;
  let nextMessageId = 1;
  const chats = new Map<number, ChatLog>();
  const totals = { calls: 0, messages: 0, getUpdates: 0, byMethod: new Map<string, number>() };
  let callCallbackQueryChat: Map<string, number> = new Map();

  function chatLog(chatId: number): ChatLog {
    let log = chats.get(chatId);
    if (!log) chats.set(chatId, (log = { messages: 0, calls: 0, keyboard: [], lastText: "" }));
    return log;
  }

  const respond = (result: unknown) => {
    const text = JSON.stringify({ ok: true, result });
    return { ok: true, status: 200, json: () => Promise.resolve(JSON.parse(text)) };
  };

  async function getUpdates(payload: { limit?: number }, signal: AbortSignal | undefined | null) {
    totals.getUpdates++;
    while (queue.length === 0) {
      if (signal?.aborted) throw new Error("aborted");
      await new Promise<void>((resolve) => {
        wake = resolve;
        signal?.addEventListener("abort", () => resolve(), { once: true });
      });
      wake = undefined;
    }
    const batch = queue.splice(0, Math.max(1, Math.min(payload.limit ?? 100, 100)));
    return respond(batch);
  }

  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = url.slice(url.lastIndexOf("/") + 1);
    const payload = typeof init?.body === "string" ? JSON.parse(init.body) : {};
    if (method === "getUpdates") return getUpdates(payload, init?.signal);
    totals.calls++;
    totals.byMethod.set(method, (totals.byMethod.get(method) ?? 0) + 1);
    const chatId = Number(payload.chat_id ?? callCallbackQueryChat.get(String(payload.callback_query_id)) ?? 0);
    const log = chatLog(chatId);
    log.calls++;
    const date = Math.floor(Date.now() / 1000);
    switch (method) {
      case "getMe":
        return respond(LOCAL_BOT_INFO);
      case "sendMessage": {
        totals.messages++;
        log.messages++;
        log.lastText = String(payload.text);
        const keyboard = payload.reply_markup?.inline_keyboard as { text: string; callback_data: string }[][] | undefined;
        if (keyboard) log.keyboard = keyboard.flat().map((b) => ({ text: b.text, data: b.callback_data }));
        return respond({ message_id: nextMessageId++, date, chat: { id: chatId, type: "private", first_name: "U" }, text: payload.text });
      }
      case "sendPhoto":
      case "sendDocument":
        totals.messages++;
        log.messages++;
        return respond({ message_id: nextMessageId++, date, chat: { id: chatId, type: "private", first_name: "U" } });
      default:
        return respond(true);
    }
  };

  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    totals,
    /** Makes the update available to the bot's next getUpdates. */
    push(update: Update) {
      if (update.callback_query) callCallbackQueryChat.set(update.callback_query.id, update.callback_query.from.id);
      queue.push(update);
      wake?.();
    },
    pending: () => queue.length,
    chat: chatLog,
    /** Forgets a finished chat (keeps memory flat over 100,000 hamlets). */
    forget(chatId: number) {
      chats.delete(chatId);
    },
    /** Forgets callback query ids once answered (they are only needed to attribute answerCallbackQuery). */
    forgetQuery(id: string) {
      callCallbackQueryChat.delete(id);
    },
    resetTotals() {
      totals.calls = 0;
      totals.messages = 0;
      totals.getUpdates = 0;
      totals.byMethod = new Map();
      callCallbackQueryChat = new Map();
    },
  };
}

export type BenchTransport = ReturnType<typeof createBenchTransport>;
