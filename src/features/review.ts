import { channelOfAccount, recordAudit } from "../../db/audit.js";
import { Composer, InlineKeyboard, type Api, type Context } from "grammy";
import { accountsWithRole } from "../../db/people.js";
import { reviewQueries, type ReviewVersion } from "../../db/review.js";
import { activeTerm } from "../../db/terms.js";
import type { UnitRecord } from "../../db/units.js";
import type { Convo } from "../../conversations/dialogue.js";
import { dialogue } from "../../conversations/dialogue.js";
import { onboarding } from "../domain/catalog/onboarding.js";
import { outcomeLabel, REPORT_KIND_LABEL, reportMsg } from "../domain/catalog/report.js";
import { reviewMsg } from "../domain/catalog/review.js";
import { FORMS } from "../domain/forms/index.js";
import { answerLines } from "../domain/forms/read-back.js";
import { formatCount } from "../domain/parse/number.js";
import { hasRole, type Actor } from "../domain/roles.js";
import { isWithinAny } from "../domain/scope.js";
import { escapeHtml, normalizeSpaces, shorten } from "../domain/text.js";
import { unitPathLabel } from "../domain/unit-label.js";
import type { BotContext } from "../context.js";
import { scrubToken } from "../logger.js";
import type { ScopeService } from "../scope-service.js";
import type { Services } from "../services.js";
import type { Outbound } from "../delivery/outbound.js";

/** /duyet lists at most this many reports per message. */
export const REVIEW_PAGE = 10;
export const REVIEW_RETURN_CONVERSATION = "review-return";
/** Longest return reason kept (graphemes; a longer one is cut with "…"). */
const MAX_REASON = 500;

export interface ReturnArgs {
  versionId: number;
  /** The message showing the report, stamped "returned" once done. */
  messageId?: number;
}

type Refusal = "forbidden" | "handled" | "conflict" | "noTerm";

const REFUSAL_TEXT: Record<Refusal, string> = {
  forbidden: reviewMsg.forbidden,
  handled: reviewMsg.alreadyHandled,
  conflict: reviewMsg.conflictRefused,
  noTerm: reportMsg.noActiveTerm,
};

function when(ms: number): string {
  return new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", dateStyle: "short", timeStyle: "short" }).format(ms);
}

export type ReviewService = ReturnType<typeof createReviewService>;

/**
 * Commune sign-off: what staff may review, and the decisions. Every entry
 * point takes the version id as it came from a button and re-checks scope.
 */
export function createReviewService(services: Services, scope: ScopeService, outbound: Outbound) {
  const queries = reviewQueries(services.db);

  /** Only staff and admin roles review; a reporter or leader role of the same person does not widen it. */
  const reviewScopes = (actor: Actor) => actor.roles.filter((r) => r.role === "staff" || r.role === "admin").map((r) => r.unitPath);

  const hamletLabel = (unit: UnitRecord) => unitPathLabel(services.units.ancestors(unit));

  /** The version and its hamlet, if the actor may review it (forged or out-of-scope ids get an error). */
  function reviewable(actor: Actor | undefined, versionId: number): { version: ReviewVersion; unit: UnitRecord } | { error: Refusal } {
    if (!actor || !hasRole(actor, "staff", "admin")) return { error: "forbidden" };
    const version = queries.version(versionId);
    if (!version) return { error: "forbidden" };
    const unit = scope.readableUnit(actor, version.unitId);
    if (!unit || unit.level !== "hamlet" || !isWithinAny(unit.path, reviewScopes(actor))) return { error: "forbidden" };
    return { version, unit };
  }

  /** Still waiting: the current version of an active-term report, not yet decided. */
  function isOpen(version: ReviewVersion): boolean {
    return version.current && version.reviewStatus === "pending" && version.termId === activeTerm(services.db)?.id;
  }

  /** The version itself (HTML): heading, author, correction reason, answers, outcome. */
  function versionText(version: ReviewVersion, unit: UnitRecord): string {
    const lines = [reviewMsg.heading(REPORT_KIND_LABEL[version.kind], escapeHtml(hamletLabel(unit)))];
    lines.push(escapeHtml(reviewMsg.versionLine(version.version, version.versionCount, version.authorName, when(version.createdAt))));
    if (version.reason) lines.push(escapeHtml(reviewMsg.correctionReason(version.reason)));
    lines.push("", ...answerLines(FORMS[version.kind], version.answers), "", `${reviewMsg.outcome}: <b>${outcomeLabel[version.outcome]}</b>`);
    if (version.conflict) lines.push(reviewMsg.conflict);
    return lines.join("\n");
  }

  function stamped(versionId: number, unit: UnitRecord): string {
    const v = queries.version(versionId)!;
    const reviewer = escapeHtml(v.reviewerName ?? "");
    const at = when(v.reviewedAt ?? services.clock.now());
    const stamp = v.reviewStatus === "confirmed" ? reviewMsg.confirmedStamp(reviewer, at) : reviewMsg.returnedStamp(reviewer, at, escapeHtml(v.reviewNote ?? ""));
    return `${versionText(v, unit)}\n\n${stamp}`;
  }

  function decide(actor: Actor | undefined, versionId: number, status: "confirmed" | "returned", note: string | null) {
    const found = reviewable(actor, versionId);
    if ("error" in found) return found;
    const { version, unit } = found;
    if (!isOpen(version)) return { error: "handled" as const };
    if (status === "confirmed" && version.conflict) return { error: "conflict" as const };
    const done = queries.decide({ versionId, status, reviewerPersonId: actor!.personId, note, now: services.clock.now() });
    if (!done) return { error: "handled" as const };
    services.logger.info({ versionId, unitId: unit.id, status, reviewer: actor!.personId }, "report reviewed");
    recordAudit(services.db, {
      action: status === "confirmed" ? "report_confirmed" : "report_returned",
      at: services.clock.now(),
      channel: channelOfAccount(services.db, actor!.accountId),
      actorPersonId: actor!.personId,
      unitId: unit.id,
      detail: `${version.kind} v${version.version}${note ? `: ${note}` : ""}`,
    });
    const kind = REPORT_KIND_LABEL[version.kind];
    const label = escapeHtml(hamletLabel(unit));
    return {
      unitId: unit.id,
      kindLabel: kind,
      unitLabel: label,
      /** The staff's copy of the report, stamped. */
      text: stamped(versionId, unit),
      /** What the hamlet's reporters receive. */
      notice:
        status === "confirmed"
          ? reviewMsg.notifyConfirmed(kind, label, version.version)
          : reviewMsg.notifyReturned(kind, label, version.version, escapeHtml(note ?? "")),
    };
  }

  return {
    queries,
    reviewScopes,
    reviewable,
    isOpen,
    versionText,

    /** /duyet: the pending current versions of the actor's review scope, oldest first (HTML). */
    list(actor: Actor): { text: string; keyboard?: InlineKeyboard } {
      const term = activeTerm(services.db);
      if (!term) return { text: reportMsg.noActiveTerm };
      const items = queries.pending(term.id, reviewScopes(actor));
      if (items.length === 0) return { text: reviewMsg.noneWaiting };
      const keyboard = new InlineKeyboard();
      const lines = items.slice(0, REVIEW_PAGE).map((item, i) => {
        keyboard.text(String(i + 1), `dy:v:${item.versionId}`);
        if ((i + 1) % 5 === 0) keyboard.row();
        const unit = services.units.byId(item.unitId)!;
        const line = escapeHtml(reviewMsg.listLine(i + 1, hamletLabel(unit), REPORT_KIND_LABEL[item.kind], item.version, item.authorName, when(item.createdAt)));
        return item.conflict ? `${line} ${reviewMsg.conflictMark}` : line;
      });
      const text = [reviewMsg.listTitle(formatCount(items.length)), ...lines];
      if (items.length > REVIEW_PAGE) text.push("", reviewMsg.more(formatCount(items.length - REVIEW_PAGE)));
      return { text: text.join("\n"), keyboard };
    },

    confirm: (actor: Actor | undefined, versionId: number) => decide(actor, versionId, "confirmed", null),
    returnWithReason: (actor: Actor | undefined, versionId: number, reason: string) => decide(actor, versionId, "returned", reason),

    /** What the return dialogue asks about, if the version may still be returned (plain data). */
    returnPrompt(actor: Actor | undefined, versionId: number): { kindLabel: string; unitLabel: string } | { error: Refusal } {
      const found = reviewable(actor, versionId);
      if ("error" in found) return found;
      if (!isOpen(found.version)) return { error: "handled" };
      return { kindLabel: REPORT_KIND_LABEL[found.version.kind], unitLabel: escapeHtml(hamletLabel(found.unit)) };
    },

    /**
     * Sends `html` to every account reporting for the hamlet, on its own
     * channel. A failure (blocked bot, network) is logged and skipped: it never
     * breaks the reviewer's flow. Returns how many were delivered.
     */
    async notifyReporters(unitId: number, html: string): Promise<number> {
      let delivered = 0;
      for (const account of accountsWithRole(services.db, "reporter", unitId)) {
        if (!outbound.serves(account.channel)) continue;
        const outcome = await outbound.send(account, { html });
        if (outcome === "sent") delivered++;
        else services.logger.warn({ accountId: account.accountId, unitId, outcome }, "review notice not delivered");
      }
      return delivered;
    },

    /** Logs instead of throwing: a stale message must not break the reviewer's flow. */
    logFailure(what: string) {
      return (error: unknown) => {
        services.logger.warn({ err: error instanceof Error ? scrubToken(error.message) : String(error) }, what);
        return false;
      };
    },
  };
}

/** /duyet and its buttons: dy:v:<versionId> opens, dy:ok:<id> confirms, dy:back:<id> asks for the reason. */
export function reviewFeature(review: ReviewService) {
  const composer = new Composer<BotContext>();
  const chats = composer.chatType("private");

  chats.command("duyet", async (ctx) => {
    if (!ctx.actor) return ctx.reply(onboarding.unregistered, { parse_mode: "HTML" });
    if (!hasRole(ctx.actor, "staff", "admin")) return ctx.reply(reviewMsg.noRole);
    const { text, keyboard } = review.list(ctx.actor);
    await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard });
  });

  chats.callbackQuery(/^dy:v:(\d+)$/, async (ctx) => {
    const found = review.reviewable(ctx.actor, Number(ctx.match[1]));
    if ("error" in found) return ctx.answerCallbackQuery({ text: REFUSAL_TEXT[found.error] });
    if (!review.isOpen(found.version)) return ctx.answerCallbackQuery({ text: reviewMsg.alreadyHandled, show_alert: true });
    await ctx.answerCallbackQuery();
    const id = found.version.versionId;
    const keyboard = new InlineKeyboard();
    if (!found.version.conflict) keyboard.text(reviewMsg.confirmButton, `dy:ok:${id}`);
    keyboard.text(reviewMsg.returnButton, `dy:back:${id}`);
    await ctx.reply(review.versionText(found.version, found.unit), { parse_mode: "HTML", reply_markup: keyboard });
  });

  chats.callbackQuery(/^dy:ok:(\d+)$/, async (ctx) => {
    const result = review.confirm(ctx.actor, Number(ctx.match[1]));
    if ("error" in result) return ctx.answerCallbackQuery({ text: REFUSAL_TEXT[result.error], show_alert: result.error !== "forbidden" });
    await ctx.answerCallbackQuery({ text: reviewMsg.confirmedToast });
    await ctx.editMessageText(result.text, { parse_mode: "HTML" }).catch(review.logFailure("review message not edited"));
    await review.notifyReporters(result.unitId, result.notice);
  });

  chats.callbackQuery(/^dy:back:(\d+)$/, async (ctx) => {
    const versionId = Number(ctx.match[1]);
    const prompt = review.returnPrompt(ctx.actor, versionId);
    if ("error" in prompt) return ctx.answerCallbackQuery({ text: REFUSAL_TEXT[prompt.error], show_alert: prompt.error !== "forbidden" });
    await ctx.answerCallbackQuery();
    const args: ReturnArgs = { versionId, messageId: ctx.callbackQuery.message?.message_id };
    await ctx.conversation.enter(REVIEW_RETURN_CONVERSATION, args);
  });

  // Malformed data (forged, or from an older version of these buttons) from a registered user is stale, not forbidden.
  composer.callbackQuery(/^dy:/, (ctx) => ctx.answerCallbackQuery({ text: ctx.actor ? onboarding.staleButton : onboarding.notAllowed }));
  return composer;
}

/**
 * "↩️ Trả lại": asks the reason, then returns the version (scope and state
 * checked again at that moment) and tells the hamlet's reporters. A command or
 * another button instead of a reason leaves the report pending and lets that
 * command or button run.
 */
export function reviewReturnConversation(deps: { review: ReviewService; api: Api }) {
  const { review, api } = deps;
  return async function reviewReturn(conversation: Convo, ctx: Context, args: ReturnArgs) {
    const chatId = ctx.chatId!;
    const d = dialogue(conversation, api, chatId);
    const prompt = await conversation.external((octx) => review.returnPrompt(octx.actor, args.versionId));
    if ("error" in prompt) return d.say(REFUSAL_TEXT[prompt.error]);
    await d.say(reviewMsg.askReason(prompt.kindLabel, prompt.unitLabel));

    let reason = "";
    for (;;) {
      const c = await conversation.wait();
      const text = c.message?.text;
      if (c.callbackQuery || text?.startsWith("/")) {
        await d.say(reviewMsg.returnAbandoned);
        await conversation.halt({ next: true });
      }
      // Cut between graphemes: half an emoji is invalid UTF-8, and Telegram would refuse the reporters' notice.
      reason = shorten(normalizeSpaces(text ?? ""), MAX_REASON);
      if (reason) break;
      await d.say(reviewMsg.reasonAgain);
    }

    const result = await conversation.external((octx) => review.returnWithReason(octx.actor, args.versionId, reason));
    if ("error" in result) return d.say(REFUSAL_TEXT[result.error]);
    const notified = await conversation.external(() => review.notifyReporters(result.unitId, result.notice));
    const messageId = args.messageId;
    if (messageId !== undefined) {
      await conversation.external(() =>
        api
          .editMessageText(chatId, messageId, result.text, { parse_mode: "HTML" })
          .then(() => true)
          .catch(review.logFailure("review message not edited")),
      );
    }
    await d.say(reviewMsg.returned(result.kindLabel, result.unitLabel, notified));
  };
}
