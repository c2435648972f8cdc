import { lt, sql } from "drizzle-orm";
import type { Db } from "./client.js";
import { processedUpdates } from "./schema.js";

/**
 * Records an update key; returns false when it was already recorded, i.e. the
 * update is a re-delivery and must not be handled again.
 */
export function updateRecorder(db: Db) {
  const insert = db
    .insert(processedUpdates)
    .values({ key: sql.placeholder("key"), at: sql.placeholder("at") })
    .onConflictDoNothing()
    .prepare();
  return {
    firstTime(key: string, at: number): boolean {
      return insert.run({ key, at }).changes === 1;
    },
    prune(olderThan: number): number {
      return db.delete(processedUpdates).where(lt(processedUpdates.at, olderThan)).run().changes;
    },
  };
}
