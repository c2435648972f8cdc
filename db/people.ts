import { and, eq, gte, isNull, lt, sql } from "drizzle-orm";
import { pathRange } from "./coverage.js";
import { oncePerConnection, type Db } from "./client.js";
import { accounts, people, roles, units } from "./schema.js";
import type { Actor, Role, ScopedRole } from "../src/domain/roles.js";

export type Channel = (typeof accounts.$inferSelect)["channel"];

export type PeopleQueries = ReturnType<typeof peopleQueries>;

interface ActorRow {
  accountId: number;
  personId: number;
  fullName: string;
  role: Role | null;
  unitId: number | null;
  unitPath: string | null;
  unitName: string | null;
  unitType: string | null;
  unitLevel: string | null;
}

export function peopleQueries(db: Db) {
  // Runs on every update: one statement for the account, the person and all
  // their roles. Roles come in (role, unit id) order, the order of
  // roles_person_role_unit_idx that a lookup by person always had.
  const actorRows = db.$client.prepare<[string, string], ActorRow>(
    `select a.id as accountId, a.person_id as personId, p.full_name as fullName,
            r.role as role, u.id as unitId, u.path as unitPath, u.name as unitName, u.type as unitType, u.level as unitLevel
       from accounts a
       join people p on p.id = a.person_id
       left join roles r on r.person_id = a.person_id
       left join units u on u.id = r.unit_id
      where a.channel = ? and a.external_id = ?
      order by r.role, r.unit_id`,
  );

  return {
    /** The registered person behind a channel account, with their roles; undefined if unknown. */
    actorByAccount(channel: Channel, externalId: string): Actor | undefined {
      const rows = actorRows.all(channel, externalId);
      const first = rows[0];
      if (!first) return undefined;
      const roles: ScopedRole[] = [];
      for (const r of rows) {
        if (r.role === null || r.unitId === null) continue;
        roles.push({ role: r.role, unitId: r.unitId, unitPath: r.unitPath!, unitName: r.unitName!, unitType: r.unitType!, unitLevel: r.unitLevel! });
      }
      return { personId: first.personId, fullName: first.fullName, accountId: first.accountId, roles };
    },
  };
}

/** Accounts holding `role` on a unit (any unit when none is given), with where to reach them. */
export function accountsWithRole(db: Db, role: Role, unitId?: number) {
  return db
    .select({ accountId: accounts.id, chatId: accounts.chatId, fullName: people.fullName, channel: accounts.channel })
    .from(roles)
    .innerJoin(people, eq(people.id, roles.personId))
    .innerJoin(accounts, eq(accounts.personId, people.id))
    .where(and(eq(roles.role, role), unitId === undefined ? undefined : eq(roles.unitId, unitId)))
    .all();
}

/** Units whose path starts with `path`, as an index range on units_path_idx (see pathRange). */
function inSubtree(path: string) {
  const { lo, hi } = pathRange(path);
  return and(gte(units.path, lo), lt(units.path, hi));
}

const reporterNamesStatement = oncePerConnection((db) =>
  db
    .select({ unitId: roles.unitId, name: people.fullName })
    .from(roles)
    .innerJoin(people, eq(people.id, roles.personId))
    .innerJoin(units, eq(units.id, roles.unitId))
    .where(and(eq(roles.role, "reporter"), gte(units.path, sql.placeholder("lo")), lt(units.path, sql.placeholder("hi"))))
    .prepare(),
);

/** Names of the registered reporters of each hamlet inside a subtree ("chưa xong" lists; prepared once per database). */
export function reporterNamesIn(db: Db, path: string): Map<number, string[]> {
  const names = new Map<number, string[]>();
  for (const row of reporterNamesStatement(db).all(pathRange(path))) {
    const list = names.get(row.unitId);
    if (list) list.push(row.name);
    else names.set(row.unitId, [row.name]);
  }
  return names;
}

/** Chats (on every channel) of the reporters of every hamlet inside a subtree. */
export function reporterChatsIn(db: Db, path: string): Map<number, { channel: Channel; chatId: string; name: string }[]> {
  const rows = db
    .select({ unitId: roles.unitId, channel: accounts.channel, chatId: accounts.chatId, name: people.fullName })
    .from(roles)
    .innerJoin(people, eq(people.id, roles.personId))
    .innerJoin(accounts, and(eq(accounts.personId, people.id), isNull(accounts.blockedAt)))
    .innerJoin(units, eq(units.id, roles.unitId))
    .where(and(eq(roles.role, "reporter"), inSubtree(path)))
    .all();
  const chats = new Map<number, { channel: Channel; chatId: string; name: string }[]>();
  for (const row of rows) chats.set(row.unitId, [...(chats.get(row.unitId) ?? []), { channel: row.channel, chatId: row.chatId, name: row.name }]);
  return chats;
}
