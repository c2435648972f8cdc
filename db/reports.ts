import { and, asc, eq, sql } from "drizzle-orm";
import { durably, type Db } from "./client.js";
import { refreshHamletFigures } from "./coverage.js";
import { people, reports, reportVersions } from "./schema.js";
import type { Answers, Outcome, ReportKind } from "../src/domain/forms/types.js";

export interface SaveReportInput {
  termId: number;
  unitId: number;
  kind: ReportKind;
  answers: Answers;
  outcome: Outcome;
  authorPersonId: number;
  channel: string;
  submissionKey: string;
  reason?: string | null;
  photoFileId?: string | null;
  /** A deliberate correction (/sua) rather than a fresh report. */
  correction: boolean;
  /** Staff and admins settle conflicts by correcting. */
  resolvesConflict: boolean;
  /** Answers that are remarks, not facts (the note): two officials who differ only there do not conflict. */
  remarkKeys?: readonly string[];
  now: number;
}

export interface SaveReportResult {
  reportId: number;
  version: number;
  /** This version disagrees with another official's current one; the current one stays. */
  conflict: boolean;
  /** The submission key was already saved (re-delivered update): nothing new was written. */
  duplicate: boolean;
  /**
   * The answers, outcome and photo equal those of the current version (or, for a fresh
   * report by the same author, of their own pending conflicting version):
   * nothing new was written, `version` is that version. (Not when the save settles
   * a conflict or answers the commune's return of the current version.)
   */
  unchanged: boolean;
}

export interface CurrentReport {
  reportId: number;
  version: number;
  versionCount: number;
  answers: Answers;
  outcome: Outcome;
  photoFileId: string | null;
  authorPersonId: number;
  authorName: string;
  conflict: boolean;
  createdAt: number;
  /** The commune's sign-off of this version. */
  reviewStatus: "pending" | "confirmed" | "returned";
  reviewNote: string | null;
}

/** Key order must not make equal answers look different. */
function canonical(answers: Answers): string {
  return JSON.stringify(Object.fromEntries(Object.entries(answers).sort(([a], [b]) => a.localeCompare(b))));
}

/** The facts of stored answers: without the remark fields. */
function facts(data: string, remarkKeys: readonly string[] = []): string {
  if (remarkKeys.length === 0) return data;
  const answers = JSON.parse(data) as Answers;
  for (const key of remarkKeys) delete answers[key];
  return canonical(answers);
}

export type ReportQueries = ReturnType<typeof reportQueries>;

export function reportQueries(db: Db) {
  const head = db
    .select()
    .from(reports)
    .where(and(eq(reports.termId, sql.placeholder("termId")), eq(reports.unitId, sql.placeholder("unitId")), eq(reports.kind, sql.placeholder("kind"))))
    .prepare();
  const current = db
    .select({
      reportId: reports.id,
      version: reportVersions.version,
      versionCount: reports.versionCount,
      data: reportVersions.data,
      outcome: reportVersions.outcome,
      photoFileId: reportVersions.photoFileId,
      authorPersonId: reportVersions.authorPersonId,
      authorName: people.fullName,
      conflictVersionId: reports.conflictVersionId,
      createdAt: reportVersions.createdAt,
      reviewStatus: reportVersions.reviewStatus,
      reviewNote: reportVersions.reviewNote,
    })
    .from(reports)
    .innerJoin(reportVersions, eq(reportVersions.id, reports.currentVersionId))
    .innerJoin(people, eq(people.id, reportVersions.authorPersonId))
    .where(and(eq(reports.termId, sql.placeholder("termId")), eq(reports.unitId, sql.placeholder("unitId")), eq(reports.kind, sql.placeholder("kind"))))
    .prepare();
  const bySubmission = db
    .select({ reportId: reportVersions.reportId, version: reportVersions.version, id: reportVersions.id })
    .from(reportVersions)
    .where(eq(reportVersions.submissionKey, sql.placeholder("key")))
    .prepare();
  const versionById = db.select().from(reportVersions).where(eq(reportVersions.id, sql.placeholder("id"))).prepare();
  // The save path runs twice per hamlet on election day: every statement is prepared once.
  // (update().set() takes placeholders only wrapped in sql``.)
  const param = (name: string) => sql`${sql.placeholder(name)}`;
  const headById = db.select().from(reports).where(eq(reports.id, sql.placeholder("id"))).prepare();
  const insertHead = db
    .insert(reports)
    .values({
      termId: sql.placeholder("termId"),
      unitId: sql.placeholder("unitId"),
      kind: sql.placeholder("kind"),
      outcome: sql.placeholder("outcome"),
      versionCount: 0,
      updatedAt: sql.placeholder("now"),
    })
    .returning()
    .prepare();
  const insertVersion = db
    .insert(reportVersions)
    .values({
      reportId: sql.placeholder("reportId"),
      version: sql.placeholder("version"),
      data: sql.placeholder("data"),
      outcome: sql.placeholder("outcome"),
      authorPersonId: sql.placeholder("authorPersonId"),
      channel: sql.placeholder("channel"),
      reason: sql.placeholder("reason"),
      photoFileId: sql.placeholder("photoFileId"),
      submissionKey: sql.placeholder("submissionKey"),
      createdAt: sql.placeholder("now"),
    })
    .returning({ id: reportVersions.id })
    .prepare();
  const markConflict = db
    .update(reports)
    .set({ conflictVersionId: param("versionId"), versionCount: param("versionCount"), updatedAt: param("now") })
    .where(eq(reports.id, sql.placeholder("id")))
    .prepare();
  const setCurrent = db
    .update(reports)
    .set({ currentVersionId: param("versionId"), outcome: param("outcome"), versionCount: param("versionCount"), updatedAt: param("now") })
    .where(eq(reports.id, sql.placeholder("id")))
    .prepare();
  const setCurrentSettlingConflict = db
    .update(reports)
    .set({
      currentVersionId: param("versionId"),
      outcome: param("outcome"),
      versionCount: param("versionCount"),
      updatedAt: param("now"),
      conflictVersionId: null,
    })
    .where(eq(reports.id, sql.placeholder("id")))
    .prepare();

  return {
    current(termId: number, unitId: number, kind: ReportKind): CurrentReport | undefined {
      const row = current.get({ termId, unitId, kind });
      if (!row) return undefined;
      const { data, conflictVersionId, ...rest } = row;
      return { ...rest, answers: JSON.parse(data) as Answers, conflict: conflictVersionId !== null };
    },

    history(reportId: number) {
      return db
        .select({ version: reportVersions.version, authorName: people.fullName, createdAt: reportVersions.createdAt, reason: reportVersions.reason, channel: reportVersions.channel })
        .from(reportVersions)
        .innerJoin(people, eq(people.id, reportVersions.authorPersonId))
        .where(eq(reportVersions.reportId, reportId))
        .orderBy(asc(reportVersions.version))
        .all();
    },

    /**
     * Writes a new version in one fsynced transaction. A fresh report that
     * differs from another official's current version is kept as a conflict
     * (the current one stays) for staff to settle. The hamlet's figures (and
     * its ancestors') are updated in the same transaction.
     */
    save(input: SaveReportInput): SaveReportResult {
      return durably(db, () => {
        const seen = bySubmission.get({ key: input.submissionKey });
        if (seen) {
          const h = headById.get({ id: seen.reportId })!;
          return { reportId: seen.reportId, version: seen.version, conflict: h.conflictVersionId === seen.id, duplicate: true, unchanged: false };
        }
        const h =
          head.get({ termId: input.termId, unitId: input.unitId, kind: input.kind }) ??
          insertHead.get({ termId: input.termId, unitId: input.unitId, kind: input.kind, outcome: input.outcome, now: input.now })!;
        const previous = h.currentVersionId ? versionById.get({ id: h.currentVersionId }) : undefined;
        const data = canonical(input.answers);
        // The same report saved again (e.g. "Lưu" pressed again after a restart): no second, identical version.
        const same = (v: typeof previous) => v !== undefined && v.data === data && v.outcome === input.outcome && v.photoFileId === (input.photoFileId ?? null);
        // Saving the same again still counts when it settles a conflict, or answers the commune's return
        // (the reporter stands by the report: it waits for sign-off again as a new version).
        const settles = input.resolvesConflict && h.conflictVersionId !== null;
        const answersReturn = previous?.reviewStatus === "returned";
        if (same(previous) && !settles && !answersReturn) {
          return { reportId: h.id, version: previous!.version, conflict: false, duplicate: false, unchanged: true };
        }
        const pendingConflict = h.conflictVersionId !== null ? versionById.get({ id: h.conflictVersionId }) : undefined;
        if (!input.correction && pendingConflict?.authorPersonId === input.authorPersonId && same(pendingConflict)) {
          return { reportId: h.id, version: pendingConflict.version, conflict: true, duplicate: false, unchanged: true };
        }
        const version = h.versionCount + 1;
        const inserted = insertVersion.get({
          reportId: h.id,
          version,
          data,
          outcome: input.outcome,
          authorPersonId: input.authorPersonId,
          channel: input.channel,
          reason: input.reason ?? null,
          photoFileId: input.photoFileId ?? null,
          submissionKey: input.submissionKey,
          now: input.now,
        })!;
        const disagrees =
          !input.correction && previous !== undefined && previous.authorPersonId !== input.authorPersonId && facts(previous.data, input.remarkKeys) !== facts(data, input.remarkKeys);
        if (disagrees) {
          markConflict.run({ versionId: inserted.id, versionCount: version, now: input.now, id: h.id });
        } else {
          (input.resolvesConflict ? setCurrentSettlingConflict : setCurrent).run({ versionId: inserted.id, outcome: input.outcome, versionCount: version, now: input.now, id: h.id });
        }
        // The figures of the hamlet and its ancestors, in the same transaction.
        refreshHamletFigures(db, input.termId, input.unitId);
        return { reportId: h.id, version, conflict: disagrees, duplicate: false, unchanged: false };
      });
    },
  };
}
