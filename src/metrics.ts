import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Db } from "../db/client.js";

/**
 * The Prometheus metrics of the process (GET /metrics). Counters are fed by the bot as things
 * happen; saved reports and deliveries are read from the database at each scrape, so they are
 * right after a restart and count what every channel and the CLI did.
 */
export function createMetrics(db: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "dantin_" });

  const updatesHandled = new Counter({ name: "dantin_updates_handled_total", help: "Updates handled, by channel", labelNames: ["channel"], registers: [registry] });
  const updateSeconds = new Histogram({
    name: "dantin_update_duration_seconds",
    help: "Time from receiving an update to having answered it (dialogue latency), by channel",
    labelNames: ["channel"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const apiErrors = new Counter({
    name: "dantin_api_errors_total",
    help: "Failed messenger API calls, by channel, method and error code (network = unreachable)",
    labelNames: ["channel", "method", "code"],
    registers: [registry],
  });
  const backups = new Counter({ name: "dantin_backups_total", help: "Scheduled backups, by result", labelNames: ["result"], registers: [registry] });
  const backupLastSuccess = new Gauge({ name: "dantin_backup_last_success_timestamp_seconds", help: "When the last backup succeeded", registers: [registry] });
  const backupBytes = new Gauge({ name: "dantin_backup_last_size_bytes", help: "Size of the last good backup", registers: [registry] });

  const reportsByKind = db.$client.prepare(
    "select r.kind as kind, count(*) as n from report_versions v join reports r on r.id = v.report_id group by r.kind",
  );
  new Gauge({
    name: "dantin_reports_saved",
    help: "Report versions saved (first reports and corrections), by kind",
    labelNames: ["kind"],
    registers: [registry],
    collect() {
      this.reset();
      for (const row of reportsByKind.all() as { kind: string; n: number }[]) this.set({ kind: row.kind }, row.n);
    },
  });
  const deliveriesByStatus = db.$client.prepare("select status, count(*) as n from deliveries group by status");
  new Gauge({
    name: "dantin_deliveries",
    help: "Scheduled messages (digests, reminders, escalations) by status: sent, failed, pending, blocked",
    labelNames: ["status"],
    registers: [registry],
    collect() {
      this.reset();
      for (const status of ["sent", "failed", "pending", "blocked"]) this.set({ status }, 0);
      for (const row of deliveriesByStatus.all() as { status: string; n: number }[]) this.set({ status: row.status }, row.n);
    },
  });

  return {
    registry,
    updateHandled(channel: string, seconds: number) {
      updatesHandled.inc({ channel });
      updateSeconds.observe({ channel }, seconds);
    },
    apiError(channel: string, method: string, code: string) {
      apiErrors.inc({ channel, method, code });
    },
    backup(result: { ok: true; bytes: number; at: number } | { ok: false }) {
      backups.inc({ result: result.ok ? "ok" : "failed" });
      if (result.ok) {
        backupLastSuccess.set(result.at / 1000);
        backupBytes.set(result.bytes);
      }
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
