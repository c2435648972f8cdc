import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/index.js";
import { addDays, todayInVietnam } from "../src/domain/parse/date.js";
import { startZaloEmulator, type ZaloEmulator } from "./support/zalo-emulator.js";
import { botEnv, freePort, spawnBot, type SpawnedBot } from "./support/process.js";

/**
 * The real process (`tsx src/main.ts`) with only a Zalo token, long polling the
 * Zalo emulator over HTTP on loopback, serving file links under PUBLIC_URL.
 */

const SMALL = fileURLToPath(new URL("./fixtures/small-province.csv", import.meta.url));

let dir: string;
let emu: ZaloEmulator;
let bot: SpawnedBot | undefined;
let reporterCode: string;
let staffCode: string;
let port: number;

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const code = await runCli(args, env, { out: (l) => out.push(l), err: () => undefined });
  return { code, out };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dantin-e2e-zalo-"));
  const dbPath = join(dir, "bot.sqlite");
  const env = { DATABASE_PATH: dbPath };
  expect((await cli(["units", "import", SMALL], env)).code).toBe(0);
  // Election day is today: the real process reads the real clock.
  const today = todayInVietnam(new Date());
  expect((await cli(["term", "create", "--name", "2025-2027", "--election-date", today, "--congress-deadline", addDays(today, 30)], env)).code).toBe(0);
  const invite = async (unit: string, role: string) => {
    const r = await cli(["invite", "create", "--unit", unit, "--role", role], env);
    return /^([A-Z0-9]{10})  Zalo: nhắn cho bot mã \1$/.exec(r.out[1] ?? "")![1]!;
  };
  reporterCode = await invite("QN-BL-HUCDONG-01", "reporter");
  staffCode = await invite("QN-BL-HUCDONG", "staff");

  emu = await startZaloEmulator();
  port = await freePort();
  bot = spawnBot(
    botEnv({
      ZALO_BOT_TOKEN: emu.token,
      ZALO_API_ROOT: emu.apiRoot,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      DATABASE_PATH: dbPath,
      MEDIA_DIR: join(dir, "media"),
      LOG_LEVEL: "info",
    }),
  );
}, 30_000);

afterAll(async () => {
  await bot?.kill();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

async function say(user: { id: string; name: string }, text: string, expectText: string): Promise<string> {
  const from = emu.sent.length;
  emu.userSends(user, text);
  const sent = await emu.waitForSent((s) => s.chatId === user.id && (s.text ?? "").includes(expectText), { from, timeoutMs: 20_000 }).catch((error) => {
    throw new Error(`${error.message}\n--- calls ---\n${JSON.stringify(emu.calls.slice(-5))}\n${JSON.stringify(emu.rejected)}\n--- bot stderr ---\n${bot!.stderr}`);
  });
  return sent.text!;
}

describe("the real process on Zalo (polling the emulator over HTTP)", () => {
  it("registers by bare code, takes a whole election report typed, serves the workbook link, and stops cleanly", async () => {
    const an = { id: "e2e0a1b2c3d4", name: "An" };
    await say(an, reporterCode, "Chào mừng");
    await say(an, "/baucu", "Bản Nà Ếch");
    await say(an, "300\n280\n250", "Họ tên");
    await say(an, "Nguyễn Thị Hoa, nữ, 1978", "1.");
    await say(an, "1", "1.");
    await say(an, "đại học", "1.");
    await say(an, "trung cấp", "1.");
    const readBack = await say(an, "tái cử", "Lưu");
    expect(readBack).toContain("Số cử tri đi bầu: 280");
    await say(an, "1", "Đã lưu báo cáo bầu cử trưởng thôn");

    const mai = { id: "e2e0ffee0011", name: "Mai" };
    await say(mai, `/start ${staffCode}`, "Chào mừng");
    expect(await say(mai, "xã Húc Động xong chưa", "Tiến độ — xã Húc Động")).toContain("Bầu cử trưởng thôn: 1/2");
    const link = /http:\/\/127\.0\.0\.1:\d+\/files\/\S+\.xlsx/.exec(await say(mai, "/xuat", "Tải tệp Excel"))![0];
    const xlsx = await fetch(link);
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");

    expect(emu.rejected, JSON.stringify(emu.rejected)).toEqual([]);
    expect(bot!.stderr).not.toContain(emu.token.split(":")[1]!);
    expect(bot!.stderr).not.toContain(reporterCode);
    expect(bot!.child.exitCode).toBeNull();
    bot!.child.kill("SIGTERM");
    expect(await bot!.exit, bot!.stderr).toBe(0);
  }, 60_000);
});
