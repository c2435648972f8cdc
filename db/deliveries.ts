import { and, eq, sql } from "drizzle-orm";
import type { Db } from "./client.js";
import { deliveries } from "./schema.js";
import type { Channel } from "./people.js";

export type DeliveryKind = (typeof deliveries.$inferSelect)["kind"];

/**
 * The ledger's recipient key: one message per chat and unit and slot. Telegram
 * keys keep their original form so rows written before Zalo still match.
 */
export function recipientKey(channel: Channel, chatId: string, unitId: number): string {
  return `${channel === "telegram" ? "chat" : channel}:${chatId}:unit:${unitId}`;
}
export const MAX_DELIVERY_ATTEMPTS = 3;

/**
 * The ledger of scheduled messages. A (kind, slot, recipient) is claimed
 * before sending, so after a crash or restart nothing is sent twice; only a
 * send that failed outright is tried again, a few times.
 */
export function deliveryQueries(db: Db) {
  const find = db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.kind, sql.placeholder("kind")), eq(deliveries.slot, sql.placeholder("slot")), eq(deliveries.recipient, sql.placeholder("recipient"))))
    .prepare();

  return {
    /** True when this call may send: no earlier claim, or an earlier attempt failed and may be retried. */
    claim(kind: DeliveryKind, slot: string, recipient: string, now: number, late = false): boolean {
      return db.$client.transaction(() => {
        const row = find.get({ kind, slot, recipient });
        if (!row) {
          db.insert(deliveries).values({ kind, slot, recipient, status: "pending", late, attempts: 1, createdAt: now }).run();
          return true;
        }
        if (row.status !== "failed" || row.attempts >= MAX_DELIVERY_ATTEMPTS) return false;
        db.update(deliveries).set({ status: "pending", attempts: row.attempts + 1 }).where(eq(deliveries.id, row.id)).run();
        return true;
      })();
    },
    finish(kind: DeliveryKind, slot: string, recipient: string, status: "sent" | "blocked" | "failed", now: number, detail?: string) {
      db.update(deliveries)
        .set({ status, sentAt: status === "sent" ? now : null, detail: detail ?? null })
        .where(and(eq(deliveries.kind, kind), eq(deliveries.slot, slot), eq(deliveries.recipient, recipient)))
        .run();
    },
    list(kind?: DeliveryKind) {
      return kind ? db.select().from(deliveries).where(eq(deliveries.kind, kind)).all() : db.select().from(deliveries).all();
    },
  };
}

export type DeliveryQueries = ReturnType<typeof deliveryQueries>;
