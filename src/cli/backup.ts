import { ALL_PAGES, backupDatabase, BackupError } from "../../db/backup.js";
import { recordAudit } from "../../db/audit.js";
import { openDatabase, type Db } from "../../db/client.js";
import { restoreDatabase } from "../backup/restore.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./io.js";

const MB = 1024 * 1024;

/** `backup --out FILE`: a verified copy of the live database (the bot may keep running). */
export async function backupCommand(db: Db, opts: Record<string, string | undefined>, now: number, io: CliIo): Promise<number> {
  if (!opts.out) throw new UsageError("--out <file> is required");
  try {
    // All pages in one step: writes by the running bot (another connection) would restart a stepwise copy.
    const result = await backupDatabase(db.$client, opts.out, { pagesPerStep: ALL_PAGES });
    recordAudit(db, { action: "backup", at: now, channel: "cli", detail: result.path });
    io.out(`Đã sao lưu và kiểm tra (integrity_check: ok) / backed up and verified: ${result.path} (${(result.bytes / MB).toFixed(1)} MB)`);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    io.err(`Sao lưu không thành công; tệp cũ (nếu có) vẫn giữ nguyên. / Backup failed; any previous file is untouched: ${error.message}`);
    return 1;
  }
}

/** `restore FILE`: replaces the database with a backup, only while no bot runs on it. */
export function restoreCommand(dbPath: string, file: string | undefined, now: number, io: CliIo): number {
  if (!file) throw new UsageError("restore <backup file> is required");
  try {
    const result = restoreDatabase(dbPath, file, now);
    if (!result.ok) {
      const ago = Math.max(0, Math.round((now - result.heartbeat.at) / 1000));
      io.err(
        `Bot đang chạy trên cơ sở dữ liệu này (pid ${result.heartbeat.pid} trên ${result.heartbeat.host}, ${ago} giây trước); hãy dừng bot rồi khôi phục. / ` +
          `A bot is running on this database (pid ${result.heartbeat.pid} on ${result.heartbeat.host}, seen ${ago} s ago): stop it first.`,
      );
      return 1;
    }
    // Apply any migrations newer than the backup, and record the restore in the restored database.
    const db = openDatabase(dbPath);
    try {
      recordAudit(db, { action: "restore", at: now, channel: "cli", detail: file });
      const reports = (db.$client.prepare("select count(*) as n from reports").get() as { n: number }).n;
      io.out(`Đã khôi phục từ / restored from ${file} (${reports} báo cáo / reports).`);
    } finally {
      db.$client.close();
    }
    if (result.replacedPath) io.out(`Cơ sở dữ liệu cũ được giữ tại / the replaced database is kept at ${result.replacedPath}`);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    io.err(`Không khôi phục được; cơ sở dữ liệu hiện tại không bị thay đổi. / Restore refused, nothing changed: ${error.message}`);
    return 1;
  }
}
