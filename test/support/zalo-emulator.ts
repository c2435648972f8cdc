import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Zalo Bot Platform API emulator for tests, over real HTTP on loopback.
 *
 * Follows the contract of https://bot-api.zaloplatforms.com/bot<TOKEN>/<method>:
 * JSON POST bodies, the envelope `{ok, result}` / `{ok:false, error_code, description}`,
 * errors answered with HTTP status = error_code. getUpdates long-polls and answers ONE
 * event object (not an array), or 408 "Request timeout". Ids are opaque strings, dates
 * are in milliseconds, there is no update_id. It is deliberately stricter than the real
 * platform about Telegram-isms: `reply_markup` / `parse_mode` keys are refused.
 */

export interface ZaloUser {
  id: string;
  name?: string;
}

export interface ZaloSent {
  method: "sendMessage" | "sendPhoto" | "sendSticker" | "sendChatAction";
  chatId: string;
  text?: string;
  photo?: string;
  caption?: string;
  photoBytes?: number;
  /** Content-Type of the photo the emulator fetched (sendPhoto only). */
  photoContentType?: string;
  /** The sticker id (sendSticker only). */
  sticker?: string;
  /** The action (sendChatAction only). */
  action?: string;
  at: number;
  messageId?: string;
}

export interface ZaloEvent {
  event_name: string;
  message: Record<string, unknown>;
}

export interface ZaloEmulator {
  readonly apiRoot: string;
  readonly token: string;
  readonly botId: string;
  readonly sent: ZaloSent[];
  readonly rejected: { method: string; payload: unknown; description: string }[];
  readonly calls: { method: string; payload: unknown }[];
  webhook: { url: string; secret: string } | undefined;
  echoBotMessages: boolean;
  /** Queues a text event from user; returns its message_id. */
  userSends(user: ZaloUser, text: string): string;
  /** Queues an image event (bytes default: a tiny valid JPEG); returns message_id. */
  userSendsImage(user: ZaloUser, opts?: { bytes?: Buffer; caption?: string }): string;
  userSendsSticker(user: ZaloUser): string;
  userSendsUnsupported(user: ZaloUser): string;
  /** Queues an exact copy of an earlier event (same message_id): a re-delivery. */
  redeliver(messageId: string): void;
  /** Builds an event without queueing it (for webhook tests). */
  makeTextEvent(user: ZaloUser, text: string): ZaloEvent;
  /** POSTs one event to `url` as Zalo's webhook would; returns the HTTP status and body text. */
  postWebhook(
    url: string,
    event: ZaloEvent,
    opts?: { secret?: string | null; wrapped?: boolean; rawBody?: string },
  ): Promise<{ status: number; body: string }>;
  failNext(method: string, error: { error_code: number; description: string }, times?: number): void;
  expireMedia(): void;
  /** Resolves with the first sent item (already sent or future) matching pred, at index >= `from`; rejects after timeoutMs (default 5000) listing what was sent. */
  waitForSent(pred: (s: ZaloSent) => boolean, opts?: { from?: number; timeoutMs?: number }): Promise<ZaloSent>;
  /** Texts (sendMessage text, sendPhoto caption) sent to a chat, in order. */
  textsTo(chatId: string): string[];
  /** Number of events queued but not yet taken by getUpdates. */
  pending(): number;
  close(): Promise<void>;
}

export interface ZaloEmulatorOptions {
  token?: string;
  botId?: string;
  expireMediaAfterMs?: number;
  echoBotMessages?: boolean;
}

export const ZALO_DEFAULT_TOKEN = "1234567890:emulator-secret";
export const ZALO_DEFAULT_BOT_ID = "b05a10e1ec7d0a9c3f21";
export const ZALO_BOT_ACCOUNT_NAME = "dantin_bot";
export const ZALO_TEXT_MAX = 2000;

/**
 * An 8x8 mid-grey baseline JPEG (SOI, JFIF, DQT, SOF0, DHT x2, SOS, one block, EOI):
 * one Huffman code per table, DC diff 0 then EOB.
 */
export const TINY_JPEG: Buffer = Buffer.concat([
  Buffer.from("ffd8", "hex"),
  Buffer.from("ffe000104a46494600010100000100010000", "hex"),
  Buffer.from("ffdb004300", "hex"),
  Buffer.alloc(64, 1),
  Buffer.from("ffc0000b080008000801011100", "hex"),
  Buffer.from("ffc4001400" + "01" + "00".repeat(15) + "00", "hex"),
  Buffer.from("ffc4001410" + "01" + "00".repeat(15) + "00", "hex"),
  Buffer.from("ffda0008010100003f00", "hex"),
  Buffer.from("3f", "hex"),
  Buffer.from("ffd9", "hex"),
]);

const GET_UPDATES_DEFAULT_TIMEOUT_S = 30;
const GET_UPDATES_MAX_TIMEOUT_S = 60;
const PHOTO_FETCH_TIMEOUT_MS = 5000;

function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    /** Whether the refusal is the client's fault and belongs in `rejected`. */
    readonly record = true,
  ) {
    super(description);
  }
}

interface Waiter {
  res: ServerResponse;
  timer: NodeJS.Timeout;
  done: boolean;
}

interface SentWaiter {
  pred: (s: ZaloSent) => boolean;
  from: number;
  resolve: (s: ZaloSent) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

interface Media {
  bytes: Buffer;
  contentType: string;
  createdAt: number;
  expired: boolean;
}

class Emulator implements ZaloEmulator {
  readonly sent: ZaloSent[] = [];
  readonly rejected: { method: string; payload: unknown; description: string }[] = [];
  readonly calls: { method: string; payload: unknown }[] = [];
  webhook: { url: string; secret: string } | undefined = undefined;
  echoBotMessages: boolean;
  apiRoot = "";

  private webhookUpdatedAt = Date.now();
  private readonly queue: ZaloEvent[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly sentWaiters: SentWaiter[] = [];
  private readonly known = new Map<string, ZaloEvent>();
  private readonly media = new Map<string, Media>();
  private readonly failures = new Map<string, { error_code: number; description: string }[]>();
  private readonly server: Server;
  private closed = false;

  constructor(
    readonly token: string,
    readonly botId: string,
    private readonly expireMediaAfterMs: number,
    echoBotMessages: boolean,
  ) {
    this.echoBotMessages = echoBotMessages;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          this.reply(res, 500, { ok: false, error_code: 500, description: `Emulator error: ${String(err)}` });
        } else {
          res.destroy();
        }
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    this.apiRoot = `http://127.0.0.1:${port}`;
  }

  // ---- users' side -------------------------------------------------------

  userSends(user: ZaloUser, text: string): string {
    return this.enqueue(this.makeTextEvent(user, text));
  }

  userSendsImage(user: ZaloUser, opts: { bytes?: Buffer; caption?: string } = {}): string {
    const name = `${hex(16)}.jpg`;
    this.media.set(name, {
      bytes: opts.bytes ?? TINY_JPEG,
      contentType: "image/jpeg",
      createdAt: Date.now(),
      expired: false,
    });
    const extra: Record<string, unknown> = { photo_url: `${this.apiRoot}/media/${name}` };
    if (opts.caption !== undefined) extra.caption = opts.caption;
    return this.enqueue(this.makeEvent("message.image.received", user, extra));
  }

  userSendsSticker(user: ZaloUser): string {
    return this.enqueue(this.makeEvent("message.sticker.received", user, { sticker: hex(10) }));
  }

  userSendsUnsupported(user: ZaloUser): string {
    return this.enqueue(this.makeEvent("message.unsupported.received", user, {}));
  }

  redeliver(messageId: string): void {
    const event = this.known.get(messageId);
    if (!event) throw new Error(`zalo-emulator: no earlier event with message_id ${messageId}`);
    this.enqueue(event);
  }

  makeTextEvent(user: ZaloUser, text: string): ZaloEvent {
    return this.makeEvent("message.text.received", user, { text });
  }

  private makeEvent(eventName: string, user: ZaloUser, extra: Record<string, unknown>): ZaloEvent {
    const message: Record<string, unknown> = {
      from: { id: user.id, display_name: user.name ?? `Người dùng ${user.id.slice(0, 4)}`, is_bot: false },
      chat: { id: user.id, chat_type: "PRIVATE" },
      ...extra,
      message_id: hex(16),
      date: Date.now(),
    };
    const event: ZaloEvent = { event_name: eventName, message };
    this.known.set(message.message_id as string, structuredClone(event));
    return event;
  }

  /** Hands the event to the oldest waiting getUpdates, or queues it. Returns its message_id. */
  private enqueue(event: ZaloEvent): string {
    const copy = structuredClone(event);
    const messageId = String(copy.message.message_id);
    if (!this.known.has(messageId)) this.known.set(messageId, structuredClone(copy));
    let waiter: Waiter | undefined;
    while ((waiter = this.waiters.shift())) {
      if (waiter.done || waiter.res.destroyed) continue;
      waiter.done = true;
      clearTimeout(waiter.timer);
      this.reply(waiter.res, 200, { ok: true, result: copy });
      return messageId;
    }
    this.queue.push(copy);
    return messageId;
  }

  pending(): number {
    return this.queue.length;
  }

  expireMedia(): void {
    for (const m of this.media.values()) m.expired = true;
  }

  failNext(method: string, error: { error_code: number; description: string }, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push({ ...error });
    this.failures.set(method, list);
  }

  // ---- webhook side ------------------------------------------------------

  async postWebhook(
    url: string,
    event: ZaloEvent,
    opts: { secret?: string | null; wrapped?: boolean; rawBody?: string } = {},
  ): Promise<{ status: number; body: string }> {
    const secret = opts.secret === undefined ? this.webhook?.secret : opts.secret;
    const wrapped = opts.wrapped ?? true;
    const body = opts.rawBody ?? JSON.stringify(wrapped ? { ok: true, result: event } : event);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "Java/17.0.2",
    };
    if (secret !== null && secret !== undefined) headers["x-bot-api-secret-token"] = secret;
    const res = await fetch(url, { method: "POST", headers, body });
    return { status: res.status, body: await res.text() };
  }

  // ---- assertions helpers ------------------------------------------------

  waitForSent(pred: (s: ZaloSent) => boolean, opts: { from?: number; timeoutMs?: number } = {}): Promise<ZaloSent> {
    const from = opts.from ?? 0;
    const found = this.sent.slice(from).find(pred);
    if (found) return Promise.resolve(found);
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise<ZaloSent>((resolve, reject) => {
      const waiter: SentWaiter = {
        pred,
        from,
        resolve,
        reject,
        timer: setTimeout(() => {
          const i = this.sentWaiters.indexOf(waiter);
          if (i >= 0) this.sentWaiters.splice(i, 1);
          reject(new Error(`zalo-emulator: nothing matching was sent within ${timeoutMs} ms. Sent:\n${this.describeSent()}`));
        }, timeoutMs),
      };
      waiter.timer.unref?.();
      this.sentWaiters.push(waiter);
    });
  }

  private describeSent(): string {
    if (this.sent.length === 0) return "  (nothing)";
    return this.sent
      .map((s, i) => {
        const what = s.text ?? (s.photo !== undefined ? `[photo ${s.photo}] ${s.caption ?? ""}` : (s.sticker ?? s.action ?? ""));
        return `  #${i} ${s.method} → ${s.chatId}: ${JSON.stringify(what)}`;
      })
      .join("\n");
  }

  textsTo(chatId: string): string[] {
    const out: string[] = [];
    for (const s of this.sent) {
      if (s.chatId !== chatId) continue;
      if (s.method === "sendMessage" && s.text !== undefined) out.push(s.text);
      else if (s.method === "sendPhoto" && s.caption !== undefined) out.push(s.caption);
    }
    return out;
  }

  private recordSent(item: ZaloSent): void {
    this.sent.push(item);
    const index = this.sent.length - 1;
    for (const w of [...this.sentWaiters]) {
      if (index >= w.from && w.pred(item)) {
        clearTimeout(w.timer);
        this.sentWaiters.splice(this.sentWaiters.indexOf(w), 1);
        w.resolve(item);
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters.splice(0)) {
      if (w.done) continue;
      w.done = true;
      clearTimeout(w.timer);
      if (!w.res.destroyed) this.reply(w.res, 408, { ok: false, error_code: 408, description: "Request timeout" });
    }
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections?.();
    this.server.closeAllConnections?.();
    await done;
  }

  // ---- HTTP --------------------------------------------------------------

  private reply(res: ServerResponse, status: number, payload: unknown): void {
    const body = JSON.stringify(payload);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);

    if (url.pathname.startsWith("/media/")) {
      this.serveMedia(url.pathname.slice("/media/".length), req, res);
      return;
    }

    const m = /^\/bot([^/]*)\/([^/]+)\/?$/.exec(url.pathname);
    if (!m) {
      const description = "Not Found";
      this.rejected.push({ method: url.pathname, payload: raw.toString("utf8"), description });
      this.reply(res, 404, { ok: false, error_code: 404, description });
      return;
    }
    const token = safeDecode(m[1] ?? "");
    const method = safeDecode(m[2] ?? "");

    let payload: unknown;
    let parseError: string | undefined;
    try {
      payload = parsePayload(req, raw, url);
    } catch (e) {
      parseError = (e as Error).message;
      payload = raw.toString("utf8");
    }
    this.calls.push({ method, payload });

    try {
      if (token !== this.token) throw new ApiError(401, "Unauthorized");
      const injected = this.failures.get(method)?.shift();
      if (injected) throw new ApiError(injected.error_code, injected.description, false);
      if (parseError !== undefined) throw new ApiError(400, parseError);
      await this.dispatch(method, payload as Record<string, unknown>, res);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.record) this.rejected.push({ method, payload, description: e.description });
      this.reply(res, e.code, { ok: false, error_code: e.code, description: e.description });
    }
  }

  private serveMedia(name: string, req: IncomingMessage, res: ServerResponse): void {
    const media = this.media.get(name);
    const alive = media && !media.expired && Date.now() - media.createdAt < this.expireMediaAfterMs;
    if (!media || !alive) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end("Not Found");
      return;
    }
    res.writeHead(200, { "content-type": media.contentType, "content-length": media.bytes.length });
    res.end(req.method === "HEAD" ? undefined : media.bytes);
  }

  private async dispatch(method: string, p: Record<string, unknown>, res: ServerResponse): Promise<void> {
    if ((p as { [MULTIPART]?: true })[MULTIPART] && method !== "sendPhoto" && KNOWN_METHODS.has(method)) {
      throw new ApiError(400, "Bad Request: multipart/form-data is not supported by the emulator; send JSON");
    }
    switch (method) {
      case "getMe":
        this.reply(res, 200, {
          ok: true,
          result: { id: this.botId, account_name: ZALO_BOT_ACCOUNT_NAME, account_type: "BASIC", can_join_groups: false },
        });
        return;

      case "getUpdates":
        this.getUpdates(p, res);
        return;

      case "setWebhook": {
        const url = p.url;
        const secret = p.secret_token;
        if (typeof url !== "string" || url === "") throw new ApiError(400, "Bad Request: url is required");
        if (!isHttpUrl(url)) throw new ApiError(400, "Bad Request: url must be an http(s) URL");
        if (typeof secret !== "string" || secret.length < 8 || secret.length > 256) {
          throw new ApiError(400, "Bad Request: secret_token is required (8-256 characters)");
        }
        this.webhook = { url, secret };
        this.webhookUpdatedAt = Date.now();
        this.reply(res, 200, { ok: true, result: { url, updated_at: this.webhookUpdatedAt } });
        return;
      }

      case "deleteWebhook":
        this.webhook = undefined;
        this.webhookUpdatedAt = Date.now();
        this.reply(res, 200, { ok: true, result: { url: "", updated_at: this.webhookUpdatedAt } });
        return;

      case "getWebhookInfo":
        this.reply(res, 200, { ok: true, result: { url: this.webhook?.url ?? "", updated_at: this.webhookUpdatedAt } });
        return;

      case "sendMessage": {
        refuseTelegramKeys(p);
        const chatId = requireChatId(p);
        const text = p.text;
        if (typeof text !== "string" || text.length === 0) throw new ApiError(400, "Bad Request: text is required");
        if (text.length > ZALO_TEXT_MAX) {
          throw new ApiError(400, `Bad Request: text must be 1-${ZALO_TEXT_MAX} characters (got ${text.length})`);
        }
        const result = { message_id: hex(16), date: Date.now() };
        this.recordSent({ method: "sendMessage", chatId, text, at: result.date, messageId: result.message_id });
        this.reply(res, 200, { ok: true, result });
        if (this.echoBotMessages) {
          const echo: ZaloEvent = {
            event_name: "message.text.received",
            message: {
              from: { id: this.botId, display_name: ZALO_BOT_ACCOUNT_NAME, is_bot: true },
              chat: { id: chatId, chat_type: "PRIVATE" },
              text,
              message_id: result.message_id,
              date: result.date,
            },
          };
          this.enqueue(echo);
        }
        return;
      }

      case "sendPhoto": {
        if ((p as { [MULTIPART]?: true })[MULTIPART]) {
          throw new ApiError(400, "Bad Request: photo must be an http(s) URL (uploads are not supported)");
        }
        refuseTelegramKeys(p);
        const chatId = requireChatId(p);
        const photo = p.photo;
        if (typeof photo !== "string" || !isHttpUrl(photo)) {
          throw new ApiError(400, "Bad Request: photo must be an http(s) URL");
        }
        const caption = p.caption;
        if (caption !== undefined && (typeof caption !== "string" || caption.length > ZALO_TEXT_MAX)) {
          throw new ApiError(400, `Bad Request: caption must be a string of at most ${ZALO_TEXT_MAX} characters`);
        }
        let bytes: number;
        let contentType: string;
        try {
          const r = await fetch(photo, { signal: AbortSignal.timeout(PHOTO_FETCH_TIMEOUT_MS) });
          const body = await r.arrayBuffer();
          if (!r.ok) throw new Error(`HTTP ${r.status}`);
          bytes = body.byteLength;
          contentType = r.headers.get("content-type") ?? "";
        } catch {
          throw new ApiError(400, "Cannot fetch photo");
        }
        const result = { message_id: hex(16), date: Date.now() };
        const item: ZaloSent = {
          method: "sendPhoto",
          chatId,
          photo,
          photoBytes: bytes,
          photoContentType: contentType,
          at: result.date,
          messageId: result.message_id,
        };
        if (caption !== undefined) item.caption = caption;
        this.recordSent(item);
        this.reply(res, 200, { ok: true, result });
        return;
      }

      case "sendSticker": {
        refuseTelegramKeys(p);
        const chatId = requireChatId(p);
        if (typeof p.sticker !== "string" || p.sticker === "") throw new ApiError(400, "Bad Request: sticker is required");
        const result = { message_id: hex(16), date: Date.now() };
        this.recordSent({ method: "sendSticker", chatId, sticker: p.sticker, at: result.date, messageId: result.message_id });
        this.reply(res, 200, { ok: true, result });
        return;
      }

      case "sendChatAction": {
        const chatId = requireChatId(p);
        if (p.action !== "typing") throw new ApiError(400, `Bad Request: unsupported action ${JSON.stringify(p.action)}`);
        this.recordSent({ method: "sendChatAction", chatId, action: "typing", at: Date.now() });
        // The real platform answers sendChatAction with a bare {"ok": true}.
        this.reply(res, 200, { ok: true });
        return;
      }

      default:
        throw new ApiError(404, "Method not found");
    }
  }

  private getUpdates(p: Record<string, unknown>, res: ServerResponse): void {
    if (this.webhook) {
      throw new ApiError(409, "Conflict: getUpdates is not available while a webhook is set; call deleteWebhook first");
    }
    const timeoutS = parseTimeout(p.timeout);
    const next = this.queue.shift();
    if (next) {
      this.reply(res, 200, { ok: true, result: next });
      return;
    }
    if (timeoutS === 0 || this.closed) {
      this.reply(res, 408, { ok: false, error_code: 408, description: "Request timeout" });
      return;
    }
    const waiter: Waiter = {
      res,
      done: false,
      timer: setTimeout(() => {
        if (waiter.done) return;
        waiter.done = true;
        this.dropWaiter(waiter);
        this.reply(res, 408, { ok: false, error_code: 408, description: "Request timeout" });
      }, timeoutS * 1000),
    };
    this.waiters.push(waiter);
    res.on("close", () => {
      // Client went away before being answered: its slot must not swallow an event.
      if (waiter.done) return;
      waiter.done = true;
      clearTimeout(waiter.timer);
      this.dropWaiter(waiter);
    });
  }

  private dropWaiter(waiter: Waiter): void {
    const i = this.waiters.indexOf(waiter);
    if (i >= 0) this.waiters.splice(i, 1);
  }
}

const MULTIPART = Symbol("multipart");
const KNOWN_METHODS = new Set([
  "getMe",
  "getUpdates",
  "setWebhook",
  "deleteWebhook",
  "getWebhookInfo",
  "sendMessage",
  "sendPhoto",
  "sendSticker",
  "sendChatAction",
]);

function parseTimeout(v: unknown): number {
  if (v === undefined || v === null || v === "") return GET_UPDATES_DEFAULT_TIMEOUT_S;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v.trim()) : NaN;
  if (!Number.isFinite(n) || n < 0) return GET_UPDATES_DEFAULT_TIMEOUT_S;
  return Math.min(n, GET_UPDATES_MAX_TIMEOUT_S);
}

function refuseTelegramKeys(p: Record<string, unknown>): void {
  for (const key of ["reply_markup", "parse_mode"]) {
    if (Object.hasOwn(p, key)) throw new ApiError(400, `Bad Request: ${key} is not supported`);
  }
}

function requireChatId(p: Record<string, unknown>): string {
  const chatId = p.chat_id;
  if (chatId === undefined || chatId === null || chatId === "") throw new ApiError(400, "Bad Request: chat_id is required");
  if (typeof chatId !== "string") throw new ApiError(400, "Bad Request: chat_id must be a string");
  return chatId;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Query parameters merged with the body (JSON, urlencoded; multipart is only flagged). */
function parsePayload(req: IncomingMessage, raw: Buffer, url: URL): Record<string, unknown> {
  const payload: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const contentType = (req.headers["content-type"] ?? "").toLowerCase();
  const text = raw.toString("utf8");
  if (text.trim() === "") return payload;
  if (contentType.startsWith("multipart/form-data")) {
    return Object.assign(payload, { [MULTIPART]: true, multipart: `${raw.length} bytes` });
  }
  if (contentType.startsWith("application/x-www-form-urlencoded")) {
    return Object.assign(payload, Object.fromEntries(new URLSearchParams(text)));
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error("Bad Request: body is not valid JSON");
  }
  if (!isPlainObject(body)) throw new Error("Bad Request: body must be a JSON object");
  return Object.assign(payload, body);
}

export async function startZaloEmulator(opts: ZaloEmulatorOptions = {}): Promise<ZaloEmulator> {
  const emulator = new Emulator(
    opts.token ?? ZALO_DEFAULT_TOKEN,
    opts.botId ?? ZALO_DEFAULT_BOT_ID,
    opts.expireMediaAfterMs ?? 60_000,
    opts.echoBotMessages ?? false,
  );
  await emulator.listen();
  return emulator;
}
