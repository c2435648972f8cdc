import { lt } from "drizzle-orm";
import type { Db } from "./client.js";
import { processedUpdates } from "./schema.js";

/**
 * Records an update key; returns false when it was already recorded, i.e. the
 * update is a re-delivery and must not be handled again.
 */
export function updateRecorder(db: Db) {
  // Runs on every update: a plain prepared statement, no query builder in between.
  const insert = db.$client.prepare<[string, number]>("insert into processed_updates (key, at) values (?, ?) on conflict do nothing");
  return {
    firstTime(key: string, at: number): boolean {
      return insert.run(key, at).changes === 1;
    },
    prune(olderThan: number): number {
      return db.delete(processedUpdates).where(lt(processedUpdates.at, olderThan)).run().changes;
    },
  };
}
