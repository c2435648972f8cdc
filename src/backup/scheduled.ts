import { statSync } from "node:fs";
import { basename, join } from "node:path";
import { backupDatabase, listBackups, removeDatabaseFiles, removeStalePartials, type BackupResult } from "../../db/backup.js";
import { activeTerm } from "../../db/terms.js";
import { operationsMsg } from "../domain/catalog/operations.js";
import { vietnamClock } from "../domain/schedule.js";
import { escapeHtml } from "../domain/text.js";
import type { AdminAlert } from "../delivery/admin-alert.js";
import type { Services } from "../services.js";
import { fileStamp } from "./restore.js";

const HOUR = 3_600_000;
export const BACKUP_PREFIX = "dantin-";

export interface BackupScheduleOptions {
  services: Services;
  dir: string;
  everyHours: number;
  keep: number;
  alert: AdminAlert;
  /** Told about every attempt (metrics). */
  onResult?: (result: { ok: true; backup: BackupResult } | { ok: false; error: string }) => void;
  /** Tests: hooks into the copy (see BackupOptions.onStep). */
  onStep?: (progress: { totalPages: number; remainingPages: number }) => void;
}

/**
 * Backups of the bot process: every `everyHours` (checked at each scheduler tick), and right
 * after a digest on the big days. The newest `keep` files stay. A failure is logged and told to
 * admins once (until a backup succeeds again); it never holds up reporting: the copy advances a
 * few hundred pages per event-loop turn and reporting goes on between them.
 */
export function createBackupSchedule(options: BackupScheduleOptions) {
  const { services, dir } = options;
  const newest = listBackups(dir, BACKUP_PREFIX)[0];
  let lastSuccessAt: number | undefined = newest ? statSync(newest).mtimeMs : undefined;
  let failing = false;
  let lastAttemptAt: number | undefined;
  let running: Promise<BackupResult | undefined> | undefined;

  async function attempt(reason: string): Promise<BackupResult | undefined> {
    const now = services.clock.now();
    lastAttemptAt = now;
    const path = join(dir, `${BACKUP_PREFIX}${fileStamp(now)}.sqlite`);
    try {
      removeStalePartials(dir, Date.now(), HOUR);
      const backup = await backupDatabase(services.db.$client, path, { onStep: options.onStep });
      lastSuccessAt = now;
      prune();
      services.logger.info({ path: backup.path, bytes: backup.bytes, reason }, "backup written");
      options.onResult?.({ ok: true, backup });
      if (failing) {
        failing = false;
        await options.alert(operationsMsg.backupRecovered(escapeHtml(basename(backup.path))));
      }
      return backup;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      services.logger.error({ path, reason, err: message }, "backup failed");
      options.onResult?.({ ok: false, error: message });
      if (!failing) {
        failing = true;
        await options.alert(operationsMsg.backupFailed(escapeHtml(message)));
      }
      return undefined;
    }
  }

  function prune() {
    for (const old of listBackups(dir, BACKUP_PREFIX).slice(options.keep)) removeDatabaseFiles(old);
  }

  const schedule = {
    get lastSuccessAt() {
      return lastSuccessAt;
    },
    get failing() {
      return failing;
    },
    /** A backup now (one at a time: a call during a backup shares it). Undefined when it failed. */
    runNow(reason = "manual"): Promise<BackupResult | undefined> {
      running ??= attempt(reason).finally(() => {
        running = undefined;
      });
      return running;
    },
    /** Scheduler tick: a backup when the last good one is `everyHours` old (or there is none). */
    async runDue(): Promise<BackupResult | undefined> {
      const now = services.clock.now();
      // After a failure, try again hourly (not at every tick) until one succeeds.
      if (failing && lastAttemptAt !== undefined && now - lastAttemptAt < Math.min(HOUR, options.everyHours * HOUR)) return undefined;
      if (!failing && lastSuccessAt !== undefined && now - lastSuccessAt < options.everyHours * HOUR) return undefined;
      return schedule.runNow("scheduled");
    },
    /** After a digest went out: on the election day and the congress deadline, one more backup. */
    async afterDigest(sent: number): Promise<BackupResult | undefined> {
      if (sent === 0) return undefined;
      const term = activeTerm(services.db);
      const { date } = vietnamClock(services.clock.now());
      if (!term || (date !== term.electionDate && date !== term.congressDeadline)) return undefined;
      return schedule.runNow("after digest");
    },
  };
  return schedule;
}

export type BackupSchedule = ReturnType<typeof createBackupSchedule>;
