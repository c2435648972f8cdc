import { Bot, GrammyError, HttpError, type ApiClientOptions } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { updateRecorder } from "../db/processed-updates.js";
import { onboarding as texts } from "./domain/catalog/onboarding.js";
import type { BotContext } from "./context.js";
import { helpText, onboardingFeature } from "./features/onboarding.js";
import { scrubToken } from "./logger.js";
import type { Services } from "./services.js";

export interface BotOptions {
  token: string;
  services: Services;
  /** Known bot identity: skips getMe (tests, simulator). */
  botInfo?: UserFromGetMe;
  client?: ApiClientOptions;
}

export function createBot({ token, services, botInfo, client }: BotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, { botInfo, client });
  const { logger } = services;
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));

  // Under the runner, one chat's updates must be handled in order (conversations depend on it).
  bot.use(sequentialize((ctx) => ctx.chatId?.toString()));

  const updates = updateRecorder(services.db);
  bot.use(async (ctx, next) => {
    if (!updates.firstTime(`telegram:${ctx.update.update_id}`, services.clock.now())) {
      logger.info({ update_id: ctx.update.update_id }, "duplicate update ignored");
      return;
    }
    await next();
  });

  // Who is this: account → person → roles with their unit scopes.
  bot.use(async (ctx, next) => {
    if (ctx.from) ctx.actor = services.people.actorByAccount("telegram", String(ctx.from.id));
    await next();
  });

  bot.use(onboardingFeature(services));

  // Anything else from someone unregistered gets the short explanation only.
  bot.chatType("private").on("message", async (ctx) => {
    await ctx.reply(ctx.actor ? texts.unknownCommand : helpText(undefined), { parse_mode: "HTML" });
  });
  bot.on("callback_query", (ctx) => ctx.answerCallbackQuery());

  bot.catch(async (err) => {
    const error = err.error;
    const detail =
      error instanceof GrammyError || error instanceof HttpError || error instanceof Error
        ? scrubToken(error.message)
        : String(error);
    logger.error({ update_id: err.ctx.update.update_id, err: detail }, "update failed");
    try {
      if (err.ctx.chat?.type === "private") await err.ctx.reply(texts.internalError);
    } catch {
      // The chat may be unreachable; the error is already logged.
    }
  });
  return bot;
}
