import { Composer } from "grammy";
import { REPORT_CONVERSATION, type ReportArgs } from "../../conversations/report.js";
import { onboarding } from "../domain/catalog/onboarding.js";
import { reportMsg } from "../domain/catalog/report.js";
import { FORM_LIST, FORMS } from "../domain/forms/index.js";
import { quickFormKind } from "../domain/forms/engine.js";
import { quickFormTemplate } from "../domain/forms/quick-form.js";
import type { ReportKind } from "../domain/forms/types.js";
import { hasRole } from "../domain/roles.js";
import { escapeHtml, foldVietnamese } from "../domain/text.js";
import type { BotContext } from "../context.js";

const KIND_WORDS: Record<string, ReportKind> = { baucu: "election", "bau cu": "election", daihoi: "congress", "dai hoi": "congress" };

const kindFromArgument = (arg: string): ReportKind | undefined => KIND_WORDS[foldVietnamese(arg)];

/** /baucu, /daihoi, /sua, /nhanh and pasted quick forms: all enter the one report conversation. */
export function reportsFeature() {
  const composer = new Composer<BotContext>();
  const mayReport = composer.chatType("private").filter((ctx) => hasRole(ctx.actor, "reporter", "staff", "admin"));
  composer.chatType("private").command(["baucu", "daihoi", "sua", "nhanh"], async (ctx, next) => {
    if (hasRole(ctx.actor, "reporter", "staff", "admin")) return next();
    await ctx.reply(ctx.actor ? reportMsg.notReporter : onboarding.unregistered, { parse_mode: "HTML" });
  });

  const enter = (ctx: BotContext, args: ReportArgs) => ctx.conversation.enter(REPORT_CONVERSATION, args);

  mayReport.command("baucu", (ctx) => enter(ctx, { kind: "election", mode: "new" }));
  mayReport.command("daihoi", (ctx) => enter(ctx, { kind: "congress", mode: "new" }));
  mayReport.command("sua", (ctx) => enter(ctx, { kind: kindFromArgument(ctx.match), mode: "edit" }));
  mayReport.command("nhanh", async (ctx) => {
    const kind = kindFromArgument(ctx.match);
    if (!kind) return ctx.reply(reportMsg.quickUsage);
    await ctx.reply(reportMsg.quickTemplateIntro);
    await ctx.reply(`<code>${escapeHtml(quickFormTemplate(FORMS[kind]))}</code>`, { parse_mode: "HTML" });
  });
  // A report dialogue's button reaching here has no dialogue behind it any more (saved, cancelled, expired).
  composer.callbackQuery(/^q\d+:\d+$/, (ctx) => ctx.answerCallbackQuery({ text: onboarding.staleButton }));
  mayReport.on("message:text", async (ctx, next) => {
    const form = quickFormKind(FORM_LIST, ctx.message.text);
    if (!form) return next();
    await enter(ctx, { kind: form.kind, mode: "quick", quickText: ctx.message.text });
  });
  return composer;
}
