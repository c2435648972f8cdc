import { writeFileSync } from "node:fs";
import type { Db } from "../../db/client.js";
import { unitQueries } from "../../db/units.js";
import { zaloInviteHint } from "../domain/catalog/zalo.js";
import { formatDateVi, todayInVietnam } from "../domain/parse/date.js";
import { isRole, ROLES } from "../domain/roles.js";
import type { UnitLevel } from "../domain/units.js";
import { createBulkInvites } from "../invites/bulk.js";
import { deepLink } from "./invite.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./io.js";

const LEVELS: readonly UnitLevel[] = ["province", "district", "commune", "hamlet"];

/**
 * `invite create --under CODE --role reporter|staff|… [--level commune] [--force] [--days D]
 *  [--out invites.xlsx] [--cards invites.pdf]`: one invite per unit of the level beneath CODE.
 */
export async function bulkInviteCommand(
  db: Db,
  opts: Record<string, string | boolean | undefined>,
  ctx: { botUsername?: string; defaultDays: number; now: number },
  io: CliIo,
): Promise<number> {
  const role = String(opts.role ?? "");
  if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  const level = (opts.level ?? (role === "reporter" ? "hamlet" : "commune")) as UnitLevel;
  if (!LEVELS.includes(level)) throw new UsageError(`--level must be one of ${LEVELS.join(", ")}`);
  if (role === "reporter" && level !== "hamlet") throw new UsageError("reporters are invited per hamlet (--level hamlet)");
  const days = Number(opts.days ?? ctx.defaultDays);
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new UsageError("--days must be 1..365");
  const out = typeof opts.out === "string" ? opts.out : undefined;
  const cards = typeof opts.cards === "string" ? opts.cards : undefined;
  if (out && !out.toLowerCase().endsWith(".xlsx")) throw new UsageError("--out must name an .xlsx file");
  if (cards && !cards.toLowerCase().endsWith(".pdf")) throw new UsageError("--cards must name a .pdf file");
  if (cards && !ctx.botUsername) {
    io.err("Thẻ mời cần mã QR của đường link: đặt BOT_USERNAME (hoặc BOT_TOKEN). / --cards needs BOT_USERNAME (or BOT_TOKEN) for the QR codes.");
    return 1;
  }
  const under = unitQueries(db).byCode(String(opts.under));
  if (!under) {
    io.err(`Không có đơn vị mã "${opts.under}". / No unit with code "${opts.under}".`);
    return 1;
  }
  const { created, skipped } = createBulkInvites(db, { under, role, level, force: opts.force === true, days, now: ctx.now });
  const link = ctx.botUsername ? (code: string) => deepLink(ctx.botUsername!, code) : undefined;
  for (const i of created) {
    io.out([i.unit.code, i.code, link?.(i.code), zaloInviteHint(i.code)].filter(Boolean).join("  "));
  }
  const expires = created[0] ? formatDateVi(todayInVietnam(new Date(created[0].expiresAt))) : "-";
  io.err(
    `${created.length} mã mời (${role}, hết hạn ${expires}); bỏ qua ${skipped.length} đơn vị đã có người giữ quyền (thêm --force để tạo cả cho các đơn vị đó). / ` +
      `${created.length} invites; ${skipped.length} units skipped (already held; --force to include them).`,
  );
  if (out) {
    writeFileSync(out, await (await import("../invites/workbook.js")).inviteWorkbook(created, link));
    io.err(`→ ${out}`);
  }
  if (cards) {
    writeFileSync(cards, await (await import("../invites/cards-pdf.js")).inviteCardsPdf(created, link!));
    io.err(`→ ${cards}`);
  }
  if (!link) io.err("Set BOT_USERNAME (or BOT_TOKEN) to print deep links.");
  return 0;
}
