import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "./client.js";
import { accounts, people, roles, units } from "./schema.js";
import type { Actor, Role, ScopedRole } from "../src/domain/roles.js";

export type Channel = (typeof accounts.$inferSelect)["channel"];

export type PeopleQueries = ReturnType<typeof peopleQueries>;

export function peopleQueries(db: Db) {
  const accountByExternal = db
    .select({ accountId: accounts.id, personId: accounts.personId, fullName: people.fullName })
    .from(accounts)
    .innerJoin(people, eq(people.id, accounts.personId))
    .where(and(eq(accounts.channel, sql.placeholder("channel")), eq(accounts.externalId, sql.placeholder("externalId"))))
    .prepare();
  const rolesOfPerson = db
    .select({
      role: roles.role,
      unitId: units.id,
      unitPath: units.path,
      unitName: units.name,
      unitType: units.type,
      unitLevel: units.level,
    })
    .from(roles)
    .innerJoin(units, eq(units.id, roles.unitId))
    .where(eq(roles.personId, sql.placeholder("personId")))
    .prepare();

  return {
    /** The registered person behind a channel account, with their roles; undefined if unknown. */
    actorByAccount(channel: Channel, externalId: string): Actor | undefined {
      const account = accountByExternal.get({ channel, externalId });
      if (!account) return undefined;
      return {
        personId: account.personId,
        fullName: account.fullName,
        accountId: account.accountId,
        roles: rolesOfPerson.all({ personId: account.personId }) as ScopedRole[],
      };
    },
  };
}

/** Accounts holding `role` on a unit, with where to reach them. */
export function accountsWithRole(db: Db, role: Role, unitId: number) {
  return db
    .select({ accountId: accounts.id, chatId: accounts.chatId, fullName: people.fullName, channel: accounts.channel })
    .from(roles)
    .innerJoin(people, eq(people.id, roles.personId))
    .innerJoin(accounts, eq(accounts.personId, people.id))
    .where(and(eq(roles.role, role), eq(roles.unitId, unitId)))
    .all();
}

/** Names of the registered reporters of each hamlet inside a subtree. */
export function reporterNamesIn(db: Db, path: string): Map<number, string[]> {
  const rows = db
    .select({ unitId: roles.unitId, name: people.fullName })
    .from(roles)
    .innerJoin(people, eq(people.id, roles.personId))
    .innerJoin(units, eq(units.id, roles.unitId))
    .where(and(eq(roles.role, "reporter"), sql`substr(${units.path}, 1, ${path.length}) = ${path}`))
    .all();
  const names = new Map<number, string[]>();
  for (const row of rows) names.set(row.unitId, [...(names.get(row.unitId) ?? []), row.name]);
  return names;
}

/** Telegram chats of the reporters of every hamlet inside a subtree. */
export function reporterChatsIn(db: Db, path: string): Map<number, { chatId: string; name: string }[]> {
  const rows = db
    .select({ unitId: roles.unitId, chatId: accounts.chatId, name: people.fullName })
    .from(roles)
    .innerJoin(people, eq(people.id, roles.personId))
    .innerJoin(accounts, and(eq(accounts.personId, people.id), eq(accounts.channel, "telegram"), isNull(accounts.blockedAt)))
    .innerJoin(units, eq(units.id, roles.unitId))
    .where(and(eq(roles.role, "reporter"), sql`substr(${units.path}, 1, ${path.length}) = ${path}`))
    .all();
  const chats = new Map<number, { chatId: string; name: string }[]>();
  for (const row of rows) chats.set(row.unitId, [...(chats.get(row.unitId) ?? []), { chatId: row.chatId, name: row.name }]);
  return chats;
}
