import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import pino from "pino";
import { backupDatabase, BackupError } from "../db/backup.js";
import { beat } from "../db/heartbeat.js";
import { createBackupSchedule } from "../src/backup/scheduled.js";
import { runCli } from "../src/cli/index.js";
import type { CliIo } from "../src/cli/io.js";
import { createAdminAlert } from "../src/delivery/admin-alert.js";
import { createServices } from "../src/services.js";
import type { ApiCall } from "../src/channels/local-transport.js";
import { createHarness, lastText, texts, type Harness, type TestUser } from "./support/harness.js";
import { CONGRESS_ANSWERS, ELECTION_ANSWERS, registered } from "./reports/support.js";

let h: Harness;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "dantin-backup-"));
});
afterEach(() => {
  h?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], dbPath: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runCli(args, { DATABASE_PATH: dbPath, LOG_LEVEL: "silent" }, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function readOnly<T>(path: string, sql: string): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const reportKeys = (path: string) =>
  readOnly<{ k: string }>(path, "select u.code || ':' || r.kind as k from reports r join units u on u.id = r.unit_id order by k").map((r) => r.k);

/** Makes the database big enough that a page-by-page copy spans many event-loop turns. */
function pad(db: Database.Database, rows: number) {
  const insert = db.prepare("insert into processed_updates (key, at) values (?, ?)");
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`padding:${i}:${"x".repeat(60)}`, 0);
  })();
}

/**
 * One reporter's two reports, typed (several users run at once, so buttons of the shared
 * transport's last keyboard are not theirs: every choice is answered by its words instead).
 */
async function reportBoth(h: Harness, user: TestUser, unit: string, acknowledged: (key: string) => void) {
  const own = (calls: ApiCall[]) => calls.filter((c) => String(c.payload.chat_id) === String(user.id));
  const say = async (text: string) => {
    const from = h.transport.calls.length;
    await h.bot.handleUpdate(user.messageUpdate(text));
    return texts(own(h.transport.since(from))).join("\n");
  };
  for (const [command, answers, kind] of [["/baucu", ELECTION_ANSWERS, "election"], ["/daihoi", CONGRESS_ANSWERS, "congress"]] as const) {
    await say(command);
    for (const answer of answers) await say(answer.replace(/^tap:/, ""));
    if ((await say("lưu")).includes("Đã lưu")) acknowledged(`${unit}:${kind}`);
  }
}

describe("backup in the bot process", () => {
  it("holds every report acknowledged before it finished, while reporters keep saving", async () => {
    h = createHarness();
    const hamlets = ["QN-BL-HUCDONG-01", "QN-BL-HUCDONG-02", "QN-BL-DONGVAN-01", "QN-CT-THANHLAN-01", "QN-CT-THANHLAN-02"];
    const users = await Promise.all(hamlets.map((code, i) => registered(h, 9100 + i, code, "reporter", `Người ${i}`)));
    pad(h.db.$client, 60_000);

    let steps = 0;
    let finished = false;
    const ackedBefore: string[] = [];
    const ackedDuring: string[] = [];
    const out = join(dir, "copy.sqlite");
    const backup = backupDatabase(h.db.$client, out, { pagesPerStep: 4, onStep: () => void steps++ }).then((r) => {
      finished = true;
      return r;
    });
    await Promise.all(
      users.map((user, i) =>
        reportBoth(h, user, hamlets[i]!, (key) => {
          if (!finished) ackedBefore.push(key);
          if (!finished && steps > 0) ackedDuring.push(key);
        }),
      ),
    );
    const result = await backup;
    console.log(`backup: ${result.pages} pages in ${steps} steps; ${ackedDuring.length} of ${ackedBefore.length} acknowledged saves happened during the copy`);
    expect(result.pages).toBeGreaterThan(500);
    // The test is only meaningful if saves were acknowledged while pages were being copied.
    expect(ackedDuring.length).toBeGreaterThan(0);
    const inCopy = reportKeys(out);
    for (const key of ackedBefore) expect(inCopy).toContain(key);
    // And the live database has all ten.
    expect(reportKeys(h.dbPath)).toHaveLength(10);
    expect(readOnly<{ integrity_check: string }>(out, "pragma integrity_check")).toEqual([{ integrity_check: "ok" }]);
  }, 60_000);

  it("a failing backup leaves the previous one intact and tells the admins once; the next success says so", async () => {
    h = createHarness();
    const admin = await registered(h, 9200, "QN", "admin", "Quản Trị");
    const services = createServices({ db: h.db, clock: h.clock, logger: pino({ level: "silent" }) });
    let failNext = false;
    const schedule = createBackupSchedule({
      services,
      dir,
      everyHours: 6,
      keep: 3,
      alert: createAdminAlert(services, h.bot.outbound),
      onStep: () => {
        if (failNext) throw new Error("SQLITE_FULL: database or disk is full");
      },
    });
    const first = await schedule.runNow();
    expect(first).toBeDefined();
    const before = readFileSync(first!.path);

    failNext = true;
    h.clock.advance(6 * 3_600_000);
    const from = h.transport.calls.length;
    expect(await schedule.runDue()).toBeUndefined();
    h.clock.advance(3_600_000);
    expect(await schedule.runDue()).toBeUndefined(); // tried again an hour later: still failing
    const alerts = texts(h.transport.since(from));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain("Sao lưu cơ sở dữ liệu không thành công");
    expect(alerts[0]).toContain("database or disk is full");
    expect(h.transport.since(from)[0]!.payload.chat_id).toBe(String(admin.id));
    // The previous backup is byte for byte the same, and no half-written file is left.
    expect(readFileSync(first!.path).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual([first!.path.split("/").pop()]);

    failNext = false;
    h.clock.advance(3_600_000);
    const again = await schedule.runDue();
    expect(again).toBeDefined();
    expect(lastText(h.transport.since(from))).toContain("Sao lưu cơ sở dữ liệu đã hoạt động trở lại");
  });

  it("keeps the newest BACKUP_KEEP files, and backs up after a digest only on the big days", async () => {
    h = createHarness({ now: "2024-12-14T17:00:00+07:00" });
    const services = createServices({ db: h.db, clock: h.clock, logger: pino({ level: "silent" }) });
    const schedule = createBackupSchedule({ services, dir, everyHours: 6, keep: 2, alert: async () => 0 });
    expect(await schedule.afterDigest(3)).toBeUndefined(); // the day before election day
    h.clock.set("2024-12-15T09:00:00+07:00");
    expect(await schedule.afterDigest(0)).toBeUndefined(); // nothing went out
    for (let i = 0; i < 3; i++) {
      expect(await schedule.afterDigest(2)).toBeDefined();
      h.clock.advance(60_000);
    }
    expect(readdirSync(dir).sort()).toEqual(["dantin-2024-12-15T02-01-00Z.sqlite", "dantin-2024-12-15T02-02-00Z.sqlite"]);
    expect(await schedule.runDue()).toBeUndefined(); // the last one is minutes old
  });
});

describe("a crash in the middle of a backup", () => {
  it("leaves the previous backup at the same path intact (kill -9 half-way)", async () => {
    const temp = createHarness();
    h = temp;
    const u = await registered(h, 9300, "QN-BL-HUCDONG-01", "reporter", "An");
    await u.send("/baucu");
    await u.script(ELECTION_ANSWERS);
    await u.tap("Lưu");
    const out = join(dir, "nightly.sqlite");
    await backupDatabase(h.db.$client, out);
    const previous = readFileSync(out);
    pad(h.db.$client, 20_000);

    const script = new URL("./support/crash-mid-backup.ts", import.meta.url).pathname;
    const child = spawn(process.execPath, ["--import", "tsx", script, h.dbPath, out], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("half")) resolve();
        if (chunk.toString().includes("finished")) reject(new Error("the backup finished before it was killed"));
      });
      child.on("exit", () => reject(new Error("exited early")));
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    expect(readFileSync(out).equals(previous)).toBe(true);
    expect(reportKeys(out)).toEqual(["QN-BL-HUCDONG-01:election"]);
    // The half-written copy is beside it under another name, never at the backup's path.
    expect(readdirSync(dir).filter((n) => n.endsWith(".partial")).length).toBe(1);
  }, 30_000);
});

describe("cli backup / restore", () => {
  it("backs up a live database, refuses to restore while the bot runs, then restores and keeps the replaced file", async () => {
    h = createHarness();
    const u = await registered(h, 9400, "QN-BL-HUCDONG-01", "reporter", "An");
    await u.send("/baucu");
    await u.script(ELECTION_ANSWERS);
    await u.tap("Lưu");
    const out = join(dir, "b.sqlite");
    const backup = await cli(["backup", "--out", out], h.dbPath);
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toContain("integrity_check: ok");
    expect(reportKeys(out)).toEqual(["QN-BL-HUCDONG-01:election"]);

    // After the backup, another report is saved; the bot is running (its heartbeat is fresh).
    await u.send("/daihoi");
    await u.script(CONGRESS_ANSWERS);
    await u.tap("Lưu");
    beat(h.db, Date.now());
    const refused = await cli(["restore", out], h.dbPath);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("Bot đang chạy");
    expect(reportKeys(h.dbPath)).toHaveLength(2);

    // The bot stops (its shutdown clears the heartbeat).
    h.db.$client.prepare("delete from heartbeat").run();
    h.db.$client.close();
    const restored = await cli(["restore", out], h.dbPath);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain("Đã khôi phục");
    expect(reportKeys(h.dbPath)).toEqual(["QN-BL-HUCDONG-01:election"]);
    const kept = readdirSync(join(h.dbPath, "..")).find((n) => n.startsWith("bot.sqlite.replaced-"));
    expect(kept).toBeDefined();
    expect(reportKeys(join(h.dbPath, "..", kept!))).toHaveLength(2);
    // Recorded: the backup in the database it copied (now the kept one), the restore in the restored one.
    const actions = (path: string) =>
      readOnly<{ action: string }>(path, "select action from audit_events where action in ('backup', 'restore') order by id").map((r) => r.action);
    expect(actions(join(h.dbPath, "..", kept!))).toEqual(["backup"]);
    expect(actions(h.dbPath)).toEqual(["restore"]);
    h.restart(); // reopen for close()
  });

  it("refuses a file that is not a good backup and changes nothing", async () => {
    h = createHarness();
    const junk = join(dir, "junk.sqlite");
    writeFileSync(junk, "this is not a database".repeat(100));
    h.db.$client.close();
    const before = readFileSync(h.dbPath);
    const r = await cli(["restore", junk], h.dbPath);
    expect(r.code).toBe(1);
    expect(r.err).toContain("Không khôi phục được");
    expect(readFileSync(h.dbPath).equals(before)).toBe(true);
    expect(readdirSync(join(h.dbPath, "..")).filter((n) => n.includes("replaced") || n.includes("partial"))).toEqual([]);
    expect((await cli(["restore", join(dir, "missing.sqlite")], h.dbPath)).code).toBe(1);
    h.restart();
  });

  it("fails cleanly when the target directory cannot be written", async () => {
    h = createHarness();
    const notADirectory = join(dir, "a-file");
    writeFileSync(notADirectory, "");
    await expect(backupDatabase(h.db.$client, join(notADirectory, "x.sqlite"))).rejects.toBeInstanceOf(BackupError);
    expect(readdirSync(dir)).toEqual(["a-file"]);
  });
});
