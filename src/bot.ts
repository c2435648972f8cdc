import { Bot, GrammyError, type Api, HttpError, type ApiClientOptions, type BotError, type Context } from "grammy";
import type { Channel } from "../db/people.js";
import { createOutbound, type Outbound } from "./delivery/outbound.js";
import { isStorageFailure } from "../db/errors.js";
import { storageMsg } from "./domain/catalog/storage.js";
import { createStorageAlarm, wasToldAboutStorage, type StorageAlarm } from "./storage-alarm.js";
import type { UserFromGetMe } from "grammy/types";
import { autoRetry } from "@grammyjs/auto-retry";
import { conversations, createConversation } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import { conversationKey, conversationStorage } from "../db/conversation-storage.js";
import { updateRecorder } from "../db/processed-updates.js";
import { REPORT_CONVERSATION, reportConversation } from "../conversations/report.js";
import { onboarding as texts } from "./domain/catalog/onboarding.js";
import { reportMsg } from "./domain/catalog/report.js";
import type { BotContext } from "./context.js";
import { helpText, onboardingFeature } from "./features/onboarding.js";
import { hamletViewFeature } from "./features/hamlet-view.js";
import { lastSeenMiddleware, peopleFeature } from "./features/people.js";
import { registrationFeature } from "./features/registration.js";
import { inviteChatFeature } from "./features/invite-chat.js";
import { reportsFeature } from "./features/reports.js";
import { statusFeature } from "./features/status/index.js";
import { createScopeService } from "./scope-service.js";
import { scrubToken } from "./logger.js";
import { splitLongMessages } from "./split-long-messages.js";
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
  /** The messenger this bot speaks on (default Telegram). Zalo's bot is the same bot over a Zalo transport. */
  channel?: Channel;
  /**
   * The channels of this process, shared by all its bots so that a digest,
   * reminder or notice reaches each person where they registered. Created when
   * absent (a single-channel bot).
   */
  outbound?: Outbound;
  /** Daily digest times (HH:MM, Vietnam). */
  digestTimes?: readonly string[];
  /** Chart renderer (tests may pass a cheap one). */
  renderChart?: ChartRenderer;
  /** Spacing of scheduled messages on this channel (tests pass one that does not sleep). */
  throttle?: (chatId: string) => Promise<void>;
  /** Hours before election day / the congress deadline at which reporters are reminded. */
  reminderHoursBefore?: number;
  /** One alarm per process about an unwritable database (created when absent). */
  storageAlarm?: StorageAlarm;
  /** Given the bot's api before anything else is installed on it (health: every API call and its outcome). */
  watchApi?: (channel: Channel, api: Api) => void;
  /** Told when each update has been handled, with how long it took (health and metrics). */
  onUpdateHandled?: (channel: Channel, seconds: number) => void;
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

export type AppBot = Bot<BotContext> & { digest: DigestRunner; reminders: ReminderRunner; outbound: Outbound; channel: Channel };

/** Spacing of scheduled messages per messenger: Telegram allows about 30/s and 20/min per group; Zalo publishes no figure, so we stay well under Telegram's. */
const THROTTLE: Record<Channel, { perSecond: number; groupPerMinute: number }> = {
  telegram: { perSecond: 25, groupPerMinute: 20 },
  zalo: { perSecond: 10, groupPerMinute: 20 },
};

export function createBot(options: BotOptions): AppBot {
  const { token, services, botInfo, client, digestTimes = ["17:00"], renderChart = renderProgressChart, throttle, reminderHoursBefore = 24 } = options;
  const channel = options.channel ?? "telegram";
  const bot = new Bot<BotContext>(token, { botInfo, client });
  const { logger, clock } = services;
  // Installed before auto-retry, so health sees every attempt (an outage is noticed while retries go on).
  options.watchApi?.(channel, bot.api);
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));
  // After auto-retry, so each part of a long reply is retried on its own.
  bot.api.config.use(splitLongMessages());
  const outbound = options.outbound ?? createOutbound(logger);
  outbound.register(channel, bot.api, throttle ?? createThrottle(THROTTLE[channel]));
  const chatKey = (ctx: Context) => (ctx.chatId === undefined ? undefined : conversationKey(channel, ctx.chatId));
  bot.use((ctx, next) => {
    ctx.channel = channel;
    return next();
  });
  const onUpdateHandled = options.onUpdateHandled;
  if (onUpdateHandled) {
    bot.use(async (_ctx, next) => {
      const started = performance.now();
      try {
        await next();
      } finally {
        onUpdateHandled(channel, (performance.now() - started) / 1000);
      }
    });
  }

  // Under the runner, one chat's updates must be handled in order (conversations depend on it).
  bot.use(sequentialize(chatKey));
  const alarm = options.storageAlarm ?? createStorageAlarm(services, outbound);
  const app = bot.errorBoundary(replyOnError(services, alarm));

  const updates = updateRecorder(services.db);
  // Re-deliveries that arrive while the first copy is still being handled (a slow webhook answer).
  const inFlight = new Set<string>();
  app.use(async (ctx, next) => {
    // Zalo updates carry an id derived from the event's own ids, so a re-delivered event has the same key.
    const key = `${channel}:${ctx.update.update_id}`;
    if (inFlight.has(key) || updates.handled(key)) {
      logger.info({ channel, update_id: ctx.update.update_id }, "duplicate update ignored");
      return;
    }
    inFlight.add(key);
    try {
      await next();
      try {
        updates.markHandled(key, clock.now());
        alarm.wrote();
      } catch (error) {
        // Not marked: a re-delivery would be handled again, which is the lesser harm.
        if (!isStorageFailure(error)) throw error;
        alarm.failed(error);
      }
    } finally {
      inFlight.delete(key);
    }
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
        get: () => (actor === null ? (actor = services.people.actorByAccount(channel, String(from.id))) : actor),
        set: (value: BotContext["actor"]) => {
          actor = value;
        },
      });
    }
    await next();
  });
  app.use(lastSeenMiddleware(services, channel));

  const storage = conversationStorage(services.db, clock.now);
  app.use(async (ctx, next) => {
    const key = chatKey(ctx);
    if (key && storage.expireIdle(key, DAY)) {
      await ctx.reply(reportMsg.expired);
      if (!ctx.message?.text?.startsWith("/")) return;
    }
    await next();
    // The dialogue's state could not be saved (full or read-only disk): it resumes from the last saved question.
    const failure = key ? storage.takeWriteFailure(key) : undefined;
    if (failure !== undefined) {
      alarm.failed(failure);
      if (!wasToldAboutStorage(ctx.update)) await ctx.reply(storageMsg.notRecorded);
    }
  });
  app.use(
    conversations<BotContext, any>({
      storage: { type: "key", version: CONVERSATION_STATE_VERSION, adapter: storage.adapter, getStorageKey: chatKey },
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
  app.use(createConversation(reportConversation({ reports, api: bot.api, channel }), { id: REPORT_CONVERSATION }));
  const scope = createScopeService(services);
  const review = createReviewService(services, scope, outbound);
  // Registered before the features so a typed reason is not taken for a question.
  app.use(createConversation(reviewReturnConversation({ review, api: bot.api }), { id: REVIEW_RETURN_CONVERSATION }));

  // First among the features: someone whose roles were revoked reads "không còn quyền" (a new invite still works).
  app.use(peopleFeature(services, scope));
  app.use(registrationFeature(services, scope));
  app.use(inviteChatFeature(services, scope));
  app.use(onboardingFeature(services));
  app.use(reportsFeature());
  app.use(hamletViewFeature(services, scope, reports.queries));
  const reminders = createReminderRunner({ services, outbound, hoursBefore: reminderHoursBefore });
  app.use(statusFeature(services, scope, reports.queries, reminders));
  app.use(exportFeature(services, scope));
  const digest = createDigestRunner({ services, outbound, renderChart, digestTimes });
  app.use(digestFeature(services, scope, digest));

  app.use(reviewFeature(review));

  // Anything else: the unregistered get the short explanation only.
  app.chatType("private").on("message", async (ctx) => {
    await ctx.reply(ctx.actor ? texts.unknownCommand : helpText(undefined), { parse_mode: "HTML" });
  });
  // A button nobody handles (forged, or left from an older version): say so, never silence.
  app.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: texts.staleButton }));
  return Object.assign(bot, { digest, reminders, outbound, channel });
}

/** Logs (without the token) and tells the user something went wrong; never throws. */
function replyOnError(services: Services, alarm: StorageAlarm) {
  return async (err: BotError<BotContext>) => {
    const error = err.error;
    if (isStorageFailure(error)) {
      // Not a bug: the disk is full or read-only. Say plainly that nothing was recorded.
      alarm.failed(error);
      if (err.ctx.chat?.type === "private" && !wasToldAboutStorage(err.ctx.update)) await err.ctx.reply(storageMsg.notRecorded).catch(() => undefined);
      return;
    }
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

