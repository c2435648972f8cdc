import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

/**
 * The pragmas every connection gets (the benchmark's raw-SQLite baselines use
 * the same list). NORMAL: conversation state may lose the last step on power
 * loss; reports are committed through durably() which fsyncs.
 */
export const CONNECTION_PRAGMAS = ["journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON", "busy_timeout = 5000"] as const;

/**
 * Opens (creating if needed) the SQLite database, sets the pragmas every
 * connection needs and applies pending migrations.
 */
export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  for (const pragma of CONNECTION_PRAGMAS) sqlite.pragma(pragma);
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  return db;
}

/**
 * Writes (and removes) one row and commits: opening a read-only database
 * succeeds and only its first write fails, so the bot checks at start.
 * Throws SQLite's error when the database cannot be written.
 */
export function assertWritable(db: Db): void {
  db.$client.prepare("insert or replace into processed_updates (key, at) values ('startup-write-check', 0)").run();
  db.$client.prepare("delete from processed_updates where key = 'startup-write-check'").run();
}

/**
 * `build(db)` run once per SQLite connection and kept with it: for prepared
 * statements used on hot paths by modules that are handed a Db per call.
 */
export function oncePerConnection<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Database.Database, T>();
  return (db) => {
    let value = built.get(db.$client);
    if (value === undefined) built.set(db.$client, (value = build(db)));
    return value;
  };
}

/** One transaction wrapper per connection (durably() is on the report-save path). */
const durableTransaction = oncePerConnection((db) => db.$client.transaction((run: () => unknown) => run()));
/** Connections inside a durably() transaction right now. */
const inDurable = new WeakSet<Database.Database>();

/**
 * Runs `work` in a transaction whose commit is fsynced (survives power loss).
 * Called inside another durably() it becomes a savepoint of that one, whose
 * commit is the fsynced one (group commit, see group-commit.ts).
 * (The pragma is set with pragma() each time on purpose: SQLite applies
 * "PRAGMA synchronous" when the statement is compiled, so a prepared and
 * re-run statement does not reliably switch it.)
 */
export function durably<T>(db: Db, work: (tx: Db) => T): T {
  const sqlite = db.$client;
  const transaction = durableTransaction(db);
  if (inDurable.has(sqlite)) return transaction(() => work(db)) as T;
  // Inside a plain transaction the commit would not be fsynced: a bug, not a slow path.
  if (sqlite.inTransaction) throw new Error("durably() called inside a transaction that is not durable");
  sqlite.pragma("synchronous = FULL");
  inDurable.add(sqlite);
  try {
    return transaction(() => work(db)) as T;
  } finally {
    inDurable.delete(sqlite);
    sqlite.pragma("synchronous = NORMAL");
  }
}
