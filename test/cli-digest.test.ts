import { afterEach, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../src/cli/index.js";
import { SMALL_PROVINCE, tempDbPath } from "./support/harness.js";

let temp: ReturnType<typeof tempDbPath>;
afterEach(() => temp?.cleanup());

async function cli(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("cli digest", () => {
  it("--dry-run prints the digest as plain text and writes the chart PNG", async () => {
    temp = tempDbPath();
    const env = { DATABASE_PATH: temp.path };
    expect((await cli(["units", "import", SMALL_PROVINCE], env)).code).toBe(0);
    expect((await cli(["term", "create", "--name", "t", "--election-date", "2024-12-15", "--congress-deadline", "2025-01-15"], env)).code).toBe(0);
    const png = join(temp.path, "..", "bl.png");
    const r = await cli(["digest", "--unit", "QN-BL", "--dry-run", "--out", png], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain("📊 Báo cáo tiến độ — huyện Bình Liêu");
    expect(r.out).toContain("Bầu cử trưởng thôn: 0/3 (0%)");
    expect(r.out).not.toContain("<b>");
    expect(existsSync(png)).toBe(true);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe("PNG");
    expect((await cli(["digest", "--unit", "NOPE", "--dry-run"], env)).code).toBe(1);
  });
});

describe("term create --big-day-times", () => {
  it("stores extra digest times for the big days and refuses bad ones", async () => {
    temp = tempDbPath();
    const env = { DATABASE_PATH: temp.path };
    const base = ["term", "create", "--name", "t", "--election-date", "2024-12-15", "--congress-deadline", "2025-01-15"];
    expect((await cli([...base, "--big-day-times", "9:00"], env)).code).toBe(2);
    expect((await cli([...base, "--big-day-times", "09:00, 11:00"], env)).code).toBe(0);
    const { openDatabase } = await import("../db/client.js");
    const db = openDatabase(temp.path);
    expect(db.$client.prepare("select big_day_digest_times t from terms").get()).toEqual({ t: "09:00,11:00" });
    db.$client.close();
  });
});
