import type { Update } from "grammy/types";
import type { AppBot } from "../bot.js";
import { readWebhookJson, type RouteHandler } from "../http-server.js";
import type { Logger } from "../logger.js";
import { scrubToken } from "../logger.js";

/** Telegram's own limit for an update is far below this; a bigger body is not from Telegram. */
export const TELEGRAM_WEBHOOK_MAX_BYTES = 1024 * 1024;
/** Telegram re-sends an update it got no answer for within about a minute: answer well before. */
export const TELEGRAM_ANSWER_WITHIN_MS = 20_000;

/**
 * Telegram's webhook. A malformed request is refused (400/401/413) and
 * changes nothing. An update is answered 200 when it has been handled, so a
 * crash mid-update makes Telegram re-deliver it (and the bot handles it again:
 * it is marked only once handled); one that takes longer than
 * TELEGRAM_ANSWER_WITHIN_MS (a 429 wait, a hanging API) is answered 200
 * anyway and goes on in the background, never killing the process.
 */
export function telegramWebhookHandler(bot: AppBot, options: { secret: string; logger: Logger; answerWithinMs?: number }): RouteHandler {
  const within = options.answerWithinMs ?? TELEGRAM_ANSWER_WITHIN_MS;
  return async (req, res) => {
    const body = await readWebhookJson(req, res, { secretHeader: "x-telegram-bot-api-secret-token", secret: options.secret, maxBytes: TELEGRAM_WEBHOOK_MAX_BYTES });
    if (!body) return;
    if (!Number.isSafeInteger(body.update_id)) {
      res.writeHead(400).end();
      return;
    }
    const handled = bot.handleUpdate(body as unknown as Update).catch((error) => {
      options.logger.error({ update_id: body.update_id, err: scrubToken(error instanceof Error ? error.message : String(error)) }, "webhook update failed");
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), within)));
    if ((await Promise.race([handled, late])) === "late") options.logger.warn({ update_id: body.update_id }, "webhook update still running: answered Telegram, handling goes on");
    clearTimeout(timer);
    res.writeHead(200).end();
  };
}
