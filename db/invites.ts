import { and, count, eq, gt } from "drizzle-orm";
import { oncePerConnection, type Db } from "./client.js";
import { accounts, inviteFailures, invites, people, roles } from "./schema.js";
import { generateInviteCode, hashInviteCode, MAX_WRONG_CODES_PER_HOUR, MAX_WRONG_CODES_PER_MINUTE_ALL } from "../src/domain/invite-code.js";
import type { Role } from "../src/domain/roles.js";
import type { Channel } from "./people.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface CreatedInvite {
  code: string;
  expiresAt: number;
}

export function createInvites(
  db: Db,
  opts: { unitId: number; role: Role; count: number; days: number; personName?: string; now: number },
): CreatedInvite[] {
  return db.$client.transaction(() => {
    const created: CreatedInvite[] = [];
    for (let i = 0; i < opts.count; i++) {
      const code = generateInviteCode();
      const expiresAt = opts.now + opts.days * DAY;
      db.insert(invites)
        .values({
          codeHash: hashInviteCode(code),
          role: opts.role,
          unitId: opts.unitId,
          personName: opts.personName ?? null,
          expiresAt,
        })
        .run();
      created.push({ code, expiresAt });
    }
    return created;
  })();
}

const recentFailuresOfAll = oncePerConnection((db) =>
  db.$client.prepare<[number, number], { n: number }>("select count(*) as n from (select at from invite_failures order by id desc limit ?) where at > ?"),
);

/** Hours a link code (/lienket) stays valid: it is used at once, on the person's other phone app. */
export const LINK_CODE_HOURS = 24;

/**
 * A one-time code that binds another messenger account to this person (the
 * same roles and scope, no new role). Undefined for a person without a role.
 */
export function createLinkCode(db: Db, personId: number, now: number): CreatedInvite | undefined {
  const role = db.select().from(roles).where(eq(roles.personId, personId)).get();
  if (!role) return undefined;
  const code = generateInviteCode();
  const expiresAt = now + LINK_CODE_HOURS * HOUR;
  db.insert(invites).values({ codeHash: hashInviteCode(code), role: role.role, unitId: role.unitId, personId, expiresAt }).run();
  return { code, expiresAt };
}

export interface Redeemer {
  channel: Channel;
  externalId: string;
  chatId: string;
  displayName: string;
}

export type RedeemResult =
  | { ok: true; personId: number; role: Role; unitId: number; alreadyHad: boolean; linked: boolean }
  | { ok: false; reason: "rate_limited" | "busy" | "unknown" | "used" | "expired" | "taken" };

/**
 * Binds the account to the invite's role and unit. One transaction: the code
 * is spent exactly once even if two accounts race for it. Wrong codes are
 * limited per account (per hour) and for all accounts together (per minute,
 * "busy"); a refused attempt is not checked and not counted.
 */
export function redeemInvite(db: Db, code: string, who: Redeemer, now: number): RedeemResult {
  return db.$client.transaction((): RedeemResult => {
    const recentFailures =
      db
        .select({ n: count() })
        .from(inviteFailures)
        .where(
          and(
            eq(inviteFailures.channel, who.channel),
            eq(inviteFailures.externalId, who.externalId),
            gt(inviteFailures.at, now - HOUR),
          ),
        )
        .get()?.n ?? 0;
    if (recentFailures >= MAX_WRONG_CODES_PER_HOUR) return { ok: false, reason: "rate_limited" };
    // All accounts together: were the last N wrong codes all within the minute? (N rows by id: no scan.)
    const lastMinute = recentFailuresOfAll(db).get(MAX_WRONG_CODES_PER_MINUTE_ALL, now - MINUTE)!.n;
    if (lastMinute >= MAX_WRONG_CODES_PER_MINUTE_ALL) return { ok: false, reason: "busy" };

    const invite = db.select().from(invites).where(eq(invites.codeHash, hashInviteCode(code))).get();
    const account = db
      .select()
      .from(accounts)
      .where(and(eq(accounts.channel, who.channel), eq(accounts.externalId, who.externalId)))
      .get();

    const fail = (reason: "unknown" | "used" | "expired"): RedeemResult => {
      db.insert(inviteFailures).values({ channel: who.channel, externalId: who.externalId, at: now }).run();
      return { ok: false, reason };
    };
    if (!invite) return fail("unknown");
    if (invite.usedAt !== null) {
      // The same account tapping its own link again just sees its welcome.
      if (account && invite.usedByAccountId === account.id) {
        return { ok: true, personId: account.personId, role: invite.role, unitId: invite.unitId, alreadyHad: true, linked: invite.personId !== null };
      }
      return fail("used");
    }
    if (invite.expiresAt <= now) return fail("expired");

    if (invite.personId !== null) {
      // A link code: this account joins the person who asked for it, with the roles they hold now.
      if (account && account.personId !== invite.personId) return { ok: false, reason: "taken" };
      const linkedAccountId =
        account?.id ??
        db
          .insert(accounts)
          .values({ personId: invite.personId, channel: who.channel, externalId: who.externalId, chatId: who.chatId, displayName: who.displayName })
          .returning({ id: accounts.id })
          .get().id;
      db.update(invites).set({ usedAt: now, usedByAccountId: linkedAccountId }).where(eq(invites.id, invite.id)).run();
      return { ok: true, personId: invite.personId, role: invite.role, unitId: invite.unitId, alreadyHad: true, linked: true };
    }

    let personId = account?.personId;
    let accountId = account?.id;
    if (personId === undefined) {
      personId = db
        .insert(people)
        .values({ fullName: invite.personName ?? who.displayName })
        .returning({ id: people.id })
        .get().id;
      accountId = db
        .insert(accounts)
        .values({ personId, channel: who.channel, externalId: who.externalId, chatId: who.chatId, displayName: who.displayName })
        .returning({ id: accounts.id })
        .get().id;
    }
    const inserted = db
      .insert(roles)
      .values({ personId, role: invite.role, unitId: invite.unitId })
      .onConflictDoNothing()
      .run();
    db.update(invites).set({ usedAt: now, usedByAccountId: accountId }).where(eq(invites.id, invite.id)).run();
    return { ok: true, personId, role: invite.role, unitId: invite.unitId, alreadyHad: inserted.changes === 0, linked: false };
  })();
}
