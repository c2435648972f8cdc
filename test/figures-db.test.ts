import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CONNECTION_PRAGMAS, openDatabase, type Db } from "../db/client.js";
import { coverageFor, ensureUnitFigures, progressFor, rebuildUnitFigures, refreshHamletFigures } from "../db/coverage.js";
import { reportQueries } from "../db/reports.js";
import { reviewQueries } from "../db/review.js";
import { hamletStatuses, rollUp, type ReportHead, type Tally, type UnitNode } from "../src/domain/coverage.js";
import { computeIndicators, type Indicators } from "../src/domain/indicators.js";
import type { Answers, Outcome, ReportKind } from "../src/domain/forms/types.js";

/**
 * The per-unit figures (hamlet_figures, unit_figures, unit_sizes) are kept up to date on every
 * save, correction, conflict and sign-off. These tests drive random sequences of those through
 * the real queries and compare what the status queries read with an independent recount from
 * the reports themselves (report heads + every current version's answers, through the domain's
 * hamletStatuses / rollUp / computeIndicators), on both registry shapes and across registry
 * changes.
 */

type Shape = "with-district" | "without-district";

/** [code, level, parent code]; parents first. */
const REGISTRIES: Record<Shape, [string, UnitNode["level"], string | null][]> = {
  "with-district": [
    ["P", "province", null],
    ["D1", "district", "P"],
    ["D2", "district", "P"],
    ["C1", "commune", "D1"],
    ["C2", "commune", "D1"],
    ["C3", "commune", "D2"],
    ["H1", "hamlet", "C1"],
    ["H2", "hamlet", "C1"],
    ["H3", "hamlet", "C2"],
    ["H4", "hamlet", "C3"],
    ["H5", "hamlet", "C3"],
  ],
  "without-district": [
    ["P", "province", null],
    ["C1", "commune", "P"],
    ["C2", "commune", "P"],
    ["C3", "commune", "P"],
    ["H1", "hamlet", "C1"],
    ["H2", "hamlet", "C1"],
    ["H3", "hamlet", "C2"],
    ["H4", "hamlet", "C3"],
    ["H5", "hamlet", "C3"],
  ],
};
const HAMLETS = ["H1", "H2", "H3", "H4", "H5"] as const;
const COMMUNES = ["C1", "C2", "C3"] as const;

interface World {
  db: Db;
  termId: number;
  otherTermId: number;
  people: number[];
  unit(code: string): { id: number; path: string };
}

/** Units, two terms and three people, written with plain SQL (so it also works before migration 0002). */
function seedWorld(sqlite: Database.Database, shape: Shape) {
  const insert = sqlite.prepare("insert into units (code, name, type, level, parent_id, path, search_name) values (?, ?, ?, ?, ?, '', ?) returning id");
  const setPath = sqlite.prepare("update units set path = ? where id = ?");
  const ids = new Map<string, { id: number; path: string }>();
  for (const [code, level, parent] of REGISTRIES[shape]) {
    const p = parent === null ? undefined : ids.get(parent)!;
    const { id } = insert.get(code, `Đơn vị ${code}`, level === "hamlet" ? "thôn" : "xã", level, p?.id ?? null, code.toLowerCase()) as { id: number };
    const path = `${p?.path ?? "/"}${id}/`;
    setPath.run(path, id);
    ids.set(code, { id, path });
  }
  const term = sqlite.prepare("insert into terms (name, election_date, congress_deadline, window_start, window_end, active) values ('2025-2027', '2024-12-15', '2025-01-15', '2024-12-15', '2025-01-15', 1) returning id").get() as { id: number };
  const other = sqlite.prepare("insert into terms (name, election_date, congress_deadline, window_start, window_end, active) values ('2022-2024', '2022-06-05', '2022-07-03', '2022-06-05', '2022-07-03', 0) returning id").get() as { id: number };
  const people = [1, 2, 3].map((i) => (sqlite.prepare("insert into people (full_name) values (?) returning id").get(`Người ${i}`) as { id: number }).id);
  return { termId: term.id, otherTermId: other.id, people };
}

function worldOf(db: Db, seeded: ReturnType<typeof seedWorld>): World {
  return { db, ...seeded, unit: (code) => db.$client.prepare("select id, path from units where code = ?").get(code) as { id: number; path: string } };
}

function world(shape: Shape): World {
  const db = openDatabase(":memory:");
  return worldOf(db, seedWorld(db.$client, shape));
}

// --- The independent recount -----------------------------------------------------------------

function registry(db: Db): UnitNode[] {
  return (db.$client.prepare("select id, parent_id as parentId, path, name, type, level from units order by path").all() as UnitNode[]).map((u) => ({ ...u }));
}

function recount(w: World, termId: number) {
  const rows = w.db.$client
    .prepare(
      `select r.unit_id as unitId, r.kind, r.outcome, r.conflict_version_id is not null as conflict,
              coalesce(v.review_status = 'confirmed', 0) as confirmed, v.data
         from reports r left join report_versions v on v.id = r.current_version_id where r.term_id = ?`,
    )
    .all(termId) as (Omit<ReportHead, "conflict" | "confirmed"> & { conflict: number; confirmed: number; data: string })[];
  const heads: (ReportHead & { answers: Answers })[] = rows.map((r) => ({ ...r, conflict: Boolean(r.conflict), confirmed: Boolean(r.confirmed), answers: JSON.parse(r.data) as Answers }));
  const units = registry(w.db);
  const hamletIds = units.filter((u) => u.level === "hamlet").map((u) => u.id);
  const statuses = hamletStatuses(hamletIds, heads);
  const tallies = rollUp(units, statuses);
  const electionYear = Number((w.db.$client.prepare("select election_date from terms where id = ?").pluck().get(termId) as string).slice(0, 4));
  const indicators = (unit: UnitNode): Indicators => {
    const inside = new Set(units.filter((u) => u.level === "hamlet" && u.path.startsWith(unit.path)).map((u) => u.id));
    const counted = heads.filter((h) => inside.has(h.unitId) && !h.conflict && h.outcome === "valid");
    return computeIndicators({
      elections: counted.filter((h) => h.kind === "election").map((h) => h.answers),
      congresses: counted.filter((h) => h.kind === "congress").map((h) => h.answers),
      electionYear,
    });
  };
  return { units, statuses, tallies, indicators };
}

/** Indicators equal, the mean turnout (a float sum in another order) up to rounding. */
function expectSameIndicators(actual: Indicators, expected: Indicators, where: string) {
  const { averageTurnout: a, ...restA } = actual;
  const { averageTurnout: e, ...restE } = expected;
  expect(restA, where).toEqual(restE);
  expect(a === null, where).toBe(e === null);
  if (a && e) {
    expect(a.reports, where).toBe(e.reports);
    expect(a.pct, where).toBeCloseTo(e.pct, 9);
  }
}

function expectFiguresMatchRecount(w: World, termId: number) {
  const expected = recount(w, termId);
  const root = expected.units.find((u) => u.parentId === null)!;
  const coverage = coverageFor(w.db, termId, root.path);
  expect(new Map([...coverage.statuses].map(([id, s]) => [id, { ...s }]))).toEqual(expected.statuses);
  expect(coverage.tallies).toEqual(expected.tallies);
  for (const unit of expected.units) {
    const progress = progressFor(w.db, termId, unit.path);
    const shown = new Map<number, Tally>(progress.units.map((u) => [u.id, progress.tallies.get(u.id)!]));
    const wanted = new Map<number, Tally>([unit, ...expected.units.filter((u) => u.parentId === unit.id)].map((u) => [u.id, expected.tallies.get(u.id)!]));
    expect(shown, `tallies of ${unit.path} and its children`).toEqual(wanted);
    expectSameIndicators(progress.indicators, expected.indicators(unit), `indicators of ${unit.path}`);
  }
  expectSameIndicators(coverage.indicators, expected.indicators(root), "coverage indicators");
}

/** unit_figures as stored (rounded sums), for comparing the incremental rows with a rebuild. */
function storedUnitFigures(db: Db) {
  return (db.$client.prepare("select * from unit_figures order by term_id, unit_id").all() as Record<string, number | null>[]).map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v])),
  );
}

// --- Random operations -------------------------------------------------------------------------

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 5 });
/** A value of the wrong type now and then: the indicators must leave it out, not crash. */
const oddly = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: arb }, { weight: 1, arbitrary: fc.constantFrom<unknown>("12", null, true) });

const electionAnswersArb: fc.Arbitrary<Answers> = fc
  .record({
    voters: fc.integer({ min: 0, max: 400 }),
    participants: fc.integer({ min: 0, max: 400 }),
    votes: fc.integer({ min: 0, max: 400 }),
    gender: maybe(oddly(fc.constantFrom("male", "female"))),
    birthYear: maybe(oddly(fc.integer({ min: 1950, max: 2000 }))),
    education: maybe(oddly(fc.constantFrom("university", "college", "secondary", "other"))),
    theory: maybe(oddly(fc.constantFrom("advanced", "intermediate", "elementary", "none"))),
  })
  .map((r) => {
    const a: Answers = { date: "2024-12-15", voters: r.voters, participants: Math.min(r.participants, r.voters), votes: Math.min(r.votes, r.participants, r.voters) };
    for (const key of ["gender", "birthYear", "education", "theory"] as const) if (r[key] !== undefined) a[key] = r[key] as Answers[string];
    return a;
  });

const congressAnswersArb: fc.Arbitrary<Answers> = fc
  .record({
    secretaryShare: maybe(oddly(fc.integer({ min: 5000, max: 10000 }).map((x) => x / 100))),
    secretaryIsChief: maybe(oddly(fc.boolean())),
    secretaryTenure: maybe(oddly(fc.constantFrom("new", "reelected"))),
    committeeSize: fc.integer({ min: 0, max: 7 }),
    committeeWomen: fc.integer({ min: 0, max: 7 }),
  })
  .map((r) => {
    const a: Answers = { date: "2025-01-03", summoned: 20, attending: 18, committeeSize: r.committeeSize, committeeWomen: Math.min(r.committeeWomen, r.committeeSize) };
    for (const key of ["secretaryShare", "secretaryIsChief", "secretaryTenure"] as const) if (r[key] !== undefined) a[key] = r[key] as Answers[string];
    return a;
  });

type Op =
  | { op: "save"; hamlet: number; kind: ReportKind; answers: Answers; outcome: "valid" | "failed"; author: number; correction: boolean; resolvesConflict: boolean; otherTerm: boolean }
  | { op: "decide"; hamlet: number; kind: ReportKind; status: "confirmed" | "returned" }
  | { op: "move"; hamlet: number; commune: number };

const saveArb: fc.Arbitrary<Op> = fc.constantFrom<ReportKind>("election", "congress").chain((kind) =>
  fc.record({
    op: fc.constant("save" as const),
    hamlet: fc.nat({ max: HAMLETS.length - 1 }),
    kind: fc.constant(kind),
    answers: kind === "election" ? electionAnswersArb : congressAnswersArb,
    outcome: fc.constantFrom<"valid" | "failed">("valid", "valid", "failed"),
    author: fc.nat({ max: 2 }),
    correction: fc.boolean(),
    resolvesConflict: fc.boolean(),
    otherTerm: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
  }),
);
const decideArb: fc.Arbitrary<Op> = fc.record({
  op: fc.constant("decide" as const),
  hamlet: fc.nat({ max: HAMLETS.length - 1 }),
  kind: fc.constantFrom<ReportKind>("election", "congress"),
  status: fc.constantFrom<"confirmed" | "returned">("confirmed", "confirmed", "returned"),
});
const moveArb: fc.Arbitrary<Op> = fc.record({ op: fc.constant("move" as const), hamlet: fc.nat({ max: HAMLETS.length - 1 }), commune: fc.nat({ max: COMMUNES.length - 1 }) });
const opsArb = fc.array(fc.oneof({ weight: 8, arbitrary: saveArb }, { weight: 3, arbitrary: decideArb }, { weight: 1, arbitrary: moveArb }), { maxLength: 30 });

function apply(w: World, ops: readonly Op[]) {
  const reports = reportQueries(w.db);
  const review = reviewQueries(w.db);
  let key = 0;
  for (const o of ops) {
    const hamlet = w.unit(HAMLETS[o.hamlet]!);
    if (o.op === "save") {
      const outcome: Outcome = o.outcome === "valid" ? "valid" : o.kind === "election" ? "revote" : "not_quorate";
      reports.save({
        termId: o.otherTerm ? w.otherTermId : w.termId,
        unitId: hamlet.id,
        kind: o.kind,
        answers: o.answers,
        outcome,
        authorPersonId: w.people[o.author]!,
        channel: "test",
        submissionKey: `k${key++}`,
        correction: o.correction,
        resolvesConflict: o.correction && o.resolvesConflict,
        now: key,
      });
    } else if (o.op === "decide") {
      const versionId = w.db.$client.prepare("select current_version_id from reports where term_id = ? and unit_id = ? and kind = ?").pluck().get(w.termId, hamlet.id, o.kind) as number | undefined;
      if (versionId !== undefined) review.decide({ versionId, status: o.status, reviewerPersonId: w.people[0]!, note: o.status === "returned" ? "Sai số" : null, now: key });
    } else {
      // The registry moves a hamlet to another commune (as a re-import does): paths follow.
      const commune = w.unit(COMMUNES[o.commune]!);
      w.db.$client.prepare("update units set parent_id = ?, path = ? where id = ?").run(commune.id, `${commune.path}${hamlet.id}/`, hamlet.id);
    }
  }
}

// Property runs take ~1.5 s alone; a loaded CI machine can take ten times that.
describe("per-unit figures", { timeout: 60_000 }, () => {
  for (const shape of ["with-district", "without-district"] as const) {
    it(`equal an independent recount after random saves, corrections, conflicts, re-votes, sign-offs and moves (${shape})`, () => {
      fc.assert(
        fc.property(opsArb, (ops) => {
          const w = world(shape);
          try {
            apply(w, ops);
            expectFiguresMatchRecount(w, w.termId);
            expectFiguresMatchRecount(w, w.otherTermId);
            // Kept incrementally, they are what a rebuild from the hamlets' figures gives.
            ensureUnitFigures(w.db);
            const incremental = storedUnitFigures(w.db);
            rebuildUnitFigures(w.db);
            expect(storedUnitFigures(w.db)).toEqual(incremental);
          } finally {
            w.db.$client.close();
          }
        }),
        { numRuns: 60 },
      );
    });
  }

  it("follows the figures step by step (each operation, not only the end state)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(saveArb, decideArb), { minLength: 1, maxLength: 12 }), (ops) => {
        const w = world("with-district");
        try {
          for (const o of ops) {
            apply(w, [o]);
            expectFiguresMatchRecount(w, w.termId);
          }
        } finally {
          w.db.$client.close();
        }
      }),
      { numRuns: 25 },
    );
  });

  it("withdraws the lowest and highest vote shares when the hamlet that held them is corrected, conflicts or must re-vote", () => {
    const w = world("with-district");
    const reports = reportQueries(w.db);
    let key = 0;
    const save = (code: string, answers: Answers, extra: { outcome?: Outcome; author?: number; correction?: boolean } = {}) =>
      reports.save({ termId: w.termId, unitId: w.unit(code).id, kind: "congress", answers, outcome: extra.outcome ?? "valid", authorPersonId: w.people[extra.author ?? 0]!, channel: "test", submissionKey: `w${key++}`, correction: extra.correction ?? true, resolvesConflict: false, now: key });
    const share = (secretaryShare: number): Answers => ({ date: "2025-01-03", summoned: 20, attending: 18, secretaryShare, committeeSize: 3, committeeWomen: 1 });
    const range = () => progressFor(w.db, w.termId, w.unit("P").path).indicators.secretaryVoteShare;
    save("H1", share(60));
    save("H3", share(90));
    save("H4", share(75));
    expect(range()).toEqual({ min: 60, max: 90, reports: 3 });
    save("H1", share(80)); // the lowest is corrected upwards
    expect(range()).toEqual({ min: 75, max: 90, reports: 3 });
    save("H3", share(70), { author: 1, correction: false }); // another official disagrees: H3 is in conflict, out of the figures
    expect(range()).toEqual({ min: 75, max: 80, reports: 2 });
    save("H4", share(75), { outcome: "not_quorate" });
    expect(range()).toEqual({ min: 80, max: 80, reports: 1 });
    expectFiguresMatchRecount(w, w.termId);
    w.db.$client.close();
  });

  it("counts a hamlet added to the registry after reports were saved, and a hamlet that stops being one", () => {
    const w = world("without-district");
    const reports = reportQueries(w.db);
    reports.save({ termId: w.termId, unitId: w.unit("H1").id, kind: "election", answers: { date: "2024-12-15", voters: 100, participants: 90, votes: 80 }, outcome: "valid", authorPersonId: w.people[0]!, channel: "test", submissionKey: "a", correction: false, resolvesConflict: false, now: 1 });
    expect(progressFor(w.db, w.termId, w.unit("P").path).tallies.get(w.unit("P").id)).toMatchObject({ hamlets: 5, electionReported: 1 });
    const c2 = w.unit("C2");
    const { id } = w.db.$client.prepare("insert into units (code, name, type, level, parent_id, path, search_name) values ('H6', 'Thôn 6', 'thôn', 'hamlet', ?, '', 'thon 6') returning id").get(c2.id) as { id: number };
    w.db.$client.prepare("update units set path = ? where id = ?").run(`${c2.path}${id}/`, id);
    expect(progressFor(w.db, w.termId, w.unit("P").path).tallies.get(w.unit("P").id)).toMatchObject({ hamlets: 6, electionReported: 1 });
    expect(progressFor(w.db, w.termId, c2.path).tallies.get(c2.id)).toMatchObject({ hamlets: 2, electionReported: 0 });
    // A renamed unit reads with its new name (the registry cache follows the registry).
    const names = () => progressFor(w.db, w.termId, w.unit("P").path).units.map((u) => u.name);
    expect(names()).toContain("Đơn vị C2");
    w.db.$client.prepare("update units set name = 'Xã Mới' where code = 'C2'").run();
    expect(names()).toContain("Xã Mới");
    w.db.$client.prepare("update units set level = 'commune' where code = 'H1'").run();
    expect(progressFor(w.db, w.termId, w.unit("P").path).tallies.get(w.unit("P").id)).toMatchObject({ hamlets: 5, electionReported: 0 });
    expectFiguresMatchRecount(w, w.termId);
    w.db.$client.close();
  });

  it("are backfilled by the migration for reports saved before it, as the save path would compute them", () => {
    // The migrations before 0002 only, in a folder of their own.
    const real = fileURLToPath(new URL("../db/migrations/", import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), "dantin-figures-"));
    const before = join(dir, "before");
    mkdirSync(join(before, "meta"), { recursive: true });
    const journal = JSON.parse(readFileSync(join(real, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
    const upTo = journal.entries.findIndex((e) => e.tag === "0002_figures");
    expect(upTo).toBeGreaterThan(0);
    journal.entries = journal.entries.slice(0, upTo);
    writeFileSync(join(before, "meta/_journal.json"), JSON.stringify(journal));
    for (const e of journal.entries) copyFileSync(join(real, `${e.tag}.sql`), join(before, `${e.tag}.sql`));

    const headArb = fc.record({
      hamlet: fc.nat({ max: HAMLETS.length - 1 }),
      kind: fc.constantFrom<ReportKind>("election", "congress"),
      otherTerm: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
      valid: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
      conflict: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
      review: fc.constantFrom("pending", "confirmed", "returned"),
      election: electionAnswersArb,
      congress: congressAnswersArb,
    });
    try {
      fc.assert(
        fc.property(fc.constantFrom<Shape>("with-district", "without-district"), fc.uniqueArray(headArb, { selector: (h) => `${h.hamlet}:${h.kind}:${h.otherTerm}`, maxLength: 14 }), (shape, heads) => {
          const path = join(dir, `db-${Math.random().toString(36).slice(2)}.sqlite`);
          const sqlite = new Database(path);
          for (const pragma of CONNECTION_PRAGMAS) sqlite.pragma(pragma);
          migrate(drizzle(sqlite), { migrationsFolder: before });
          const seeded = seedWorld(sqlite, shape);
          let key = 0;
          for (const h of heads) {
            const unitId = (sqlite.prepare("select id from units where code = ?").get(HAMLETS[h.hamlet]) as { id: number }).id;
            const outcome = h.valid ? "valid" : h.kind === "election" ? "revote" : "not_quorate";
            const data = JSON.stringify(h.kind === "election" ? h.election : h.congress);
            const report = sqlite.prepare("insert into reports (term_id, unit_id, kind, outcome, version_count, updated_at) values (?, ?, ?, ?, 1, 0) returning id").get(h.otherTerm ? seeded.otherTermId : seeded.termId, unitId, h.kind, outcome) as { id: number };
            const version = sqlite.prepare("insert into report_versions (report_id, version, data, outcome, author_person_id, channel, submission_key, created_at, review_status) values (?, 1, ?, ?, ?, 'test', ?, 0, ?) returning id");
            const current = version.get(report.id, data, outcome, seeded.people[0], `m${key++}`, h.review) as { id: number };
            sqlite.prepare("update reports set current_version_id = ? where id = ?").run(current.id, report.id);
            if (h.conflict) {
              const other = sqlite.prepare("insert into report_versions (report_id, version, data, outcome, author_person_id, channel, submission_key, created_at) values (?, 2, '{}', ?, ?, 'test', ?, 0) returning id").get(report.id, outcome, seeded.people[1], `m${key++}`) as { id: number };
              sqlite.prepare("update reports set conflict_version_id = ?, version_count = 2 where id = ?").run(other.id, report.id);
            }
          }
          sqlite.close();

          const db = openDatabase(path); // applies 0002: tables, triggers, backfill
          try {
            const w = worldOf(db, seeded);
            const state = db.$client.prepare("select registry_version, built_version from figures_state").get() as { registry_version: number; built_version: number };
            expect(state.registry_version).toBe(state.built_version); // nothing left to rebuild
            const hamletRows = () => db.$client.prepare("select * from hamlet_figures order by term_id, unit_id").all();
            const migrated = hamletRows();
            const units = storedUnitFigures(db);
            expectFiguresMatchRecount(w, w.termId);
            expectFiguresMatchRecount(w, w.otherTermId);
            // The SQL backfill gives exactly what the save path's domain code gives.
            const reported = db.$client.prepare("select distinct term_id as termId, unit_id as unitId from reports").all() as { termId: number; unitId: number }[];
            for (const { termId, unitId } of reported) refreshHamletFigures(db, termId, unitId);
            expect(hamletRows()).toEqual(migrated);
            rebuildUnitFigures(db);
            expect(storedUnitFigures(db)).toEqual(units);
          } finally {
            db.$client.close();
            for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
          }
        }),
        { numRuns: 30 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
