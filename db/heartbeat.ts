import { hostname } from "node:os";
import { oncePerConnection, type Db } from "./client.js";

export interface Heartbeat {
  at: number;
  pid: number;
  host: string;
}

/** A heartbeat younger than this means a bot is running on the database. */
export const HEARTBEAT_FRESH_MS = 3 * 60_000;

const beatStatement = oncePerConnection((db) =>
  db.$client.prepare<[number, number, string]>(
    "insert into heartbeat (id, at, pid, host) values (1, ?, ?, ?) on conflict(id) do update set at = excluded.at, pid = excluded.pid, host = excluded.host",
  ),
);

/** The running bot says it is alive (every scheduler tick, and each /healthz): a real write. */
export function beat(db: Db, now: number): void {
  beatStatement(db).run(now, process.pid, hostname());
}

/** On a clean shutdown: no bot runs on this database any more. */
export function clearHeartbeat(db: Db): void {
  db.$client.prepare("delete from heartbeat").run();
}

export function readHeartbeat(db: Db): Heartbeat | undefined {
  return db.$client.prepare("select at, pid, host from heartbeat where id = 1").get() as Heartbeat | undefined;
}
