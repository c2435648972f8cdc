import type { Db } from "../db/client.js";
import { createGroupCommit, type GroupCommit } from "../db/group-commit.js";
import { peopleQueries } from "../db/people.js";
import { unitQueries } from "../db/units.js";
import type { Clock } from "./clock.js";
import type { Logger } from "./logger.js";

/** Everything the features need, built once per bot (queries are prepared here). */
export interface Services {
  db: Db;
  clock: Clock;
  logger: Logger;
  units: ReturnType<typeof unitQueries>;
  people: ReturnType<typeof peopleQueries>;
  /** Durable writes on the reporting path (fsynced, grouped under load). */
  commits: GroupCommit;
  inviteDays: number;
}

export function createServices(opts: { db: Db; clock: Clock; logger: Logger; inviteDays?: number }): Services {
  return {
    db: opts.db,
    clock: opts.clock,
    logger: opts.logger,
    units: unitQueries(opts.db),
    people: peopleQueries(opts.db),
    commits: createGroupCommit(opts.db),
    inviteDays: opts.inviteDays ?? 14,
  };
}
