import type { ApiCall, ApiResponder } from "../../src/channels/local-transport.js";

/**
 * What Telegram's Bot API would say about a message text: the checks its HTML
 * parse mode and message limits make (tdlib's parse_html), close enough for
 * tests to fail where Telegram would refuse a send.
 */

export const TELEGRAM_LIMIT = 4096;
const SUPPORTED = new Set(["a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "span", "tg-spoiler", "tg-emoji", "pre", "code", "blockquote"]);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NAMED = { lt: "<", gt: ">", amp: "&", quot: '"' } as Record<string, string>;

export type TextCheck = { ok: true; plain: string } | { ok: false; description: string };

/**
 * Parses `text` as Telegram would (HTML when `html`). `strict` also refuses a
 * bare "&" (Telegram keeps it as text; our code must never produce one, since
 * all user text is escaped).
 */
export function checkText(text: string, opts: { html: boolean; strict?: boolean }): TextCheck {
  if (LONE_SURROGATE.test(text)) return { ok: false, description: "Bad Request: strings must be encoded in UTF-8" };
  let plain = text;
  if (opts.html) {
    const parsed = parseHtml(text, opts.strict ?? false);
    if (!parsed.ok) return { ok: false, description: `Bad Request: can't parse entities: ${parsed.error}` };
    plain = parsed.plain;
  }
  if (plain.trim() === "") return { ok: false, description: "Bad Request: message text is empty" };
  if (plain.length > TELEGRAM_LIMIT) return { ok: false, description: "Bad Request: message is too long" };
  return { ok: true, plain };
}

function parseHtml(text: string, strict: boolean): { ok: true; plain: string } | { ok: false; error: string } {
  const stack: string[] = [];
  let plain = "";
  let i = 0;
  const offset = (at: number) => Buffer.byteLength(text.slice(0, at));
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "&") {
      const entity = /^&(?:#(\d{1,7})|#x([\da-fA-F]{1,6})|([a-zA-Z]+));/.exec(text.slice(i, i + 12));
      const decoded = entity ? (entity[1] ? String.fromCodePoint(Number(entity[1])) : entity[2] ? String.fromCodePoint(parseInt(entity[2], 16)) : NAMED[entity[3]!]) : undefined;
      if (decoded !== undefined) {
        plain += decoded;
        i += entity![0].length;
        continue;
      }
      if (strict) return { ok: false, error: `Bare "&" at byte offset ${offset(i)} (not escaped)` };
      plain += ch;
      i++;
      continue;
    }
    if (ch !== "<") {
      plain += ch;
      i++;
      continue;
    }
    const end = text.indexOf(">", i);
    if (end === -1) return { ok: false, error: `Unclosed start tag at byte offset ${offset(i)}` };
    const inner = text.slice(i + 1, end);
    if (inner.startsWith("/")) {
      const name = inner.slice(1).trim().toLowerCase();
      const open = stack.pop();
      if (open === undefined) return { ok: false, error: `Unexpected end tag at byte offset ${offset(i)}` };
      if (open !== name) return { ok: false, error: `Unmatched end tag at byte offset ${offset(i)}, expected "</${open}>", found "</${name}>"` };
      i = end + 1;
      continue;
    }
    const tag = /^([a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*$/.exec(inner);
    const name = tag?.[1]?.toLowerCase() ?? /^[a-zA-Z0-9-]*/.exec(inner)![0].toLowerCase();
    if (!SUPPORTED.has(name)) return { ok: false, error: `Unsupported start tag "${name}" at byte offset ${offset(i)}` };
    if (!tag) return { ok: false, error: `Expected equal sign in declaration of an attribute of the tag at byte offset ${offset(i)}` };
    if (name === "span" && !/class\s*=\s*["']?tg-spoiler/.test(tag[2]!)) return { ok: false, error: `Tag "span" must have class "tg-spoiler" at byte offset ${offset(i)}` };
    stack.push(name);
    i = end + 1;
  }
  if (stack.length) return { ok: false, error: `Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"` };
  return { ok: true, plain };
}

/** The text a call sends, if it sends one (sendMessage, editMessageText, captions). */
export function sentText(call: ApiCall): { text: string; html: boolean } | undefined {
  const { method, payload } = call;
  const html = payload.parse_mode === "HTML";
  if (method === "sendMessage" || method === "editMessageText") return { text: String(payload.text ?? ""), html };
  if ((method === "sendPhoto" || method === "sendDocument") && payload.caption !== undefined) return { text: String(payload.caption), html };
  return undefined;
}

/** Telegram's refusal of this call's text, or undefined if it would be accepted. */
export function refusal(call: ApiCall, opts: { strict?: boolean } = {}): string | undefined {
  if (call.method === "answerCallbackQuery") {
    const text = call.payload.text === undefined ? "" : String(call.payload.text);
    if (LONE_SURROGATE.test(text)) return "Bad Request: strings must be encoded in UTF-8";
    return text.length > 200 ? "Bad Request: MESSAGE_TOO_LONG" : undefined;
  }
  const sent = sentText(call);
  if (!sent) return undefined;
  const checked = checkText(sent.text, { html: sent.html, strict: opts.strict });
  if (!checked.ok) return checked.description;
  const caption = call.method === "sendPhoto" || call.method === "sendDocument";
  if (caption && checked.plain.length > 1024) return "Bad Request: message caption is too long";
  return undefined;
}

/**
 * A Bot API responder that refuses what Telegram refuses: unparsable HTML,
 * texts over 4,096 characters, invalid UTF-8, and an edit that changes
 * nothing ("message is not modified", as on a double tap). `also` may answer
 * first (fault injection).
 */
export function telegramLike(also?: ApiResponder): ApiResponder {
  const shown = new Map<string, string>();
  return (call) => {
    const answer = also?.(call);
    if (answer) return answer;
    const description = refusal(call);
    if (description) return { ok: false, error_code: 400, description };
    if (call.method === "editMessageText") {
      const key = `${call.payload.chat_id}:${call.payload.message_id}`;
      const content = JSON.stringify([call.payload.text, call.payload.reply_markup ?? null]);
      if (shown.get(key) === content) {
        return {
          ok: false,
          error_code: 400,
          description: "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
        };
      }
      shown.set(key, content);
    }
    return undefined;
  };
}
