import { readWebhookJson, type RouteHandler } from "../../http-server.js";
import type { Logger } from "../../logger.js";

/** A Zalo event is a few hundred bytes; anything near this is not from Zalo. */
export const ZALO_WEBHOOK_MAX_BYTES = 256 * 1024;

/**
 * Zalo's webhook: checks `X-Bot-Api-Secret-Token`, limits the body, answers
 * at once (200) and handles the event afterwards, so a slow update never makes
 * Zalo wait or re-send; a re-sent event is dropped by the bot's de-duplication.
 */
export function zaloWebhookHandler(options: { secret: string; handleBody(body: unknown): Promise<void>; logger: Logger }): RouteHandler {
  return async (req, res) => {
    const body = await readWebhookJson(req, res, { secretHeader: "x-bot-api-secret-token", secret: options.secret, maxBytes: ZALO_WEBHOOK_MAX_BYTES });
    if (!body) return;
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    options.handleBody(body).catch((error) => options.logger.error({ err: error instanceof Error ? error.message : String(error) }, "Zalo webhook event failed"));
  };
}
