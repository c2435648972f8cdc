import type { Api } from "grammy";
import type { Channel } from "../../db/people.js";
import type { Logger } from "../logger.js";
import { sendOutgoing, type Outgoing, type SendOutcome } from "./sender.js";

/** Where a message goes: a chat on one messenger. */
export interface Recipient {
  channel: Channel;
  chatId: string;
}

/**
 * The messengers this process serves, each with its (auto-retrying) api and
 * its own spacing of scheduled messages. Digest, reminders and review notices
 * reach a person on the channel they registered with through here.
 */
export function createOutbound(logger: Logger) {
  const channels = new Map<Channel, { api: Api; throttle: (chatId: string) => Promise<void> }>();
  return {
    register(channel: Channel, api: Api, throttle: (chatId: string) => Promise<void>) {
      channels.set(channel, { api, throttle });
    },
    /** False for an account on a channel this process does not run (e.g. Zalo without a token). */
    serves(channel: Channel): boolean {
      return channels.has(channel);
    },
    api(channel: Channel): Api | undefined {
      return channels.get(channel)?.api;
    },
    async send(to: Recipient, message: Outgoing): Promise<SendOutcome> {
      const target = channels.get(to.channel);
      if (!target) {
        logger.warn({ channel: to.channel }, "no such channel in this process: message not sent");
        return "failed";
      }
      return sendOutgoing(target.api, target.throttle, to.chatId, message, logger);
    },
  };
}

export type Outbound = ReturnType<typeof createOutbound>;
