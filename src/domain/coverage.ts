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

/** Vietnamese order, numbers by value: "Thôn 2" before "Thôn 10". */
const collator = new Intl.Collator("vi", { numeric: true });

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
      return collator.compare(a.name, b.name) || a.id - b.id;
    });
}
