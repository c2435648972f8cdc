import type { ConversationData, VersionedState, VersionedStateStorage } from "@grammyjs/conversations";
import type { Db } from "./client.js";

interface StateRow {
  state: string;
  updatedAt: number;
}

/**
 * grammY conversations v2 state in SQLite, so a dialogue survives a restart.
 * `expireIdle` ends a dialogue nobody answered for longer than `maxIdleMs`.
 *
 * Both run on every update, one right after the other for the same key (the
 * expiry middleware sits just before the conversations plugin), so the row
 * `expireIdle` reads is handed to the plugin's `read` instead of being read
 * twice. Only updates of the key's own chat write that row, and they are
 * sequentialized, so the handed-over row is never stale.
 */
export function conversationStorage(db: Db, now: () => number) {
  const sqlite = db.$client;
  const read = sqlite.prepare<[string], StateRow>("select state, updated_at as updatedAt from conversation_states where key = ?");
  const write = sqlite.prepare<[string, string, number]>(
    "insert into conversation_states (key, state, updated_at) values (?, ?, ?) on conflict (key) do update set state = excluded.state, updated_at = excluded.updated_at",
  );
  const remove = sqlite.prepare<[string]>("delete from conversation_states where key = ?");
  /** The row expireIdle just read (undefined state: no row), for the next read of the same key. */
  let handedOver: { key: string; state: string | undefined } | undefined;

  const adapter: VersionedStateStorage<string, ConversationData> = {
    read: (key) => {
      const held = handedOver;
      handedOver = undefined;
      const state = held !== undefined && held.key === key ? held.state : read.get(key)?.state;
      return state === undefined ? undefined : (JSON.parse(state) as VersionedState<ConversationData>);
    },
    write: (key, state) => {
      handedOver = undefined;
      write.run(key, JSON.stringify(state), now());
    },
    delete: (key) => {
      handedOver = undefined;
      remove.run(key);
    },
  };

  return {
    adapter,
    /** Deletes the chat's dialogue if idle longer than maxIdleMs; true when it did. */
    expireIdle(key: string, maxIdleMs: number): boolean {
      const row = read.get(key);
      if (row && now() - row.updatedAt > maxIdleMs) {
        handedOver = undefined;
        remove.run(key);
        return true;
      }
      handedOver = { key, state: row?.state };
      return false;
    },
  };
}
