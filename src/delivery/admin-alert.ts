import { adminChats } from "../../db/admins.js";
import type { Channel } from "../../db/people.js";
import type { Services } from "../services.js";
import type { Outbound } from "./outbound.js";

export type AdminAlert = (html: string, opts?: { avoidChannel?: Channel }) => Promise<number>;

/**
 * Sends an operational alert to every admin, on each messenger they use that this process runs
 * (except `avoidChannel`, e.g. the one that is down). Never throws: an alert that cannot go out
 * is logged. Returns how many went out.
 */
export function createAdminAlert(services: Services, outbound: Outbound): AdminAlert {
  return async (html, opts = {}) => {
    let sent = 0;
    try {
      for (const chat of adminChats(services.db)) {
        if (chat.channel === opts.avoidChannel || !outbound.serves(chat.channel)) continue;
        if ((await outbound.send(chat, { html })) === "sent") sent++;
      }
    } catch (error) {
      services.logger.error({ err: error instanceof Error ? error.message : String(error) }, "admin alert failed");
    }
    if (sent === 0) services.logger.warn("admin alert reached no admin");
    return sent;
  };
}
