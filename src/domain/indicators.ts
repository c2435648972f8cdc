/**
 * The figures leadership reads (DOMAIN.md, "The figures leadership reads"),
 * computed from the answers of CURRENT, VALID, non-conflict reports — the
 * caller filters. A report that lacks a field (or holds a value of the wrong
 * type) is left out of that indicator's denominator only.
 *
 * Pure: no database, no grammY.
 */
import { indicatorLabel, indicatorMsg } from "./catalog/indicators.js";
import type { Answers } from "./forms/types.js";
import { formatCount } from "./parse/number.js";
import { formatPercent } from "./parse/percent.js";

/** numerator of denominator; pct in 0–100. */
export interface Ratio {
  numerator: number;
  denominator: number;
  pct: number;
}

/** Mean of per-report percentages (0–100) over `reports` reports. */
export interface Mean {
  pct: number;
  reports: number;
}

/** Lowest and highest percentage (0–100) over `reports` reports. */
export interface Range {
  min: number;
  max: number;
  reports: number;
}

export interface Indicators {
  /** Number of election / congress reports given. */
  elections: number;
  congresses: number;
  secretaryIsChief: Ratio | null;
  newSecretary: Ratio | null;
  reelectedSecretary: Ratio | null;
  chiefUniversity: Ratio | null;
  chiefCollegeVocational: Ratio | null;
  chiefTheoryIntermediatePlus: Ratio | null;
  chiefUnder40: Ratio | null;
  chiefWomen: Ratio | null;
  /** Sum of women on committees over sum of committee sizes. */
  womenOnCommittees: Ratio | null;
  /** Mean over hamlets of participants / voters. */
  averageTurnout: Mean | null;
  /** Secretary's vote share (secretaryShare) across congresses. */
  secretaryVoteShare: Range | null;
  /** Chief's vote share (votes / participants) across elections. */
  chiefVoteShare: Range | null;
}

export interface IndicatorInput {
  elections: readonly Answers[];
  congresses: readonly Answers[];
  /** Ages are counted as electionYear − birthYear. */
  electionYear: number;
}

function ratio(numerator: number, denominator: number): Ratio | null {
  return denominator === 0 ? null : { numerator, denominator, pct: (numerator / denominator) * 100 };
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** Share of reports whose `key` is a `T` satisfying `hit`, among reports whose `key` is a `T`. */
function share<T>(reports: readonly Answers[], key: string, isT: (v: unknown) => v is T, hit: (v: T) => boolean): Ratio | null {
  let n = 0;
  let d = 0;
  for (const r of reports) {
    const v = r[key];
    if (!isT(v)) continue;
    d++;
    if (hit(v)) n++;
  }
  return ratio(n, d);
}

const isString = (v: unknown): v is string => typeof v === "string";
const isBool = (v: unknown): v is boolean => typeof v === "boolean";
const isNumber = (v: unknown): v is number => num(v) !== undefined;

function range(values: readonly number[]): Range | null {
  if (values.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max, reports: values.length };
}

export function computeIndicators(input: IndicatorInput): Indicators {
  const { elections, congresses, electionYear } = input;

  let committee = 0;
  let women = 0;
  for (const c of congresses) {
    const size = num(c.committeeSize);
    const w = num(c.committeeWomen);
    if (size === undefined || w === undefined) continue;
    committee += size;
    women += w;
  }

  const turnouts: number[] = [];
  const chiefShares: number[] = [];
  for (const e of elections) {
    const voters = num(e.voters);
    const participants = num(e.participants);
    const votes = num(e.votes);
    if (voters !== undefined && participants !== undefined && voters > 0) turnouts.push((participants / voters) * 100);
    if (participants !== undefined && votes !== undefined && participants > 0) chiefShares.push((votes / participants) * 100);
  }
  const secretaryShares = congresses.map((c) => num(c.secretaryShare)).filter((v): v is number => v !== undefined);

  return {
    elections: elections.length,
    congresses: congresses.length,
    secretaryIsChief: share(congresses, "secretaryIsChief", isBool, (v) => v),
    newSecretary: share(congresses, "secretaryTenure", isString, (v) => v === "new"),
    reelectedSecretary: share(congresses, "secretaryTenure", isString, (v) => v === "reelected"),
    chiefUniversity: share(elections, "education", isString, (v) => v === "university"),
    chiefCollegeVocational: share(elections, "education", isString, (v) => v === "college"),
    chiefTheoryIntermediatePlus: share(elections, "theory", isString, (v) => v === "intermediate" || v === "advanced"),
    chiefUnder40: share(elections, "birthYear", isNumber, (y) => electionYear - y < 40),
    chiefWomen: share(elections, "gender", isString, (v) => v === "female"),
    womenOnCommittees: ratio(women, committee),
    averageTurnout:
      turnouts.length === 0 ? null : { pct: turnouts.reduce((a, b) => a + b, 0) / turnouts.length, reports: turnouts.length },
    secretaryVoteShare: range(secretaryShares),
    chiefVoteShare: range(chiefShares),
  };
}

/**
 * A percentage for display with one decimal that never rounds to a false 0% or
 * 100% (the 100% target must not look met when one branch is short).
 */
function showPercent(p: number): string {
  const shown = p > 0 && p < 0.05 ? 0.1 : p < 100 && p >= 99.95 ? 99.9 : p;
  return formatPercent(shown);
}

const RATIO_KEYS = [
  "secretaryIsChief",
  "newSecretary",
  "reelectedSecretary",
  "chiefUniversity",
  "chiefCollegeVocational",
  "chiefTheoryIntermediatePlus",
  "chiefUnder40",
  "chiefWomen",
  "womenOnCommittees",
] as const satisfies readonly (keyof Indicators)[];

/**
 * One Vietnamese line per indicator, in reading order:
 * "Bí thư đồng thời là trưởng thôn: 97,9% (1.421/1.452)". An indicator
 * without data reads "…: chưa có số liệu".
 */
export function indicatorLines(ind: Indicators): string[] {
  const lines: string[] = [];
  for (const key of RATIO_KEYS) {
    const r = ind[key];
    const label = indicatorLabel[key];
    lines.push(r ? indicatorMsg.ratio(label, showPercent(r.pct), formatCount(r.numerator), formatCount(r.denominator)) : indicatorMsg.missing(label));
  }
  const t = ind.averageTurnout;
  lines.push(t ? indicatorMsg.mean(indicatorLabel.averageTurnout, showPercent(t.pct), formatCount(t.reports)) : indicatorMsg.missing(indicatorLabel.averageTurnout));
  for (const key of ["secretaryVoteShare", "chiefVoteShare"] as const) {
    const r = ind[key];
    lines.push(r ? indicatorMsg.range(indicatorLabel[key], showPercent(r.min), showPercent(r.max)) : indicatorMsg.missing(indicatorLabel[key]));
  }
  return lines;
}
