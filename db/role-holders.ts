import { recordAudit } from "./audit.js";
import { oncePerConnection, type Db } from "./client.js";
import { pathRange } from "./coverage.js";
import type { Channel } from "./people.js";
import type { Role } from "../src/domain/roles.js";

/** A role held by a person on a unit, with how to reach them and when they were last seen. */
export interface RoleHolder {
  personId: number;
  fullName: string;
  role: Role;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitType: string;
  unitLevel: string;
  unitPath: string;
  /** Comma-separated channels of their accounts ("telegram,zalo"). */
  channels: string;
  /** When this role was granted (the invite was used). */
  grantedAt: number;
  /** Latest message from any of their accounts; null if never since last-seen tracking began. */
  lastSeenAt: number | null;
}

/** Everyone holding a role on a unit inside `path` (every unit without it), by unit then role then name. */
export function roleHolders(db: Db, path?: string): RoleHolder[] {
  const range = path ? pathRange(path) : undefined;
  return db.$client
    .prepare(
      `select p.id as personId, p.full_name as fullName, r.role, u.id as unitId, u.code as unitCode, u.name as unitName,
              u.type as unitType, u.level as unitLevel, u.path as unitPath, r.created_at as grantedAt,
              (select group_concat(channel) from (select distinct channel from accounts where person_id = p.id order by channel)) as channels,
              (select max(last_seen_at) from accounts where person_id = p.id) as lastSeenAt
         from roles r join people p on p.id = r.person_id join units u on u.id = r.unit_id
        ${range ? "where u.path >= ? and u.path < ?" : ""}
        order by u.path, r.role, p.full_name`,
    )
    .all(...(range ? [range.lo, range.hi] : [])) as RoleHolder[];
}

export interface Revocation {
  personId: number;
  role: Role;
  unitId: number;
  /** Who revoked it (null: the CLI). */
  byPersonId: number | null;
  channel: Channel | "cli";
  now: number;
}

/**
 * Takes a role away at once, in one transaction: the role row goes, the person's dialogues in
 * progress end (their conversation state rows), and the revocation is recorded in the audit
 * trail. Their reports and report versions stay as they are. False if they did not hold it.
 */
export function revokeRole(db: Db, r: Revocation): boolean {
  return db.$client.transaction(() => {
    const removed = db.$client.prepare("delete from roles where person_id = ? and role = ? and unit_id = ?").run(r.personId, r.role, r.unitId);
    if (removed.changes === 0) return false;
    // Conversation state is keyed by chat: a Telegram chat by its bare id, other channels "<channel>:<id>".
    const chats = db.$client.prepare("select channel, chat_id as chatId from accounts where person_id = ?").all(r.personId) as { channel: Channel; chatId: string }[];
    const endDialogue = db.$client.prepare("delete from conversation_states where key = ?");
    for (const chat of chats) endDialogue.run(chat.channel === "telegram" ? chat.chatId : `${chat.channel}:${chat.chatId}`);
    recordAudit(db, { action: "role_revoked", at: r.now, channel: r.channel, actorPersonId: r.byPersonId, unitId: r.unitId, subjectPersonId: r.personId, role: r.role });
    return true;
  })();
}

const MINUTE = 60_000;
const touchStatement = oncePerConnection((db) =>
  db.$client.prepare<[number, string, string, number]>(
    "update accounts set last_seen_at = ? where channel = ? and external_id = ? and (last_seen_at is null or last_seen_at < ?)",
  ),
);

/**
 * "Last seen" of accounts, written at most once a minute per account: an in-memory note of the
 * last write keeps the per-update cost to a map lookup.
 */
export function lastSeenRecorder(db: Db, maxAccounts = 50_000) {
  const written = new Map<string, number>();
  return (channel: Channel, externalId: string, now: number) => {
    const key = `${channel}:${externalId}`;
    const last = written.get(key);
    if (last !== undefined && now - last < MINUTE) return;
    // Noted only once written: a message that registers the account comes before the account exists.
    if (touchStatement(db).run(now, channel, externalId, now - MINUTE).changes === 0) return;
    written.delete(key);
    written.set(key, now);
    if (written.size > maxAccounts) written.delete(written.keys().next().value!);
  };
}
