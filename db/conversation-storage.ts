import type { ConversationData, VersionedState, VersionedStateStorage } from "@grammyjs/conversations";
import { oncePerConnection, type Db } from "./client.js";
import { isStorageFailure } from "./errors.js";

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
  /** Keys whose last write failed because the disk could not be written, with the error (see takeWriteFailure). */
  const failedWrites = new Map<string, unknown>();
  /**
   * A full or read-only disk must not turn an answer into an internal error:
   * the stored state stays as it was (the dialogue resumes from the last
   * question that was saved) and the caller tells the user.
   */
  const tolerant = (key: string, write: () => void) => {
    try {
      write();
    } catch (error) {
      if (!isStorageFailure(error)) throw error;
      failedWrites.set(key, error);
    }
  };

  const adapter: VersionedStateStorage<string, ConversationData> = {
    read: (key) => {
      const held = handedOver;
      handedOver = undefined;
      const state = held !== undefined && held.key === key ? held.state : read.get(key)?.state;
      return state === undefined ? undefined : (JSON.parse(state) as VersionedState<ConversationData>);
    },
    write: (key, state) => {
      handedOver = undefined;
      tolerant(key, () => write.run(key, JSON.stringify(state), now()));
    },
    delete: (key) => {
      handedOver = undefined;
      tolerant(key, () => remove.run(key));
    },
  };

  return {
    adapter,
    /** The error (once) when the last write of this key's state failed for lack of a writable disk. */
    takeWriteFailure(key: string): unknown {
      const error = failedWrites.get(key);
      failedWrites.delete(key);
      return error;
    },
    /** Deletes the chat's dialogue if idle longer than maxIdleMs; true when it did. */
    expireIdle(key: string, maxIdleMs: number): boolean {
      const row = read.get(key);
      if (row && now() - row.updatedAt > maxIdleMs) {
        handedOver = undefined;
        tolerant(key, () => remove.run(key));
        return !failedWrites.has(key);
      }
      handedOver = { key, state: row?.state };
      return false;
    },
  };
}

const endStatements = oncePerConnection((db) => ({
  read: db.$client.prepare<[string], { state: string }>("select state from conversation_states where key = ?"),
  write: db.$client.prepare<[string, string]>("update conversation_states set state = ? where key = ?"),
  remove: db.$client.prepare<[string]>("delete from conversation_states where key = ?"),
}));

/**
 * Ends the conversation `conversationId` in the stored state of `key` (a chat),
 * keeping any other conversation of that chat. Run inside the transaction of
 * the write that finishes the dialogue (a report's save), so that the end of
 * the dialogue is on disk together with it: a process killed right after the
 * commit does not come back to a dialogue still waiting for "Lưu". (The
 * conversations plugin writes the same state again when the update completes.)
 */
export function endConversation(db: Db, key: string, conversationId: string): void {
  const { read, write, remove } = endStatements(db);
  const row = read.get(key);
  if (!row) return;
  const stored = JSON.parse(row.state) as VersionedState<ConversationData>;
  if (!stored.state || !(conversationId in stored.state)) return;
  delete stored.state[conversationId];
  if (Object.keys(stored.state).length === 0) remove.run(key);
  else write.run(JSON.stringify(stored), key);
}

/**
 * The storage key of a chat's conversations: a Telegram chat keeps its bare
 * id (state saved before other channels existed stays valid), other channels
 * are prefixed. Must agree with the `getStorageKey` given to the plugin.
 */
export function conversationKey(channel: string, chatId: number | string): string {
  return channel === "telegram" ? String(chatId) : `${channel}:${chatId}`;
}
