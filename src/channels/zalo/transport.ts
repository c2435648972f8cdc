import type { UserFromGetMe } from "grammy/types";
import { zaloMsg } from "../../domain/catalog/zalo.js";
import type { PublicFiles } from "../../files/public-files.js";
import type { Logger } from "../../logger.js";
import { readPayload } from "../local-transport.js";
import { plainText } from "../plain-text.js";
import { ZaloApiError, type ZaloClient } from "./client.js";
import { convertEvent, unwrapEvent, type Converted, type EventDeps } from "./events.js";
import type { ChoiceMemory } from "./keyboards.js";
import { renderForZalo, ZALO_TEXT_LIMIT } from "./render.js";

export interface ZaloTransportOptions {
  client: ZaloClient;
  choices: ChoiceMemory;
  /** Where the chart and the workbook are served from; without it they are not sent on Zalo. */
  files?: PublicFiles;
  keepPhoto: EventDeps["keepPhoto"];
  logger: Logger;
  now?: () => number;
}

const CONTENT_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};
const contentTypeOf = (name: string) => CONTENT_TYPES[name.split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream";

/** Telegram methods that change nothing a Zalo user can see (menus, edits of buttons, deletions). */
const NO_OP = new Set(["setMyCommands", "deleteMyCommands", "setChatMenuButton", "deleteMessage", "deleteWebhook", "setWebhook", "close", "logOut"]);

type Envelope = { ok: true; result: unknown } | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

/**
 * The Zalo channel as a grammY transport (`client.fetch`): the bot calls the
 * Telegram Bot API as always and this speaks Zalo's instead. Keyboards become
 * numbered lines (and a typed number presses the button again, see
 * events.ts), HTML becomes plain text, long texts are split, edits are sent as
 * new messages, and files become links on our own server. Zalo's errors come
 * back as Telegram's, so auto-retry handles 429 and 5xx as it does there.
 */
export function createZaloTransport(options: ZaloTransportOptions) {
  const { client, choices, logger } = options;
  const now = options.now ?? Date.now;
  let nextMessageId = 1;
  let botId: string | undefined;
  let quotaStrikes = 0;
  // answerCallbackQuery names a query, not a chat: whose typed choice each query was.
  const pressedIn = new Map<string, string>();

  const message = (chatId: string, extra: Record<string, unknown> = {}) => ({
    message_id: nextMessageId++,
    date: Math.floor(now() / 1000),
    chat: { id: chatId, type: "private" },
    ...extra,
  });

  async function sendText(chatId: string, text: unknown, parseMode: unknown, replyMarkup: unknown) {
    const { pieces, buttons } = renderForZalo(text, parseMode, replyMarkup);
    for (const piece of pieces) await client.call("sendMessage", { chat_id: chatId, text: piece });
    const sent = message(chatId, { text: pieces.join("\n") });
    choices.set(chatId, buttons.length ? { messageId: sent.message_id, text: String(text ?? ""), buttons } : undefined);
    return sent;
  }

  async function sendFile(method: string, payload: Record<string, any>) {
    const chatId = String(payload.chat_id);
    const field = method === "sendPhoto" ? "photo" : "document";
    const file = payload.files?.[field] as { filename: string; bytes: Buffer } | undefined;
    const caption = payload.caption ? plainText(payload.caption, payload.parse_mode) : "";
    if (method === "sendPhoto") {
      const url = file && options.files ? options.files.put(file.bytes, file.filename, contentTypeOf(file.filename)) : typeof payload.photo === "string" && /^https?:\/\//.test(payload.photo) ? payload.photo : undefined;
      // No public link (no PUBLIC_URL): the digest's text already went out; the chart is Telegram's only.
      if (!url) return message(chatId, { caption });
      await client.call("sendPhoto", { chat_id: chatId, photo: url, ...(caption ? { caption: caption.slice(0, ZALO_TEXT_LIMIT) } : {}) });
      return message(chatId, { caption });
    }
    const text = file && options.files ? zaloMsg.fileLink(caption, options.files.put(file.bytes, file.filename, contentTypeOf(file.filename)), Math.round(options.files.ttlMs / 3_600_000)) : zaloMsg.fileUnavailable;
    return sendText(chatId, text, undefined, undefined);
  }

  /** One event per poll (408 when idle), turned into at most one update. */
  async function getUpdates(payload: Record<string, any>, signal?: AbortSignal) {
    const timeout = Math.min(Math.max(Number(payload.timeout ?? 30), 0), 60);
    if (client.stopped) {
      // After a 401 the channel is stopped (logged once): idle instead of hammering Zalo (until shutdown aborts the poll).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(timeout, 1) * 1000);
        signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
      });
      return [];
    }
    let raw: unknown;
    try {
      raw = await client.call("getUpdates", { timeout }, signal);
    } catch (error) {
      if (error instanceof ZaloApiError && error.errorCode === 408) return [];
      throw error;
    }
    const converted = await convert(raw);
    return converted ? [converted] : [];
  }

  /** A raw event (poll result or webhook body) as an update, answering directly what the bot cannot read. */
  async function convert(raw: unknown) {
    const event = unwrapEvent(raw);
    if (!event) {
      logger.warn("Zalo: an event of unknown shape was ignored");
      return undefined;
    }
    const result: Converted = await convertEvent(event, { botId, choices, keepPhoto: options.keepPhoto });
    if (result.kind === "update") {
      const query = result.update.callback_query;
      if (query) {
        pressedIn.set(query.id, String(query.message!.chat.id));
        if (pressedIn.size > 10_000) pressedIn.delete(pressedIn.keys().next().value!);
      }
      return result.update;
    }
    if (result.kind === "reply") {
      await client.call("sendMessage", { chat_id: result.chatId, text: zaloMsg[result.text] }).catch((error) => logger.warn({ err: String(error) }, "Zalo: direct reply failed"));
    } else logger.debug({ why: result.why }, "Zalo event ignored");
    return undefined;
  }

  async function dispatch(method: string, payload: Record<string, any>, signal?: AbortSignal): Promise<unknown> {
    switch (method) {
      case "getMe": {
        const me = await client.call<{ id: string; account_name?: string; display_name?: string }>("getMe");
        botId = String(me.id);
        const name = me.account_name ?? me.display_name ?? "zalo_bot";
        return { id: 0, is_bot: true, first_name: me.display_name ?? name, username: name, can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false } satisfies Partial<UserFromGetMe>;
      }
      case "getUpdates":
        return getUpdates(payload, signal);
      case "sendMessage":
      case "editMessageText":
        // No edits on Zalo: the new text arrives as a new message.
        return sendText(String(payload.chat_id), payload.text, payload.parse_mode, payload.reply_markup);
      case "editMessageReplyMarkup": {
        const shown = choices.get(String(payload.chat_id));
        if (shown && shown.messageId === Number(payload.message_id) && !payload.reply_markup) choices.set(String(payload.chat_id), undefined);
        return true;
      }
      case "answerCallbackQuery": {
        // A toast has nowhere to go on Zalo but the chat itself; an empty answer shows nothing.
        const chatId = pressedIn.get(String(payload.callback_query_id));
        pressedIn.delete(String(payload.callback_query_id));
        if (payload.text && chatId) await sendText(chatId, payload.text, undefined, undefined);
        return true;
      }
      case "sendChatAction":
        await client.call("sendChatAction", { chat_id: String(payload.chat_id), action: "typing" }).catch(() => undefined);
        return true;
      case "sendPhoto":
      case "sendDocument":
        return sendFile(method, payload);
      default:
        if (NO_OP.has(method)) return true;
        throw new ZaloApiError(method, 400, `Bad Request: ${method} is not available on Zalo`);
    }
  }

  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = url.slice(url.lastIndexOf("/") + 1);
    const payload = await readPayload(init?.body);
    let envelope: Envelope;
    try {
      envelope = { ok: true, result: await dispatch(method, payload, init?.signal ?? undefined) };
      if (method !== "getUpdates") quotaStrikes = 0;
    } catch (error) {
      if (!(error instanceof ZaloApiError)) throw error;
      envelope = { ok: false, error_code: error.errorCode, description: error.description };
      // Zalo names no wait on "Quota exceeded": back off 1, 2, 4 … 30 s, as auto-retry's retry_after.
      if (error.errorCode === 429) envelope.parameters = { retry_after: Math.min(2 ** quotaStrikes++, 30) };
    }
    return new Response(JSON.stringify(envelope), { headers: { "content-type": "application/json" } });
  };

  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    /** A webhook body as an update for bot.handleUpdate (undefined: nothing for the bot). */
    convert,
  };
}

export type ZaloTransport = ReturnType<typeof createZaloTransport>;
