import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, expect, it, vi } from "vitest";
import { runCli } from "../src/cli/index.js";
import { botEnv, freePort, spawnBot, type SpawnedBot } from "./support/process.js";

/** `npm start` with PORT set in polling mode: /healthz, /metrics, the first backup, and restore refused while it runs. */
const SMALL = fileURLToPath(new URL("./fixtures/small-province.csv", import.meta.url));
const TOKEN = "434343:HEALTH-test-token_abcdefghijklmnop";
let dir: string | undefined;
let server: TelegramServer | undefined;
let bot: SpawnedBot | undefined;

afterAll(async () => {
  await bot?.kill();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

it("serves /healthz and /metrics, backs up at start, and refuses a restore until it has stopped", async () => {
  dir = mkdtempSync(join(tmpdir(), "dantin-health-"));
  const dbPath = join(dir, "bot.sqlite");
  const env = { DATABASE_PATH: dbPath, LOG_LEVEL: "silent" };
  expect((await cli(["units", "import", SMALL], env)).code).toBe(0);
  server = new TelegramServer({ host: "127.0.0.1", port: await freePort() });
  await server.start();
  const port = await freePort();
  bot = spawnBot(botEnv({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: server.config.apiURL, DATABASE_PATH: dbPath, PORT: String(port), LOG_LEVEL: "info" }));

  const health = await vi.waitFor(
    async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      const body = await response.json();
      expect(body.channels.telegram.lastSuccessAt).not.toBeNull();
      return { status: response.status, body };
    },
    { timeout: 20_000, interval: 250 },
  );
  expect(health.status, bot.stderr).toBe(200);
  expect(health.body).toMatchObject({ status: "ok", database: "writable" });
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  expect(metrics).toContain("dantin_api_errors_total");
  expect(metrics).toContain('dantin_deliveries{status="pending"} 0');

  // The first tick found no backup yet in BACKUP_DIR (default: "backups" beside the database).
  await vi.waitFor(() => expect(readdirSync(join(dir!, "backups")).filter((n) => n.endsWith(".sqlite"))).toHaveLength(1), { timeout: 10_000 });
  const backup = join(dir, "backups", readdirSync(join(dir, "backups"))[0]!);

  const refused = await cli(["restore", backup], env);
  expect(refused.code).toBe(1);
  expect(refused.err).toContain("Bot đang chạy");

  bot.child.kill("SIGTERM"); // a clean stop clears the heartbeat
  expect(await bot.exit, bot.stderr).toBe(0);
  const restored = await cli(["restore", backup], env);
  expect(restored.code, restored.err).toBe(0);
  expect(readdirSync(dir).some((n) => n.startsWith("bot.sqlite.replaced-"))).toBe(true);
  expect(existsSync(dbPath)).toBe(true);
}, 60_000);
