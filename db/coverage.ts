import { and, eq, gte, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "./client.js";
import { reports, reportVersions, units } from "./schema.js";
import { listTerms } from "./terms.js";
import { hamletStatuses, rollUp, type HamletStatus, type ReportHead, type Tally, type UnitNode } from "../src/domain/coverage.js";
import { computeIndicators, type Indicators } from "../src/domain/indicators.js";
import type { Answers, ReportKind } from "../src/domain/forms/types.js";

/**
 * The half-open range [path, upper) holding exactly the strings that start
 * with `path` under SQLite's default BINARY collation. Unlike `LIKE 'path%'`
 * (case-insensitive by default, so it cannot use the index) a range uses
 * units_path_idx.
 */
export function pathRange(path: string): { lo: string; hi: string } {
  if (path === "") throw new Error("empty unit path");
  const last = path.charCodeAt(path.length - 1);
  return { lo: path, hi: path.slice(0, -1) + String.fromCharCode(last + 1) };
}

export interface UnitAnswers {
  unitId: number;
  answers: Answers;
}

export type CoverageQueries = ReturnType<typeof coverageQueries>;

/**
 * Every query walks the subtree's units through units_path_idx and then looks
 * each hamlet's reports up by reports_term_unit_kind_idx, so its cost follows
 * the subtree's size, not the term's. (CROSS JOIN fixes that join order in
 * SQLite; left to itself the planner would scan the whole term's reports.)
 */
export function coverageQueries(db: Db) {
  const inSubtree = and(gte(units.path, sql.placeholder("lo")), lt(units.path, sql.placeholder("hi")));
  // Unary + keeps the planner off units_level_idx (every hamlet in the registry) and on the path range.
  const isHamlet = sql`+${units.level} = 'hamlet'`;

  const qUnits = db
    .select({ id: units.id, parentId: units.parentId, path: units.path, name: units.name, type: units.type, level: units.level })
    .from(units)
    .where(inSubtree)
    .orderBy(units.path)
    .prepare();

  const qHeads = db
    .select({
      unitId: reports.unitId,
      kind: reports.kind,
      outcome: reports.outcome,
      conflict: sql<number>`${reports.conflictVersionId} is not null`,
      confirmed: sql<number>`coalesce(${reportVersions.reviewStatus} = 'confirmed', 0)`,
    })
    .from(units)
    .crossJoin(reports)
    .leftJoin(reportVersions, eq(reportVersions.id, reports.currentVersionId))
    .where(and(inSubtree, isHamlet, eq(reports.unitId, units.id), eq(reports.termId, sql.placeholder("termId"))))
    .prepare();

  const qAnswers = db
    .select({ unitId: reports.unitId, data: reportVersions.data })
    .from(units)
    .crossJoin(reports)
    .innerJoin(reportVersions, eq(reportVersions.id, reports.currentVersionId))
    .where(
      and(
        inSubtree,
        isHamlet,
        eq(reports.unitId, units.id),
        eq(reports.termId, sql.placeholder("termId")),
        eq(reports.kind, sql.placeholder("kind")),
        eq(reports.outcome, "valid"),
        isNull(reports.conflictVersionId),
      ),
    )
    .prepare();

  return {
    /** Every unit whose path starts with `path`, the unit itself included, in path order. */
    subtreeUnits(path: string): UnitNode[] {
      return qUnits.all(pathRange(path));
    },

    /** The report heads of the term for the hamlets of the subtree (with the current version's sign-off). */
    reportHeads(termId: number, path: string): ReportHead[] {
      return qHeads.all({ termId, ...pathRange(path) }).map((r) => ({ ...r, conflict: Boolean(r.conflict), confirmed: Boolean(r.confirmed) }));
    },

    /** Current answers of the valid, non-conflict reports of one kind for the hamlets of the subtree. */
    currentAnswers(termId: number, path: string, kind: ReportKind): UnitAnswers[] {
      return qAnswers.all({ termId, kind, ...pathRange(path) }).map((r) => ({ unitId: r.unitId, answers: JSON.parse(r.data) as Answers }));
    },
  };
}

export interface Coverage {
  /** The subtree of `unitPath`, the unit itself included, in path order. */
  units: UnitNode[];
  /** One per hamlet of the subtree, reported or not. */
  statuses: Map<number, HamletStatus>;
  /** One per unit of the subtree. */
  tallies: Map<number, Tally>;
  /** Over the subtree's current valid non-conflict reports. */
  indicators: Indicators;
}

const cache = new WeakMap<Db, CoverageQueries>();

function queriesFor(db: Db): CoverageQueries {
  let q = cache.get(db);
  if (!q) {
    q = coverageQueries(db);
    cache.set(db, q);
  }
  return q;
}

/**
 * Everything the coverage and indicator messages need for one unit's subtree in one term.
 *
 * The indicators (every current answer of the subtree, parsed) are read on
 * first access: "not finished" lists and reminders never look at them, and
 * for those they were most of the cost. Callers read them synchronously after
 * this returns, so no write of this process can come in between.
 */
export function coverageFor(db: Db, termId: number, unitPath: string): Coverage {
  const term = listTerms(db).find((t) => t.id === termId);
  if (!term) throw new Error(`no term with id ${termId}`);
  const q = queriesFor(db);
  // One read transaction: the unit and head reads see the same snapshot.
  const { subtree, statuses, tallies } = db.$client.transaction(() => {
    const subtree = q.subtreeUnits(unitPath);
    const hamletIds = subtree.filter((u) => u.level === "hamlet").map((u) => u.id);
    const statuses = hamletStatuses(hamletIds, q.reportHeads(termId, unitPath));
    return { subtree, statuses, tallies: rollUp(subtree, statuses) };
  })();
  let indicators: Indicators | undefined;
  return {
    units: subtree,
    statuses,
    tallies,
    get indicators(): Indicators {
      indicators ??= db.$client.transaction(() =>
        computeIndicators({
          elections: q.currentAnswers(termId, unitPath, "election").map((r) => r.answers),
          congresses: q.currentAnswers(termId, unitPath, "congress").map((r) => r.answers),
          electionYear: Number(term.electionDate.slice(0, 4)),
        }),
      )();
      return indicators;
    },
  };
}
