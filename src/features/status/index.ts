import { Composer, InlineKeyboard } from "grammy";
import { coverageFor, progressFor } from "../../../db/coverage.js";
import { reporterNamesIn } from "../../../db/people.js";
import { activeTerm } from "../../../db/terms.js";
import type { UnitRecord } from "../../../db/units.js";
import { onboarding } from "../../domain/catalog/onboarding.js";
import { reportMsg } from "../../domain/catalog/report.js";
import { reminderMsg } from "../../domain/catalog/digest.js";
import { statusMsg } from "../../domain/catalog/status.js";
import type { ReminderRunner } from "../../reminders/run.js";
import type { UnitNode } from "../../domain/coverage.js";
import { matchUnit, parseQuestion, type Intent } from "../../domain/intent.js";
import { hasRole, type Actor } from "../../domain/roles.js";
import { escapeHtml, foldVietnamese } from "../../domain/text.js";
import { unitLabel, unitPathLabel } from "../../domain/unit-label.js";
import type { BotContext } from "../../context.js";
import type { ScopeService } from "../../scope-service.js";
import type { Services } from "../../services.js";
import type { ReportQueries } from "../../../db/reports.js";
import { hamletReportText } from "../hamlet-view.js";
import { missingPages, progressText, type MissingFilter } from "./render.js";

const FILTERS: readonly MissingFilter[] = ["all", "election", "congress"];

type Reply = { text: string; keyboard?: InlineKeyboard; unitNotFound?: true };

/**
 * /tiendo, /chuaxong and plain-Vietnamese questions. Every unit shown comes
 * from the scope service; button data is checked again on press.
 */
export function statusFeature(services: Services, scope: ScopeService, reports: ReportQueries, reminders: ReminderRunner) {
  const composer = new Composer<BotContext>();

  function progressReply(actor: Actor, unit: UnitRecord): Reply {
    const term = activeTerm(services.db);
    if (!term) return { text: reportMsg.noActiveTerm };
    if (unit.level === "hamlet") return { text: hamletReportText(services, reports, unit) };
    const progress = progressFor(services.db, term.id, unit.path);
    const { text, children } = progressText(progress, progress.units[0]!);
    const keyboard = new InlineKeyboard();
    children.forEach((child, i) => {
      keyboard.text(String(i + 1), `td:${child.id}`);
      if ((i + 1) % 5 === 0) keyboard.row();
    });
    keyboard.row().text(statusMsg.showMissing, `cx:${unit.id}:all:0`);
    const parent = unit.parentId !== null ? scope.readableUnit(actor, unit.parentId) : undefined;
    if (parent) keyboard.text(statusMsg.up(unitLabel(parent)), `td:${parent.id}`);
    return { text, keyboard };
  }

  function missingReply(actor: Actor, unit: UnitRecord, filter: MissingFilter, page: number): Reply {
    const term = activeTerm(services.db);
    if (!term) return { text: reportMsg.noActiveTerm };
    const coverage = coverageFor(services.db, term.id, unit.path);
    const node = coverage.units.find((u) => u.id === unit.id) as UnitNode;
    const pages = missingPages(coverage, node, reporterNamesIn(services.db, unit.path), filter);
    const index = Math.min(Math.max(page, 0), pages.length - 1);
    const text = pages.length > 1 ? `${pages[index]}\n\n${statusMsg.page(index + 1, pages.length)}` : pages[0]!;
    const keyboard = new InlineKeyboard();
    if (index > 0) keyboard.text(statusMsg.previous, `cx:${unit.id}:${filter}:${index - 1}`);
    if (index < pages.length - 1) keyboard.text(statusMsg.next, `cx:${unit.id}:${filter}:${index + 1}`);
    const somethingMissing = !text.startsWith("✅");
    if (somethingMissing && hasRole(actor, "staff", "admin")) {
      if (pages.length > 1) keyboard.row();
      keyboard.text(reminderMsg.remindAll, `nx:${unit.id}`);
    }
    return { text, keyboard: keyboard.inline_keyboard.flat().length ? keyboard : undefined };
  }

  const send = (ctx: BotContext, reply: Reply) => ctx.reply(reply.text, { parse_mode: "HTML", reply_markup: reply.keyboard });
  const edit = async (ctx: BotContext, reply: Reply) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(reply.text, { parse_mode: "HTML", reply_markup: reply.keyboard });
  };

  /** The unit a question or argument names, inside the asker's scope; or a reply explaining why not. */
  function resolveUnit(actor: Actor, phrase: string | undefined, level: UnitNode["level"] | undefined, action: "td" | "cx"): UnitRecord | Reply {
    if (!phrase) {
      return scope.rootUnits(actor)[0]!;
    }
    const candidates = scope.search(actor, "", undefined, 100_000).map((u) => ({ id: u.id, name: u.name, type: u.type, level: u.level, searchName: u.searchName }));
    const match = matchUnit(phrase, level, candidates);
    if (match.kind === "one") return services.units.byId(match.unit.id)!;
    if (match.kind === "none") return { text: escapeHtml(statusMsg.unitNotFound(phrase)), unitNotFound: true };
    const keyboard = new InlineKeyboard();
    const lines = match.units.map((u, i) => {
      keyboard.text(String(i + 1), action === "td" ? `td:${u.id}` : `cx:${u.id}:all:0`);
      return `${i + 1}. ${escapeHtml(unitPathLabel(services.units.ancestors(services.units.byId(u.id)!)))}`;
    });
    return { text: `${statusMsg.chooseUnit}\n${lines.join("\n")}`, keyboard };
  }

  const isReply = (x: UnitRecord | Reply): x is Reply => "text" in x;
  const readers = composer.filter((ctx) => hasRole(ctx.actor, "staff", "leader", "admin", "reporter"));

  readers.command("tiendo", async (ctx) => {
    const phrase = ctx.match.trim() ? foldVietnamese(ctx.match) : undefined;
    const unit = resolveUnit(ctx.actor!, phrase, undefined, "td");
    await send(ctx, isReply(unit) ? unit : progressReply(ctx.actor!, unit));
  });
  readers.command("chuaxong", async (ctx) => {
    const phrase = ctx.match.trim() ? foldVietnamese(ctx.match) : undefined;
    const unit = resolveUnit(ctx.actor!, phrase, undefined, "cx");
    await send(ctx, isReply(unit) ? unit : missingReply(ctx.actor!, unit, "all", 0));
  });

  readers.callbackQuery(/^td:(\d+)$/, async (ctx) => {
    const unit = scope.readableUnit(ctx.actor!, Number(ctx.match[1]));
    if (!unit) return ctx.answerCallbackQuery({ text: statusMsg.forbidden });
    await edit(ctx, progressReply(ctx.actor!, unit));
  });
  readers.callbackQuery(/^cx:(\d+):(all|election|congress):(\d+)$/, async (ctx) => {
    const unit = scope.readableUnit(ctx.actor!, Number(ctx.match[1]));
    if (!unit) return ctx.answerCallbackQuery({ text: statusMsg.forbidden });
    const filter = FILTERS.find((f) => f === ctx.match[2])!;
    await edit(ctx, missingReply(ctx.actor!, unit, filter, Number(ctx.match[3])));
  });
  readers.callbackQuery(/^nx:(\d+)$/, async (ctx) => {
    const unit = hasRole(ctx.actor, "staff", "admin") ? scope.readableUnit(ctx.actor!, Number(ctx.match[1])) : undefined;
    if (!unit) return ctx.answerCallbackQuery({ text: statusMsg.forbidden });
    await ctx.answerCallbackQuery();
    const result = await reminders.remindAllMissing(unit);
    await ctx.reply(result ? reminderMsg.reminded(result.sent, result.skipped, result.noReporter) : reportMsg.noActiveTerm);
  });
  composer.callbackQuery(/^(td|cx|nx):/, (ctx) => ctx.answerCallbackQuery({ text: onboarding.notAllowed }));

  // Plain-Vietnamese questions, answered by the same queries.
  readers.chatType("private").on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) return next();
    const question = parseQuestion(ctx.message.text);
    if (question.intent === "help") return next();
    const phrase = question.unitPhrase ?? question.unitQuery;
    const unit = resolveUnit(ctx.actor!, phrase, question.unitLevel, question.intent === "progress" ? "td" : "cx");
    // Text that was only a name matching no unit was not a question: fall through to "not understood".
    if (isReply(unit) && unit.unitNotFound && question.onlyUnitName) return next();
    if (isReply(unit)) return send(ctx, unit);
    await send(ctx, answer(ctx.actor!, question.intent, unit));
  });

  function answer(actor: Actor, intent: Exclude<Intent, "help">, unit: UnitRecord): Reply {
    switch (intent) {
      case "progress":
        return progressReply(actor, unit);
      case "hamlet_report":
        return unit.level === "hamlet" ? { text: hamletReportText(services, reports, unit) } : progressReply(actor, unit);
      case "not_finished":
        return missingReply(actor, unit, "all", 0);
      case "election_missing":
        return missingReply(actor, unit, "election", 0);
      case "congress_missing":
        return missingReply(actor, unit, "congress", 0);
    }
  }

  return composer;
}

