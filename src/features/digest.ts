import { Composer } from "grammy";
import { digestQueries } from "../../db/digest.js";
import { digestMsg } from "../domain/catalog/digest.js";
import { onboarding } from "../domain/catalog/onboarding.js";
import { hasRole } from "../domain/roles.js";
import { unitLabel } from "../domain/unit-label.js";
import { escapeHtml } from "../domain/text.js";
import type { BotContext } from "../context.js";
import type { DigestRunner } from "../digest/run.js";
import type { ScopeService } from "../scope-service.js";
import type { Services } from "../services.js";

/** /baocaongay (digest now), /nhanbaocao (daily digest on/off), /dangkynhom (a group receives it). */
export function digestFeature(services: Services, scope: ScopeService, runner: DigestRunner) {
  const composer = new Composer<BotContext>();
  const digests = digestQueries(services.db);
  const readers = composer.filter((ctx) => hasRole(ctx.actor, "staff", "leader", "admin"));

  readers.command("baocaongay", async (ctx) => {
    const unit = scope.rootUnits(ctx.actor!)[0]!;
    await ctx.replyWithChatAction("upload_photo").catch(() => undefined);
    await runner.sendNow({ channel: ctx.channel, chatId: String(ctx.chat.id) }, unit);
  });

  readers.chatType("private").command("nhanbaocao", async (ctx) => {
    const actor = ctx.actor!;
    const enabled = !digests.digestEnabled(actor.personId, hasRole(actor, "leader"));
    digests.setDigestEnabled(actor.personId, enabled, services.clock.now());
    await ctx.reply(enabled ? digestMsg.on : digestMsg.off);
  });

  composer.command("dangkynhom", async (ctx) => {
    if (ctx.chat.type === "private") return ctx.reply(digestMsg.groupOnly);
    if (!hasRole(ctx.actor, "staff", "leader", "admin")) return ctx.reply(digestMsg.groupNotAllowed);
    const unit = scope.rootUnits(ctx.actor!)[0]!;
    digests.registerGroup(String(ctx.chat.id), unit.id, "title" in ctx.chat ? ctx.chat.title : undefined, ctx.actor!.personId);
    await ctx.reply(digestMsg.groupRegistered(escapeHtml(unitLabel(unit))), { parse_mode: "HTML" });
  });

  composer.chatType("private").command(["baocaongay", "nhanbaocao"], (ctx) =>
    ctx.reply(ctx.actor ? onboarding.notAllowed : onboarding.unregistered, { parse_mode: "HTML" }),
  );
  return composer;
}
