import { Composer, InlineKeyboard } from "grammy";
import { coverageFor, progressFor } from "../../../db/coverage.js";
import { reporterNamesIn } from "../../../db/people.js";
import { unregisteredHamletCount } from "../../../db/registration.js";
import { registrationMsg } from "../../domain/catalog/registration.js";
import { formatCount } from "../../domain/parse/number.js";
import { activeTerm } from "../../../db/terms.js";
import type { UnitRecord } from "../../../db/units.js";
import { onboarding } from "../../domain/catalog/onboarding.js";
import { reportMsg } from "../../domain/catalog/report.js";
import { reminderMsg } from "../../domain/catalog/digest.js";
import { questionMsg, statusMsg } from "../../domain/catalog/status.js";
import type { ReminderRunner } from "../../reminders/run.js";
import type { UnitNode } from "../../domain/coverage.js";
import { matchUnit, type Intent, type UnitCandidate } from "../../domain/intent.js";
import { readChoiceReply, resolveQuestion, type AnswerIntent } from "../../domain/question.js";
import { hasRole, type Actor } from "../../domain/roles.js";
import { escapeHtml } from "../../domain/text.js";
import { unitLabel, unitPathLabel } from "../../domain/unit-label.js";
import type { BotContext } from "../../context.js";
import type { ScopeService } from "../../scope-service.js";
import type { Services } from "../../services.js";
import type { ReportQueries } from "../../../db/reports.js";
import { isNotEditable, isNotModified } from "../../telegram-errors.js";
import { hamletReportText } from "../hamlet-view.js";
import { missingPages, progressText, type MissingFilter } from "./render.js";
import { askText, choiceKey, DECLINE_DATA, MAX_UNCLEAR_REPLIES, pendingChoices } from "./ask.js";

const FILTERS: readonly MissingFilter[] = ["all", "election", "congress"];

type Reply = { text: string; keyboard?: InlineKeyboard };

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
    // Registration coverage: one line, and a button to the list (/chuadangky).
    const unregistered = unregisteredHamletCount(services.db, unit.path);
    if (unregistered > 0) keyboard.text(registrationMsg.showButton, `cd:${unit.id}:0`);
    const parent = unit.parentId !== null ? scope.readableUnit(actor, unit.parentId) : undefined;
    if (parent) keyboard.text(statusMsg.up(unitLabel(parent)), `td:${parent.id}`);
    return { text: unregistered > 0 ? `${text}\n\n${registrationMsg.progressLine(formatCount(unregistered))}` : text, keyboard };
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
    try {
      await ctx.editMessageText(reply.text, { parse_mode: "HTML", reply_markup: reply.keyboard });
    } catch (error) {
      // A double tap: the message already shows this. A message too old to edit: send it anew.
      if (isNotModified(error)) return;
      if (isNotEditable(error)) return void (await send(ctx, reply));
      throw error;
    }
  };

  /** The units in the asker's scope, as the matcher sees them. */
  const candidatesFor = (actor: Actor): UnitCandidate[] =>
    scope.search(actor, "", undefined, 100_000).map((u) => ({ id: u.id, name: u.name, type: u.type, level: u.level, searchName: u.searchName }));
  /** "xã Húc Động, huyện Bình Liêu": a unit as listed in a choice. */
  const choiceLabel = (id: number): string => {
    const unit = services.units.byId(id)!;
    return unitPathLabel(services.units.ancestors(unit)) || unitLabel(unit);
  };
  /** Choices asked back, waiting for a typed reply (Zalo has no buttons). */
  const pending = pendingChoices(services.clock.now);

  /** Ask which unit was meant, before answering anything; remembered for a typed reply. */
  function askBack(ctx: BotContext, intent: AnswerIntent, reason: "several" | "close", typed: string, unitIds: number[]): Reply {
    const labels = unitIds.map(choiceLabel);
    pending.set(choiceKey(ctx), { intent, reason, unitIds, labels });
    return askText(intent, reason, typed, labels, unitIds);
  }

  /** The unit a command argument names, inside the asker's scope; or a reply explaining why not (or asking back). */
  function resolveUnit(ctx: BotContext, phrase: string | undefined, intent: AnswerIntent): UnitRecord | Reply {
    const actor = ctx.actor!;
    if (!phrase) return scope.rootUnits(actor)[0]!;
    const match = matchUnit(phrase, undefined, candidatesFor(actor));
    if (match.kind === "one") return services.units.byId(match.unit.id)!;
    if (match.kind === "none") return { text: escapeHtml(statusMsg.unitNotFound(phrase)) };
    return askBack(ctx, intent, match.kind === "many" ? "several" : "close", phrase, match.units.map((u) => u.id));
  }

  const isReply = (x: UnitRecord | Reply): x is Reply => "text" in x;
  const readers = composer.filter((ctx) => hasRole(ctx.actor, "staff", "leader", "admin", "reporter"));

  readers.command("tiendo", async (ctx) => {
    const phrase = ctx.match.trim() || undefined;
    const unit = resolveUnit(ctx, phrase, "progress");
    await send(ctx, isReply(unit) ? unit : progressReply(ctx.actor!, unit));
  });
  readers.command("chuaxong", async (ctx) => {
    const phrase = ctx.match.trim() || undefined;
    const unit = resolveUnit(ctx, phrase, "not_finished");
    await send(ctx, isReply(unit) ? unit : missingReply(ctx.actor!, unit, "all", 0));
  });

  // A button of a choice asked back answers it: a typed reply no longer does.
  readers.callbackQuery(/^(td|cx|uq):/, (ctx, next) => {
    pending.delete(choiceKey(ctx));
    return next();
  });
  readers.callbackQuery(DECLINE_DATA, (ctx) => edit(ctx, { text: questionMsg.declined }));
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
  // Malformed data (forged, or from an older version of these buttons) from a registered user is stale, not forbidden.
  composer.callbackQuery(/^(td|cx|nx):/, (ctx) => ctx.answerCallbackQuery({ text: ctx.actor ? onboarding.staleButton : onboarding.notAllowed }));

  // Plain-Vietnamese questions, answered by the same queries (src/domain/question.ts decides what to do).
  readers.chatType("private").on("message:text", async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith("/")) return next();
    const actor = ctx.actor!;
    const key = choiceKey(ctx);
    // A typed reply to a choice asked back: a number, the words of a choice, "có" / "không".
    const asked = pending.get(key);
    if (asked) {
      const reply = readChoiceReply(text, asked.labels, asked.reason);
      if (reply.kind === "unit") {
        pending.delete(key);
        const unit = scope.readableUnit(actor, asked.unitIds[reply.index]!);
        return send(ctx, unit ? answer(actor, asked.intent, unit) : { text: statusMsg.forbidden });
      }
      if (reply.kind === "no") {
        pending.delete(key);
        return send(ctx, { text: questionMsg.declined });
      }
      if (reply.kind === "unclear" && ++asked.unclear < MAX_UNCLEAR_REPLIES) return send(ctx, { text: escapeHtml(reply.error) });
      pending.delete(key);
    }
    const resolution = resolveQuestion(text, () => candidatesFor(actor));
    switch (resolution.kind) {
      case "notQuestion":
        return next();
      case "unit":
        return send(ctx, answer(actor, resolution.intent, services.units.byId(resolution.unit.id)!));
      case "ask":
        return send(ctx, askBack(ctx, resolution.intent, resolution.reason, resolution.typed, resolution.units.map((u) => u.id)));
      case "scope": {
        // No unit named (or none recognised): the asker's own scope, saying which words were not recognised.
        const root = scope.rootUnits(actor)[0]!;
        const reply = answer(actor, resolution.intent, root);
        if (resolution.unrecognised === undefined) return send(ctx, reply);
        const note = escapeHtml(questionMsg.scopeNote(resolution.unrecognised, unitLabel(root)));
        return send(ctx, { ...reply, text: `${note}\n\n${reply.text}` });
      }
    }
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

