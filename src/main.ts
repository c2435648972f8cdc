import "./heap.js"; // first: the V8 heap setting of the bot process
import { run, type RunnerHandle } from "@grammyjs/runner";
import { assertWritable, openDatabase } from "../db/client.js";
import { isStorageFailure } from "../db/errors.js";
import { updateRecorder } from "../db/processed-updates.js";
import { createBot, type AppBot } from "./bot.js";
import { telegramWebhookHandler } from "./channels/telegram-webhook.js";
import { createZaloChannel, type ZaloChannel } from "./channels/zalo/index.js";
import { ZaloApiError } from "./channels/zalo/client.js";
import { zaloWebhookHandler } from "./channels/zalo/webhook.js";
import { systemClock } from "./clock.js";
import { ConfigError, DEFAULT_PORT, loadConfig, type Config } from "./config.js";
import { createOutbound } from "./delivery/outbound.js";
import { setDefaultMenu } from "./features/onboarding.js";
import { createPublicFiles } from "./files/public-files.js";
import { FILES_PATH, publicFilesHandler } from "./files/serve.js";
import { startHttpServer, type Route } from "./http-server.js";
import { createLogger, scrubToken, type Logger } from "./logger.js";
import { createScheduler } from "./scheduler.js";
import { createServices } from "./services.js";
import { createStorageAlarm } from "./storage-alarm.js";
import { createBackupSchedule } from "./backup/scheduled.js";
import { clearHeartbeat, HEARTBEAT_FRESH_MS, readHeartbeat } from "../db/heartbeat.js";
import { createAdminAlert } from "./delivery/admin-alert.js";
import { createHealth } from "./health.js";
import { createMetrics } from "./metrics.js";

const TWO_DAYS = 2 * 24 * 3_600_000;
const HOUR = 3_600_000;
const ZALO_START_RETRY_MS = 30_000;

function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** The database, migrated and writable; otherwise one clear line and exit 1 (a bot that cannot save reports must not start). */
function openWritableOrExit(path: string) {
  try {
    const db = openDatabase(path);
    assertWritable(db);
    return db;
  } catch (error) {
    if (!isStorageFailure(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Không ghi được cơ sở dữ liệu ${path} (${reason}): hãy kiểm tra quyền ghi và chỗ trống trên đĩa. / Cannot write the database ${path} (${reason}): check permissions and free disk space.\n`);
    process.exit(1);
  }
}

const errorText = (error: unknown) => scrubToken(error instanceof Error ? error.message : String(error));

async function main() {
  const config = readConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  const db = openWritableOrExit(config.DATABASE_PATH);
  const running = readHeartbeat(db);
  if (running && running.pid !== process.pid && Date.now() - running.at < HEARTBEAT_FRESH_MS) {
    logger.warn({ pid: running.pid, host: running.host }, "another bot seems to run on this database (fresh heartbeat): two bots would answer and send twice");
  }
  const updates = updateRecorder(db);
  updates.prune(Date.now() - TWO_DAYS);
  let prunedAt = Date.now();
  const services = createServices({ db, clock: systemClock, logger, inviteDays: config.INVITE_DAYS });
  // One process, one database, every channel: a digest or notice reaches each person where they registered.
  const outbound = createOutbound(logger);
  const health = createHealth(services, createMetrics(db));
  const alertAdmins = createAdminAlert(services, outbound);
  const shared = {
    services,
    outbound,
    storageAlarm: createStorageAlarm(services, outbound),
    digestTimes: config.DIGEST_TIMES,
    reminderHoursBefore: config.REMINDER_HOURS_BEFORE,
    onUpdateHandled: health.updateHandled,
    watchApi: health.watchApi,
  };
  const files = config.PUBLIC_URL ? createPublicFiles({ baseUrl: config.PUBLIC_URL, ttlMs: config.FILE_LINK_HOURS * HOUR }) : undefined;

  const telegram = config.BOT_TOKEN
    ? createBot({ ...shared, token: config.BOT_TOKEN, client: config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : undefined })
    : undefined;
  const zalo = config.ZALO_BOT_TOKEN
    ? createZaloChannel({
        ...shared,
        token: config.ZALO_BOT_TOKEN,
        apiRoot: config.ZALO_API_ROOT,
        files,
        mediaDir: config.MEDIA_DIR,
        onApiSuccess: () => health.apiSucceeded("zalo"),
      })
    : undefined;
  const backups =
    config.BACKUP_EVERY_HOURS > 0
      ? createBackupSchedule({
          services,
          dir: config.BACKUP_DIR,
          everyHours: config.BACKUP_EVERY_HOURS,
          keep: config.BACKUP_KEEP,
          alert: alertAdmins,
          onResult: health.backupResult,
        })
      : undefined;
  // The scheduled jobs run once per process, through whichever bot exists; both send on every channel.
  const jobs: AppBot = (telegram ?? zalo?.bot)!;

  const scheduler = createScheduler(services, [
    { name: "heartbeat", run: async () => health.schedulerTicked() },
    // On the big days, a backup right after each digest that went out.
    { name: "digest", run: async () => backups?.afterDigest(await jobs.digest.runDue()) },
    { name: "reminders", run: () => jobs.reminders.runDue() },
    {
      // Re-delivery only happens within minutes; hourly keeps the table small on a long-running bot.
      name: "prune processed updates",
      run: async () => {
        if (Date.now() - prunedAt < HOUR) return;
        prunedAt = Date.now();
        updates.prune(prunedAt - TWO_DAYS);
      },
    },
    { name: "backup", run: async () => backups?.runDue() },
    { name: "channel outage alerts", run: () => health.alertOutages(alertAdmins) },
  ]);

  const routes: Route[] = [];
  if (telegram && config.BOT_MODE === "webhook") {
    routes.push({ method: "POST", path: new URL(config.WEBHOOK_URL!).pathname, handle: telegramWebhookHandler(telegram, { secret: config.WEBHOOK_SECRET!, logger }) });
  }
  if (zalo && config.ZALO_MODE === "webhook") {
    routes.push({ method: "POST", path: new URL(config.ZALO_WEBHOOK_URL!).pathname, handle: zaloWebhookHandler({ secret: config.ZALO_WEBHOOK_SECRET!, handleBody: zalo.handleWebhookBody, logger }) });
  }
  if (files) routes.push({ method: "GET", path: FILES_PATH, handle: publicFilesHandler(files) });

  const stoppers: (() => Promise<unknown> | unknown)[] = [];
  if (routes.length > 0 || config.PORT !== undefined) {
    routes.push(...health.routes()); // GET /healthz, GET /metrics
    const port = config.PORT ?? DEFAULT_PORT;
    const http = startHttpServer(port, routes, logger);
    logger.info({ port, paths: routes.map((r) => r.path) }, "http server listening");
    stoppers.push(http.close);
  }

  if (telegram) {
    await telegram.init();
    logger.info({ channel: "telegram", username: telegram.botInfo.username, mode: config.BOT_MODE }, "bot starting");
    await setDefaultMenu(telegram.api, services);
    if (config.BOT_MODE === "webhook") {
      await telegram.api.setWebhook(config.WEBHOOK_URL!, { secret_token: config.WEBHOOK_SECRET });
    } else {
      await telegram.api.deleteWebhook().catch((e) => logger.warn({ err: errorText(e) }, "deleteWebhook failed"));
      const runner = run(telegram);
      stoppers.push(() => (runner.isRunning() ? runner.stop() : undefined));
    }
  }
  if (zalo) {
    const started = startZalo(zalo, config, logger, !telegram);
    stoppers.push(async () => (await started.runner)?.stop());
  }

  scheduler.start();
  stoppers.unshift(() => scheduler.stop());

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    for (const stop of stoppers) await stop();
    clearHeartbeat(db); // `cli restore` may run now
    db.$client.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

/**
 * Starts the Zalo channel: identity, then webhook or polling. A wrong token
 * (401) stops this channel with one log line; with no other channel the
 * process exits, as there is nothing left to serve. Other failures (Zalo
 * unreachable) are retried, while Telegram keeps working.
 */
function startZalo(zalo: ZaloChannel, config: Config, logger: Logger, only: boolean): { runner: Promise<RunnerHandle | undefined> } {
  const runner = (async () => {
    for (;;) {
      try {
        await zalo.bot.init();
        if (config.ZALO_MODE === "webhook") {
          await zalo.client.call("setWebhook", { url: config.ZALO_WEBHOOK_URL, secret_token: config.ZALO_WEBHOOK_SECRET });
          logger.info({ channel: "zalo", mode: "webhook" }, "bot starting");
          return undefined;
        }
        await zalo.client.call("deleteWebhook").catch((e) => logger.warn({ err: errorText(e) }, "Zalo deleteWebhook failed"));
        logger.info({ channel: "zalo", mode: "polling" }, "bot starting");
        return run(zalo.bot, { runner: { fetch: { timeout: 30 } } });
      } catch (error) {
        const unauthorized = error instanceof ZaloApiError ? error.errorCode === 401 : zalo.stopped;
        if (unauthorized) {
          if (only) {
            process.stderr.write("Zalo từ chối ZALO_BOT_TOKEN (401). / Zalo rejected ZALO_BOT_TOKEN (401): check the token.\n");
            process.exit(1);
          }
          return undefined; // the client has logged the one line
        }
        logger.warn({ channel: "zalo", err: errorText(error) }, "Zalo channel could not start; retrying in 30 s");
        await new Promise((resolve) => setTimeout(resolve, ZALO_START_RETRY_MS));
      }
    }
  })();
  return { runner };
}

main().catch((error) => {
  process.stderr.write(`Fatal: ${scrubToken(error instanceof Error ? error.stack ?? error.message : String(error))}\n`);
  process.exit(1);
});
