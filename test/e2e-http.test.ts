import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/index.js";

/**
 * The real process (`tsx src/main.ts`, long polling through the runner) against
 * telegram-test-api over HTTP on loopback: the whole stack, no mocks.
 */

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const SMALL = fileURLToPath(new URL("./fixtures/small-province.csv", import.meta.url));
const TOKEN = "424242:E2E-test-token_abcdefghijklmnop";

let dir: string;
let server: TelegramServer;
let bot: ChildProcess | undefined;
let botExit: Promise<number | null>;
let botStderr = "";
let code: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const exit = await runCli(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code: exit, out, err };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dantin-e2e-"));
  const dbPath = join(dir, "bot.sqlite");
  const env = { DATABASE_PATH: dbPath, BOT_USERNAME: "dantin_e2e_bot" };
  expect((await cli(["units", "import", SMALL], env)).code).toBe(0);
  expect(
    (await cli(["term", "create", "--name", "2025-2027", "--election-date", "2024-12-15", "--congress-deadline", "2025-01-15"], env)).code,
  ).toBe(0);
  const invite = await cli(["invite", "create", "--unit", "QN-BL-HUCDONG-01", "--role", "reporter"], env);
  expect(invite.code).toBe(0);
  const match = /^([A-Z0-9]{10})  https:\/\/t\.me\/dantin_e2e_bot\?start=\1$/.exec(invite.out[1] ?? "");
  expect(match, invite.out.join("\n")).not.toBeNull();
  code = match![1]!;

  server = new TelegramServer({ host: "127.0.0.1", port: await freePort() });
  await server.start();

  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(childEnv)) if (/^(BOT_|WEBHOOK_)/.test(key)) delete childEnv[key];
  bot = spawn(TSX, ["src/main.ts"], {
    cwd: ROOT,
    env: { ...childEnv, BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: server.config.apiURL, DATABASE_PATH: dbPath, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
    // Own process group: tsx runs the bot in a child process, and cleanup must reach both.
    detached: true,
  });
  bot.stdout!.resume();
  bot.stderr!.on("data", (d) => (botStderr += d));
  botExit = new Promise((resolve) => bot!.once("exit", (c) => resolve(c)));
}, 30_000);

afterAll(async () => {
  if (bot?.pid && bot.exitCode === null && bot.signalCode === null) {
    process.kill(-bot.pid, "SIGKILL");
    await botExit;
  }
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

/** What the bot sent to this user's chat next (waits for it). */
async function nextReply(client: ReturnType<TelegramServer["getClient"]>): Promise<string[]> {
  const updates = await client.getUpdates();
  return updates.result.map((u) => String((u.message as { text?: string }).text));
}

describe("the real process over HTTP (telegram-test-api)", () => {
  it("registers user A with the invite, refuses the same code for user B, and stops cleanly on SIGTERM", async () => {
    const a = server.getClient(TOKEN, { chatId: 5001, userId: 5001, firstName: "An", timeout: 25_000 });
    await a.sendCommand(a.makeCommand(`/start ${code}`));
    const welcome = await nextReply(a);
    expect(welcome.join("\n"), botStderr).toContain("Chào mừng");
    expect(welcome.join("\n")).toContain("Bản Nà Ếch");

    const b = server.getClient(TOKEN, { chatId: 5002, userId: 5002, firstName: "Bình", timeout: 25_000 });
    await b.sendCommand(b.makeCommand(`/start ${code}`));
    const refusal = await nextReply(b);
    expect(refusal.join("\n")).toContain("đã được sử dụng");
    expect(refusal.join("\n")).not.toContain("Chào mừng");

    // The emulator has no setMyCommands: the bot logged it and carried on (it answered above).
    expect(botStderr).toContain("setMyCommands");
    // Secrets never reach the logs.
    expect(botStderr).not.toContain(TOKEN);
    expect(botStderr).not.toContain(code);

    expect(bot!.exitCode).toBeNull();
    bot!.kill("SIGTERM");
    expect(await botExit, botStderr).toBe(0);
    expect(botStderr).toContain("shutting down");
  }, 30_000);
});
