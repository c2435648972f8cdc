import { Composer, InlineKeyboard } from "grammy";
import type { ReportQueries } from "../../db/reports.js";
import { activeTerm } from "../../db/terms.js";
import type { UnitRecord } from "../../db/units.js";
import { onboarding } from "../domain/catalog/onboarding.js";
import { outcomeLabel, REPORT_KIND_LABEL, reportMsg, viewMsg } from "../domain/catalog/report.js";
import { FORM_LIST } from "../domain/forms/index.js";
import { answerLines } from "../domain/forms/read-back.js";
import { slotLabel, vietnamClock } from "../domain/schedule.js";
import { escapeHtml, foldVietnamese } from "../domain/text.js";
import { unitPathLabel } from "../domain/unit-label.js";
import type { Actor } from "../domain/roles.js";
import type { BotContext } from "../context.js";
import type { ScopeService } from "../scope-service.js";
import type { Services } from "../services.js";

const HAMLET_PREFIX = /^(thon|ban|khu pho|khu|to dan pho|ap|lang|xom) /;

/** "19:03 23/11/2026", Vietnam time. */
function when(ms: number): string {
  const { date, time } = vietnamClock(ms);
  return slotLabel(date, time);
}

/** One hamlet's current reports, their outcome and how many versions exist (HTML). */
export function hamletReportText(services: Services, reports: ReportQueries, unit: UnitRecord): string {
  const term = activeTerm(services.db);
  const lines = [`<b>${escapeHtml(unitPathLabel(services.units.ancestors(unit)))}</b>`];
  if (!term) return [...lines, reportMsg.noActiveTerm].join("\n");
  for (const form of FORM_LIST) {
    const current = reports.current(term.id, unit.id, form.kind);
    const title = REPORT_KIND_LABEL[form.kind];
    const heading = `<b>${title[0]!.toUpperCase()}${title.slice(1)}</b>`;
    if (!current) {
      lines.push("", `${heading}: ${viewMsg.notReported}`);
      continue;
    }
    lines.push("", `${heading}: ${outcomeLabel[current.outcome]}`);
    lines.push(escapeHtml(viewMsg.versionLine(current.version, current.versionCount, current.authorName, when(current.createdAt))));
    lines.push(current.reviewStatus === "returned" ? escapeHtml(viewMsg.review.returned(current.reviewNote ?? "")) : viewMsg.review[current.reviewStatus]);
    if (current.conflict) lines.push(viewMsg.conflict);
    lines.push(...answerLines(form, current.answers));
  }
  return lines.join("\n");
}

/** /xem <hamlet>: what a hamlet reported, within the asker's scope only. */
export function hamletViewFeature(services: Services, scope: ScopeService, reports: ReportQueries) {
  const composer = new Composer<BotContext>();

  const show = (ctx: BotContext, unit: UnitRecord) => ctx.reply(hamletReportText(services, reports, unit), { parse_mode: "HTML" });

  function candidates(actor: Actor, arg: string): UnitRecord[] {
    if (!arg) {
      return actor.roles.filter((r) => r.role === "reporter").map((r) => services.units.byId(r.unitId)!);
    }
    const folded = foldVietnamese(arg);
    const withoutPrefix = folded.replace(HAMLET_PREFIX, "");
    const found = scope.search(actor, folded, "hamlet", 9);
    return found.length || withoutPrefix === folded ? found : scope.search(actor, withoutPrefix, "hamlet", 9);
  }

  composer.command("xem", async (ctx) => {
    if (!ctx.actor) return ctx.reply(onboarding.unregistered, { parse_mode: "HTML" });
    const arg = ctx.match.trim();
    const units = candidates(ctx.actor, arg);
    if (units.length === 1) return show(ctx, units[0]!);
    // The usage text shows "<tên thôn>": escaped like any text, or Telegram refuses it as an unknown tag.
    if (units.length === 0) return ctx.reply(escapeHtml(arg ? viewMsg.notFound(arg) : viewMsg.usage), { parse_mode: "HTML" });
    const keyboard = new InlineKeyboard();
    const list = units.slice(0, 8).map((u, i) => {
      keyboard.text(`${i + 1}`, `xem:${u.id}`);
      return `${i + 1}. ${escapeHtml(unitPathLabel(services.units.ancestors(u)))}`;
    });
    await ctx.reply(`${viewMsg.choose}\n${list.join("\n")}`, { parse_mode: "HTML", reply_markup: keyboard });
  });

  composer.callbackQuery(/^xem:(\d+)$/, async (ctx) => {
    const unit = ctx.actor && scope.readableUnit(ctx.actor, Number(ctx.match[1]));
    await ctx.answerCallbackQuery(unit ? {} : { text: viewMsg.forbidden });
    if (unit) await show(ctx, unit);
  });
  return composer;
}
