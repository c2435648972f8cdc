import { Bot, GrammyError, HttpError, type ApiClientOptions, type BotError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { autoRetry } from "@grammyjs/auto-retry";
import { conversations, createConversation } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import { conversationStorage } from "../db/conversation-storage.js";
import { updateRecorder } from "../db/processed-updates.js";
import { REPORT_CONVERSATION, reportConversation } from "../conversations/report.js";
import { onboarding as texts } from "./domain/catalog/onboarding.js";
import { reportMsg } from "./domain/catalog/report.js";
import type { BotContext } from "./context.js";
import { helpText, onboardingFeature } from "./features/onboarding.js";
import { hamletViewFeature } from "./features/hamlet-view.js";
import { reportsFeature } from "./features/reports.js";
import { statusFeature } from "./features/status/index.js";
import { createScopeService } from "./scope-service.js";
import { scrubToken } from "./logger.js";
import { createThrottle } from "./delivery/sender.js";
import { renderProgressChart } from "./digest/chart.js";
import { createDigestRunner, type ChartRenderer, type DigestRunner } from "./digest/run.js";
import { digestFeature } from "./features/digest.js";
import { exportFeature } from "./features/export.js";
import { createReviewService, REVIEW_RETURN_CONVERSATION, reviewFeature, reviewReturnConversation } from "./features/review.js";
import { createReminderRunner, type ReminderRunner } from "./reminders/run.js";
import { createReportService } from "./report-service.js";
import type { Services } from "./services.js";

export interface BotOptions {
  token: string;
  services: Services;
  /** Daily digest times (HH:MM, Vietnam). */
  digestTimes?: readonly string[];
  /** Chart renderer (tests may pass a cheap one). */
  renderChart?: ChartRenderer;
  /** Spacing of scheduled messages (tests pass one that does not sleep). */
  throttle?: (chatId: string) => Promise<void>;
  /** Hours before election day / the congress deadline at which reporters are reminded. */
  reminderHoursBefore?: number;
  /** Known bot identity: skips getMe (tests, simulator). */
  botInfo?: UserFromGetMe;
  client?: ApiClientOptions;
}

const DAY = 24 * 3_600_000;
/**
 * Conversation state format version. Bumping it silently drops every dialogue
 * in progress: only do so with a release note, outside reporting days.
 */
const CONVERSATION_STATE_VERSION = 1;
/** Commands that start something new end any dialogue in progress first. */
const RESTARTING_COMMANDS = ["start", "baucu", "daihoi", "sua", "nhanh"];

export type AppBot = Bot<BotContext> & { digest: DigestRunner; reminders: ReminderRunner };

export function createBot({ token, services, botInfo, client, digestTimes = ["17:00"], renderChart = renderProgressChart, throttle, reminderHoursBefore = 24 }: BotOptions): AppBot {
  const bot = new Bot<BotContext>(token, { botInfo, client });
  const { logger, clock } = services;
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));

  // Under the runner, one chat's updates must be handled in order (conversations depend on it).
  bot.use(sequentialize((ctx) => ctx.chatId?.toString()));
  const app = bot.errorBoundary(replyOnError(services));

  const updates = updateRecorder(services.db);
  app.use(async (ctx, next) => {
    if (!updates.firstTime(`telegram:${ctx.update.update_id}`, clock.now())) {
      logger.info({ update_id: ctx.update.update_id }, "duplicate update ignored");
      return;
    }
    await next();
  });

  // Who is this: account → person → roles with their unit scopes. Looked up on
  // first use: most answers inside a dialogue never need it.
  app.use(async (ctx, next) => {
    const from = ctx.from;
    if (from) {
      let actor: BotContext["actor"] | null = null;
      Object.defineProperty(ctx, "actor", {
        configurable: true,
        enumerable: true,
        get: () => (actor === null ? (actor = services.people.actorByAccount("telegram", String(from.id))) : actor),
        set: (value: BotContext["actor"]) => {
          actor = value;
        },
      });
    }
    await next();
  });

  const storage = conversationStorage(services.db, clock.now);
  app.use(async (ctx, next) => {
    const key = ctx.chatId?.toString();
    if (key && storage.expireIdle(key, DAY)) {
      await ctx.reply(reportMsg.expired);
      if (!ctx.message?.text?.startsWith("/")) return;
    }
    await next();
  });
  app.use(
    conversations<BotContext, any>({
      storage: { type: "key", version: CONVERSATION_STATE_VERSION, adapter: storage.adapter, getStorageKey: (ctx) => ctx.chatId?.toString() },
    }),
  );
  app.command("huy", async (ctx) => {
    const active = ctx.conversation.active();
    await ctx.conversation.exitAll();
    if (active[REPORT_CONVERSATION]) await ctx.reply(reportMsg.cancelled);
    else await ctx.reply(Object.keys(active).length ? texts.cancelled : texts.nothingToCancel);
  });
  app.command(RESTARTING_COMMANDS, async (ctx, next) => {
    await ctx.conversation.exitAll();
    await next();
  });
  const reports = createReportService(services);
  app.use(createConversation(reportConversation({ reports, api: bot.api }), { id: REPORT_CONVERSATION }));
  const scope = createScopeService(services);
  const review = createReviewService(services, scope);
  // Registered before the features so a typed reason is not taken for a question.
  app.use(createConversation(reviewReturnConversation({ review, api: bot.api }), { id: REVIEW_RETURN_CONVERSATION }));

  app.use(onboardingFeature(services));
  app.use(reportsFeature());
  app.use(hamletViewFeature(services, scope, reports.queries));
  const spacing = throttle ?? createThrottle({ perSecond: 25, groupPerMinute: 20 });
  const reminders = createReminderRunner({ services, api: bot.api, throttle: spacing, hoursBefore: reminderHoursBefore });
  app.use(statusFeature(services, scope, reports.queries, reminders));
  app.use(exportFeature(services, scope));
  const digest = createDigestRunner({ services, api: bot.api, renderChart, throttle: spacing, digestTimes });
  app.use(digestFeature(services, scope, digest));

  app.use(reviewFeature(review));

  // Anything else: the unregistered get the short explanation only.
  app.chatType("private").on("message", async (ctx) => {
    await ctx.reply(ctx.actor ? texts.unknownCommand : helpText(undefined), { parse_mode: "HTML" });
  });
  app.on("callback_query", (ctx) => ctx.answerCallbackQuery());
  return Object.assign(bot, { digest, reminders });
}

/** Logs (without the token) and tells the user something went wrong; never throws. */
function replyOnError(services: Services) {
  return async (err: BotError<BotContext>) => {
    const error = err.error;
    const detail =
      error instanceof GrammyError || error instanceof HttpError || error instanceof Error ? scrubToken(error.message) : String(error);
    services.logger.error({ update_id: err.ctx.update.update_id, err: detail }, "update failed");
    try {
      if (err.ctx.chat?.type === "private") await err.ctx.reply(texts.internalError);
    } catch {
      // The chat may be unreachable; the error is already logged.
    }
  };
}

