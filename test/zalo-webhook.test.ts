import { afterEach, describe, expect, it } from "vitest";
import { zaloWebhookHandler } from "../src/channels/zalo/webhook.js";
import { startHttpServer } from "../src/http-server.js";
import pino from "pino";
import { createZaloHarness, type ZaloHarness } from "./support/zalo-harness.js";

let h: ZaloHarness;
let http: ReturnType<typeof startHttpServer> | undefined;
afterEach(async () => {
  await http?.close();
  await h?.close();
});

const SECRET = "zalo-webhook-secret-1234";

async function webhookServer() {
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  http = startHttpServer(port, [{ method: "POST", path: "/zalo", handle: zaloWebhookHandler({ secret: SECRET, handleBody: h.zalo.handleWebhookBody, logger: pino({ level: "silent" }) }) }], pino({ level: "silent" }));
  await new Promise((resolve) => http!.server.once("listening", resolve));
  return `http://127.0.0.1:${port}/zalo`;
}

describe("Zalo webhook", () => {
  it("accepts wrapped and bare bodies with the secret, answers at once and handles the event once", async () => {
    h = await createZaloHarness();
    const url = await webhookServer();
    const user = { id: "c0ffee00", name: "An" };
    const code = h.invite("QN-BL-HUCDONG-01", "reporter", "An");
    const wrapped = h.emu.makeTextEvent(user, `/start ${code}`);
    expect((await h.emu.postWebhook(url, wrapped, { secret: SECRET, wrapped: true })).status).toBe(200);
    await h.emu.waitForSent((s) => s.chatId === user.id && (s.text ?? "").includes("Chào mừng An"));
    // Zalo retries the same event: nothing happens twice.
    expect((await h.emu.postWebhook(url, wrapped, { secret: SECRET, wrapped: true })).status).toBe(200);
    const bare = h.emu.makeTextEvent(user, "/trogiup");
    expect((await h.emu.postWebhook(url, bare, { secret: SECRET, wrapped: false })).status).toBe(200);
    await h.emu.waitForSent((s) => s.chatId === user.id && (s.text ?? "").includes("Bạn có thể dùng các lệnh sau"));
    await new Promise((r) => setTimeout(r, 100));
    expect(h.emu.textsTo(user.id).filter((t) => t.includes("Chào mừng"))).toHaveLength(1);
  });

  it("rejects a missing or wrong secret (401), a body that is not a JSON object (400) and an oversized body (413), changing nothing", async () => {
    h = await createZaloHarness();
    const url = await webhookServer();
    const event = h.emu.makeTextEvent({ id: "c0ffee00" }, "/trogiup");
    expect((await h.emu.postWebhook(url, event, { secret: null })).status).toBe(401);
    expect((await h.emu.postWebhook(url, event, { secret: "wrong-secret-000000000" })).status).toBe(401);
    for (const rawBody of ["", "not json", "null", "42", "[1,2"]) {
      expect((await h.emu.postWebhook(url, event, { secret: SECRET, rawBody })).status, rawBody).toBe(400);
    }
    const big = await fetch(url, { method: "POST", headers: { "x-bot-api-secret-token": SECRET, "content-type": "application/json" }, body: `{"x":"${"a".repeat(1024 * 1024)}"}` }).catch(() => ({ status: 413 }));
    expect(big.status).toBe(413);
    // A well-formed body of an unknown shape is acknowledged and ignored.
    expect((await h.emu.postWebhook(url, { event_name: "x", message: {} } as never, { secret: SECRET })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.emu.sent).toEqual([]);
    expect(h.db.$client.prepare("select count(*) n from processed_updates").get()).toEqual({ n: 0 });
  });
});
