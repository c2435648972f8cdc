import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { telegramWebhookHandler } from "../src/channels/telegram-webhook.js";
import { startHttpServer } from "../src/http-server.js";
import { createHarness, type Harness } from "./support/harness.js";
import type { ApiResponder } from "../src/channels/local-transport.js";

let h: Harness;
let http: ReturnType<typeof startHttpServer> | undefined;
afterEach(async () => {
  await http?.close();
  h?.close();
});

const SECRET = "telegram-webhook-secret-0123";

async function serve(answerWithinMs?: number) {
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const logger = pino({ level: "silent" });
  http = startHttpServer(port, [{ method: "POST", path: "/tg", handle: telegramWebhookHandler(h.bot, { secret: SECRET, logger, answerWithinMs }) }], logger);
  await new Promise((resolve) => http!.server.once("listening", resolve));
  return `http://127.0.0.1:${port}/tg`;
}

const post = (url: string, body: string, secret: string | null = SECRET) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) }, body }).then(
    (r) => r.status,
    () => 413, // the server may close the connection on an oversized body
  );

const helpUpdate = (update_id: number) =>
  JSON.stringify({ update_id, message: { message_id: 1, date: 0, chat: { id: 4242, type: "private", first_name: "A" }, from: { id: 4242, is_bot: false, first_name: "A" }, text: "/trogiup", entities: [{ type: "bot_command", offset: 0, length: 8 }] } });
const handledRows = () => (h.db.$client.prepare("select count(*) n from processed_updates").get() as { n: number }).n;

describe("Telegram webhook over HTTP", () => {
  it("refuses malformed requests with 4xx, changes nothing and keeps serving", async () => {
    h = createHarness();
    const url = await serve();
    for (const body of ["", "not json", "null", "[]", "42", '{"no_update_id":1}', '{"update_id":"7"}']) expect(await post(url, body), body).toBe(400);
    expect(await post(url, helpUpdate(1), null)).toBe(401);
    expect(await post(url, helpUpdate(1), "wrong-secret-0000000000")).toBe(401);
    expect(await post(url, "a".repeat(10 * 1024 * 1024))).toBe(413);
    expect(h.transport.calls).toEqual([]);
    expect(handledRows()).toBe(0);
    expect(await post(url, helpUpdate(2))).toBe(200);
    expect(h.transport.since(0, "sendMessage")).toHaveLength(1);
  });

  it("answers Telegram in time when handling is slow (a 429 wait), and the reply still goes out once", async () => {
    let throttled = false;
    const respond: ApiResponder = (call) => {
      if (call.method === "sendMessage" && !throttled) {
        throttled = true;
        return { ok: false, error_code: 429, description: "Too Many Requests: retry after 2", parameters: { retry_after: 2 } };
      }
      return undefined;
    };
    h = createHarness({ respond });
    const url = await serve(300);
    const started = Date.now();
    expect(await post(url, helpUpdate(3))).toBe(200);
    expect(Date.now() - started).toBeLessThan(1500);
    await new Promise((r) => setTimeout(r, 2500));
    expect(h.transport.since(0, "sendMessage")).toHaveLength(2); // the 429 and the retry
    expect(handledRows()).toBe(1);
  });

  it("an update whose handling failed is handled again when re-delivered; a handled one is not", async () => {
    let fail = true;
    const respond: ApiResponder = (call) => (call.method === "sendMessage" && fail ? { ok: false, error_code: 400, description: "Bad Request: something broke" } : undefined);
    h = createHarness({ respond });
    const url = await serve();
    expect(await post(url, helpUpdate(5))).toBe(200);
    expect(handledRows()).toBe(0); // not marked: a re-delivery is not lost
    fail = false;
    expect(await post(url, helpUpdate(5))).toBe(200);
    expect(handledRows()).toBe(1);
    const sent = h.transport.since(0, "sendMessage").length;
    expect(await post(url, helpUpdate(5))).toBe(200); // handled already: dropped
    expect(h.transport.since(0, "sendMessage")).toHaveLength(sent);
  });
});
