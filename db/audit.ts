import type { Db } from "./client.js";
import { pathRange } from "./coverage.js";
import { auditEvents, AUDIT_ACTIONS } from "./schema.js";
import type { Role } from "../src/domain/roles.js";

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEvent {
  action: AuditAction;
  at: number;
  /** "telegram", "zalo" or "cli". */
  channel: string;
  actorPersonId?: number | null;
  unitId?: number | null;
  subjectPersonId?: number | null;
  role?: Role | null;
  detail?: string | null;
}

export function recordAudit(db: Db, event: AuditEvent): void {
  db.insert(auditEvents)
    .values({
      action: event.action,
      at: event.at,
      channel: event.channel,
      actorPersonId: event.actorPersonId ?? null,
      unitId: event.unitId ?? null,
      subjectPersonId: event.subjectPersonId ?? null,
      role: event.role ?? null,
      detail: event.detail ?? null,
    })
    .run();
}

export interface AuditRow {
  at: number;
  action: AuditAction;
  channel: string;
  actorName: string | null;
  subjectName: string | null;
  role: Role | null;
  unitCode: string | null;
  unitName: string | null;
  detail: string | null;
}

/** Events since `since` (epoch ms), oldest first; with `unitPath`, only those about units in that subtree. */
export function auditRows(db: Db, filter: { since?: number; unitPath?: string } = {}): AuditRow[] {
  const range = filter.unitPath ? pathRange(filter.unitPath) : undefined;
  return db.$client
    .prepare(
      `select e.at, e.action, e.channel, a.full_name as actorName, s.full_name as subjectName, e.role,
              u.code as unitCode, u.name as unitName, e.detail
         from audit_events e
         left join people a on a.id = e.actor_person_id
         left join people s on s.id = e.subject_person_id
         left join units u on u.id = e.unit_id
        where e.at >= ? ${range ? "and u.path >= ? and u.path < ?" : ""}
        order by e.at, e.id`,
    )
    .all(filter.since ?? 0, ...(range ? [range.lo, range.hi] : [])) as AuditRow[];
}

/** The channel of an account (the audit trail records where something was done from). */
export function channelOfAccount(db: Db, accountId: number): string {
  const row = db.$client.prepare("select channel from accounts where id = ?").get(accountId) as { channel: string } | undefined;
  return row?.channel ?? "unknown";
}

/**
 * An invite (or link code) just redeemed: "invite used", and "role granted" when it gave the
 * person a role they did not have. Nothing for a repeated tap on one's own link.
 */
export function auditRedeemed(
  db: Db,
  r: { personId: number; role: Role; unitId: number; alreadyHad: boolean; linked: boolean },
  channel: string,
  now: number,
): void {
  if (r.alreadyHad && !r.linked) return;
  const event = { at: now, channel, actorPersonId: r.personId, unitId: r.unitId, subjectPersonId: r.personId, role: r.role };
  recordAudit(db, { ...event, action: "invite_used", detail: r.linked ? "link" : null });
  if (!r.alreadyHad) recordAudit(db, { ...event, action: "role_granted" });
}
