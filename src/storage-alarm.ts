import { accountsWithRole } from "../db/people.js";
import type { Outbound } from "./delivery/outbound.js";
import { storageMsg } from "./domain/catalog/storage.js";
import { scrubToken } from "./logger.js";
import type { Services } from "./services.js";

/**
 * One alarm per outage of the database disk: the first failed write is
 * logged and told to the admins in chat; the next successful write clears it
 * (and tells them it recovered). Sending reads the database only, which still
 * works on a full disk.
 */
export function createStorageAlarm(services: Services, outbound: Outbound) {
  let down = false;
  const tellAdmins = (html: string) => {
    void (async () => {
      for (const admin of accountsWithRole(services.db, "admin")) {
        if (outbound.serves(admin.channel)) await outbound.send(admin, { html });
      }
    })().catch((error) => services.logger.warn({ err: scrubToken(String(error)) }, "storage alarm not delivered"));
  };
  return {
    failed(error: unknown) {
      if (down) return;
      down = true;
      const reason = scrubToken(error instanceof Error ? error.message : String(error));
      services.logger.error({ err: reason }, "database not writable: reports are refused until it is");
      tellAdmins(storageMsg.adminAlert(reason));
    },
    wrote() {
      if (!down) return;
      down = false;
      services.logger.info("database writable again");
      tellAdmins(storageMsg.adminRecovered);
    },
  };
}

export type StorageAlarm = ReturnType<typeof createStorageAlarm>;

/** Updates whose user has already been told that the disk failed (so no second notice). */
const told = new WeakSet<object>();
export const markToldAboutStorage = (update: object) => told.add(update);
export const wasToldAboutStorage = (update: object) => told.has(update);
