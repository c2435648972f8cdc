import { lt } from "drizzle-orm";
import type { Db } from "./client.js";
import { processedUpdates } from "./schema.js";

/**
 * Update keys already handled. An update is marked once it has been handled,
 * so a re-delivery after a crash mid-update is handled again (not lost), and
 * a re-delivery of a handled one is dropped (not doubled).
 */
export function updateRecorder(db: Db) {
  // Runs on every update: plain prepared statements, no query builder in between.
  const insert = db.$client.prepare<[string, number]>("insert into processed_updates (key, at) values (?, ?) on conflict do nothing");
  const select = db.$client.prepare<[string], unknown>("select 1 from processed_updates where key = ?").pluck();
  return {
    handled(key: string): boolean {
      return select.get(key) !== undefined;
    },
    markHandled(key: string, at: number): void {
      insert.run(key, at);
    },
    prune(olderThan: number): number {
      return db.delete(processedUpdates).where(lt(processedUpdates.at, olderThan)).run().changes;
    },
  };
}
