import type { Api, Context } from "grammy";
import { REPORT_KIND_LABEL, reportMsg } from "../src/domain/catalog/report.js";
import { FORMS } from "../src/domain/forms/index.js";
import { withDefaults } from "../src/domain/forms/engine.js";
import { parseQuickForm } from "../src/domain/forms/quick-form.js";
import type { ReportKind } from "../src/domain/forms/types.js";
import { foldVietnamese, escapeHtml } from "../src/domain/text.js";
import type { ReportService } from "../src/report-service.js";
import { dialogue, type Convo, type Dialogue } from "./dialogue.js";
import { fillMissing, readBack, type FillState } from "./fill-form.js";

export interface ReportArgs {
  /** Which report; asked first when missing (/sua without argument). */
  kind?: ReportKind;
  /** new: /baucu, /daihoi · edit: /sua · quick: a pasted quick form. */
  mode: "new" | "edit" | "quick";
  quickText?: string;
}

export const REPORT_CONVERSATION = "report";

const KIND_OPTIONS = [
  { value: "election" as const, label: "Bầu cử trưởng thôn", aliases: ["baucu", "bau cu"] },
  { value: "congress" as const, label: "Đại hội chi bộ", aliases: ["daihoi", "dai hoi"] },
];

/** Which hamlet: the reporter's own, or one staff pick by name within their scope. */
async function chooseHamlet(conversation: Convo, d: Dialogue, reports: ReportService): Promise<number | undefined> {
  const own = await conversation.external((octx) => reports.ownHamlets(octx.actor!));
  const isStaff = await conversation.external((octx) => octx.actor!.roles.some((r) => r.role === "staff" || r.role === "admin"));
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
      question = reportMsg.hamletNotFound(escapeHtml(input.text));
      continue;
    }
    if (unique.length === 1) return unique[0]!.id;
    const heading = unique.length > 8 ? reportMsg.tooManyHamlets(unique.length) : reportMsg.chooseHamlet;
    const picked = await d.choose(heading, unique.slice(0, 8).map((h) => ({ value: String(h.id), label: h.label })));
    return Number(picked.value);
  }
}

/**
 * One conversation for both reports and all three ways in (dialogue, quick
 * form, correction): the form declaration decides the questions.
 */
export function reportConversation(deps: { reports: ReportService; api: Api }) {
  const { reports, api } = deps;
  return async function report(conversation: Convo, ctx: Context, args: ReportArgs) {
    const d = dialogue(conversation, api, ctx.chatId!);
    const kind = args.kind ?? (await d.choose(reportMsg.chooseKind, KIND_OPTIONS)).value;
    const form = FORMS[kind];
    const title = REPORT_KIND_LABEL[kind];

    const unitId = await chooseHamlet(conversation, d, reports);
    if (unitId === undefined) return d.say(reportMsg.notReporter);
    const setup = await conversation.external((octx) => reports.setup(octx.actor!, unitId, kind));
    if ("error" in setup) return d.say(setup.error === "noTerm" ? reportMsg.noActiveTerm : reportMsg.notReporter);
    const personId = await conversation.external((octx) => octx.actor!.personId);

    const state: FillState = { answers: {}, photoFileId: null };
    if (args.mode === "edit") {
      if (!setup.current) return d.say(reportMsg.noReportToEdit(title));
      state.answers = setup.current.answers;
      state.photoFileId = setup.current.photoFileId;
    } else if (setup.current && setup.current.authorPersonId === personId) {
      return d.say(reportMsg.existingReport(title, setup.current.version));
    }
    if (args.mode === "quick" && args.quickText) {
      const parsed = parseQuickForm(form, args.quickText, setup.ctx);
      state.answers = parsed.answers;
      if (parsed.problems.length) d.prefaceNext(`${reportMsg.quickProblems}\n${parsed.problems.map((p) => `• ${escapeHtml(p)}`).join("\n")}`);
    } else if (args.mode === "new") {
      d.prefaceNext(reportMsg.start(title, escapeHtml(setup.unitLabel)));
    }
    state.answers = withDefaults(form, state.answers, setup.ctx);

    await fillMissing(d, form, setup.ctx, state);
    const saveUpdateId = await readBack(d, form, setup.ctx, state, setup.unitLabel);
    if (saveUpdateId === undefined) return d.say(reportMsg.cancelled);

    let reason: string | null = null;
    if (args.mode === "edit") {
      await d.say(reportMsg.askReason, [{ label: reportMsg.skipReason, typed: reportMsg.skipReason }]);
      const input = await d.next();
      if (input.kind === "text" && foldVietnamese(input.text) !== foldVietnamese(reportMsg.skipReason)) reason = input.text.trim().slice(0, 500);
    }

    const result = await conversation.external((octx) =>
      reports.save(octx.actor!, setup, kind, state.answers, {
        submissionKey: `telegram:${saveUpdateId}`,
        correction: args.mode === "edit",
        reason,
        photoFileId: state.photoFileId,
      }),
    );
    if ("error" in result) return d.say(escapeHtml(result.error));
    const unit = escapeHtml(setup.unitLabel);
    if (result.duplicate) return d.say(reportMsg.alreadySaved);
    return d.say(result.conflict ? reportMsg.savedConflict(title, unit) : reportMsg.saved(title, unit, result.version));
  };
}
