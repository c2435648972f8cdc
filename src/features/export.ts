import { recordAudit } from "../../db/audit.js";
import { Composer, GrammyError, HttpError, InlineKeyboard, InputFile } from "grammy";
import { activeTerm } from "../../db/terms.js";
import type { UnitRecord } from "../../db/units.js";
import { exportMsg } from "../domain/catalog/export.js";
import { onboarding } from "../domain/catalog/onboarding.js";
import { reportMsg } from "../domain/catalog/report.js";
import { pct } from "../domain/coverage.js";
import { matchUnit } from "../domain/intent.js";
import { formatCount } from "../domain/parse/number.js";
import { formatPercent } from "../domain/parse/percent.js";
import type { Actor, Role } from "../domain/roles.js";
import { escapeHtml, foldVietnamese } from "../domain/text.js";
import { unitLabel, unitPathLabel } from "../domain/unit-label.js";
import type { BotContext } from "../context.js";
import { scrubToken } from "../logger.js";
import type { ScopeService } from "../scope-service.js";
import type { Services } from "../services.js";
import { buildExport, exportFileName, TIME_ZONE } from "../export/workbook.js";

/** Roles that may export; a reporter role (own hamlet) never widens what is exported. */
const EXPORT_ROLES: readonly Role[] = ["staff", "leader", "admin"];
const MAX_CHOICES = 8;

/** The actor limited to their exporting roles, or undefined if they hold none. */
function exporter(actor: Actor): Actor | undefined {
  const roles = actor.roles.filter((r) => EXPORT_ROLES.includes(r.role));
  return roles.length ? { ...actor, roles } : undefined;
}

function when(ms: number): string {
  return new Intl.DateTimeFormat("vi-VN", { timeZone: TIME_ZONE, timeStyle: "short", dateStyle: "short" }).format(ms);
}

/**
 * /xuat [unit]: the Excel workbook of a unit's subtree (src/export/workbook.ts),
 * for staff, leaders and admins. Every unit comes from the scope service: the
 * argument is matched only against units inside the asker's scope, and button
 * data is checked again on press.
 */
export function exportFeature(services: Services, scope: ScopeService) {
  const composer = new Composer<BotContext>();

  function candidates(actor: Actor, arg: string): UnitRecord[] {
    if (!arg) return scope.rootUnits(actor);
    const inScope = scope.search(actor, "", undefined, 100_000);
    const match = matchUnit(
      foldVietnamese(arg),
      undefined,
      inScope.map((u) => ({ id: u.id, name: u.name, type: u.type, level: u.level, searchName: u.searchName })),
    );
    if (match.kind === "none") return [];
    const ids = match.kind === "one" ? [match.unit.id] : match.units.map((u) => u.id);
    const byId = new Map(inScope.map((u) => [u.id, u]));
    return ids.map((id) => byId.get(id)!);
  }

  async function sendExport(ctx: BotContext, unit: UnitRecord): Promise<void> {
    const term = activeTerm(services.db);
    if (!term) {
      await ctx.reply(reportMsg.noActiveTerm);
      return;
    }
    const now = services.clock.now();
    const { buffer, tally, termName } = await buildExport(services.db, term.id, unit.path);
    const caption = exportMsg.caption(
      unitPathLabel(services.units.ancestors(unit)) || unitLabel(unit),
      termName,
      when(now),
      formatCount(tally.finished),
      formatCount(tally.hamlets),
      formatPercent(pct(tally.finished, tally.hamlets)),
    );
    const filename = exportFileName(unit.code, now);
    try {
      await ctx.replyWithDocument(new InputFile(buffer, filename), { caption });
      services.logger.info({ unit: unit.code, bytes: buffer.length }, "export sent");
      recordAudit(services.db, { action: "export", at: now, channel: ctx.channel, actorPersonId: ctx.actor?.personId, unitId: unit.id, detail: filename });
    } catch (error) {
      if (!(error instanceof GrammyError || error instanceof HttpError)) throw error;
      services.logger.error({ unit: unit.code, bytes: buffer.length, err: scrubToken(error.message) }, "export: sendDocument failed");
      await ctx.reply(exportMsg.sendFailed);
    }
  }

  composer.command("xuat", async (ctx) => {
    if (!ctx.actor) return ctx.reply(onboarding.unregistered, { parse_mode: "HTML" });
    const actor = exporter(ctx.actor);
    if (!actor) return ctx.reply(exportMsg.notAllowed);
    // Names and birth years of individuals: never into a group, whose members may be outside the asker's scope.
    if (ctx.chat?.type !== "private") return ctx.reply(exportMsg.privateOnly);
    const arg = ctx.match.trim();
    const units = candidates(actor, arg);
    if (units.length === 0) return ctx.reply(arg ? exportMsg.unitNotFound(arg) : exportMsg.notAllowed);
    if (units.length === 1) return sendExport(ctx, units[0]!);
    // Several roots, or several units match: let the asker choose.
    const keyboard = new InlineKeyboard();
    const lines = units.slice(0, MAX_CHOICES).map((u, i) => {
      keyboard.text(String(i + 1), `xuat:${u.id}`);
      return `${i + 1}. ${escapeHtml(unitPathLabel(services.units.ancestors(u)) || unitLabel(u))}`;
    });
    await ctx.reply(`${exportMsg.chooseUnit}\n${lines.join("\n")}`, { parse_mode: "HTML", reply_markup: keyboard });
  });

  composer.callbackQuery(/^xuat:(\d+)$/, async (ctx) => {
    const actor = ctx.actor && exporter(ctx.actor);
    const unit = actor && ctx.chat?.type === "private" ? scope.readableUnit(actor, Number(ctx.match[1])) : undefined;
    await ctx.answerCallbackQuery(unit ? {} : { text: exportMsg.forbidden });
    if (unit) await sendExport(ctx, unit);
  });

  return composer;
}
