import { eq, sql } from "drizzle-orm";
import type { ConversationData, VersionedState, VersionedStateStorage } from "@grammyjs/conversations";
import type { Db } from "./client.js";
import { conversationStates } from "./schema.js";

/**
 * grammY conversations v2 state in SQLite, so a dialogue survives a restart.
 * `expireIdle` ends a dialogue nobody answered for longer than `maxIdleMs`.
 */
export function conversationStorage(db: Db, now: () => number) {
  const read = db.select({ state: conversationStates.state }).from(conversationStates).where(eq(conversationStates.key, sql.placeholder("key"))).prepare();
  const updatedAt = db.select({ at: conversationStates.updatedAt }).from(conversationStates).where(eq(conversationStates.key, sql.placeholder("key"))).prepare();
  const write = db
    .insert(conversationStates)
    .values({ key: sql.placeholder("key"), state: sql.placeholder("state"), updatedAt: sql.placeholder("at") })
    .onConflictDoUpdate({ target: conversationStates.key, set: { state: sql`excluded.state`, updatedAt: sql`excluded.updated_at` } })
    .prepare();
  const remove = db.delete(conversationStates).where(eq(conversationStates.key, sql.placeholder("key"))).prepare();

  const adapter: VersionedStateStorage<string, ConversationData> = {
    read: (key) => {
      const row = read.get({ key });
      return row ? (JSON.parse(row.state) as VersionedState<ConversationData>) : undefined;
    },
    write: (key, state) => {
      write.run({ key, state: JSON.stringify(state), at: now() });
    },
    delete: (key) => {
      remove.run({ key });
    },
  };

  return {
    adapter,
    /** Deletes the chat's dialogue if idle longer than maxIdleMs; true when it did. */
    expireIdle(key: string, maxIdleMs: number): boolean {
      const row = updatedAt.get({ key });
      if (!row || now() - row.at <= maxIdleMs) return false;
      remove.run({ key });
      return true;
    },
  };
}
