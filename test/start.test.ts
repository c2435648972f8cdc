import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botEnv, spawnBot } from "./support/process.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dantin-start-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bot to its exit; returns what it printed. */
async function startBot(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bot = spawnBot(env);
  const code = await bot.exit;
  return { code, stdout: bot.stdout, stderr: bot.stderr };
}

describe("starting the bot with a bad configuration", () => {
  it("without any token: exits non-zero with one bilingual line naming both tokens and the demo", async () => {
    const db = join(dir, "no-token.sqlite");
    const r = await startBot(botEnv({ DATABASE_PATH: db }));
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain("BOT_TOKEN");
    expect(lines[0]).toContain("Thiếu BOT_TOKEN"); // Vietnamese
    expect(lines[0]).toContain("BOT_TOKEN is missing"); // English
    expect(lines[0]).toContain("ZALO_BOT_TOKEN");
    expect(lines[0]).toContain("npm run demo");
    expect(r.stdout).toBe("");
    // It stopped before touching the database.
    expect(existsSync(db)).toBe(false);
  }, 30_000);

  it("an empty BOT_TOKEN is treated as missing", async () => {
    const r = await startBot(botEnv({ BOT_TOKEN: "", DATABASE_PATH: join(dir, "empty.sqlite") }));
    expect(r.code).not.toBe(0);
    expect(r.stderr.trimEnd().split("\n")).toEqual([expect.stringContaining("BOT_TOKEN is missing")]);
  }, 30_000);

  it("BOT_MODE=webhook without WEBHOOK_URL: exits non-zero and says WEBHOOK_URL is required", async () => {
    const token = "123456:WEBHOOK-test-token";
    const r = await startBot(
      botEnv({ BOT_TOKEN: token, BOT_MODE: "webhook", WEBHOOK_SECRET: "a-secret-of-16-chars", DATABASE_PATH: join(dir, "webhook.sqlite") }),
    );
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/WEBHOOK_URL is required when BOT_MODE=webhook/);
    expect(r.stderr).not.toContain(token);
  }, 30_000);

  it("ZALO_MODE=webhook without ZALO_WEBHOOK_URL: exits non-zero naming it, without printing the token", async () => {
    const token = "987654:ZALO-secret-token";
    const r = await startBot(botEnv({ ZALO_BOT_TOKEN: token, ZALO_MODE: "webhook", ZALO_WEBHOOK_SECRET: "secret-8chars", DATABASE_PATH: join(dir, "zalo.sqlite") }));
    expect(r.code).not.toBe(0);
    expect(r.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/ZALO_WEBHOOK_URL is required when ZALO_MODE=webhook/)]);
    expect(r.stderr).not.toContain(token);
  }, 30_000);

  it("a Zalo token Zalo rejects (401) with no other channel: exits non-zero with one clear line", async () => {
    const { startZaloEmulator } = await import("./support/zalo-emulator.js");
    const emu = await startZaloEmulator();
    try {
      const token = "111:wrong-zalo-token";
      const r = await startBot(botEnv({ ZALO_BOT_TOKEN: token, ZALO_API_ROOT: emu.apiRoot, DATABASE_PATH: join(dir, "zalo401.sqlite"), LOG_LEVEL: "silent" }));
      expect(r.code).toBe(1);
      expect(r.stderr.trimEnd().split("\n")).toEqual([expect.stringContaining("Zalo rejected ZALO_BOT_TOKEN (401)")]);
      expect(r.stderr).not.toContain("wrong-zalo-token");
    } finally {
      await emu.close();
    }
  }, 30_000);

  it("on a database file that cannot be written: exits non-zero with one clear line", async (ctx) => {
    const { execFileSync } = await import("node:child_process");
    const db = join(dir, "readonly.sqlite");
    const { openDatabase } = await import("../db/client.js");
    openDatabase(db).$client.close(); // created and migrated: only writing will fail
    try {
      execFileSync("chattr", ["+i", db]); // immutable: not even root may write it
    } catch {
      ctx.skip("chattr +i is not available on this file system");
    }
    try {
      const r = await startBot(botEnv({ DATABASE_PATH: db, BOT_TOKEN: "123:abc", TELEGRAM_API_ROOT: "http://127.0.0.1:9" }));
      expect(r.code).toBe(1);
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^Không ghi được cơ sở dữ liệu .*readonly\.sqlite .* Cannot write the database/);
    } finally {
      execFileSync("chattr", ["-i", db]);
    }
  }, 30_000);
});

