import type { Api, Context } from "grammy";
import { formMsg, REPORT_KIND_LABEL, reportMsg } from "../src/domain/catalog/report.js";
import { FORMS } from "../src/domain/forms/index.js";
import { withDefaults } from "../src/domain/forms/engine.js";
import { parseQuickForm } from "../src/domain/forms/quick-form.js";
import { advanceSession, applySessionDelta, sessionDelta, startSession, type Prompt, type SessionScope } from "../src/domain/forms/session.js";
import type { Answers, FormSpec, ReportKind } from "../src/domain/forms/types.js";
import { foldVietnamese, escapeHtml } from "../src/domain/text.js";
import type { FormSetup, ReportService } from "../src/report-service.js";
import type { Channel } from "../db/people.js";
import { conversationKey } from "../db/conversation-storage.js";
import { isStorageFailure } from "../db/errors.js";
import { storageMsg } from "../src/domain/catalog/storage.js";
import { markToldAboutStorage } from "../src/storage-alarm.js";
import { dialogue, keyboardFor, readInput, type Convo, type Dialogue } from "./dialogue.js";

export interface ReportArgs {
  /** Which report; asked first when missing (/sua without argument). */
  kind?: ReportKind;
  /** new: /baucu, /daihoi · edit: /sua · quick: a pasted quick form. */
  mode: "new" | "edit" | "quick";
  quickText?: string;
}

export const REPORT_CONVERSATION = "report";
/** Problems of a pasted quick form listed one by one; the rest are counted. */
const MAX_QUICK_PROBLEMS = 5;

const KIND_OPTIONS = [
  { value: "election" as const, label: "Bầu cử trưởng thôn", aliases: ["baucu", "bau cu"] },
  { value: "congress" as const, label: "Đại hội chi bộ", aliases: ["daihoi", "dai hoi"] },
];

/** Which hamlet: the reporter's own, or one staff pick by name within their scope. */
async function chooseHamlet(conversation: Convo, d: Dialogue, reports: ReportService): Promise<number | undefined> {
  // One external: everything before the first turn is replayed on every answer.
  const { own, isStaff } = await conversation.external((octx) => ({
    own: reports.ownHamlets(octx.actor!),
    isStaff: octx.actor!.roles.some((r) => r.role === "staff" || r.role === "admin"),
  }));
  if (!isStaff) {
    if (own.length === 1) return own[0]!.id;
    if (own.length === 0) return undefined;
    const picked = await d.choose(reportMsg.chooseHamlet, own.map((h) => ({ value: String(h.id), label: h.label })));
    return Number(picked.value);
  }
  let question: string = reportMsg.askHamlet;
  for (;;) {
    await d.say(question);
    const input = await d.next();
    if (input.kind !== "text") continue;
    const query = foldVietnamese(input.text).replace(/^(thon|ban|khu pho|khu|to dan pho|ap|lang|xom) /, "");
    const found = await conversation.external((octx) => [
      ...own.filter((h) => foldVietnamese(h.label).includes(query)),
      ...reports.searchHamlets(octx.actor!, query),
    ]);
    const unique = [...new Map(found.map((h) => [h.id, h])).values()];
    if (unique.length === 0) {
      // Shortened first, then escaped: cutting escaped text could split "&lt;".
      question = escapeHtml(reportMsg.hamletNotFound(input.text));
      continue;
    }
    if (unique.length === 1) return unique[0]!.id;
    const heading = unique.length > 8 ? reportMsg.tooManyHamlets(unique.length) : reportMsg.chooseHamlet;
    const picked = await d.choose(heading, unique.slice(0, 8).map((h) => ({ value: String(h.id), label: h.label })));
    return Number(picked.value);
  }
}

/** What a new session starts from: nothing, the current report (/sua) or a pasted quick form, and the preface above its first question. */
function initialAnswers(form: FormSpec, setup: FormSetup, args: ReportArgs, title: string): { answers: Answers; photoFileId: string | null; preface?: string } {
  if (args.mode === "edit") return { answers: withDefaults(form, setup.current!.answers, setup.ctx), photoFileId: setup.current!.photoFileId };
  if (args.mode === "quick" && args.quickText) {
    const parsed = parseQuickForm(form, args.quickText, setup.ctx);
    // A pasted text full of unknown lines must not make the reply too long: the first few, then a count.
    const shown = parsed.problems.slice(0, MAX_QUICK_PROBLEMS).map((p) => `• ${escapeHtml(p)}`);
    if (parsed.problems.length > MAX_QUICK_PROBLEMS) shown.push(reportMsg.quickMoreProblems(parsed.problems.length - MAX_QUICK_PROBLEMS));
    const preface = parsed.problems.length ? `${reportMsg.quickProblems}\n${shown.join("\n")}` : undefined;
    return { answers: withDefaults(form, parsed.answers, setup.ctx), photoFileId: null, preface };
  }
  return { answers: withDefaults(form, {}, setup.ctx), photoFileId: null, preface: args.mode === "new" ? reportMsg.start(title, escapeHtml(setup.unitLabel)) : undefined };
}

/**
 * One conversation for both reports and all three ways in (dialogue, quick
 * form, correction): the form declaration decides the questions.
 *
 * After the setup, each answer is one turn: a wait, then one external that
 * advances the session (pure, src/domain/forms/session.ts), sends and returns
 * what changed. A replay therefore re-runs no questions and no parsing: per
 * earlier answer it only reads one logged update and one logged change.
 * (Rewinding to a checkpoint after each turn would keep the log shorter but
 * costs a whole extra replay per update: about twice as much, measured, for a
 * dialogue of this length.)
 */
export function reportConversation(deps: { reports: ReportService; api: Api; channel: Channel }) {
  const { reports, api } = deps;
  return async function report(conversation: Convo, ctx: Context, args: ReportArgs) {
    const chatId = ctx.chatId!;
    const d = dialogue(conversation, api, chatId);
    const kind = args.kind ?? (await d.choose(reportMsg.chooseKind, KIND_OPTIONS)).value;
    const form = FORMS[kind];
    const title = REPORT_KIND_LABEL[kind];

    const unitId = await chooseHamlet(conversation, d, reports);
    if (unitId === undefined) return d.say(reportMsg.notReporter);
    const { setup, personId } = await conversation.external((octx) => ({ setup: reports.setup(octx.actor!, unitId, kind), personId: octx.actor!.personId }));
    if ("error" in setup) return d.say(setup.error === "noTerm" ? reportMsg.noActiveTerm : reportMsg.notReporter);

    if (args.mode === "edit" && !setup.current) return d.say(reportMsg.noReportToEdit(title));
    if (args.mode !== "edit" && setup.current && setup.current.authorPersonId === personId) {
      return d.say(reportMsg.existingReport(title, setup.current.version));
    }
    const scope: SessionScope = { form, ctx: setup.ctx, unitLabel: setup.unitLabel };
    const questionsAsked = d.asked();
    // Built and sent once; replays only read the logged session back.
    let session = await conversation.external(async () => {
      const first = startSession(scope, { ...initialAnswers(form, setup, args, title), edit: args.mode === "edit", questionsAsked });
      await send(first.prompt);
      return first.session;
    });

    for (;;) {
      const c = await conversation.wait();
      const next = await conversation.external(async (octx) => {
        const step = advanceSession(scope, session, readInput(c));
        const queryId = c.callbackQuery?.id;
        if (queryId !== undefined) {
          const stale = step.next === "ask" && step.staleButton;
          await api.answerCallbackQuery(queryId, stale ? { text: formMsg.pressedOldButton } : {}).catch(() => true);
        }
        if (step.next === "ask") {
          if (step.prompt) await send(step.prompt);
          return sessionDelta(session, step.session);
        }
        if (step.next === "cancel") {
          await say(reportMsg.cancelled);
          return null;
        }
        const saving = reports.save(octx.actor!, setup, kind, step.session.answers, {
          submissionKey: `${deps.channel}:${step.submissionUpdateId}`,
          channel: deps.channel,
          correction: args.mode === "edit",
          reason: step.reason,
          photoFileId: step.session.photoFileId,
          // The dialogue ends in the save's own transaction (issue 13: a restart must not bring back "Lưu").
          endsDialogue: { key: conversationKey(deps.channel, chatId), conversationId: REPORT_CONVERSATION },
        });
        const result = await saving.catch((error: unknown) => {
          if (!isStorageFailure(error)) throw error;
          return "storage" as const;
        });
        if (result === "storage") {
          // Full or read-only disk: nothing saved, and the dialogue stays at the read-back ("Lưu" again later).
          markToldAboutStorage(octx.update);
          await say(storageMsg.reportNotSaved(title));
          return sessionDelta(session, session);
        }
        const unit = escapeHtml(setup.unitLabel);
        if ("error" in result) await say(escapeHtml(result.error));
        else if (result.duplicate) await say(reportMsg.alreadySaved);
        else if (result.unchanged) await say(reportMsg.unchanged(title, unit, result.version));
        else await say(result.conflict ? reportMsg.savedConflict(title, unit) : reportMsg.saved(title, unit, result.version));
        return null;
      });
      if (next === null) return;
      session = applySessionDelta(session, next);
    }

    function send(prompt: Prompt) {
      return api.sendMessage(chatId, prompt.html, { parse_mode: "HTML", reply_markup: keyboardFor(prompt.question, prompt.buttons, prompt.columns) }).then(() => true);
    }
    function say(html: string) {
      return api.sendMessage(chatId, html, { parse_mode: "HTML" }).then(() => true);
    }
  };
}
