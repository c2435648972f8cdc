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
 * Opens (creating if needed) the SQLite database, sets the pragmas every
 * connection needs and applies pending migrations.
 */
export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  // NORMAL: conversation state may lose the last step on power loss; reports
  // are committed through durably() which fsyncs.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  return db;
}

/** Runs `work` in a transaction whose commit is fsynced (survives power loss). */
export function durably<T>(db: Db, work: (tx: Db) => T): T {
  const sqlite = db.$client;
  sqlite.pragma("synchronous = FULL");
  try {
    return sqlite.transaction(() => work(db))();
  } finally {
    sqlite.pragma("synchronous = NORMAL");
  }
}
