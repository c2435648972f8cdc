import { auditRows, type AuditRow } from "../../db/audit.js";
import type { Db } from "../../db/client.js";
import { revokeRole, roleHolders } from "../../db/role-holders.js";
import { unitQueries } from "../../db/units.js";
import { AUDIT_ACTION_LABEL } from "../domain/catalog/audit.js";
import { ROLE_LABEL } from "../domain/catalog/onboarding.js";
import { isValidIsoDate } from "../domain/parse/date.js";
import { isRole } from "../domain/roles.js";
import { vietnamClock, vietnamInstant } from "../domain/schedule.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./io.js";

const when = (ms: number | null) => {
  if (ms === null) return "-";
  const { date, time } = vietnamClock(ms);
  return `${date} ${time}`;
};

function unitOrFail(db: Db, code: string | undefined, io: CliIo) {
  if (!code) return { ok: true as const, unit: undefined };
  const unit = unitQueries(db).byCode(code);
  if (!unit) io.err(`Không có đơn vị mã "${code}". / No unit with code "${code}".`);
  return unit ? { ok: true as const, unit } : { ok: false as const };
}

/** `people list [--unit CODE]`: who holds which role where, on which channel, registered when, last seen. */
export function peopleListCommand(db: Db, opts: Record<string, string | undefined>, io: CliIo): number {
  const found = unitOrFail(db, opts.unit, io);
  if (!found.ok) return 1;
  const holders = roleHolders(db, found.unit?.path);
  io.out(["unit", "unit name", "role", "person id", "name", "channels", "registered", "last seen"].join("\t"));
  for (const h of holders) {
    io.out([h.unitCode, h.unitName, h.role, String(h.personId), h.fullName, h.channels, when(h.grantedAt), when(h.lastSeenAt)].join("\t"));
  }
  io.err(`${holders.length} quyền / roles`);
  return 0;
}

/** `people revoke --unit CODE --role ROLE [--person ID]`: takes the role away (every holder there, or one person). */
export function peopleRevokeCommand(db: Db, opts: Record<string, string | undefined>, now: number, io: CliIo): number {
  if (!opts.unit) throw new UsageError("--unit <code> is required");
  const role = opts.role ?? "";
  if (!isRole(role)) throw new UsageError("--role must be one of reporter, staff, leader, admin");
  const found = unitOrFail(db, opts.unit, io);
  if (!found.ok || !found.unit) return 1;
  const unit = found.unit;
  const person = opts.person === undefined ? undefined : Number(opts.person);
  if (person !== undefined && !Number.isInteger(person)) throw new UsageError("--person must be a person id (see people list)");
  const holders = roleHolders(db, unit.path).filter((h) => h.unitId === unit.id && h.role === role && (person === undefined || h.personId === person));
  if (holders.length === 0) {
    io.err(`Không ai giữ quyền ${ROLE_LABEL[role]} tại ${unit.name} (${unit.code})${person === undefined ? "" : ` với mã người ${person}`}. / Nobody holds that role there.`);
    return 1;
  }
  for (const h of holders) {
    revokeRole(db, { personId: h.personId, role, unitId: unit.id, byPersonId: null, channel: "cli", now });
    io.out(`Đã thu hồi / revoked: ${h.fullName} (#${h.personId}) — ${ROLE_LABEL[role]}, ${unit.name} (${unit.code})`);
  }
  return 0;
}

const AUDIT_COLUMNS = ["time", "action", "channel", "by", "person", "role", "unit", "unit name", "detail"] as const;
const auditCells = (r: AuditRow) => [
  when(r.at),
  AUDIT_ACTION_LABEL[r.action] ?? r.action,
  r.channel,
  r.actorName ?? (r.channel === "cli" ? "CLI" : "-"),
  r.subjectName ?? "",
  r.role ? ROLE_LABEL[r.role] : "",
  r.unitCode ?? "",
  r.unitName ?? "",
  r.detail ?? "",
];

/** `audit [--since YYYY-MM-DD] [--unit CODE] [--out audit.xlsx]` */
export async function auditCommand(db: Db, opts: Record<string, string | undefined>, io: CliIo): Promise<number> {
  if (opts.since !== undefined && !isValidIsoDate(opts.since)) throw new UsageError("--since must be a date YYYY-MM-DD");
  const found = unitOrFail(db, opts.unit, io);
  if (!found.ok) return 1;
  const rows = auditRows(db, { since: opts.since ? vietnamInstant(opts.since, "00:00") : undefined, unitPath: found.unit?.path });
  if (opts.out) {
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Nhật ký");
    sheet.addRow(["Thời gian", "Việc", "Kênh", "Người thực hiện", "Người liên quan", "Quyền", "Mã đơn vị", "Đơn vị", "Chi tiết"]).font = { bold: true };
    for (const r of rows) sheet.addRow(auditCells(r));
    sheet.columns.forEach((c) => (c.width = 20));
    await workbook.xlsx.writeFile(opts.out);
    io.out(`${rows.length} sự kiện / events → ${opts.out}`);
    return 0;
  }
  io.out(AUDIT_COLUMNS.join("\t"));
  for (const r of rows) io.out(auditCells(r).join("\t"));
  io.err(`${rows.length} sự kiện / events`);
  return 0;
}
