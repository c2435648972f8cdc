import Database from "better-sqlite3";
import { copyFileSync, existsSync, renameSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { BackupError, removeDatabaseFiles, verifyDatabaseFile } from "../../db/backup.js";
import { HEARTBEAT_FRESH_MS, type Heartbeat } from "../../db/heartbeat.js";

export type RestoreResult = { ok: true; replacedPath?: string } | { ok: false; reason: "bot_running"; heartbeat: Heartbeat };

/** "2024-12-15T02-00-00Z": a file-name-safe UTC stamp that sorts by time. */
export function fileStamp(now: number): string {
  return new Date(now).toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
}

/**
 * Replaces the database at `dbPath` with the backup `fromFile`. Refuses while a bot runs on it
 * (a fresh heartbeat row). The backup is copied beside the database and verified first; the
 * replaced database is kept as `<db>.replaced-<time>`. Throws BackupError for a missing or bad
 * backup (nothing is changed then).
 */
export function restoreDatabase(dbPath: string, fromFile: string, now: number): RestoreResult {
  const target = resolve(dbPath);
  if (!existsSync(fromFile)) throw new BackupError(`no such file: ${fromFile}`);
  if (existsSync(target)) {
    const running = freshHeartbeat(target, now);
    if (running) return { ok: false, reason: "bot_running", heartbeat: running };
  }
  const incoming = join(dirname(target), `.${basename(target)}.restore-${process.pid}.partial`);
  try {
    copyFileSync(fromFile, incoming);
    verifyDatabaseFile(incoming);
  } catch (error) {
    removeDatabaseFiles(incoming);
    throw error instanceof BackupError ? error : new BackupError(error instanceof Error ? error.message : String(error));
  }
  let replacedPath: string | undefined;
  if (existsSync(target)) {
    // Fold the write-ahead log into the file so the kept copy is complete on its own.
    const current = new Database(target);
    current.pragma("wal_checkpoint(TRUNCATE)");
    current.close();
    replacedPath = `${target}.replaced-${fileStamp(now)}`;
    renameSync(target, replacedPath);
    for (const suffix of ["-wal", "-shm"]) removeDatabaseFiles(`${target}${suffix}`);
  }
  renameSync(incoming, target);
  return { ok: true, replacedPath };
}

function freshHeartbeat(path: string, now: number): Heartbeat | undefined {
  const db = new Database(path, { fileMustExist: true });
  try {
    const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'heartbeat'").get();
    if (!table) return undefined;
    const beat = db.prepare("select at, pid, host from heartbeat where id = 1").get() as Heartbeat | undefined;
    return beat && now - beat.at < HEARTBEAT_FRESH_MS ? beat : undefined;
  } finally {
    db.close();
  }
}
