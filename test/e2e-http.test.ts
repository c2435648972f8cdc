import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/index.js";
import { botEnv, freePort, spawnBot, type SpawnedBot } from "./support/process.js";

/**
 * The real process (`tsx src/main.ts`, long polling through the runner) against
 * telegram-test-api over HTTP on loopback: the whole stack, no mocks.
 */

const SMALL = fileURLToPath(new URL("./fixtures/small-province.csv", import.meta.url));
const TOKEN = "424242:E2E-test-token_abcdefghijklmnop";

let dir: string;
let server: TelegramServer;
let bot: SpawnedBot | undefined;
let code: string;

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
  const match = /^([A-Z0-9]{10})  https:\/\/t\.me\/dantin_e2e_bot\?start=\1  Zalo: nhắn cho bot mã \1$/.exec(invite.out[1] ?? "");
  expect(match, invite.out.join("\n")).not.toBeNull();
  code = match![1]!;

  server = new TelegramServer({ host: "127.0.0.1", port: await freePort() });
  await server.start();

  bot = spawnBot(botEnv({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: server.config.apiURL, DATABASE_PATH: dbPath, LOG_LEVEL: "info" }));
}, 30_000);

afterAll(async () => {
  await bot?.kill();
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
    expect(welcome.join("\n"), bot!.stderr).toContain("Chào mừng");
    expect(welcome.join("\n")).toContain("Bản Nà Ếch");

    const b = server.getClient(TOKEN, { chatId: 5002, userId: 5002, firstName: "Bình", timeout: 25_000 });
    await b.sendCommand(b.makeCommand(`/start ${code}`));
    const refusal = await nextReply(b);
    expect(refusal.join("\n")).toContain("đã được sử dụng");
    expect(refusal.join("\n")).not.toContain("Chào mừng");

    // The emulator has no setMyCommands: the bot logged it and carried on (it answered above).
    expect(bot!.stderr).toContain("setMyCommands");
    // Secrets never reach the logs.
    expect(bot!.stderr).not.toContain(TOKEN);
    expect(bot!.stderr).not.toContain(code);

    expect(bot!.child.exitCode).toBeNull();
    bot!.child.kill("SIGTERM");
    expect(await bot!.exit, bot!.stderr).toBe(0);
    expect(bot!.stderr).toContain("shutting down");
  }, 30_000);
});
