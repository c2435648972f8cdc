import { recordAudit } from "../../db/audit.js";
import { createInvites } from "../../db/invites.js";
import type { Db } from "../../db/client.js";
import { unitQueries } from "../../db/units.js";
import { isRole, ROLES } from "../domain/roles.js";
import { formatDateVi, todayInVietnam } from "../domain/parse/date.js";
import { unitLabel } from "../domain/unit-label.js";
import { zaloInviteHint } from "../domain/catalog/zalo.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./io.js";

export function deepLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}

export function inviteCommand(
  db: Db,
  opts: Record<string, string | undefined>,
  ctx: { botUsername?: string; defaultDays: number; now: number },
  io: CliIo,
): number {
  const role = opts.role ?? "";
  if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  if (!opts.unit) throw new UsageError("--unit <code> is required");
  const count = Number(opts.count ?? 1);
  const days = Number(opts.days ?? ctx.defaultDays);
  if (!Number.isInteger(count) || count < 1 || count > 5000) throw new UsageError("--count must be 1..5000");
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new UsageError("--days must be 1..365");
  const unit = unitQueries(db).byCode(opts.unit);
  if (!unit) {
    io.err(`Không có đơn vị mã "${opts.unit}". / No unit with code "${opts.unit}".`);
    return 1;
  }
  if (role === "reporter" && unit.level !== "hamlet") {
    io.err(`Người báo cáo phải gắn với một thôn; "${opts.unit}" là ${unit.type}. / A reporter invite needs a hamlet.`);
    return 1;
  }
  const invites = createInvites(db, { unitId: unit.id, role, count, days, personName: opts.name, now: ctx.now });
  recordAudit(db, { action: "invite_created", at: ctx.now, channel: "cli", unitId: unit.id, role, detail: `${count}` });
  io.out(`${role} — ${unitLabel(unit)} (${unit.code}); hết hạn / expires ${formatDateVi(todayInVietnam(new Date(invites[0]!.expiresAt)))}`);
  // Beside Telegram's link, what to type on Zalo (which has no deep links).
  for (const invite of invites) {
    io.out([invite.code, ctx.botUsername ? deepLink(ctx.botUsername, invite.code) : undefined, zaloInviteHint(invite.code)].filter(Boolean).join("  "));
  }
  if (!ctx.botUsername) io.err("Set BOT_USERNAME (or BOT_TOKEN) to print deep links.");
  return 0;
}
