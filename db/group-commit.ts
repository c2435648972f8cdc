import { durably, type Db } from "./client.js";

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A group is committed at this size, or once its first write has waited this long, whichever comes first. */
const MAX_GROUP = 64;
const MAX_WAIT_MS = 2;

export type GroupCommit = ReturnType<typeof createGroupCommit>;

/**
 * Group commit for durable writes. An fsync costs about a millisecond on
 * this kind of disk and blocks the whole bot, so on a busy day every write
 * queued within about a millisecond shares a single fsynced commit.
 * Each write runs in its own savepoint: one that throws is rolled back and
 * rejected alone. The promise settles only after the commit is on disk, so
 * whatever the caller acknowledges survives power loss.
 */
export function createGroupCommit(db: Db) {
  let queue: Pending[] = [];
  const stats = { commits: 0, writes: 0 };

  function flush() {
    const batch = queue;
    queue = [];
    stats.commits++;
    stats.writes += batch.length;
    let outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[];
    try {
      outcomes = durably(db, () =>
        batch.map((item) => {
          try {
            return { ok: true as const, value: durably(db, item.work) };
          } catch (error) {
            return { ok: false as const, error };
          }
        }),
      );
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => (outcome.ok ? batch[i]!.resolve(outcome.value) : batch[i]!.reject(outcome.error)));
  }

  let firstQueuedAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  return {
    /** Runs `work` in the next group's transaction; resolves once that commit is fsynced. */
    run<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const queued = queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (queued === 1) {
          firstQueuedAt = performance.now();
          timer = setTimeout(flush, 0);
        } else if (queued >= MAX_GROUP || performance.now() - firstQueuedAt >= MAX_WAIT_MS) {
          // Under load timers can run hundreds of ms late (measured): do not let the group wait for one.
          clearTimeout(timer);
          flush();
        }
      });
    },
    /** Writes waiting for the next commit. */
    pending: () => queue.length,
    /** Fsynced commits and the writes they carried, since start. */
    stats: () => ({ ...stats }),
  };
}
