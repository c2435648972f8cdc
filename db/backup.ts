import Database from "better-sqlite3";
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export class BackupError extends Error {}

export interface BackupResult {
  path: string;
  bytes: number;
  pages: number;
}

export interface BackupOptions {
  /**
   * Pages copied per event-loop turn. In the bot (same connection as the writers) a small number
   * keeps reporting responsive, and writes made meanwhile go into the copy as well. From another
   * process (the CLI) use ALL_PAGES: SQLite restarts a stepwise backup whenever another connection
   * writes, which under steady reporting could never finish.
   */
  pagesPerStep?: number;
  /** Called before each step (tests: to write meanwhile, or to fail half-way). */
  onStep?: (progress: { totalPages: number; remainingPages: number }) => void;
}

export const ALL_PAGES = 0x7fffffff;
const PARTIAL_SUFFIX = ".partial";

/**
 * A consistent copy of the live database in `outFile`, verified before it replaces anything:
 * SQLite's online backup into a temporary file beside the target, `PRAGMA integrity_check` on
 * that copy, fsync, then an atomic rename. A crash or a full disk at any point leaves the
 * previous file at `outFile` untouched (at worst a stray `*.partial` file, removed later).
 */
export async function backupDatabase(source: Database.Database, outFile: string, options: BackupOptions = {}): Promise<BackupResult> {
  const target = resolve(outFile);
  const dir = dirname(target);
  const partial = join(dir, `.${basename(target)}.${process.pid}.${Date.now()}${PARTIAL_SUFFIX}`);
  const pagesPerStep = options.pagesPerStep ?? 256;
  try {
    mkdirSync(dir, { recursive: true });
    const progress = await source.backup(partial, {
      progress: (p) => {
        options.onStep?.(p);
        return pagesPerStep;
      },
    });
    verifyDatabaseFile(partial);
    syncFile(partial);
    renameSync(partial, target);
    syncFile(dir);
    return { path: target, bytes: statSync(target).size, pages: progress.totalPages };
  } catch (error) {
    try {
      removeDatabaseFiles(partial);
    } catch {
      // Nothing was written there (e.g. the directory could not be created).
    }
    throw error instanceof BackupError ? error : new BackupError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Checks a database file: it opens, `PRAGMA integrity_check` says ok, and it holds this bot's
 * tables. Leaves it as one self-contained file (rollback journal, not WAL). Throws BackupError.
 */
export function verifyDatabaseFile(path: string): void {
  let copy: Database.Database | undefined;
  try {
    copy = new Database(path, { fileMustExist: true });
    copy.pragma("journal_mode = DELETE");
    const result = copy.pragma("integrity_check") as { integrity_check: string }[];
    const problems = result.map((r) => r.integrity_check).filter((r) => r !== "ok");
    if (problems.length > 0) throw new BackupError(`integrity check failed: ${problems.slice(0, 3).join("; ")}`);
    const tables = new Set((copy.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name));
    if (!tables.has("units") || !tables.has("reports")) throw new BackupError("not a database of this bot (no units/reports tables)");
  } catch (error) {
    throw error instanceof BackupError ? error : new BackupError(error instanceof Error ? error.message : String(error));
  } finally {
    copy?.close();
  }
}

/** The file and its -wal / -shm / -journal companions. */
export function removeDatabaseFiles(path: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${path}${suffix}`, { force: true });
}

/** Backup files of a directory written by the scheduler, newest first (their names sort by time). */
export function listBackups(dir: string, prefix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(prefix) && n.endsWith(".sqlite"))
    .sort()
    .reverse()
    .map((n) => join(dir, n));
}

/** Partial files older than `olderThanMs` left by a crash mid-backup. */
export function removeStalePartials(dir: string, now: number, olderThanMs: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(".") || !name.endsWith(PARTIAL_SUFFIX)) continue;
    const path = join(dir, name);
    if (now - statSync(path).mtimeMs > olderThanMs) removeDatabaseFiles(path);
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
