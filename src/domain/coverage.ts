/**
 * Coverage: which hamlets have reported what, and the roll-up per unit that
 * leadership and staff read ("% of hamlets that elected a chief", "which
 * communes lag").
 *
 * The registry is the list of what is expected: a hamlet without a report is
 * "missing". The hierarchy is data — province → commune → hamlet or
 * province → district → commune → hamlet — and nothing here assumes a level.
 *
 * Pure: no database, no grammY.
 */

import type { Answers } from "./forms/types.js";
import {
  combineInto,
  congressSums,
  electionSums,
  emptyIndicatorSums,
  INDICATOR_SUM_FIELDS,
  indicatorsFromSums,
  type Combine,
  type IndicatorSums,
  type Indicators,
} from "./indicators.js";

export type ElectionState = "missing" | "reported" | "revote" | "conflict";
export type CongressState = "missing" | "reported" | "not_quorate" | "conflict";

/** The head of one report (term, hamlet, kind) as the figures need it. */
export interface ReportHead {
  unitId: number;
  kind: "election" | "congress";
  outcome: "valid" | "revote" | "not_quorate";
  /** Another official reported different values and staff have not settled it yet. */
  conflict: boolean;
  /** The current version was confirmed by commune staff (review_status 'confirmed'). */
  confirmed: boolean;
}

export interface HamletStatus {
  unitId: number;
  election: ElectionState;
  congress: CongressState;
  /** Both a valid election and a valid congress, neither in conflict. */
  finished: boolean;
  /** The election is reported and its current version confirmed by commune staff. */
  electionConfirmed: boolean;
  /** The congress is reported and its current version confirmed by commune staff. */
  congressConfirmed: boolean;
}

export interface UnitNode {
  id: number;
  parentId: number | null;
  /** Materialised chain of ids from the root: "/1/7/42/". */
  path: string;
  name: string;
  /** Vietnamese type word as written in the registry ("xã", "thôn", "khu phố"…). */
  type: string;
  level: "province" | "district" | "commune" | "hamlet";
}

/** Counts over the hamlets of a unit's subtree (a hamlet's tally counts itself). */
export interface Tally {
  hamlets: number;
  electionReported: number;
  electionRevote: number;
  electionConflict: number;
  congressReported: number;
  congressNotQuorate: number;
  congressConflict: number;
  finished: number;
  /** Reported (valid, no conflict) elections whose current version commune staff confirmed. */
  electionConfirmed: number;
  /** Reported (valid, no conflict) congresses whose current version commune staff confirmed. */
  congressConfirmed: number;
}

/** n / d as a percentage (0–100); 0 when d = 0. */
export function pct(n: number, d: number): number {
  return d === 0 ? 0 : (n / d) * 100;
}

export function emptyTally(): Tally {
  return {
    hamlets: 0,
    electionReported: 0,
    electionRevote: 0,
    electionConflict: 0,
    congressReported: 0,
    congressNotQuorate: 0,
    congressConflict: 0,
    finished: 0,
    electionConfirmed: 0,
    congressConfirmed: 0,
  };
}

function electionState(head: ReportHead | undefined): ElectionState {
  if (!head) return "missing";
  if (head.conflict) return "conflict";
  // A congress-only outcome on an election head would be a bug upstream; it is not "reported".
  return head.outcome === "valid" ? "reported" : "revote";
}

function congressState(head: ReportHead | undefined): CongressState {
  if (!head) return "missing";
  if (head.conflict) return "conflict";
  return head.outcome === "valid" ? "reported" : "not_quorate";
}

/** The status of one hamlet from its (at most one per kind) report heads. */
export function hamletStatus(unitId: number, election: ReportHead | undefined, congress: ReportHead | undefined): HamletStatus {
  const e = electionState(election);
  const c = congressState(congress);
  return {
    unitId,
    election: e,
    congress: c,
    finished: e === "reported" && c === "reported",
    electionConfirmed: e === "reported" && election!.confirmed,
    congressConfirmed: c === "reported" && congress!.confirmed,
  };
}

/**
 * The status of every expected hamlet. Heads of units not in `hamletIds` are
 * ignored: the registry, not the reports, says what is expected.
 */
export function hamletStatuses(hamletIds: readonly number[], heads: readonly ReportHead[]): Map<number, HamletStatus> {
  const elections = new Map<number, ReportHead>();
  const congresses = new Map<number, ReportHead>();
  for (const head of heads) (head.kind === "election" ? elections : congresses).set(head.unitId, head);
  const out = new Map<number, HamletStatus>();
  for (const id of hamletIds) out.set(id, hamletStatus(id, elections.get(id), congresses.get(id)));
  return out;
}

function addStatus(t: Tally, s: HamletStatus | undefined): void {
  t.hamlets++;
  if (!s) return; // an expected hamlet with no status at all is simply missing
  if (s.election === "reported") t.electionReported++;
  else if (s.election === "revote") t.electionRevote++;
  else if (s.election === "conflict") t.electionConflict++;
  if (s.congress === "reported") t.congressReported++;
  else if (s.congress === "not_quorate") t.congressNotQuorate++;
  else if (s.congress === "conflict") t.congressConflict++;
  if (s.finished) t.finished++;
  if (s.electionConfirmed) t.electionConfirmed++;
  if (s.congressConfirmed) t.congressConfirmed++;
}

function addInto(target: Tally, source: Tally): void {
  target.hamlets += source.hamlets;
  target.electionReported += source.electionReported;
  target.electionRevote += source.electionRevote;
  target.electionConflict += source.electionConflict;
  target.congressReported += source.congressReported;
  target.congressNotQuorate += source.congressNotQuorate;
  target.congressConflict += source.congressConflict;
  target.finished += source.finished;
  target.electionConfirmed += source.electionConfirmed;
  target.congressConfirmed += source.congressConfirmed;
}

/**
 * A tally for every unit in `units` (hamlets included), summing the hamlets of
 * its subtree. `units` is a subtree (or a whole registry, several roots
 * allowed) with parents linked by `parentId`; a unit whose parent is not in the
 * list is a root. Hamlets missing from `statuses` count as missing.
 * O(n): one pass to link children, one iterative post-order walk.
 */
export function rollUp(units: readonly UnitNode[], statuses: ReadonlyMap<number, HamletStatus>): Map<number, Tally> {
  const tallies = new Map<number, Tally>();
  for (const u of units) {
    const t = emptyTally();
    if (u.level === "hamlet") addStatus(t, statuses.get(u.id));
    tallies.set(u.id, t);
  }
  // Children lists (by index), and the roots.
  const index = new Map<number, number>();
  units.forEach((u, i) => index.set(u.id, i));
  const firstChild = new Int32Array(units.length).fill(-1);
  const nextSibling = new Int32Array(units.length).fill(-1);
  const roots: number[] = [];
  units.forEach((u, i) => {
    const p = u.parentId === null ? undefined : index.get(u.parentId);
    if (p === undefined || p === i) {
      roots.push(i);
    } else {
      nextSibling[i] = firstChild[p]!;
      firstChild[p] = i;
    }
  });
  // Post-order: emit each unit after pushing its children, then add in reverse emission order.
  const order: number[] = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const i = stack.pop()!;
    order.push(i);
    for (let c = firstChild[i]!; c !== -1; c = nextSibling[c]!) stack.push(c);
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const u = units[order[k]!]!;
    if (u.parentId === null || !index.has(u.parentId) || u.parentId === u.id) continue;
    addInto(tallies.get(u.parentId)!, tallies.get(u.id)!);
  }
  return tallies;
}

// ---------------------------------------------------------------------------------------------
// Figures: what a unit's status and indicator messages need, as numbers that add up from
// hamlets to their communes, districts and provinces, so they can be kept per unit.

/** The counters of a tally that come from reports (`hamlets` comes from the registry). */
export const TALLY_COUNTER_FIELDS = {
  electionReported: "sum",
  electionRevote: "sum",
  electionConflict: "sum",
  congressReported: "sum",
  congressNotQuorate: "sum",
  congressConflict: "sum",
  finished: "sum",
  electionConfirmed: "sum",
  congressConfirmed: "sum",
} as const satisfies Record<Exclude<keyof Tally, "hamlets">, Combine>;

/**
 * The figures of a hamlet (its status as 0/1 counters, plus the indicator sums
 * of its current valid non-conflict reports) or of a unit (the combination of
 * its hamlets'). Combining is associative and commutative, so a unit's figures
 * are the combination of its children's, whatever the levels in between.
 */
export type Figures = Omit<Tally, "hamlets"> & IndicatorSums;

export const FIGURE_FIELDS: Readonly<Record<keyof Figures, Combine>> = { ...TALLY_COUNTER_FIELDS, ...INDICATOR_SUM_FIELDS };

/** The status counters of a hamlet's or a unit's figures. */
export type FigureCounters = Omit<Tally, "hamlets">;

const { hamlets: _, ...EMPTY_COUNTERS } = emptyTally();
const EMPTY_FIGURES: Readonly<Figures> = { ...EMPTY_COUNTERS, ...emptyIndicatorSums() };

export function emptyFigures(): Figures {
  return { ...EMPTY_FIGURES };
}

/** Adds `from` into `into` (counts and sums added, lowest and highest kept). */
export function combineFigures(into: Figures, from: Readonly<Figures>): Figures {
  return combineInto(FIGURE_FIELDS, into, from);
}

/** A report head with the answers of its current version. */
export interface ReportFacts extends ReportHead {
  answers: Answers;
}

/**
 * The figures of one hamlet from its (at most one per kind) current reports.
 * Only a reported (valid, non-conflict) report adds to the indicators.
 */
export function hamletFigures(unitId: number, election: ReportFacts | undefined, congress: ReportFacts | undefined, electionYear: number): Figures {
  const status = hamletStatus(unitId, election, congress);
  const f = emptyFigures();
  f.electionReported = Number(status.election === "reported");
  f.electionRevote = Number(status.election === "revote");
  f.electionConflict = Number(status.election === "conflict");
  f.congressReported = Number(status.congress === "reported");
  f.congressNotQuorate = Number(status.congress === "not_quorate");
  f.congressConflict = Number(status.congress === "conflict");
  f.finished = Number(status.finished);
  f.electionConfirmed = Number(status.electionConfirmed);
  f.congressConfirmed = Number(status.congressConfirmed);
  if (status.election === "reported") electionSums(election!.answers, electionYear, f);
  if (status.congress === "reported") congressSums(congress!.answers, f);
  return f;
}

/** A hamlet's status back from its figures (no figures: nothing reported). */
export function statusFromFigures(unitId: number, f: Readonly<FigureCounters> | undefined): HamletStatus {
  if (!f) return hamletStatus(unitId, undefined, undefined);
  return {
    unitId,
    election: f.electionReported ? "reported" : f.electionRevote ? "revote" : f.electionConflict ? "conflict" : "missing",
    congress: f.congressReported ? "reported" : f.congressNotQuorate ? "not_quorate" : f.congressConflict ? "conflict" : "missing",
    finished: f.finished > 0,
    electionConfirmed: f.electionConfirmed > 0,
    congressConfirmed: f.congressConfirmed > 0,
  };
}

/** The tally of a unit with `hamlets` expected hamlets and these figures. */
export function tallyFromFigures(hamlets: number, f: Readonly<FigureCounters>): Tally {
  return {
    hamlets,
    electionReported: f.electionReported,
    electionRevote: f.electionRevote,
    electionConflict: f.electionConflict,
    congressReported: f.congressReported,
    congressNotQuorate: f.congressNotQuorate,
    congressConflict: f.congressConflict,
    finished: f.finished,
    electionConfirmed: f.electionConfirmed,
    congressConfirmed: f.congressConfirmed,
  };
}

/** The indicators of a unit from its figures. */
export function indicatorsFromFigures(f: Readonly<Figures>): Indicators {
  return indicatorsFromSums(f);
}

/** Vietnamese order, numbers by value: "Thôn 2" before "Thôn 10". */
const collator = new Intl.Collator("vi", { numeric: true });

/**
 * collator.compare, remembered per pair of names: progress messages sort the
 * same siblings again and again, and ICU comparisons are most of a sort's
 * cost. Bounded (emptied past 20,000 pairs).
 */
const compared = new Map<string, number>();
function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const swap = a > b;
  const key = swap ? `${b}\u0000${a}` : `${a}\u0000${b}`;
  let order = compared.get(key);
  if (order === undefined) {
    if (compared.size >= 20_000) compared.clear();
    compared.set(key, (order = swap ? collator.compare(b, a) : collator.compare(a, b)));
  }
  return swap ? -order : order;
}

/**
 * The direct children of `parentId`, the laggards first: ascending share of
 * finished hamlets, then by name (Vietnamese order, "Thôn 2" before "Thôn 10"). Children with no hamlets
 * at all have nothing to finish and come last.
 */
export function childrenWorstFirst(
  parentId: number,
  units: readonly UnitNode[],
  tallies: ReadonlyMap<number, Tally>,
): UnitNode[] {
  const zero = emptyTally();
  const tallyOf = (u: UnitNode) => tallies.get(u.id) ?? zero;
  return units
    .filter((u) => u.parentId === parentId && u.id !== parentId)
    .sort((a, b) => {
      const ta = tallyOf(a);
      const tb = tallyOf(b);
      const emptyA = ta.hamlets === 0;
      const emptyB = tb.hamlets === 0;
      if (emptyA !== emptyB) return emptyA ? 1 : -1;
      // Exact comparison of finished/hamlets without floating-point ties.
      const byShare = ta.finished * tb.hamlets - tb.finished * ta.hamlets;
      if (byShare !== 0) return byShare;
      return compareNames(a.name, b.name) || a.id - b.id;
    });
}
