import { recordAudit } from "../../db/audit.js";
import type { Db } from "../../db/client.js";
import { pathRange } from "../../db/coverage.js";
import { createInvites } from "../../db/invites.js";
import { unitQueries, type UnitRecord } from "../../db/units.js";
import type { Role } from "../domain/roles.js";
import { unitPathLabel } from "../domain/unit-label.js";
import type { UnitLevel } from "../domain/units.js";

export interface BulkInvite {
  unit: UnitRecord;
  /** "Bản Nà Ếch, xã Húc Động, huyện Bình Liêu" */
  unitPath: string;
  role: Role;
  code: string;
  expiresAt: number;
}

export interface BulkInviteOptions {
  under: UnitRecord;
  role: Role;
  /** Which units beneath `under` get one: hamlets for reporters, communes for commune staff… */
  level: UnitLevel;
  /** Also units that already have an active holder of the role. */
  force: boolean;
  days: number;
  now: number;
}

/**
 * One invite per unit of `level` in the subtree of `under` (itself included), in registry order,
 * skipping units where someone already holds the role unless `force`. One transaction: all or
 * nothing. Each invite is recorded in the audit trail.
 */
export function createBulkInvites(db: Db, opts: BulkInviteOptions): { created: BulkInvite[]; skipped: UnitRecord[] } {
  const { lo, hi } = pathRange(opts.under.path);
  const targets = db.$client
    .prepare("select id from units where path >= ? and path < ? and level = ? order by path")
    .all(lo, hi, opts.level) as { id: number }[];
  const held = new Set(
    (db.$client.prepare("select distinct unit_id as id from roles where role = ?").all(opts.role) as { id: number }[]).map((r) => r.id),
  );
  const units = unitQueries(db);
  return db.$client.transaction(() => {
    const created: BulkInvite[] = [];
    const skipped: UnitRecord[] = [];
    for (const { id } of targets) {
      const unit = units.byId(id)!;
      if (held.has(id) && !opts.force) {
        skipped.push(unit);
        continue;
      }
      const [invite] = createInvites(db, { unitId: id, role: opts.role, count: 1, days: opts.days, now: opts.now });
      recordAudit(db, { action: "invite_created", at: opts.now, channel: "cli", unitId: id, role: opts.role, detail: "1" });
      created.push({ unit, unitPath: unitPathLabel(units.ancestors(unit)), role: opts.role, code: invite!.code, expiresAt: invite!.expiresAt });
    }
    return { created, skipped };
  })();
}
