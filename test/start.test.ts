import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
// The project's own tsx (what `npx tsx` resolves to), without npm's notices on stderr.
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dantin-start-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment of this process minus everything the bot reads, plus `extra`. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(BOT_|WEBHOOK_|TELEGRAM_API_ROOT$|DATABASE_PATH$|LOG_LEVEL$|PORT$|INVITE_DAYS$|DIGEST_TIMES$)/.test(key)) delete env[key];
  }
  return { ...env, ...extra };
}

function startBot(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ["src/main.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("starting the bot with a bad configuration", () => {
  it("without BOT_TOKEN: exits non-zero with one bilingual line naming BOT_TOKEN", async () => {
    const db = join(dir, "no-token.sqlite");
    const r = await startBot(cleanEnv({ DATABASE_PATH: db }));
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain("BOT_TOKEN");
    expect(lines[0]).toContain("Thiếu BOT_TOKEN"); // Vietnamese
    expect(lines[0]).toContain("BOT_TOKEN is missing"); // English
    expect(r.stdout).toBe("");
    // It stopped before touching the database.
    expect(existsSync(db)).toBe(false);
  }, 30_000);

  it("an empty BOT_TOKEN is treated as missing", async () => {
    const r = await startBot(cleanEnv({ BOT_TOKEN: "", DATABASE_PATH: join(dir, "empty.sqlite") }));
    expect(r.code).not.toBe(0);
    expect(r.stderr.trimEnd().split("\n")).toEqual([expect.stringContaining("BOT_TOKEN is missing")]);
  }, 30_000);

  it("BOT_MODE=webhook without WEBHOOK_URL: exits non-zero and says WEBHOOK_URL is required", async () => {
    const token = "123456:WEBHOOK-test-token";
    const r = await startBot(
      cleanEnv({ BOT_TOKEN: token, BOT_MODE: "webhook", WEBHOOK_SECRET: "a-secret-of-16-chars", DATABASE_PATH: join(dir, "webhook.sqlite") }),
    );
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/WEBHOOK_URL is required when BOT_MODE=webhook/);
    expect(r.stderr).not.toContain(token);
  }, 30_000);
});
