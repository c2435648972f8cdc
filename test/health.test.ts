import type { AddressInfo } from "node:net";
import { Api } from "grammy";
import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createBot } from "../src/bot.js";
import { createLocalTransport, LOCAL_BOT_INFO, type ApiCall } from "../src/channels/local-transport.js";
import { createAdminAlert } from "../src/delivery/admin-alert.js";
import { createHealth } from "../src/health.js";
import { startHttpServer } from "../src/http-server.js";
import { createMetrics } from "../src/metrics.js";
import { createServices } from "../src/services.js";
import { createHarness, texts, type Harness } from "./support/harness.js";
import { ELECTION_ANSWERS, registered } from "./reports/support.js";

const logger = pino({ level: "silent" });
let h: Harness;
let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeServer?.();
  closeServer = undefined;
  h?.close();
});

/** The bot as main.ts wires it: health sees every update and every Telegram API call; /healthz and /metrics served. */
async function setup(opts: { telegramDown: () => boolean }) {
  h = createHarness({
    respond: (call: ApiCall) => {
      if (opts.telegramDown()) throw new Error("connect ETIMEDOUT 149.154.167.220:443");
      return undefined;
    },
  });
  const services = createServices({ db: h.db, clock: h.clock, logger });
  const metrics = createMetrics(h.db);
  const health = createHealth(services, metrics);
  const bot = createBot({
    token: "123:TEST",
    services,
    botInfo: LOCAL_BOT_INFO,
    client: { fetch: h.transport.fetch },
    throttle: async () => {},
    onUpdateHandled: health.updateHandled,
    watchApi: health.watchApi,
  });
  // A second messenger for the admin, so an alert about Telegram has somewhere to go.
  const zalo = createLocalTransport();
  bot.outbound.register("zalo", new Api("9:ZALO", { fetch: zalo.fetch }), async () => {});
  const http = startHttpServer(0, health.routes(), logger);
  await new Promise((resolve) => http.server.once("listening", resolve));
  closeServer = http.close;
  const base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, text: await response.text(), type: response.headers.get("content-type") };
  };
  return { bot, health, metrics, zalo, get, alert: createAdminAlert(services, bot.outbound) };
}

describe("GET /healthz and GET /metrics", () => {
  it("reports a healthy bot, counts updates, saved reports, latency and deliveries", async () => {
    const s = await setup({ telegramDown: () => false });
    s.health.schedulerTicked();
    const user = await registered(h, 9500, "QN-BL-HUCDONG-01", "reporter", "An");
    const say = (text: string) => s.bot.handleUpdate(user.messageUpdate(text));
    await say("/baucu");
    for (const answer of ELECTION_ANSWERS) await say(answer.replace(/^tap:/, ""));
    await say("lưu");
    h.db.$client.prepare("insert into deliveries (kind, slot, recipient, status, created_at) values ('digest', 's', 'chat:1', 'failed', 0)").run();

    const health = await s.get("/healthz");
    expect(health.status).toBe(200);
    const body = JSON.parse(health.text);
    expect(body).toMatchObject({ status: "ok", reasons: [], database: "writable" });
    expect(body.lastUpdateAt).toBe(new Date(h.clock.now()).toISOString());
    expect(body.schedulerLastTickAt).toBe(new Date(h.clock.now()).toISOString());
    expect(body.channels.telegram.lastSuccessAt).toBe(new Date(h.clock.now()).toISOString());
    // The check wrote the heartbeat row: the database is writable and `cli restore` would refuse.
    expect(h.db.$client.prepare("select pid from heartbeat").get()).toEqual({ pid: process.pid });

    const metrics = await s.get("/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain("text/plain");
    expect(metrics.text).toContain(`dantin_updates_handled_total{channel="telegram"} ${ELECTION_ANSWERS.length + 2}`);
    expect(metrics.text).toMatch(/dantin_update_duration_seconds_bucket\{le="\+Inf",channel="telegram"\} 8/);
    expect(metrics.text).toContain('dantin_reports_saved{kind="election"} 1');
    expect(metrics.text).toContain('dantin_deliveries{status="failed"} 1');
    expect(metrics.text).toContain('dantin_deliveries{status="pending"} 0');
    expect(metrics.text).toContain("dantin_backups_total");
    expect(metrics.text).toContain("dantin_process_resident_memory_bytes");
  });

  it("says 503 with the reason when Telegram is unreachable, alerts admins once after 5 minutes, and once when it is back", async () => {
    let down = false;
    const s = await setup({ telegramDown: () => down });
    const admin = await registered(h, 9600, "QN", "admin", "Quản Trị");
    const personId = (h.db.$client.prepare("select person_id as p from accounts where external_id = '9600'").get() as { p: number }).p;
    h.db.$client.prepare("insert into accounts (person_id, channel, external_id, chat_id) values (?, 'zalo', 'z9600', 'z9600')").run(personId);
    s.health.schedulerTicked();
    await s.bot.api.getMe();

    down = true;
    // auto-retry keeps retrying a network error; health sees the first attempt fail at once.
    const retrying = new AbortController();
    const pending = s.bot.api.sendMessage(admin.id, "x", {}, retrying.signal as Parameters<typeof s.bot.api.sendMessage>[3]).catch(() => "gave up");
    await vi.waitFor(() => expect(s.health.check().body.channels).toMatchObject({ telegram: { failingSince: expect.any(String) } }));
    retrying.abort();
    expect(await pending).toBe("gave up");
    h.clock.advance(60_000);
    s.health.schedulerTicked();
    expect((await s.get("/healthz")).status).toBe(200); // a blip is not an outage
    h.clock.advance(90_000);
    s.health.schedulerTicked();
    const unhealthy = await s.get("/healthz");
    expect(unhealthy.status).toBe(503);
    expect(JSON.parse(unhealthy.text).reasons).toEqual([expect.stringContaining("telegram API unreachable for 150 s (sendMessage: connect ETIMEDOUT")]);
    expect(await s.get("/metrics").then((m) => m.text)).toContain('dantin_api_errors_total{channel="telegram",method="sendMessage",code="network"} 1');

    await s.health.alertOutages(s.alert);
    expect(s.zalo.calls).toHaveLength(0); // not yet 5 minutes
    h.clock.advance(150_000);
    await s.health.alertOutages(s.alert);
    await s.health.alertOutages(s.alert);
    expect(texts(s.zalo.calls)).toEqual([expect.stringContaining("Bot không kết nối được với máy chủ Telegram đã 5 phút")]);
    expect(s.zalo.calls[0]!.payload.chat_id).toBe("z9600");

    down = false;
    h.clock.advance(120_000);
    await s.bot.api.getMe();
    const from = h.transport.calls.length;
    await s.health.alertOutages(s.alert);
    await s.health.alertOutages(s.alert);
    expect(texts(s.zalo.calls).slice(1)).toEqual(["✅ Bot đã kết nối lại được với Telegram (gián đoạn khoảng 7 phút)."]);
    expect(texts(h.transport.since(from))).toEqual(["✅ Bot đã kết nối lại được với Telegram (gián đoạn khoảng 7 phút)."]);
    s.health.schedulerTicked();
    expect((await s.get("/healthz")).status).toBe(200);
  });

  it("says 503 when the scheduler stopped ticking or the database cannot be written", async () => {
    const s = await setup({ telegramDown: () => false });
    s.health.schedulerTicked();
    h.clock.advance(4 * 60_000);
    const stale = await s.get("/healthz");
    expect(stale.status).toBe(503);
    expect(JSON.parse(stale.text).reasons).toEqual(["scheduler has not ticked for 240 s"]);

    s.health.schedulerTicked();
    h.db.$client.pragma("query_only = ON"); // every write now fails, as on a read-only or broken disk
    const broken = await s.get("/healthz");
    expect(broken.status).toBe(503);
    expect(JSON.parse(broken.text).reasons[0]).toMatch(/^database not writable: /);
  });
});
