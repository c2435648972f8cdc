import { activeTerm } from "../db/terms.js";
import { reportQueries, type CurrentReport, type SaveReportResult } from "../db/reports.js";
import { endConversation } from "../db/conversation-storage.js";
import type { Channel } from "../db/people.js";
import { FORMS } from "./domain/forms/index.js";
import { isComplete, ruleViolations } from "./domain/forms/engine.js";
import type { Answers, FormContext, ReportKind } from "./domain/forms/types.js";
import { todayInVietnam } from "./domain/parse/date.js";
import { hasRole, type Actor } from "./domain/roles.js";
import { isWithinAny } from "./domain/scope.js";
import { unitLabel, unitPathLabel } from "./domain/unit-label.js";
import type { Services } from "./services.js";
import { noteField } from "./domain/forms/note.js";

/** Free-text remarks: two officials whose reports differ only there report the same facts. */
const REMARK_KEYS = [noteField.key];

/** What a report dialogue needs to start: plain data, safe to log in a conversation replay. */
export interface FormSetup {
  termId: number;
  unitId: number;
  unitLabel: string;
  ctx: FormContext;
  current?: Pick<CurrentReport, "version" | "answers" | "photoFileId" | "conflict" | "authorPersonId">;
}

export type ReportService = ReturnType<typeof createReportService>;

/** The small service conversations save through (called inside conversation.external). */
export function createReportService(services: Services) {
  const queries = reportQueries(services.db);

  function mayReportFor(actor: Actor, unitPath: string): boolean {
    const reporterHamlets = actor.roles.filter((r) => r.role === "reporter").map((r) => r.unitPath);
    const staffScopes = actor.roles.filter((r) => r.role === "staff" || r.role === "admin").map((r) => r.unitPath);
    return reporterHamlets.includes(unitPath) || isWithinAny(unitPath, staffScopes);
  }

  return {
    queries,
    mayReportFor,

    /** Hamlets the actor reports for directly (reporter roles). */
    ownHamlets(actor: Actor) {
      return actor.roles.filter((r) => r.role === "reporter").map((r) => ({ id: r.unitId, label: unitLabel({ name: r.unitName, type: r.unitType }) }));
    },

    /** Hamlets in the actor's staff scope whose name matches the query (diacritic-insensitive). */
    searchHamlets(actor: Actor, foldedQuery: string) {
      const scopes = actor.roles.filter((r) => r.role === "staff" || r.role === "admin").map((r) => r.unitPath);
      const seen = new Map<number, { id: number; label: string }>();
      for (const scope of scopes) {
        for (const unit of services.units.search(scope, foldedQuery, "hamlet", 9)) {
          seen.set(unit.id, { id: unit.id, label: unitPathLabel(services.units.ancestors(unit)) });
        }
      }
      return [...seen.values()];
    },

    setup(actor: Actor, unitId: number, kind: ReportKind): FormSetup | { error: "noTerm" | "forbidden" } {
      const term = activeTerm(services.db);
      if (!term) return { error: "noTerm" };
      const unit = services.units.byId(unitId);
      if (!unit || unit.level !== "hamlet" || !mayReportFor(actor, unit.path)) return { error: "forbidden" };
      const chief = kind === "congress" ? queries.current(term.id, unitId, "election") : undefined;
      const current = queries.current(term.id, unitId, kind);
      return {
        termId: term.id,
        unitId,
        unitLabel: unitPathLabel(services.units.ancestors(unit)),
        ctx: {
          today: todayInVietnam(new Date(services.clock.now())),
          term: {
            electionDate: term.electionDate,
            windowStart: term.windowStart,
            windowEnd: term.windowEnd,
            turnoutThreshold: term.turnoutThreshold,
            majorityThreshold: term.majorityThreshold,
            quorumThreshold: term.quorumThreshold,
          },
          electedChiefName: (chief?.answers.chiefName as string | undefined) ?? null,
        },
        current: current && {
          version: current.version,
          answers: current.answers,
          photoFileId: current.photoFileId,
          conflict: current.conflict,
          authorPersonId: current.authorPersonId,
        },
      };
    },

    /** Validates again (never trust the dialogue's copy) and saves one version; settles once it is on disk. */
    async save(
      actor: Actor,
      setup: FormSetup,
      kind: ReportKind,
      answers: Answers,
      extra: {
        submissionKey: string;
        channel: Channel;
        correction: boolean;
        reason?: string | null;
        photoFileId?: string | null;
        /** The dialogue this save ends (conversation storage key and id): ended in the same transaction. */
        endsDialogue?: { key: string; conversationId: string };
      },
    ): Promise<SaveReportResult | { error: string }> {
      const form = FORMS[kind];
      const unit = services.units.byId(setup.unitId);
      if (!unit || !mayReportFor(actor, unit.path)) return { error: "forbidden" };
      if (!isComplete(form, answers)) return { error: "incomplete" };
      const violation = ruleViolations(form, answers, setup.ctx)[0];
      if (violation) return { error: violation.message };
      const now = services.clock.now();
      return services.commits.run(() => {
        const saved = queries.save({
          termId: setup.termId,
          unitId: setup.unitId,
          kind,
          answers,
          outcome: form.outcome(answers, setup.ctx).outcome,
          authorPersonId: actor.personId,
          channel: extra.channel,
          submissionKey: extra.submissionKey,
          reason: extra.reason ?? null,
          photoFileId: extra.photoFileId ?? null,
          correction: extra.correction,
          resolvesConflict: extra.correction && hasRole(actor, "staff", "admin"),
          remarkKeys: REMARK_KEYS,
          now,
        });
        if (extra.endsDialogue) endConversation(services.db, extra.endsDialogue.key, extra.endsDialogue.conversationId);
        return saved;
      });
    },
  };
}
