import type { UserFromGetMe } from "grammy/types";

/** A Bot API call the bot made, as the transport saw it. */
export interface ApiCall {
  method: string;
  payload: Record<string, any>;
}

/** Decides the result (or error) of one call; return undefined for the default. */
export type ApiResponder = (call: ApiCall) => { ok: true; result: unknown } | { ok: false; error_code: number; description: string; parameters?: Record<string, unknown> } | undefined;

export const LOCAL_BOT_INFO: UserFromGetMe = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: "Báo cáo Dân tin – Đảng cử",
  username: "dantin_demo_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

/**
 * A Bot API stand-in at the `client.fetch` level: every call the bot makes is
 * recorded and answered locally, so the real grammY stack runs with no
 * network. Used by tests, the terminal simulator and the benchmark.
 */
export function createLocalTransport(options: { respond?: ApiResponder; now?: () => number } = {}) {
  const calls: ApiCall[] = [];
  let nextMessageId = 1;
  const now = options.now ?? Date.now;

  function defaultResult(call: ApiCall): unknown {
    const { method, payload } = call;
    const chat = { id: Number(payload.chat_id ?? 0), type: "private" as const };
    const date = Math.floor(now() / 1000);
    switch (method) {
      case "getMe":
        return LOCAL_BOT_INFO;
      case "sendMessage":
        return { message_id: nextMessageId++, date, chat, text: payload.text, reply_markup: payload.reply_markup };
      case "sendPhoto":
      case "sendDocument":
        return { message_id: nextMessageId++, date, chat, caption: payload.caption };
      case "editMessageText":
        return { message_id: Number(payload.message_id), date, chat, text: payload.text, reply_markup: payload.reply_markup };
      default:
        return true;
    }
  }

  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = url.slice(url.lastIndexOf("/") + 1);
    const payload = await readPayload(init?.body);
    const call = { method, payload };
    calls.push(call);
    const answer = options.respond?.(call) ?? { ok: true, result: defaultResult(call) };
    return new Response(JSON.stringify(answer), { headers: { "content-type": "application/json" } });
  };

  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    calls,
    /** Calls since index `from` (default: all), optionally of one method. */
    since(from = 0, method?: string): ApiCall[] {
      return calls.slice(from).filter((c) => !method || c.method === method);
    },
    clear() {
      calls.length = 0;
    },
  };
}

export type LocalTransport = ReturnType<typeof createLocalTransport>;

/** JSON bodies are parsed; multipart bodies (files) keep their text fields and file names. */
export async function readPayload(body: unknown): Promise<Record<string, any>> {
  if (body == null) return {};
  if (typeof body === "string") return JSON.parse(body);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
  }
  const raw = Buffer.concat(chunks);
  const text = raw.toString("latin1");
  const payload: Record<string, any> = { multipart: true, files: {} as Record<string, { filename: string; size: number; bytes: Buffer }> };
  const boundary = text.slice(0, text.indexOf("\r\n"));
  let offset = 0;
  while ((offset = text.indexOf(boundary, offset)) !== -1) {
    const headerEnd = text.indexOf("\r\n\r\n", offset);
    const next = text.indexOf(boundary, offset + boundary.length);
    if (headerEnd === -1 || next === -1) break;
    const headers = text.slice(offset, headerEnd);
    const name = /\bname="?([^";\r\n]+)"?/.exec(headers)?.[1];
    const filename = /filename="?([^";\r\n]+)"?/.exec(headers)?.[1];
    const start = headerEnd + 4;
    const value = raw.subarray(start, next - 2);
    if (name && filename) payload.files[name] = { filename, size: value.length, bytes: Buffer.from(value) };
    else if (name) payload[name] = maybeJson(value.toString("utf8"));
    offset = next;
  }
  // Fields such as photo/document say "attach://<part>": expose the file under the field's name too.
  for (const [field, value] of Object.entries(payload)) {
    if (typeof value === "string" && value.startsWith("attach://")) {
      const file = payload.files[value.slice("attach://".length)];
      if (file) payload.files[field] = file;
    }
  }
  return payload;
}

function maybeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
