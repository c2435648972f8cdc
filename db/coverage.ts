import { getTableColumns } from "drizzle-orm";
import type Database from "better-sqlite3";
import { oncePerConnection, type Db } from "./client.js";
import { hamletFigures as hamletFiguresTable } from "./schema.js";
import {
  emptyFigures,
  FIGURE_FIELDS,
  hamletFigures,
  indicatorsFromFigures,
  rollUp,
  statusFromFigures,
  TALLY_COUNTER_FIELDS,
  tallyFromFigures,
  type FigureCounters,
  type Figures,
  type HamletStatus,
  type ReportFacts,
  type Tally,
  type UnitNode,
} from "../src/domain/coverage.js";
import type { Indicators } from "../src/domain/indicators.js";
import type { Answers } from "../src/domain/forms/types.js";

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

// ---------------------------------------------------------------------------------------------
// The figures tables (db/schema.ts): hamlet_figures per (term, hamlet), unit_figures per
// (term, unit above the hamlets), unit_sizes per unit, figures_state (registry version).
//
// Written in the transaction of every report save and sign-off (refreshHamletFigures): the
// hamlet's row is recomputed from its current reports, and the change is applied to each
// ancestor's row, deepest first: counts and sums by difference, lowest/highest values kept,
// or re-read from the ancestor's children when the hamlet withdrew the extreme one. O(depth),
// no subtree scan. A change to the registry (triggers on `units`) makes unit_figures and
// unit_sizes stale; the next reader or writer rebuilds them from hamlet_figures in one pass
// (rebuildUnitFigures).

const FIGURE_KEYS = Object.keys(FIGURE_FIELDS) as (keyof Figures)[];
const SUM_KEYS = FIGURE_KEYS.filter((k) => FIGURE_FIELDS[k] === "sum");
const EXTREME_KEYS = FIGURE_KEYS.filter((k) => FIGURE_FIELDS[k] !== "sum");
/** The status counters, in the order the queries below select them (countersOf reads them back). */
const COUNTER_KEYS = [
  "electionReported",
  "electionRevote",
  "electionConflict",
  "congressReported",
  "congressNotQuorate",
  "congressConflict",
  "finished",
  "electionConfirmed",
  "congressConfirmed",
] as const satisfies readonly (keyof typeof TALLY_COUNTER_FIELDS)[];
// Every counter is listed (a compile error otherwise).
const allCounters: Exclude<keyof typeof TALLY_COUNTER_FIELDS, (typeof COUNTER_KEYS)[number]> extends never ? true : never = true;
void allCounters;

/** The counters selected in COUNTER_KEYS order from `row[from]` on (a literal: this is on every status read). */
function countersOf(row: readonly unknown[], from: number): FigureCounters {
  return {
    electionReported: row[from] as number,
    electionRevote: row[from + 1] as number,
    electionConflict: row[from + 2] as number,
    congressReported: row[from + 3] as number,
    congressNotQuorate: row[from + 4] as number,
    congressConflict: row[from + 5] as number,
    finished: row[from + 6] as number,
    electionConfirmed: row[from + 7] as number,
    congressConfirmed: row[from + 8] as number,
  };
}
const tableColumns = getTableColumns(hamletFiguresTable);
/** The SQL column of a figure (the same in hamlet_figures and unit_figures). */
const col = (key: keyof Figures): string => `"${tableColumns[key].name}"`;
const FIGURE_COLUMNS = FIGURE_KEYS.map(col).join(", ");

/** `sum`, `min` or `max` of a figure over rows aliased `alias`. */
function aggregate(key: keyof Figures, alias: string): string {
  const how = FIGURE_FIELDS[key];
  return how === "sum" ? `coalesce(sum(${alias}.${col(key)}), 0)` : `${how}(${alias}.${col(key)})`;
}
const AGGREGATES = (alias: string) => FIGURE_KEYS.map((k) => aggregate(k, alias)).join(", ");

/** The ids of the units on a path, from the root: "/1/7/42/" → [1, 7, 42]. */
const pathIds = (path: string): number[] => path.split("/").filter(Boolean).map(Number);
/** The same as a JSON array in SQL, for json_each. */
const PATH_IDS_JSON = (alias: string) => `'[' || replace(trim(${alias}.path, '/'), '/', ',') || ']'`;

/** Rebuilds unit_sizes and unit_figures from the registry and hamlet_figures (a registry change). */
const REBUILD_SQL = [
  "delete from unit_sizes",
  `insert into unit_sizes (unit_id, hamlets)
     select a.value, count(*) from units h, json_each(${PATH_IDS_JSON("h")}) a
     where h.level = 'hamlet' and a.value <> h.id group by a.value`,
  "delete from unit_figures",
  `insert into unit_figures (term_id, unit_id, ${FIGURE_COLUMNS})
     select f.term_id, a.value, ${AGGREGATES("f")}
     from hamlet_figures f join units h on h.id = f.unit_id, json_each(${PATH_IDS_JSON("h")}) a
     where h.level = 'hamlet' and a.value <> h.id group by f.term_id, a.value`,
  "update figures_state set built_version = registry_version where id = 1",
];

interface FigureStatements {
  state: Database.Statement;
  headFacts: Database.Statement;
  electionDate: Database.Statement;
  /** Election year per term id (read once). */
  electionYears: Map<number, number>;
  unitPath: Database.Statement;
  hamletRow: Database.Statement;
  upsertHamlet: Database.Statement;
  ensureRows: Database.Statement;
  /** addChange(n): the change statement for n ancestors. */
  addChange: (ancestors: number) => Database.Statement;
  recomputeExtremes: Database.Statement;
  rebuild: () => void;
}

/** The values of a figure `column` of the children of unit @unitId in term @termId (hamlets' rows, other units' rows). */
const CHILD_VALUES = (column: string) =>
  `select f.${column} as v from units c cross join hamlet_figures f
    where c.parent_id = @unitId and +c.level = 'hamlet' and f.term_id = @termId and f.unit_id = c.id
   union all
   select f.${column} from units c cross join unit_figures f
    where c.parent_id = @unitId and +c.level <> 'hamlet' and f.term_id = @termId and f.unit_id = c.id`;

function figureStatements(sqlite: Database.Database): FigureStatements {
  const upsertSet = FIGURE_KEYS.map((k) => `${col(k)} = excluded.${col(k)}`).join(", ");
  const rebuildStatements = REBUILD_SQL.map((s) => sqlite.prepare(s));
  const changeStatements = new Map<number, Database.Statement>();
  // Sums by difference, lowest/highest combined with the hamlet's new value: one statement for
  // every ancestor (positional parameters: binding dozens of names costs more than the write).
  const changeSql = (n: number) =>
    `update unit_figures set
       ${[
         ...SUM_KEYS.map((k) => `${col(k)} = ${col(k)} + ?`),
         ...EXTREME_KEYS.map((k) => `${col(k)} = ${FIGURE_FIELDS[k]}(coalesce(${col(k)}, ?), coalesce(?, ${col(k)}))`),
       ].join(",\n       ")}
     where term_id = ? and unit_id in (${Array.from({ length: n }, () => "?").join(", ")})`;
  return {
    state: sqlite.prepare("select registry_version as registry, built_version as built from figures_state where id = 1"),
    headFacts: sqlite.prepare(
      `select r.kind, r.outcome, r.conflict_version_id is not null as conflict,
              coalesce(v.review_status = 'confirmed', 0) as confirmed, v.data
         from reports r left join report_versions v on v.id = r.current_version_id
        where r.term_id = ? and r.unit_id = ?`,
    ),
    electionDate: sqlite.prepare("select election_date from terms where id = ?").pluck(),
    electionYears: new Map(),
    unitPath: sqlite.prepare("select path, level from units where id = ?"),
    hamletRow: sqlite.prepare(`select ${FIGURE_COLUMNS} from hamlet_figures where term_id = ? and unit_id = ?`).raw(),
    upsertHamlet: sqlite.prepare(
      `insert into hamlet_figures (term_id, unit_id, ${FIGURE_COLUMNS})
       values (?, ?, ${FIGURE_KEYS.map(() => "?").join(", ")})
       on conflict (term_id, unit_id) do update set ${upsertSet}`,
    ),
    ensureRows: sqlite.prepare("insert or ignore into unit_figures (term_id, unit_id) select ?, value from json_each(?)"),
    addChange(n) {
      let statement = changeStatements.get(n);
      if (!statement) changeStatements.set(n, (statement = sqlite.prepare(changeSql(n))));
      return statement;
    },
    // When a hamlet withdrew a lowest/highest value (@old_key, null for the others), an
    // ancestor that held exactly that value re-reads it from its children; ancestors go deepest
    // first, so each reads current rows. CROSS JOIN keeps the children (units_parent_idx)
    // outside; unary + keeps the planner off units_level_idx.
    recomputeExtremes: sqlite.prepare(
      `update unit_figures set
         ${EXTREME_KEYS.map((k) => `${col(k)} = case when ${col(k)} = @old_${k} then (select ${FIGURE_FIELDS[k]}(v) from (${CHILD_VALUES(col(k))})) else ${col(k)} end`).join(",\n         ")}
       where term_id = @termId and unit_id = @unitId and (${EXTREME_KEYS.map((k) => `${col(k)} = @old_${k}`).join(" or ")})`,
    ),
    rebuild: sqlite.transaction(() => {
      for (const s of rebuildStatements) s.run();
    }),
  };
}

const statementsFor = oncePerConnection((db): FigureStatements => figureStatements(db.$client));

/** The registry's version and the one unit_figures and unit_sizes were built for. */
function figuresState(s: FigureStatements): { registry: number; built: number } {
  const state = s.state.get() as { registry: number; built: number } | undefined;
  if (!state) throw new Error("figures_state is missing its row (migration 0002)");
  return state;
}

/** Rebuilds the per-unit figures and sizes from hamlet_figures and the registry, now. */
export function rebuildUnitFigures(db: Db): void {
  statementsFor(db).rebuild();
}

/** Makes the per-unit figures current (rebuilds them once after a registry change); returns the registry version. */
export function ensureUnitFigures(db: Db): number {
  const s = statementsFor(db);
  const state = figuresState(s);
  if (state.registry !== state.built) s.rebuild();
  return state.registry;
}

/**
 * Recomputes the figures of one hamlet in one term from its current reports,
 * then those of its ancestors. Call it inside the transaction that changed
 * the hamlet's reports (save, correction, conflict, sign-off).
 */
export function refreshHamletFigures(db: Db, termId: number, unitId: number): void {
  const s = statementsFor(db);
  let election: ReportFacts | undefined;
  let congress: ReportFacts | undefined;
  for (const h of s.headFacts.all(termId, unitId) as { kind: "election" | "congress"; outcome: ReportFacts["outcome"]; conflict: number; confirmed: number; data: string | null }[]) {
    const facts: ReportFacts = { unitId, kind: h.kind, outcome: h.outcome, conflict: Boolean(h.conflict), confirmed: Boolean(h.confirmed), answers: h.data === null ? {} : (JSON.parse(h.data) as Answers) };
    if (h.kind === "election") election = facts;
    else congress = facts;
  }
  let electionYear = s.electionYears.get(termId);
  if (electionYear === undefined) {
    const electionDate = s.electionDate.get(termId) as string | undefined;
    if (electionDate === undefined) throw new Error(`no term with id ${termId}`);
    // A term's election date never changes once created (db/terms.ts).
    s.electionYears.set(termId, (electionYear = Number(electionDate.slice(0, 4))));
  }
  const figures = hamletFigures(unitId, election, congress, electionYear);
  const row = s.hamletRow.get(termId, unitId) as unknown[] | undefined;
  const before = figuresFromRow(row);
  s.upsertHamlet.run(termId, unitId, ...FIGURE_KEYS.map((k) => figures[k]));

  const unit = s.unitPath.get(unitId) as { path: string; level: UnitNode["level"] } | undefined;
  if (!unit || unit.level !== "hamlet") return; // the registry says what is counted
  const state = figuresState(s);
  if (state.registry !== state.built) {
    s.rebuild(); // the registry changed: everything from the hamlets' rows, this one included
    return;
  }
  const change = figureChange(before, figures);
  if (!change) return;
  const ancestors = pathIds(unit.path).filter((id) => id !== unitId);
  if (ancestors.length === 0) return;
  // The ancestors of a hamlet that had a row already have theirs (created with it, or by a rebuild).
  if (!row) s.ensureRows.run(termId, JSON.stringify(ancestors));
  s.addChange(ancestors.length).run(...change.values, termId, ...ancestors);
  if (change.withdrawn) {
    for (let i = ancestors.length - 1; i >= 0; i--) s.recomputeExtremes.run({ termId, unitId: ancestors[i], ...change.withdrawn });
  }
}

/** A figures row (FIGURE_COLUMNS order) as Figures; no row: nothing reported. */
function figuresFromRow(row: unknown[] | undefined): Figures {
  if (!row) return emptyFigures();
  const f = {} as Record<keyof Figures, number | null>;
  for (let i = 0; i < FIGURE_KEYS.length; i++) f[FIGURE_KEYS[i]!] = row[i] as number | null;
  return f as Figures;
}

/**
 * The parameters of addChange for a hamlet going from `before` to `after`
 * (sums: the difference; lowest/highest: the new value, twice), and the
 * lowest/highest values it withdrew (the old one is gone and the new one does
 * not replace it), as recomputeExtremes' parameters; undefined when nothing
 * changed.
 */
function figureChange(before: Figures, after: Figures): { values: (number | null)[]; withdrawn?: Record<string, number | null> } | undefined {
  const values: (number | null)[] = [];
  let changed = false;
  let withdrawn: Record<string, number | null> | undefined;
  for (const k of SUM_KEYS) {
    const d = (after[k] as number) - (before[k] as number);
    if (d !== 0) changed = true;
    values.push(d);
  }
  for (const k of EXTREME_KEYS) {
    const old = before[k];
    const now = after[k];
    if (old !== now) changed = true;
    if (old !== null && (now === null || (FIGURE_FIELDS[k] === "min" ? now > old : now < old))) {
      withdrawn ??= Object.fromEntries(EXTREME_KEYS.map((e) => [`old_${e}`, null]));
      withdrawn[`old_${k}`] = old;
    }
    values.push(now, now);
  }
  return changed ? { values, withdrawn } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Reads.

/** A unit and its direct children with their tallies, and the unit's indicators. */
export interface Progress {
  /** The unit first, then its direct children. */
  units: UnitNode[];
  /** One per unit of `units`. */
  tallies: Map<number, Tally>;
  /** Over the unit's current valid non-conflict reports. */
  indicators: Indicators;
}

export interface Coverage extends Progress {
  /** The subtree of `unitPath`, the unit itself included, in path order. */
  units: UnitNode[];
  /** One per hamlet of the subtree, reported or not. */
  statuses: Map<number, HamletStatus>;
  /** One per unit of the subtree. */
  tallies: Map<number, Tally>;
}

type UnitRow = [id: number, parentId: number | null, path: string, name: string, type: string, level: UnitNode["level"]];
const UNIT_COLUMNS = "u.id, u.parent_id, u.path, u.name, u.type, u.level";
/** Units are shared by the registry cache: frozen, so no caller can change a cached one. */
const toNode = (r: UnitRow): UnitNode => Object.freeze({ id: r[0], parentId: r[1], path: r[2], name: r[3], type: r[4], level: r[5] });

interface SizedUnit {
  unit: UnitNode;
  /** Hamlets of the registry in its subtree (1 for a hamlet). */
  hamlets: number;
}

/** A unit's direct children, by id too. */
interface Children {
  list: SizedUnit[];
  byId: Map<number, SizedUnit>;
  hasHamlets: boolean;
  hasUnits: boolean;
}

/**
 * The registry as the figures read it, kept per connection while the registry
 * does not change (figures_state.registry_version, bumped by triggers on
 * `units`): units by path, children lists, small subtrees. Bounded: it is
 * emptied when it holds more than MAX_CACHED_UNITS units.
 */
interface RegistryCache {
  version: number;
  units: number;
  at: Map<string, SizedUnit | null>;
  children: Map<number, Children>;
  subtrees: Map<string, UnitNode[]>;
}
const MAX_CACHED_UNITS = 50_000;
const MAX_CACHED_SUBTREE = 5_000;

export type CoverageQueries = ReturnType<typeof coverageQueries>;

/**
 * Reads for the status figures. A subtree's units come through
 * units_path_idx and each hamlet's figures by primary key: the cost follows
 * the subtree's size, not the term's. A unit's progress reads its own figures
 * row and its children's (units_parent_idx, then primary key): the cost
 * follows the number of children. The registry parts are cached (see
 * RegistryCache).
 */
export function coverageQueries(db: Db) {
  const sqlite = db.$client;
  const counters = COUNTER_KEYS.map((k) => `f.${col(k)}`).join(", ");
  const qTerm = sqlite.prepare("select 1 from terms where id = ?").pluck();
  const qUnitAt = sqlite.prepare(`select ${UNIT_COLUMNS}, coalesce(s.hamlets, 0) from units u left join unit_sizes s on s.unit_id = u.id where u.path = ?`).raw();
  const qChildUnits = sqlite
    .prepare(
      `select ${UNIT_COLUMNS}, case when u.level = 'hamlet' then 1 else coalesce(s.hamlets, 0) end
         from units u left join unit_sizes s on u.level <> 'hamlet' and s.unit_id = u.id
        where u.parent_id = ?`,
    )
    .raw();
  const qSubtreeUnits = sqlite.prepare(`select ${UNIT_COLUMNS} from units u where u.path >= ? and u.path < ? order by u.path`).raw();
  // Only units_path_idx (covering: path, id) and the figures' primary key; which rows are hamlets the cached units say.
  // A hamlet's counters are each 0 or 1: one integer of flags per hamlet (bit i = COUNTER_KEYS[i]).
  const qSubtreeFlags = sqlite
    .prepare(
      `select f.unit_id, ${COUNTER_KEYS.map((k, i) => `(f.${col(k)} << ${i})`).join(" | ")}
         from units u cross join hamlet_figures f where u.path >= ? and u.path < ? and f.term_id = ? and f.unit_id = u.id`,
    )
    .raw();
  const qHamletRow = sqlite.prepare(`select ${FIGURE_COLUMNS} from hamlet_figures where term_id = ? and unit_id = ?`).raw();
  const qUnitRow = sqlite.prepare(`select ${FIGURE_COLUMNS} from unit_figures where term_id = ? and unit_id = ?`).raw();
  // A unit's progress in one statement (one snapshot): its own figures row, and its children's
  // counters as one JSON array per kind of child (integers only, so JSON is exact; converting
  // one string costs far less than a value per counter per child).
  const childJson = (table: "hamlet_figures" | "unit_figures") =>
    `(select json_group_array(json_array(f.unit_id, ${counters})) from units u cross join ${table} f
       where u.parent_id = @unitId and f.term_id = @termId and f.unit_id = u.id)`;
  const progressStatements = new Map<string, Database.Statement>();
  const qProgress = (withUnits: boolean, withHamlets: boolean) => {
    const key = `${withUnits}:${withHamlets}`;
    let statement = progressStatements.get(key);
    if (!statement) {
      statement = sqlite
        .prepare(
          `select ${FIGURE_KEYS.map((k) => `r.${col(k)}`).join(", ")},
                  ${withUnits ? childJson("unit_figures") : "null"}, ${withHamlets ? childJson("hamlet_figures") : "null"}
             from (select 1) left join unit_figures r on r.term_id = @termId and r.unit_id = @unitId`,
        )
        .raw();
      progressStatements.set(key, statement);
    }
    return statement;
  };
  const terms = new Set<number>();
  let cache: RegistryCache = { version: -1, units: 0, at: new Map(), children: new Map(), subtrees: new Map() };
  const cached = (version: number): RegistryCache => {
    if (cache.version !== version || cache.units > MAX_CACHED_UNITS) cache = { version, units: 0, at: new Map(), children: new Map(), subtrees: new Map() };
    return cache;
  };

  return {
    /** Terms are never deleted: one seen stays valid. */
    termExists(termId: number): boolean {
      if (terms.has(termId)) return true;
      if (qTerm.get(termId) === undefined) return false;
      terms.add(termId);
      return true;
    },

    /** The unit at `path` with the hamlets of its subtree, or undefined. */
    unitAt(version: number, path: string): SizedUnit | undefined {
      const c = cached(version);
      let at = c.at.get(path);
      if (at === undefined) {
        const r = qUnitAt.get(path) as (UnitRow & unknown[]) | undefined;
        at = r ? { unit: toNode(r), hamlets: r[5] === "hamlet" ? 1 : (r[6] as number) } : null;
        c.at.set(path, at);
        c.units++;
      }
      return at ?? undefined;
    },

    /** The direct children of a unit with the hamlets of their subtrees, in no particular order. */
    children(version: number, parentId: number): Children {
      const c = cached(version);
      let children = c.children.get(parentId);
      if (!children) {
        const list = (qChildUnits.all(parentId) as (UnitRow & unknown[])[]).map((r) => ({ unit: toNode(r), hamlets: r[6] as number })).filter((x) => x.unit.id !== parentId);
        children = {
          list,
          byId: new Map(list.map((x) => [x.unit.id, x])),
          hasHamlets: list.some((x) => x.unit.level === "hamlet"),
          hasUnits: list.some((x) => x.unit.level !== "hamlet"),
        };
        c.children.set(parentId, children);
        c.units += list.length;
      }
      return children;
    },

    /**
     * The figures of a unit above the hamlets, and the tallies of its children
     * (one per child, reported or not), from one snapshot.
     */
    progress(termId: number, unitId: number, children: Children): { figures: Figures; tallies: Map<number, Tally> } {
      const row = qProgress(children.hasUnits, children.hasHamlets).get({ termId, unitId }) as unknown[];
      const n = FIGURE_KEYS.length;
      const figures = row[0] === null ? emptyFigures() : figuresFromRow(row);
      const tallies = new Map<number, Tally>();
      // A hamlet's figures are its own row; another unit's, its subtree's. (A unit that was a
      // hamlet may still have a row of its own: the registry's level decides which counts.)
      for (const [column, hamlets] of [[n, false], [n + 1, true]] as const) {
        if (row[column] === null) continue;
        for (const r of JSON.parse(row[column] as string) as number[][]) {
          const child = children.byId.get(r[0]!);
          if (child && (child.unit.level === "hamlet") === hamlets) tallies.set(child.unit.id, tallyFromFigures(child.hamlets, countersOf(r, 1)));
        }
      }
      const none = emptyFigures();
      for (const child of children.list) if (!tallies.has(child.unit.id)) tallies.set(child.unit.id, tallyFromFigures(child.hamlets, none));
      return { figures, tallies };
    },

    /** Every unit whose path starts with `path`, the unit itself included, in path order. */
    subtreeUnits(version: number, path: string): UnitNode[] {
      const c = cached(version);
      let units = c.subtrees.get(path);
      if (!units) {
        const { lo, hi } = pathRange(path);
        units = (qSubtreeUnits.all(lo, hi) as UnitRow[]).map(toNode);
        if (units.length <= MAX_CACHED_SUBTREE) {
          c.subtrees.set(path, units);
          c.units += units.length;
        }
      }
      return units;
    },

    /** The status counters of the units of the subtree that have hamlet figures. */
    subtreeCounters(termId: number, path: string): Map<number, FigureCounters> {
      const { lo, hi } = pathRange(path);
      const out = new Map<number, FigureCounters>();
      for (const [unitId, flags] of qSubtreeFlags.all(lo, hi, termId) as [number, number][]) {
        out.set(unitId, countersOf([flags & 1, (flags >> 1) & 1, (flags >> 2) & 1, (flags >> 3) & 1, (flags >> 4) & 1, (flags >> 5) & 1, (flags >> 6) & 1, (flags >> 7) & 1, (flags >> 8) & 1], 0));
      }
      return out;
    },

    /** The figures of one unit (a hamlet's own, or the combination of its subtree's hamlets). */
    figures(termId: number, unit: Pick<UnitNode, "id" | "level">): Figures {
      return figuresFromRow((unit.level === "hamlet" ? qHamletRow : qUnitRow).get(termId, unit.id) as unknown[] | undefined);
    },
  };
}

const queriesFor = oncePerConnection(coverageQueries);

/** Checks the term, makes the per-unit figures current; returns the queries and the registry version. */
function prepareRead(db: Db, termId: number): { q: CoverageQueries; version: number } {
  const q = queriesFor(db);
  if (!q.termExists(termId)) throw new Error(`no term with id ${termId}`);
  return { q, version: ensureUnitFigures(db) };
}

/**
 * Everything the coverage messages need for one unit's subtree in one term:
 * every unit, every hamlet's status, a tally per unit. O(units of the
 * subtree); for a unit's headline figures use progressFor.
 *
 * The tallies are rolled up and the indicators read (one row) on first
 * access; callers read them synchronously after this returns, so no write of
 * this process can come in between.
 */
export function coverageFor(db: Db, termId: number, unitPath: string): Coverage {
  const { q, version } = prepareRead(db, termId);
  const units = q.subtreeUnits(version, unitPath).slice();
  const found = q.subtreeCounters(termId, unitPath);
  const statuses = new Map<number, HamletStatus>();
  for (const u of units) if (u.level === "hamlet") statuses.set(u.id, statusFromFigures(u.id, found.get(u.id)));
  const root = units.find((u) => u.path === unitPath);
  let tallies: Map<number, Tally> | undefined;
  let indicators: Indicators | undefined;
  return {
    units,
    statuses,
    // Rolled up on first access: the "not finished" list does not read them.
    get tallies(): Map<number, Tally> {
      tallies ??= rollUp(units, statuses);
      return tallies;
    },
    get indicators(): Indicators {
      indicators ??= indicatorsFromFigures(root ? q.figures(termId, root) : emptyFigures());
      return indicators;
    },
  };
}

/**
 * A unit's headline figures, its direct children's tallies and its indicators,
 * from the per-unit figures: O(children), whatever the size of the subtree.
 * Throws when no unit has that path.
 */
export function progressFor(db: Db, termId: number, unitPath: string): Progress {
  const { q, version } = prepareRead(db, termId);
  const at = q.unitAt(version, unitPath);
  if (!at) throw new Error(`no unit with path ${unitPath}`);
  if (at.unit.level === "hamlet") {
    const figures = q.figures(termId, at.unit);
    return { units: [at.unit], tallies: new Map([[at.unit.id, tallyFromFigures(1, figures)]]), indicators: indicatorsFromFigures(figures) };
  }
  const children = q.children(version, at.unit.id);
  const { figures, tallies: childTallies } = q.progress(termId, at.unit.id, children);
  const units = [at.unit];
  const tallies = new Map<number, Tally>([[at.unit.id, tallyFromFigures(at.hamlets, figures)]]);
  for (const child of children.list) {
    units.push(child.unit);
    tallies.set(child.unit.id, childTallies.get(child.unit.id)!);
  }
  return { units, tallies, indicators: indicatorsFromFigures(figures) };
}
