import { Composer, InlineKeyboard } from "grammy";
import { unregisteredHamlets } from "../../db/registration.js";
import type { UnitRecord } from "../../db/units.js";
import { onboarding } from "../domain/catalog/onboarding.js";
import { peopleMsg } from "../domain/catalog/people.js";
import { registrationMsg } from "../domain/catalog/registration.js";
import { paginateGroups, type Group } from "../domain/paginate.js";
import { formatCount } from "../domain/parse/number.js";
import { hasRole, type Actor } from "../domain/roles.js";
import { escapeHtml, quote } from "../domain/text.js";
import { unitLabel } from "../domain/unit-label.js";
import type { BotContext } from "../context.js";
import { findUnitInScope, numberedUnitLines } from "../find-unit.js";
import { unitChoiceMsg } from "../domain/catalog/unit-choice.js";
import type { ScopeService } from "../scope-service.js";
import type { Services } from "../services.js";

/** The pages of "hamlets without a registered reporter" inside a unit, grouped by commune. */
export function unregisteredPages(services: Services, unit: UnitRecord): string[] {
  const hamlets = unregisteredHamlets(services.db, unit.path);
  const label = escapeHtml(unitLabel(unit));
  if (hamlets.length === 0) return [registrationMsg.allRegistered(label)];
  const groups = new Map<string, string[]>();
  for (const h of hamlets) {
    const heading = h.parentName && h.parentId !== unit.id ? `<b>${escapeHtml(unitLabel({ name: h.parentName, type: h.parentType! }))}</b>` : "";
    groups.set(heading, [...(groups.get(heading) ?? []), `• ${escapeHtml(unitLabel(h))}`]);
  }
  const list: Group[] = [...groups].map(([heading, lines]) => ({ heading, lines }));
  return paginateGroups(registrationMsg.title(label, formatCount(hamlets.length)), list).map((p) => `${p}\n\n${registrationMsg.hint}`);
}

/** /chuadangky [đơn vị]: hamlets in the asker's scope with no reporter registered (staff, leaders, admins). */
export function registrationFeature(services: Services, scope: ScopeService) {
  const composer = new Composer<BotContext>();

  /** The unit the command names (else the asker's own); undefined once the reply asking back has been sent. */
  async function unitFor(ctx: BotContext, actor: Actor, arg: string): Promise<UnitRecord | undefined> {
    if (!arg) return scope.rootUnits(actor)[0];
    const found = findUnitInScope(scope, actor, arg);
    if (found.kind === "one") return found.unit;
    if (found.kind === "none") await ctx.reply(peopleMsg.unitNotFound(escapeHtml(quote(arg))), { parse_mode: "HTML" });
    else await ctx.reply(escapeHtml(unitChoiceMsg.several(quote(arg), numberedUnitLines(services, found.units), "chuadangky")), { parse_mode: "HTML" });
    return undefined;
  }

  function page(unit: UnitRecord, index: number): { text: string; keyboard?: InlineKeyboard } {
    const pages = unregisteredPages(services, unit);
    const i = Math.min(Math.max(index, 0), pages.length - 1);
    if (pages.length === 1) return { text: pages[0]! };
    const keyboard = new InlineKeyboard();
    if (i > 0) keyboard.text("◀️", `cd:${unit.id}:${i - 1}`);
    if (i < pages.length - 1) keyboard.text("▶️", `cd:${unit.id}:${i + 1}`);
    return { text: `${pages[i]}\n(${i + 1}/${pages.length})`, keyboard };
  }

  composer.command("chuadangky", async (ctx) => {
    const actor = ctx.actor;
    if (!actor) return ctx.reply(onboarding.unregistered, { parse_mode: "HTML" });
    if (!hasRole(actor, "staff", "leader", "admin")) return ctx.reply(onboarding.notAllowed);
    const unit = await unitFor(ctx, actor, ctx.match.trim());
    if (!unit) return;
    const reply = page(unit, 0);
    await ctx.reply(reply.text, { parse_mode: "HTML", reply_markup: reply.keyboard });
  });

  composer.callbackQuery(/^cd:(\d+):(\d+)$/, async (ctx) => {
    const actor = ctx.actor;
    const unit = actor && hasRole(actor, "staff", "leader", "admin") ? scope.readableUnit(actor, Number(ctx.match[1])) : undefined;
    await ctx.answerCallbackQuery(unit ? {} : { text: onboarding.staleButton });
    if (!unit) return;
    const reply = page(unit, Number(ctx.match[2]));
    await ctx.reply(reply.text, { parse_mode: "HTML", reply_markup: reply.keyboard });
  });
  return composer;
}
