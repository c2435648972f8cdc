import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { durably, type Db } from "./client.js";
import { pathRange, refreshHamletFigures } from "./coverage.js";
import { people, reports, reportVersions, units } from "./schema.js";
import type { Answers, Outcome, ReportKind } from "../src/domain/forms/types.js";

export type ReviewStatus = (typeof reportVersions.$inferSelect)["reviewStatus"];

/** A current version waiting for the commune's sign-off. */
export interface PendingReview {
  versionId: number;
  unitId: number;
  kind: ReportKind;
  version: number;
  authorName: string;
  createdAt: number;
  /** Another official's different version is waiting beside it. */
  conflict: boolean;
}

/** One version as the reviewer sees it, with where it stands now. */
export interface ReviewVersion {
  versionId: number;
  reportId: number;
  termId: number;
  unitId: number;
  kind: ReportKind;
  version: number;
  versionCount: number;
  answers: Answers;
  outcome: Outcome;
  authorName: string;
  createdAt: number;
  /** The correction's reason, if any. */
  reason: string | null;
  reviewStatus: ReviewStatus;
  reviewerName: string | null;
  reviewedAt: number | null;
  reviewNote: string | null;
  /** The report's head points at this version. */
  current: boolean;
  conflict: boolean;
}

export type ReviewQueries = ReturnType<typeof reviewQueries>;

export function reviewQueries(db: Db) {
  const reviewer = alias(people, "reviewer");

  // Same walk as the coverage queries: the subtree's units by units_path_idx, then each hamlet's reports.
  const qPending = db
    .select({
      versionId: reportVersions.id,
      unitId: reports.unitId,
      kind: reports.kind,
      version: reportVersions.version,
      authorName: people.fullName,
      createdAt: reportVersions.createdAt,
      conflict: sql<number>`${reports.conflictVersionId} is not null`,
    })
    .from(units)
    .crossJoin(reports)
    .innerJoin(reportVersions, eq(reportVersions.id, reports.currentVersionId))
    .innerJoin(people, eq(people.id, reportVersions.authorPersonId))
    .where(
      and(
        gte(units.path, sql.placeholder("lo")),
        lt(units.path, sql.placeholder("hi")),
        sql`+${units.level} = 'hamlet'`,
        eq(reports.unitId, units.id),
        eq(reports.termId, sql.placeholder("termId")),
        eq(reportVersions.reviewStatus, "pending"),
      ),
    )
    .orderBy(asc(reportVersions.createdAt), asc(reportVersions.id))
    .prepare();

  const qVersion = db
    .select({
      versionId: reportVersions.id,
      reportId: reports.id,
      termId: reports.termId,
      unitId: reports.unitId,
      kind: reports.kind,
      version: reportVersions.version,
      versionCount: reports.versionCount,
      data: reportVersions.data,
      outcome: reportVersions.outcome,
      authorName: people.fullName,
      createdAt: reportVersions.createdAt,
      reason: reportVersions.reason,
      reviewStatus: reportVersions.reviewStatus,
      reviewerName: reviewer.fullName,
      reviewedAt: reportVersions.reviewedAt,
      reviewNote: reportVersions.reviewNote,
      currentVersionId: reports.currentVersionId,
      conflictVersionId: reports.conflictVersionId,
    })
    .from(reportVersions)
    .innerJoin(reports, eq(reports.id, reportVersions.reportId))
    .innerJoin(people, eq(people.id, reportVersions.authorPersonId))
    .leftJoin(reviewer, eq(reviewer.id, reportVersions.reviewedByPersonId))
    .where(eq(reportVersions.id, sql.placeholder("id")))
    .prepare();

  const qReportOf = db
    .select({ termId: reports.termId, unitId: reports.unitId })
    .from(reportVersions)
    .innerJoin(reports, eq(reports.id, reportVersions.reportId))
    .where(eq(reportVersions.id, sql.placeholder("id")))
    .prepare();

  return {
    /**
     * Current versions still pending in the given subtrees (unit paths) of
     * the term, oldest first; overlapping subtrees list a version once.
     */
    pending(termId: number, paths: readonly string[]): PendingReview[] {
      const roots = [...new Set(paths)].filter((p, _, all) => !all.some((other) => other !== p && p.startsWith(other)));
      const found = new Map<number, PendingReview>();
      for (const path of roots) {
        for (const row of qPending.all({ termId, ...pathRange(path) })) found.set(row.versionId, { ...row, conflict: Boolean(row.conflict) });
      }
      return [...found.values()].sort((a, b) => a.createdAt - b.createdAt || a.versionId - b.versionId);
    },

    version(versionId: number): ReviewVersion | undefined {
      const row = qVersion.get({ id: versionId });
      if (!row) return undefined;
      const { data, currentVersionId, conflictVersionId, ...rest } = row;
      return { ...rest, answers: JSON.parse(data) as Answers, current: currentVersionId === row.versionId, conflict: conflictVersionId !== null };
    },

    /**
     * Signs a version off, only while it is still its report's current
     * version and still pending (a confirm also needs no open conflict).
     * Returns false when someone corrected or handled it first.
     */
    decide(input: { versionId: number; status: Exclude<ReviewStatus, "pending">; reviewerPersonId: number; note: string | null; now: number }): boolean {
      return durably(db, () => {
        const head = sql`(select r.current_version_id from reports r where r.id = report_versions.report_id)`;
        const noConflict = sql`(select r.conflict_version_id from reports r where r.id = report_versions.report_id) is null`;
        const result = db
          .update(reportVersions)
          .set({ reviewStatus: input.status, reviewedByPersonId: input.reviewerPersonId, reviewedAt: input.now, reviewNote: input.note })
          .where(
            and(
              eq(reportVersions.id, input.versionId),
              eq(reportVersions.reviewStatus, "pending"),
              sql`report_versions.id = ${head}`,
              input.status === "confirmed" ? noConflict : undefined,
            ),
          )
          .run();
        if (result.changes !== 1) return false;
        // A confirmed current version counts in the figures: update them in the same transaction.
        const { termId, unitId } = qReportOf.get({ id: input.versionId })!;
        refreshHamletFigures(db, termId, unitId);
        return true;
      });
    },
  };
}
