import { Composer, InlineKeyboard } from "grammy";
import { lastSeenRecorder, roleHolders, revokeRole, type RoleHolder } from "../../db/role-holders.js";
import type { UnitRecord } from "../../db/units.js";
import { onboarding } from "../domain/catalog/onboarding.js";
import { peopleMsg } from "../domain/catalog/people.js";
import { isBareInviteCode } from "../domain/invite-code.js";
import { formatDateVi } from "../domain/parse/date.js";
import { hasRole, isRole, type Actor, type Role } from "../domain/roles.js";
import { vietnamClock } from "../domain/schedule.js";
import { escapeHtml, foldVietnamese, quote } from "../domain/text.js";
import { unitLabel } from "../domain/unit-label.js";
import type { BotContext } from "../context.js";
import { findUnitInScope, numberedUnitLines } from "../find-unit.js";
import { unitChoiceMsg } from "../domain/catalog/unit-choice.js";
import type { ScopeService } from "../scope-service.js";
import type { Services } from "../services.js";

/** Lines of /nguoi in one reply (longer replies are split by the bot anyway; this keeps them readable). */
const MAX_LIST_LINES = 120;
const MAX_REVOKE_CHOICES = 20;
/** A numbered list typed-answerable for this long. */
const CHOICE_TTL_MS = 15 * 60_000;
const CHANNEL_NAME: Record<string, string> = { telegram: "Telegram", zalo: "Zalo" };

/** "15/12/2024" */
const day = (ms: number) => formatDateVi(vietnamClock(ms).date);
/** "15/12/2024 09:12" */
const moment = (ms: number) => {
  const { date, time } = vietnamClock(ms);
  return `${formatDateVi(date)} ${time}`;
};

interface Target {
  personId: number;
  role: Role;
  unitId: number;
}

/** May `actor` take `holder`'s role away? Staff and admins, for roles on units strictly beneath one of theirs. */
export function canRevoke(actor: Actor, holder: { personId: number; unitPath: string }): boolean {
  if (holder.personId === actor.personId) return false;
  return actor.roles.some((r) => (r.role === "staff" || r.role === "admin") && holder.unitPath.startsWith(r.unitPath) && holder.unitPath !== r.unitPath);
}

/**
 * /nguoi [đơn vị]: who holds which role where (staff, leaders, admins; within their scope).
 * /thuhoi [đơn vị]: staff and admins revoke a role beneath them, after a confirmation; the
 * choices are buttons and numbered lines, answerable by typing the number.
 * And for someone whose roles were all revoked: a polite "không còn quyền" to whatever they send
 * (a new invite code still works).
 */
export function peopleFeature(services: Services, scope: ScopeService) {
  const composer = new Composer<BotContext>();
  const chats = composer.chatType("private");
  /** Per chat, the numbered revoke choices or the pending confirmation a typed answer refers to. */
  const typed = new Map<string, { at: number; pick?: Target[]; confirm?: Target }>();
  const chatKey = (ctx: BotContext) => `${ctx.channel}:${ctx.chat!.id}`;

  composer.use(async (ctx, next) => {
    const actor = ctx.from && ctx.chat?.type === "private" ? ctx.actor : undefined;
    if (!actor || actor.roles.length > 0) return next();
    // Revoked: only a new invite code (/start CODE, or the bare code) goes through.
    const text = ctx.message?.text?.trim() ?? "";
    if (/^\/start\s+\S/.test(text) || isBareInviteCode(text)) return next();
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    await ctx.reply(peopleMsg.noLongerAllowed);
  });

  /** The units a command names (its argument, else the asker's own); undefined once the reply asking back has been sent. */
  async function unitsFor(ctx: BotContext, actor: Actor, arg: string, command: string): Promise<UnitRecord[] | undefined> {
    if (!arg) return scope.rootUnits(actor);
    const found = findUnitInScope(scope, actor, arg);
    if (found.kind === "one") return [found.unit];
    if (found.kind === "none") {
      await ctx.reply(peopleMsg.unitNotFound(escapeHtml(quote(arg))), { parse_mode: "HTML" });
      return undefined;
    }
    await ctx.reply(escapeHtml(unitChoiceMsg.several(quote(arg), numberedUnitLines(services, found.units), command)), { parse_mode: "HTML" });
    return undefined;
  }

  const holderLine = (h: RoleHolder) =>
    peopleMsg.line(
      escapeHtml(h.fullName),
      h.role,
      escapeHtml(unitLabel({ name: h.unitName, type: h.unitType })),
      h.channels.split(",").map((c) => CHANNEL_NAME[c] ?? c).join(", "),
      day(h.grantedAt),
      h.lastSeenAt === null ? undefined : moment(h.lastSeenAt),
    );

  chats.command("nguoi", async (ctx) => {
    const actor = ctx.actor;
    if (!actor) return ctx.reply(onboarding.unregistered, { parse_mode: "HTML" });
    if (!hasRole(actor, "staff", "leader", "admin")) return ctx.reply(onboarding.notAllowed);
    const units = await unitsFor(ctx, actor, ctx.match.trim(), "nguoi");
    if (!units) return;
    for (const unit of units) {
      const holders = roleHolders(services.db, unit.path);
      const label = escapeHtml(unitLabel(unit));
      if (holders.length === 0) {
        await ctx.reply(peopleMsg.none(label), { parse_mode: "HTML" });
        continue;
      }
      const lines = [peopleMsg.listTitle(label, holders.length), ...holders.slice(0, MAX_LIST_LINES).map(holderLine)];
      if (holders.length > MAX_LIST_LINES) lines.push(peopleMsg.more(holders.length - MAX_LIST_LINES));
      await ctx.reply(lines.join("\n"), { parse_mode: "HTML" });
    }
  });

  chats.command("thuhoi", async (ctx) => {
    const actor = ctx.actor;
    if (!actor) return ctx.reply(onboarding.unregistered, { parse_mode: "HTML" });
    if (!hasRole(actor, "staff", "admin")) return ctx.reply(onboarding.notAllowed);
    const units = await unitsFor(ctx, actor, ctx.match.trim(), "thuhoi");
    if (!units) return;
    const unit = units[0]!;
    const label = escapeHtml(unitLabel(unit));
    const choices = roleHolders(services.db, unit.path).filter((h) => canRevoke(actor, h));
    if (choices.length === 0) return ctx.reply(peopleMsg.revokeNone(label), { parse_mode: "HTML" });
    const shown = choices.slice(0, MAX_REVOKE_CHOICES);
    const keyboard = new InlineKeyboard();
    const lines = shown.map((h, i) => {
      keyboard.text(`${i + 1}`, `th:p:${h.personId}:${h.role}:${h.unitId}`);
      if ((i + 1) % 5 === 0) keyboard.row();
      return `${i + 1}. ${peopleMsg.revokeChoice(escapeHtml(h.fullName), h.role, escapeHtml(unitLabel({ name: h.unitName, type: h.unitType })))}`;
    });
    typed.set(chatKey(ctx), { at: services.clock.now(), pick: shown.map(({ personId, role, unitId }) => ({ personId, role, unitId })) });
    await ctx.reply([peopleMsg.revokePick(label), ...lines].join("\n"), { parse_mode: "HTML", reply_markup: keyboard });
  });

  /** The holder behind a choice, only if the actor may still revoke it. */
  function revocable(actor: Actor, target: Target): RoleHolder | undefined {
    const unit = services.units.byId(target.unitId);
    if (!unit) return undefined;
    return roleHolders(services.db, unit.path).find((h) => h.personId === target.personId && h.role === target.role && h.unitId === target.unitId && canRevoke(actor, h));
  }

  async function askConfirmation(ctx: BotContext, actor: Actor, target: Target) {
    const holder = revocable(actor, target);
    if (!holder) return ctx.reply(target.personId === actor.personId ? peopleMsg.notYourself : peopleMsg.alreadyGone);
    typed.set(chatKey(ctx), { at: services.clock.now(), confirm: target });
    const data = `${target.personId}:${target.role}:${target.unitId}`;
    await ctx.reply(peopleMsg.revokeConfirm(escapeHtml(holder.fullName), holder.role, escapeHtml(unitLabel({ name: holder.unitName, type: holder.unitType }))), {
      parse_mode: "HTML",
      reply_markup: new InlineKeyboard().text(`1. ${peopleMsg.revokeYes}`, `th:ok:${data}`).text(`2. ${peopleMsg.revokeNo}`, "th:no"),
    });
  }

  async function revoke(ctx: BotContext, actor: Actor, target: Target) {
    typed.delete(chatKey(ctx));
    const holder = revocable(actor, target);
    const done =
      holder && revokeRole(services.db, { ...target, byPersonId: actor.personId, channel: ctx.channel, now: services.clock.now() });
    if (!holder || !done) return ctx.reply(peopleMsg.alreadyGone);
    services.logger.info({ by: actor.personId, person: target.personId, role: target.role, unit: holder.unitCode }, "role revoked");
    await ctx.reply(peopleMsg.revoked(escapeHtml(holder.fullName), holder.role, escapeHtml(unitLabel({ name: holder.unitName, type: holder.unitType }))), {
      parse_mode: "HTML",
    });
  }

  const parseTarget = (m: string | RegExpMatchArray): Target | undefined =>
    typeof m !== "string" && isRole(m[2]!) ? { personId: Number(m[1]), role: m[2], unitId: Number(m[3]) } : undefined;

  chats.callbackQuery(/^th:p:(\d+):(\w+):(\d+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const target = parseTarget(ctx.match);
    if (!ctx.actor || !target) return ctx.reply(onboarding.staleButton);
    await askConfirmation(ctx, ctx.actor, target);
  });
  chats.callbackQuery(/^th:ok:(\d+):(\w+):(\d+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const target = parseTarget(ctx.match);
    if (!ctx.actor || !target) return ctx.reply(onboarding.staleButton);
    await revoke(ctx, ctx.actor, target);
  });
  chats.callbackQuery("th:no", async (ctx) => {
    await ctx.answerCallbackQuery();
    typed.delete(chatKey(ctx));
    await ctx.reply(peopleMsg.revokeCancelled);
  });

  // The same choices typed: a number from the list, or yes/no to the confirmation.
  chats.on("message:text", async (ctx, next) => {
    const key = chatKey(ctx);
    const pending = typed.get(key);
    if (!pending || !ctx.actor || ctx.message.text.startsWith("/")) return next();
    if (services.clock.now() - pending.at > CHOICE_TTL_MS) {
      typed.delete(key);
      return next();
    }
    const answer = foldVietnamese(ctx.message.text).replace(/[.!]+$/, "").trim();
    if (pending.pick) {
      const choice = /^\d+$/.test(answer) ? pending.pick[Number(answer) - 1] : undefined;
      if (!choice) return next();
      return askConfirmation(ctx, ctx.actor, choice);
    }
    if (pending.confirm) {
      if (peopleMsg.yesWords.includes(answer)) return revoke(ctx, ctx.actor, pending.confirm);
      if (peopleMsg.noWords.includes(answer)) {
        typed.delete(key);
        return ctx.reply(peopleMsg.revokeCancelled);
      }
    }
    return next();
  });
  return composer;
}

/** Notes when each account last wrote (at most one write a minute per account); never fails an update. */
export function lastSeenMiddleware(services: Services, channel: BotContext["channel"]) {
  const markSeen = lastSeenRecorder(services.db);
  return async (ctx: BotContext, next: () => Promise<void>) => {
    await next();
    // After the update: the message that registers an account counts too.
    if (!ctx.from) return;
    try {
      markSeen(channel, String(ctx.from.id), services.clock.now());
    } catch (error) {
      services.logger.warn({ err: error instanceof Error ? error.message : String(error) }, "last seen not recorded");
    }
  };
}
