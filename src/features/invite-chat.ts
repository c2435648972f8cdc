import { Composer, InlineKeyboard, InputFile } from "grammy";
import QRCode from "qrcode";
import { recordAudit } from "../../db/audit.js";
import { createInvites } from "../../db/invites.js";
import { unregisteredHamlets } from "../../db/registration.js";
import type { UnitRecord } from "../../db/units.js";
import { inviteChatMsg } from "../domain/catalog/invite-chat.js";
import { onboarding } from "../domain/catalog/onboarding.js";
import { zaloInviteHint } from "../domain/catalog/zalo.js";
import { formatDateVi, todayInVietnam } from "../domain/parse/date.js";
import { hasRole, type Actor, type Role } from "../domain/roles.js";
import { escapeHtml, quote } from "../domain/text.js";
import { findUnitInScope, numberedUnitLines } from "../find-unit.js";
import { unitChoiceMsg } from "../domain/catalog/unit-choice.js";
import { unitLabel, unitPathLabel } from "../domain/unit-label.js";
import type { BotContext } from "../context.js";
import type { ScopeService } from "../scope-service.js";
import type { Services } from "../services.js";

const MAX_CHOICES = 10;
const CHOICE_TTL_MS = 15 * 60_000;

/** The role an actor may invite for a unit: reporters for hamlets in scope; staff for units beneath a leader or admin. */
export function invitableRole(actor: Actor, unit: UnitRecord): Role | undefined {
  if (unit.level === "hamlet") return hasRole(actor, "staff", "leader", "admin") && actor.roles.some((r) => r.role !== "reporter" && unit.path.startsWith(r.unitPath)) ? "reporter" : undefined;
  const above = actor.roles.some((r) => (r.role === "leader" || r.role === "admin") && unit.path.startsWith(r.unitPath) && unit.path !== r.unitPath);
  return above ? "staff" : undefined;
}

/**
 * /moi [thôn]: commune staff create a reporter invite for a hamlet in their scope (leaders and
 * admins also a staff invite for a unit beneath them) and get the code, the message to forward
 * and, on Telegram, the QR image of the deep link. Without a name: the hamlets with nobody
 * registered, as numbered choices.
 */
export function inviteChatFeature(services: Services, scope: ScopeService) {
  const composer = new Composer<BotContext>();
  const chats = composer.chatType("private");
  const typed = new Map<string, { at: number; unitIds: number[] }>();
  const chatKey = (ctx: BotContext) => `${ctx.channel}:${ctx.chat!.id}`;

  async function create(ctx: BotContext, actor: Actor, unit: UnitRecord) {
    const role = invitableRole(actor, unit);
    if (!role) return ctx.reply(hasRole(actor, "staff") ? inviteChatMsg.staffOnlyHamlets : onboarding.notAllowed);
    const now = services.clock.now();
    const [invite] = createInvites(services.db, { unitId: unit.id, role, count: 1, days: services.inviteDays, now });
    recordAudit(services.db, { action: "invite_created", at: now, channel: ctx.channel, actorPersonId: actor.personId, unitId: unit.id, role, detail: "1" });
    services.logger.info({ by: actor.personId, unit: unit.code, role }, "invite created in chat");
    const place = escapeHtml(unitPathLabel(services.units.ancestors(unit)) || unitLabel(unit));
    const link = ctx.channel === "telegram" && ctx.me.username ? `https://t.me/${ctx.me.username}?start=${invite!.code}` : undefined;
    await ctx.reply(inviteChatMsg.created(place, role, invite!.code, formatDateVi(todayInVietnam(new Date(invite!.expiresAt)))), { parse_mode: "HTML" });
    await ctx.reply(inviteChatMsg.forward(place, invite!.code, link, zaloInviteHint(invite!.code)), { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    if (link) {
      const png = await QRCode.toBuffer(link, { type: "png", errorCorrectionLevel: "M", margin: 2, width: 360 });
      await ctx.replyWithPhoto(new InputFile(png, `moi-${unit.code}.png`), { caption: inviteChatMsg.qrCaption(unitLabel(unit)) });
    }
  }

  /** Buttons 1…n that create the invite for the n-th unit (typing the number does the same). */
  const pickKeyboard = (unitIds: readonly number[]) => {
    const keyboard = new InlineKeyboard();
    unitIds.forEach((id, i) => {
      keyboard.text(String(i + 1), `moi:${id}`);
      if ((i + 1) % 5 === 0) keyboard.row();
    });
    return keyboard;
  };

  chats.command("moi", async (ctx) => {
    const actor = ctx.actor;
    if (!actor) return ctx.reply(onboarding.unregistered, { parse_mode: "HTML" });
    if (!hasRole(actor, "staff", "leader", "admin")) return ctx.reply(onboarding.notAllowed);
    const arg = ctx.match.trim();
    if (arg) {
      const found = findUnitInScope(scope, actor, arg, true);
      if (found.kind === "one") return create(ctx, actor, found.unit);
      if (found.kind === "none") return ctx.reply(inviteChatMsg.notFound(escapeHtml(quote(arg))), { parse_mode: "HTML" });
      // Several fit: an invite is for one hamlet only, so the person picks it.
      const lines = numberedUnitLines(services, found.units).map(escapeHtml);
      typed.set(chatKey(ctx), { at: services.clock.now(), unitIds: found.units.map((u) => u.id) });
      return ctx.reply([escapeHtml(unitChoiceMsg.pick(quote(arg))), ...lines].join("\n"), { parse_mode: "HTML", reply_markup: pickKeyboard(found.units.map((u) => u.id)) });
    }
    const missing = scope.rootUnits(actor).flatMap((root) => unregisteredHamlets(services.db, root.path));
    const hint = hasRole(actor, "leader", "admin") ? `\n\n${inviteChatMsg.leaderHint}` : "";
    if (missing.length === 0) return ctx.reply(`${inviteChatMsg.noneMissing}${hint}`);
    const shown = missing.slice(0, MAX_CHOICES);
    const keyboard = pickKeyboard(shown.map((h) => h.id));
    const lines = shown.map((h, i) => {
      const commune = h.parentName ? `, ${unitLabel({ name: h.parentName, type: h.parentType! })}` : "";
      return `${i + 1}. ${escapeHtml(`${unitLabel(h)}${commune}`)}`;
    });
    typed.set(chatKey(ctx), { at: services.clock.now(), unitIds: shown.map((h) => h.id) });
    await ctx.reply([inviteChatMsg.pick(missing.length), ...lines].join("\n") + hint, { parse_mode: "HTML", reply_markup: keyboard });
  });

  chats.callbackQuery(/^moi:(\d+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    typed.delete(chatKey(ctx));
    const unit = ctx.actor && scope.readableUnit(ctx.actor, Number(ctx.match[1]));
    if (!unit) return ctx.reply(onboarding.staleButton);
    await create(ctx, ctx.actor!, unit);
  });

  // The list's numbers, typed.
  chats.on("message:text", async (ctx, next) => {
    const key = chatKey(ctx);
    const pending = typed.get(key);
    const number = /^\s*(\d+)\s*$/.exec(ctx.message.text)?.[1];
    if (!pending || !ctx.actor || number === undefined || services.clock.now() - pending.at > CHOICE_TTL_MS) return next();
    const unitId = pending.unitIds[Number(number) - 1];
    if (unitId === undefined) return next();
    typed.delete(key);
    const unit = scope.readableUnit(ctx.actor, unitId);
    if (!unit) return ctx.reply(onboarding.staleButton);
    await create(ctx, ctx.actor, unit);
  });
  return composer;
}
