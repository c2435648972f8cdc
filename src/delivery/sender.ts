import { GrammyError, HttpError, InputFile, type Api } from "grammy";
import type { Logger } from "../logger.js";
import { scrubToken } from "../logger.js";

export interface Outgoing {
  html: string;
  keyboard?: { text: string; callback_data: string }[][];
  photo?: { bytes: Buffer; filename: string; caption?: string };
}

export type SendOutcome = "sent" | "blocked" | "failed";

/** Telegram: about 30 messages/s overall, 20/min per group. We stay under both. */
export interface ThrottleOptions {
  perSecond: number;
  groupPerMinute: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Spaces messages out: a global minimum gap, and a wider one per group chat. */
export function createThrottle(options: ThrottleOptions) {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const globalGap = 1000 / options.perSecond;
  const groupGap = 60_000 / options.groupPerMinute;
  let nextGlobal = 0;
  const nextForGroup = new Map<string, number>();
  let queue = Promise.resolve();

  return (chatId: string): Promise<void> => {
    // Serialise the reservations so concurrent callers do not share a slot.
    const turn = queue.then(async () => {
      const isGroup = chatId.startsWith("-");
      const at = Math.max(now(), nextGlobal, isGroup ? (nextForGroup.get(chatId) ?? 0) : 0);
      nextGlobal = at + globalGap;
      if (isGroup) nextForGroup.set(chatId, at + groupGap);
      const wait = at - now();
      if (wait > 0) await sleep(wait);
    });
    queue = turn;
    return turn;
  };
}

/** Errors that mean this chat will not take messages from us any more. */
function isUnreachable(error: GrammyError): boolean {
  return error.error_code === 403 || (error.error_code === 400 && /chat not found|user is deactivated|bot was kicked/i.test(error.description));
}

/**
 * Sends one scheduled message. 429 and 5xx are retried by auto-retry on the
 * api; here a blocked chat is told apart from a failure worth retrying later.
 */
export async function sendOutgoing(api: Api, throttle: (chatId: string) => Promise<void>, chatId: string, message: Outgoing, logger: Logger): Promise<SendOutcome> {
  try {
    await throttle(chatId);
    await api.sendMessage(chatId, message.html, {
      parse_mode: "HTML",
      reply_markup: message.keyboard ? { inline_keyboard: message.keyboard } : undefined,
    });
    if (message.photo) {
      await throttle(chatId);
      await api.sendPhoto(chatId, new InputFile(message.photo.bytes, message.photo.filename), { caption: message.photo.caption });
    }
    return "sent";
  } catch (error) {
    if (error instanceof GrammyError && isUnreachable(error)) {
      logger.info({ chatId, code: error.error_code }, "recipient unreachable, marked blocked");
      return "blocked";
    }
    if (error instanceof GrammyError || error instanceof HttpError) {
      logger.warn({ chatId, err: scrubToken(error.message) }, "scheduled message failed");
      return "failed";
    }
    throw error;
  }
}
