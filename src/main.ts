import "./heap.js"; // first: the V8 heap setting of the bot process
import { createServer } from "node:http";
import { webhookCallback } from "grammy";
import { run } from "@grammyjs/runner";
import { openDatabase } from "../db/client.js";
import { updateRecorder } from "../db/processed-updates.js";
import { createBot } from "./bot.js";
import { systemClock } from "./clock.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { setDefaultMenu } from "./features/onboarding.js";
import { createLogger, scrubToken } from "./logger.js";
import { createScheduler } from "./scheduler.js";
import { createServices } from "./services.js";

const TWO_DAYS = 2 * 24 * 3_600_000;
const HOUR = 3_600_000;

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

async function main() {
  const config = readConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  const db = openDatabase(config.DATABASE_PATH);
  const updates = updateRecorder(db);
  updates.prune(Date.now() - TWO_DAYS);
  let prunedAt = Date.now();
  const services = createServices({ db, clock: systemClock, logger, inviteDays: config.INVITE_DAYS });
  const bot = createBot({
    token: config.BOT_TOKEN,
    services,
    client: config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : undefined,
    digestTimes: config.DIGEST_TIMES,
    reminderHoursBefore: config.REMINDER_HOURS_BEFORE,
  });
  const scheduler = createScheduler(services, [
    { name: "digest", run: () => bot.digest.runDue() },
    { name: "reminders", run: () => bot.reminders.runDue() },
    {
      // Re-delivery only happens within minutes; hourly keeps the table small on a long-running bot.
      name: "prune processed updates",
      run: async () => {
        if (Date.now() - prunedAt < HOUR) return;
        prunedAt = Date.now();
        updates.prune(prunedAt - TWO_DAYS);
      },
    },
  ]);
  await bot.init();
  logger.info({ username: bot.botInfo.username, mode: config.BOT_MODE }, "bot starting");
  await setDefaultMenu(bot.api, services);

  const stoppers: (() => Promise<unknown> | unknown)[] = [];
  if (config.BOT_MODE === "webhook") {
    const handle = webhookCallback(bot, "http", { secretToken: config.WEBHOOK_SECRET });
    const server = createServer((req, res) => {
      if (req.method === "POST" && req.url === new URL(config.WEBHOOK_URL!).pathname) {
        void handle(req, res);
      } else {
        res.writeHead(404).end();
      }
    });
    server.listen(config.PORT);
    await bot.api.setWebhook(config.WEBHOOK_URL!, { secret_token: config.WEBHOOK_SECRET });
    logger.info({ port: config.PORT }, "webhook server listening");
    stoppers.push(() => new Promise((resolve) => server.close(resolve)));
  } else {
    await bot.api.deleteWebhook().catch((e) => logger.warn({ err: scrubToken(String(e)) }, "deleteWebhook failed"));
    const runner = run(bot);
    stoppers.push(() => (runner.isRunning() ? runner.stop() : undefined));
  }

  scheduler.start();
  stoppers.unshift(() => scheduler.stop());

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    for (const stop of stoppers) await stop();
    db.$client.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error) => {
  process.stderr.write(`Fatal: ${scrubToken(error instanceof Error ? error.stack ?? error.message : String(error))}\n`);
  process.exit(1);
});
