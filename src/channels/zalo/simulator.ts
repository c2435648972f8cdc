import type { ChatDriver, Persona } from "../terminal.js";
import { ZALO_TEXT_LIMIT } from "./render.js";

interface LocalSend {
  chatId: string;
  text?: string;
  photo?: string;
}

/**
 * A stand-in for Zalo's servers inside the process (the simulator runs with
 * no network): it answers the calls our Zalo client makes and records what a
 * user would see. Like Zalo it refuses formatting, buttons and texts over
 * 2,000 characters, so the simulator shows exactly the Zalo rendering.
 */
export function createLocalZaloApi(now: () => number = Date.now) {
  const sent: LocalSend[] = [];
  let nextId = 1;
  const answer = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const fail = (code: number, description: string) => answer({ ok: false, error_code: code, description }, code);

  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = url.slice(url.lastIndexOf("/") + 1);
    const params = (init?.body ? JSON.parse(String(init.body)) : {}) as Record<string, unknown>;
    if ("reply_markup" in params || "parse_mode" in params) return fail(400, "Zalo has no reply_markup / parse_mode");
    switch (method) {
      case "getMe":
        return answer({ ok: true, result: { id: "zalo-demo-bot", account_name: "dantin_demo_bot", account_type: "BASIC", can_join_groups: false } });
      case "getUpdates":
        return fail(408, "Request timeout");
      case "sendMessage": {
        const text = String(params.text ?? "");
        if (text.length === 0 || text.length > ZALO_TEXT_LIMIT) return fail(400, "text must be 1-2000 characters");
        sent.push({ chatId: String(params.chat_id), text });
        return answer({ ok: true, result: { message_id: `m${nextId++}`, date: now() } });
      }
      case "sendPhoto":
        sent.push({ chatId: String(params.chat_id), photo: String(params.photo), text: params.caption ? String(params.caption) : undefined });
        return answer({ ok: true, result: { message_id: `m${nextId++}`, date: now() } });
      case "sendChatAction":
      case "setWebhook":
      case "deleteWebhook":
        return answer({ ok: true, result: true });
      default:
        return fail(404, "Method not found");
    }
  };
  return { fetch: fetch as unknown as typeof globalThis.fetch, sent };
}

export type LocalZaloApi = ReturnType<typeof createLocalZaloApi>;

/**
 * The terminal simulator's Zalo side: a typed line becomes a Zalo text event
 * for the Zalo bot, and what the bot sent comes back as Zalo shows it (plain
 * text, numbered choices, one bubble per piece of at most 2,000 characters).
 */
export function zaloChatDriver(opts: { api: LocalZaloApi; handleEvent(body: unknown): Promise<void>; personas: readonly Persona[]; now?: () => number }): ChatDriver {
  const now = opts.now ?? Date.now;
  let nextMessage = 1;
  return {
    async send(persona, text) {
      const from = opts.api.sent.length;
      const id = String(persona.userId);
      await opts.handleEvent({
        event_name: "message.text.received",
        message: { from: { id, display_name: persona.firstName, is_bot: false }, chat: { id, chat_type: "PRIVATE" }, text, message_id: `demo-${nextMessage++}`, date: now() },
      });
      const out: string[] = [];
      for (const item of opts.api.sent.slice(from)) {
        if (out.length > 0) out.push("");
        if (item.chatId !== id) {
          const other = opts.personas.find((p) => String(p.userId) === item.chatId);
          out.push(`(tin gửi cho ${other ? other.label : `chat ${item.chatId}`})`);
        }
        if (item.photo) out.push(`[ảnh: ${item.photo}]`);
        if (item.text) out.push(...item.text.split("\n"));
      }
      return out;
    },
  };
}
