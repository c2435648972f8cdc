import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "./client.js";
import { accounts, digestPrefs, digestSnapshots, groupChats, people, reports, reportVersions, roles, units } from "./schema.js";
import { pathRange } from "./coverage.js";
import { recipientKey } from "./deliveries.js";
import type { Channel } from "./people.js";

export interface DigestRecipient {
  /** Ledger key: one digest per chat and unit. */
  key: string;
  channel: Channel;
  chatId: string;
  unitId: number;
  group: boolean;
}

export interface Snapshot {
  slot: string;
  electionReported: number;
  congressReported: number;
  finished: number;
}

export function digestQueries(db: Db) {
  return {
    /** Leaders (unless they turned it off), staff/admins who turned it on, and registered groups. */
    recipients(): DigestRecipient[] {
      const personal = db
        .select({ channel: accounts.channel, chatId: accounts.chatId, unitId: roles.unitId, role: roles.role, enabled: digestPrefs.enabled })
        .from(roles)
        .innerJoin(accounts, and(eq(accounts.personId, roles.personId), isNull(accounts.blockedAt)))
        .leftJoin(digestPrefs, eq(digestPrefs.personId, roles.personId))
        .where(sql`${roles.role} <> 'reporter'`)
        .all()
        .filter((r) => (r.role === "leader" ? r.enabled !== false : r.enabled === true));
      const groups = db.select().from(groupChats).where(isNull(groupChats.blockedAt)).all();
      // Group chats exist on Telegram only (Zalo bots serve private chats).
      const all = [
        ...personal.map((r) => ({ channel: r.channel, chatId: r.chatId, unitId: r.unitId, group: false })),
        ...groups.map((g) => ({ channel: "telegram" as const, chatId: g.chatId, unitId: g.unitId, group: true })),
      ].map((r) => ({ ...r, key: recipientKey(r.channel, r.chatId, r.unitId) }));
      return [...new Map(all.map((r) => [r.key, r])).values()];
    },

    digestEnabled(personId: number, isLeader: boolean): boolean {
      const pref = db.select().from(digestPrefs).where(eq(digestPrefs.personId, personId)).get();
      return pref ? pref.enabled : isLeader;
    },
    setDigestEnabled(personId: number, enabled: boolean, now: number) {
      db.insert(digestPrefs)
        .values({ personId, enabled, updatedAt: now })
        .onConflictDoUpdate({ target: digestPrefs.personId, set: { enabled, updatedAt: now } })
        .run();
    },

    registerGroup(chatId: string, unitId: number, title: string | undefined, personId: number) {
      db.insert(groupChats)
        .values({ chatId, unitId, title: title ?? null, registeredByPersonId: personId })
        .onConflictDoUpdate({ target: groupChats.chatId, set: { unitId, title: title ?? null, registeredByPersonId: personId, blockedAt: null } })
        .run();
    },

    /** A chat that blocked the bot or removed it is skipped from now on. */
    markUnreachable(channel: Channel, chatId: string, now: number) {
      db.update(accounts).set({ blockedAt: now }).where(and(eq(accounts.channel, channel), eq(accounts.chatId, chatId))).run();
      if (channel === "telegram") db.update(groupChats).set({ blockedAt: now }).where(eq(groupChats.chatId, chatId)).run();
    },

    previousSnapshot(unitId: number, termId: number, beforeSlot: string): Snapshot | undefined {
      return db
        .select({ slot: digestSnapshots.slot, electionReported: digestSnapshots.electionReported, congressReported: digestSnapshots.congressReported, finished: digestSnapshots.finished })
        .from(digestSnapshots)
        .where(and(eq(digestSnapshots.unitId, unitId), eq(digestSnapshots.termId, termId), lt(digestSnapshots.slot, beforeSlot)))
        .orderBy(desc(digestSnapshots.slot))
        .get();
    },
    saveSnapshot(unitId: number, termId: number, snapshot: Snapshot, now: number) {
      db.insert(digestSnapshots).values({ unitId, termId, ...snapshot, createdAt: now }).onConflictDoNothing().run();
    },

    /** Current versions that staff returned, in a subtree (flagged for the digest). */
    returnedCount(termId: number, path: string): number {
      const { lo, hi } = pathRange(path);
      const row = db
        .select({ n: sql<number>`count(*)` })
        .from(reports)
        .innerJoin(units, eq(units.id, reports.unitId))
        .innerJoin(reportVersions, eq(reportVersions.id, reports.currentVersionId))
        .where(and(eq(reports.termId, termId), sql`${units.path} >= ${lo} and ${units.path} < ${hi}`, eq(reportVersions.reviewStatus, "returned")))
        .get();
      return row?.n ?? 0;
    },

    personName(personId: number): string | undefined {
      return db.select({ name: people.fullName }).from(people).where(eq(people.id, personId)).get()?.name;
    },
  };
}

export type DigestQueries = ReturnType<typeof digestQueries>;
