import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startZaloEmulator, TINY_JPEG, type ZaloEmulator } from "./support/zalo-emulator.js";

/** The emulator itself, driven with plain fetch as a Zalo client would. */

const ALICE = { id: "6ede9afa66b88fe6d6a9", name: "Chị Lan" };
const BOB = { id: "0f1e2d3c4b5a69788796a5b4", name: "Anh Minh" };

let emu: ZaloEmulator;

beforeEach(async () => {
  emu = await startZaloEmulator();
});
afterEach(async () => {
  await emu.close();
});

interface Envelope {
  ok: boolean;
  result?: any;
  error_code?: number;
  description?: string;
}

async function call(
  method: string,
  body?: unknown,
  token = emu.token,
): Promise<{ status: number; json: Envelope }> {
  const res = await fetch(`${emu.apiRoot}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Envelope };
}

/** A tiny HTTP server on loopback; `handler` decides each answer. */
async function localServer(
  handler: (req: { url: string; headers: IncomingHttpHeaders; body: string }) => { status: number; type?: string; body: string | Buffer },
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const out = handler({ url: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(out.status, { "content-type": out.type ?? "text/plain" });
      res.end(out.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

describe("zalo emulator: identity and auth", () => {
  it("getMe answers the bot's identity (POST without body, and GET)", async () => {
    const { status, json } = await call("getMe");
    expect(status).toBe(200);
    expect(json).toEqual({
      ok: true,
      result: { id: emu.botId, account_name: "dantin_bot", account_type: "BASIC", can_join_groups: false },
    });
    expect(typeof json.result.id).toBe("string");
    const get = await fetch(`${emu.apiRoot}/bot${emu.token}/getMe`);
    expect(get.status).toBe(200);
    expect(((await get.json()) as Envelope).result.account_name).toBe("dantin_bot");
  });

  it("refuses a wrong token with 401", async () => {
    const { status, json } = await call("getMe", {}, "1234567890:wrong");
    expect(status).toBe(401);
    expect(json).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    expect(emu.rejected.at(-1)?.description).toBe("Unauthorized");
  });

  it("answers 404 Method not found for Telegram-only methods", async () => {
    for (const method of ["sendDocument", "editMessageText", "answerCallbackQuery", "setMyCommands"]) {
      const { status, json } = await call(method, { chat_id: ALICE.id, text: "x" });
      expect(status).toBe(404);
      expect(json).toEqual({ ok: false, error_code: 404, description: "Method not found" });
    }
    expect(emu.rejected.map((r) => r.method)).toEqual(["sendDocument", "editMessageText", "answerCallbackQuery", "setMyCommands"]);
    expect(emu.calls.map((c) => c.method)).toContain("sendDocument");
  });
});

describe("zalo emulator: getUpdates", () => {
  it("answers a single event object with string ids, a ms date and no update_id", async () => {
    const id = emu.userSends(ALICE, "xin chào");
    expect(emu.pending()).toBe(1);
    const { status, json } = await call("getUpdates", { timeout: 1 });
    expect(status).toBe(200);
    expect(json.ok).toBe(true);
    expect(Array.isArray(json.result)).toBe(false);
    expect(json.result).not.toHaveProperty("update_id");
    expect(json.result.event_name).toBe("message.text.received");
    const m = json.result.message;
    expect(m).toEqual({
      from: { id: ALICE.id, display_name: "Chị Lan", is_bot: false },
      chat: { id: ALICE.id, chat_type: "PRIVATE" },
      text: "xin chào",
      message_id: id,
      date: expect.any(Number),
    });
    expect(m).not.toHaveProperty("entities");
    expect(m.message_id).toMatch(/^[0-9a-f]{16,32}$/);
    expect(m.date).toBeGreaterThan(1e12); // milliseconds
    expect(Math.abs(m.date - Date.now())).toBeLessThan(10_000);
    expect(emu.pending()).toBe(0);
  });

  it("an idle poll answers 408 Request timeout after `timeout` seconds (string accepted)", async () => {
    const t0 = Date.now();
    const { status, json } = await call("getUpdates", { timeout: "1" });
    const elapsed = Date.now() - t0;
    expect(status).toBe(408);
    expect(json).toEqual({ ok: false, error_code: 408, description: "Request timeout" });
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(2500);
    expect(emu.rejected).toEqual([]);
  });

  it("delivers an event queued during a long poll at once; concurrent polls each get one", async () => {
    const t0 = Date.now();
    const poll = call("getUpdates", { timeout: 10 });
    await new Promise((r) => setTimeout(r, 100));
    emu.userSends(BOB, "báo cáo");
    const { status, json } = await poll;
    expect(status).toBe(200);
    expect(json.result.message.text).toBe("báo cáo");
    expect(Date.now() - t0).toBeLessThan(1500);

    const p1 = call("getUpdates", { timeout: 10 });
    const p2 = call("getUpdates", { timeout: 10 });
    await new Promise((r) => setTimeout(r, 100));
    emu.userSends(ALICE, "một");
    emu.userSends(ALICE, "hai");
    const texts = (await Promise.all([p1, p2])).map((r) => r.json.result.message.text).sort();
    expect(texts).toEqual(["hai", "một"]);
    expect(emu.pending()).toBe(0);
  });

  it("redeliver queues an exact copy; sticker and unsupported events carry no text", async () => {
    const id = emu.userSends(ALICE, "lặp lại");
    const first = await call("getUpdates", { timeout: 1 });
    emu.redeliver(id);
    const again = await call("getUpdates", { timeout: 1 });
    expect(again.json.result).toEqual(first.json.result);

    emu.userSendsSticker(ALICE);
    emu.userSendsUnsupported(BOB);
    const sticker = (await call("getUpdates", { timeout: 1 })).json.result;
    expect(sticker.event_name).toBe("message.sticker.received");
    expect(typeof sticker.message.sticker).toBe("string");
    const unsupported = (await call("getUpdates", { timeout: 1 })).json.result;
    expect(unsupported.event_name).toBe("message.unsupported.received");
    expect(unsupported.message).not.toHaveProperty("text");
    expect(unsupported.message).not.toHaveProperty("photo_url");
  });
});

describe("zalo emulator: sending", () => {
  it("sendMessage refuses reply_markup, parse_mode and 2001 chars; accepts 2000", async () => {
    const base = { chat_id: ALICE.id, text: "ok" };
    for (const body of [
      { ...base, reply_markup: { inline_keyboard: [] } },
      { ...base, parse_mode: "HTML" },
      { ...base, text: "x".repeat(2001) },
      { ...base, text: "" },
      { text: "no chat" },
    ]) {
      const { status, json } = await call("sendMessage", body);
      expect(status).toBe(400);
      expect(json.ok).toBe(false);
      expect(json.error_code).toBe(400);
    }
    expect(emu.rejected).toHaveLength(5);
    expect(emu.rejected[0]?.description).toMatch(/reply_markup/);
    expect(emu.rejected[1]?.description).toMatch(/parse_mode/);
    expect(emu.sent).toEqual([]);

    const { status, json } = await call("sendMessage", { chat_id: ALICE.id, text: "y".repeat(2000) });
    expect(status).toBe(200);
    expect(json.result.message_id).toMatch(/^[0-9a-f]{32}$/);
    expect(json.result.date).toBeGreaterThan(1e12);
    expect(emu.sent).toHaveLength(1);
    expect(emu.sent[0]).toMatchObject({ method: "sendMessage", chatId: ALICE.id, messageId: json.result.message_id });
    expect(emu.textsTo(ALICE.id)).toEqual(["y".repeat(2000)]);
  });

  it("sendPhoto fetches the URL, refuses a non-URL and an unfetchable URL", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    const srv = await localServer((req) =>
      req.url === "/chart.png" ? { status: 200, type: "image/png", body: png } : { status: 404, body: "nope" },
    );
    try {
      const ok = await call("sendPhoto", { chat_id: BOB.id, photo: `${srv.url}/chart.png`, caption: "Biểu đồ" });
      expect(ok.status).toBe(200);
      expect(ok.json.result.message_id).toMatch(/^[0-9a-f]{32}$/);
      expect(emu.sent[0]).toMatchObject({ method: "sendPhoto", chatId: BOB.id, photoBytes: png.length, photoContentType: "image/png", caption: "Biểu đồ" });
      expect(emu.textsTo(BOB.id)).toEqual(["Biểu đồ"]);

      const fileId = await call("sendPhoto", { chat_id: BOB.id, photo: "AgACAgIAAxkBAAIB" });
      expect(fileId.status).toBe(400);

      const form = new FormData();
      form.set("chat_id", BOB.id);
      form.set("photo", new Blob([png], { type: "image/png" }), "chart.png");
      const upload = await fetch(`${emu.apiRoot}/bot${emu.token}/sendPhoto`, { method: "POST", body: form });
      expect(upload.status).toBe(400);

      const missing = await call("sendPhoto", { chat_id: BOB.id, photo: `${srv.url}/gone.png` });
      expect(missing).toEqual({ status: 400, json: { ok: false, error_code: 400, description: "Cannot fetch photo" } });

      const markup = await call("sendPhoto", { chat_id: BOB.id, photo: `${srv.url}/chart.png`, reply_markup: {} });
      expect(markup.status).toBe(400);

      expect(emu.sent).toHaveLength(1);
      expect(emu.rejected).toHaveLength(4);
    } finally {
      await srv.close();
    }
  });

  it("sendSticker and sendChatAction are accepted", async () => {
    expect((await call("sendSticker", { chat_id: ALICE.id, sticker: "0e078a2fb66a5f34067b" })).status).toBe(200);
    expect((await call("sendChatAction", { chat_id: ALICE.id, action: "typing" })).json).toEqual({ ok: true });
    expect(emu.sent.map((s) => s.method)).toEqual(["sendSticker", "sendChatAction"]);
  });

  it("failNext injects an error for the next N calls of a method only", async () => {
    emu.failNext("sendMessage", { error_code: 429, description: "Quota exceeded" }, 2);
    const body = { chat_id: ALICE.id, text: "hi" };
    expect(await call("sendMessage", body)).toEqual({
      status: 429,
      json: { ok: false, error_code: 429, description: "Quota exceeded" },
    });
    expect((await call("getMe")).status).toBe(200);
    expect((await call("sendMessage", body)).status).toBe(429);
    expect((await call("sendMessage", body)).status).toBe(200);
    expect(emu.sent).toHaveLength(1);
  });

  it("waitForSent resolves on a future send and echoBotMessages queues the bot's own message", async () => {
    emu.echoBotMessages = true;
    const waiting = emu.waitForSent((s) => s.text === "later", { timeoutMs: 2000 });
    const { json } = await call("sendMessage", { chat_id: ALICE.id, text: "later" });
    expect((await waiting).messageId).toBe(json.result.message_id);
    const echo = (await call("getUpdates", { timeout: 1 })).json.result;
    expect(echo.message).toMatchObject({
      from: { id: emu.botId, is_bot: true },
      chat: { id: ALICE.id },
      text: "later",
      message_id: json.result.message_id,
    });
    await expect(emu.waitForSent((s) => s.text === "never", { timeoutMs: 50 })).rejects.toThrow(/later/);
  });
});

describe("zalo emulator: media and webhooks", () => {
  it("an image event's photo_url serves the bytes, then 404 after expireMedia()", async () => {
    emu.userSendsImage(ALICE, { caption: "biên bản" });
    const ev = (await call("getUpdates", { timeout: 1 })).json.result;
    expect(ev.event_name).toBe("message.image.received");
    expect(ev.message.caption).toBe("biên bản");
    expect(ev.message).not.toHaveProperty("text");
    const url: string = ev.message.photo_url;
    expect(url.startsWith(`${emu.apiRoot}/media/`)).toBe(true);
    const img = await fetch(url);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/jpeg");
    const bytes = Buffer.from(await img.arrayBuffer());
    expect(bytes.equals(TINY_JPEG)).toBe(true);
    expect(bytes.subarray(0, 2).toString("hex")).toBe("ffd8");
    expect(bytes.subarray(-2).toString("hex")).toBe("ffd9");
    emu.expireMedia();
    expect((await fetch(url)).status).toBe(404);
  });

  it("photo_url expires by itself after expireMediaAfterMs", async () => {
    const short = await startZaloEmulator({ expireMediaAfterMs: 100 });
    try {
      short.userSendsImage(ALICE, { bytes: Buffer.from("custom") });
      const res = await fetch(`${short.apiRoot}/bot${short.token}/getUpdates`, { method: "POST" });
      const url = ((await res.json()) as Envelope).result.message.photo_url as string;
      expect(await (await fetch(url)).text()).toBe("custom");
      await new Promise((r) => setTimeout(r, 150));
      expect((await fetch(url)).status).toBe(404);
    } finally {
      await short.close();
    }
  });

  it("setWebhook / getWebhookInfo / deleteWebhook, and getUpdates is refused while a webhook is set", async () => {
    expect((await call("getWebhookInfo")).json.result.url).toBe("");
    expect((await call("setWebhook", { url: "https://example.test/hook", secret_token: "short" })).status).toBe(400);
    const set = await call("setWebhook", { url: "https://example.test/hook", secret_token: "s3cret-token" });
    expect(set.json.result).toEqual({ url: "https://example.test/hook", updated_at: expect.any(Number) });
    expect(emu.webhook).toEqual({ url: "https://example.test/hook", secret: "s3cret-token" });
    expect((await call("getWebhookInfo")).json.result.url).toBe("https://example.test/hook");
    const refused = await call("getUpdates", { timeout: 1 });
    expect(refused.status).toBe(409);
    expect(refused.json.description).toMatch(/webhook/i);
    expect((await call("deleteWebhook")).json.ok).toBe(true);
    expect(emu.webhook).toBeUndefined();
    expect((await call("getWebhookInfo")).json.result.url).toBe("");
  });

  it("postWebhook sends wrapped and bare bodies with the secret header", async () => {
    const got: { headers: IncomingHttpHeaders; body: string }[] = [];
    const srv = await localServer((req) => {
      got.push({ headers: req.headers, body: req.body });
      return { status: 200, body: "ok" };
    });
    try {
      await call("setWebhook", { url: `${srv.url}/zalo`, secret_token: "s3cret-token" });
      const event = emu.makeTextEvent(ALICE, "qua webhook");
      expect(emu.pending()).toBe(0);
      expect(await emu.postWebhook(`${srv.url}/zalo`, event)).toEqual({ status: 200, body: "ok" });
      await emu.postWebhook(`${srv.url}/zalo`, event, { wrapped: false });
      await emu.postWebhook(`${srv.url}/zalo`, event, { secret: null });
      await emu.postWebhook(`${srv.url}/zalo`, event, { secret: "wrong-secret", rawBody: "{not json" });

      expect(got[0]?.headers["x-bot-api-secret-token"]).toBe("s3cret-token");
      expect(JSON.parse(got[0]!.body)).toEqual({ ok: true, result: event });
      expect(JSON.parse(got[1]!.body)).toEqual(event);
      expect(got[1]?.headers["x-bot-api-secret-token"]).toBe("s3cret-token");
      expect(got[2]?.headers).not.toHaveProperty("x-bot-api-secret-token");
      expect(got[3]?.headers["x-bot-api-secret-token"]).toBe("wrong-secret");
      expect(got[3]?.body).toBe("{not json");
    } finally {
      await srv.close();
    }
  });

  it("close() ends a pending long poll promptly", async () => {
    const other = await startZaloEmulator();
    const poll = fetch(`${other.apiRoot}/bot${other.token}/getUpdates`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ timeout: 30 }),
    }).then(
      (r) => r.status,
      () => "network error",
    );
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await other.close();
    expect(await poll).toBe(408);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
