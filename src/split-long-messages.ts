import type { Transformer } from "grammy";
import { splitMessage, TELEGRAM_TEXT_LIMIT } from "./domain/split.js";

type Payload = Record<string, unknown> & { text?: unknown; parse_mode?: unknown; chat_id?: unknown; reply_markup?: unknown };
type Signal = Parameters<Transformer>[3];
type Call = (method: string, payload: Payload, signal?: Signal) => Promise<{ ok: boolean }>;

/**
 * A Bot API transformer: a sendMessage or editMessageText whose text is longer
 * than Telegram accepts (4,096) is sent as several messages cut at line
 * boundaries (src/domain/split.ts), instead of being refused. The keyboard goes
 * with the last part; what is returned is the last part's message (the edited
 * one for an edit). Install on bot.api, after auto-retry, so each part is
 * retried on its own (grammY copies bot.api's transformers to every ctx.api,
 * and the conversations send through bot.api):
 *
 *     bot.api.config.use(splitLongMessages());
 */
export function splitLongMessages(limit = TELEGRAM_TEXT_LIMIT): Transformer {
  const transformer: Transformer = async (prev, method, payload, signal) => {
    const p = payload as Payload;
    if ((method !== "sendMessage" && method !== "editMessageText") || typeof p.text !== "string" || p.text.length <= limit) {
      return prev(method, payload, signal);
    }
    // Only HTML and plain text are cut safely; Markdown is left as it is.
    if (p.parse_mode !== undefined && p.parse_mode !== "HTML") return prev(method, payload, signal);
    const parts = splitMessage(p.text, { html: p.parse_mode === "HTML", limit });
    if (parts.length <= 1) return prev(method, { ...p, text: parts[0] ?? p.text } as typeof payload, signal);
    const { reply_markup, ...plain } = p;
    const call = prev as unknown as Call;
    type Result = Awaited<ReturnType<typeof prev>>;

    if (method === "editMessageText") {
      const edited = await call(method, { ...plain, text: parts[0]! }, signal);
      if (!edited.ok || p.chat_id === undefined) return edited as Result;
      const rest = await sendParts(call, { chat_id: p.chat_id, parse_mode: p.parse_mode, link_preview_options: p.link_preview_options, reply_markup }, parts.slice(1), signal);
      return (rest.ok ? edited : rest) as Result;
    }
    const { reply_parameters, ...followUp } = plain;
    const first = await call(method, { ...plain, text: parts[0]! }, signal);
    if (!first.ok) return first as Result;
    return (await sendParts(call, { ...followUp, reply_markup }, parts.slice(1), signal)) as Result;
  };
  return transformer;
}

/** Sends `parts` in order with `base`'s options; the keyboard only on the last. */
async function sendParts(
  call: Call,
  base: Payload,
  parts: readonly string[],
  signal?: Signal,
) {
  const { reply_markup, ...options } = base;
  let last: { ok: boolean } = { ok: true };
  for (const [i, text] of parts.entries()) {
    const payload: Payload = { ...options, text };
    if (i === parts.length - 1 && reply_markup !== undefined) payload.reply_markup = reply_markup;
    for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
    last = await call("sendMessage", payload, signal);
    if (!last.ok) return last;
  }
  return last;
}
