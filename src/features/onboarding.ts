import { Composer } from "grammy";
import type { BotCommand } from "grammy/types";
import { auditRedeemed } from "../../db/audit.js";
import { createLinkCode, LINK_CODE_HOURS, redeemInvite } from "../../db/invites.js";
import { isBareInviteCode } from "../domain/invite-code.js";
import { commandsFor, PUBLIC_COMMANDS } from "../domain/catalog/commands.js";
import { commandList, onboarding } from "../domain/catalog/onboarding.js";
import { escapeHtml } from "../domain/text.js";
import { unitLabel } from "../domain/unit-label.js";
import type { Actor } from "../domain/roles.js";
import type { BotContext } from "../context.js";
import type { Services } from "../services.js";

const toBotCommands = (specs: readonly { command: string; description: string }[]): BotCommand[] =>
  specs.map(({ command, description }) => ({ command, description }));

export function helpText(actor: Actor | undefined): string {
  if (!actor) return onboarding.unregistered;
  return `${onboarding.youCan}\n${commandList(commandsFor(actor.roles.map((r) => r.role)))}`;
}

/** /start <invite code>, /trogiup, and the per-role command menus. */
export function onboardingFeature(services: Services) {
  const composer = new Composer<BotContext>();
  const privateChats = composer.chatType("private");

  privateChats.command("start", async (ctx) => {
    const code = ctx.match.trim();
    if (!code) {
      await ctx.reply(
        ctx.actor ? `${onboarding.welcomeBack(escapeHtml(ctx.actor.fullName))}\n\n${helpText(ctx.actor)}` : onboarding.unregistered,
        { parse_mode: "HTML" },
      );
      return;
    }
    await redeem(ctx, code);
  });

  // Zalo has no deep links: an unregistered user may just send the code.
  privateChats.on("message:text", async (ctx, next) => {
    const text = ctx.message.text.trim();
    if (ctx.actor || !isBareInviteCode(text)) return next();
    await redeem(ctx, text);
  });

  async function redeem(ctx: BotContext & { from: NonNullable<BotContext["from"]>; chat: NonNullable<BotContext["chat"]> }, code: string) {
    const displayName = [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(" ");
    const result = redeemInvite(
      services.db,
      code,
      { channel: ctx.channel, externalId: String(ctx.from.id), chatId: String(ctx.chat.id), displayName },
      services.clock.now(),
    );
    if (!result.ok) {
      services.logger.info({ from: ctx.from.id, reason: result.reason }, "invite refused");
      const text = {
        rate_limited: onboarding.rateLimited,
        busy: onboarding.busyRateLimited,
        unknown: onboarding.codeUnknown,
        used: onboarding.codeUsed,
        expired: onboarding.codeExpired,
        taken: onboarding.accountTaken,
      }[result.reason];
      await ctx.reply(text);
      return;
    }
    const actor = services.people.actorByAccount(ctx.channel, String(ctx.from.id))!;
    const unit = services.units.byId(result.unitId)!;
    services.logger.info({ person: actor.personId, role: result.role, unit: unit.code }, "invite redeemed");
    auditRedeemed(services.db, result, ctx.channel, services.clock.now());
    const greeting = result.linked ? onboarding.linked(escapeHtml(actor.fullName)) : onboarding.welcome(escapeHtml(actor.fullName), result.role, escapeHtml(unitLabel(unit)));
    await ctx.reply(`${greeting}\n\n${helpText(actor)}`, { parse_mode: "HTML" });
    await setChatMenu(ctx, actor, services);
  }

  privateChats.command("lienket", async (ctx) => {
    if (!ctx.actor) return ctx.reply(onboarding.unregistered, { parse_mode: "HTML" });
    const link = createLinkCode(services.db, ctx.actor.personId, services.clock.now());
    if (!link) return ctx.reply(onboarding.notAllowed);
    services.logger.info({ person: ctx.actor.personId, channel: ctx.channel }, "link code created");
    await ctx.reply(onboarding.linkCode(link.code, LINK_CODE_HOURS), { parse_mode: "HTML" });
  });

  privateChats.command("trogiup", (ctx) => ctx.reply(helpText(ctx.actor), { parse_mode: "HTML" }));
  return composer;
}

async function setChatMenu(ctx: BotContext, actor: Actor, services: Services) {
  try {
    await ctx.api.setMyCommands(toBotCommands(commandsFor(actor.roles.map((r) => r.role))), {
      scope: { type: "chat", chat_id: ctx.chat!.id },
    });
  } catch (error) {
    services.logger.warn({ err: String(error) }, "setMyCommands for chat failed (menu unchanged)");
  }
}

/** The menu an unregistered user sees; a failure is logged, never fatal. */
export async function setDefaultMenu(api: BotContext["api"], services: Services) {
  try {
    await api.setMyCommands(toBotCommands(PUBLIC_COMMANDS));
  } catch (error) {
    services.logger.warn({ err: String(error) }, "setMyCommands (default) failed");
  }
}
