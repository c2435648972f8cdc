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

/**
 * How a field of the sums combines across reports (and across units): added,
 * or the lowest / highest value (null while no report has one).
 */
export type Combine = "sum" | "min" | "max";

/**
 * Everything the indicators need, as numbers that combine across reports
 * and units: counts, sums, lowest and highest. The indicators of any set of
 * reports are `indicatorsFromSums` of the combined sums of its reports, so a
 * unit's sums can be kept up to date from its children's and read in O(1).
 */
export const INDICATOR_SUM_FIELDS = {
  elections: "sum",
  congresses: "sum",
  /** Congresses whose secretary is also the hamlet chief / that answered it. */
  secretaryIsChief: "sum",
  secretaryIsChiefAnswered: "sum",
  secretaryNew: "sum",
  secretaryReelected: "sum",
  secretaryTenureAnswered: "sum",
  chiefUniversity: "sum",
  chiefCollege: "sum",
  chiefEducationAnswered: "sum",
  chiefTheoryIntermediatePlus: "sum",
  chiefTheoryAnswered: "sum",
  chiefUnder40: "sum",
  chiefBirthYearAnswered: "sum",
  chiefWomen: "sum",
  chiefGenderAnswered: "sum",
  /** Over congresses that gave both committee figures. */
  committeeWomen: "sum",
  committeeSize: "sum",
  /** Sum of per-election turnout percentages, and how many elections gave one. */
  turnoutSum: "sum",
  turnoutReports: "sum",
  secretaryShareMin: "min",
  secretaryShareMax: "max",
  secretaryShareReports: "sum",
  chiefShareMin: "min",
  chiefShareMax: "max",
  chiefShareReports: "sum",
} as const satisfies Record<string, Combine>;

type SumValue<C extends Combine> = C extends "sum" ? number : number | null;
export type IndicatorSums = { -readonly [K in keyof typeof INDICATOR_SUM_FIELDS]: SumValue<(typeof INDICATOR_SUM_FIELDS)[K]> };

/** Combines `from` into `into` field by field, as `fields` says (sum, lowest, highest). */
export function combineInto<T extends { [K in keyof F]: number | null }, F extends Readonly<Record<string, Combine>>>(fields: F, into: T, from: Readonly<Pick<T, keyof F>>): T {
  const out = into as Record<string, number | null>;
  const add = from as Record<string, number | null>;
  for (const key in fields) {
    const a = out[key] ?? null;
    const b = add[key] ?? null;
    const how = fields[key];
    if (how === "sum") out[key] = (a ?? 0) + (b ?? 0);
    else if (a === null || b === null) out[key] = a ?? b;
    else out[key] = how === "min" ? Math.min(a, b) : Math.max(a, b);
  }
  return into;
}

export function emptyIndicatorSums(): IndicatorSums {
  // A literal (one fixed shape) rather than built from INDICATOR_SUM_FIELDS: this is on the save path.
  return {
    elections: 0,
    congresses: 0,
    secretaryIsChief: 0,
    secretaryIsChiefAnswered: 0,
    secretaryNew: 0,
    secretaryReelected: 0,
    secretaryTenureAnswered: 0,
    chiefUniversity: 0,
    chiefCollege: 0,
    chiefEducationAnswered: 0,
    chiefTheoryIntermediatePlus: 0,
    chiefTheoryAnswered: 0,
    chiefUnder40: 0,
    chiefBirthYearAnswered: 0,
    chiefWomen: 0,
    chiefGenderAnswered: 0,
    committeeWomen: 0,
    committeeSize: 0,
    turnoutSum: 0,
    turnoutReports: 0,
    secretaryShareMin: null,
    secretaryShareMax: null,
    secretaryShareReports: 0,
    chiefShareMin: null,
    chiefShareMax: null,
    chiefShareReports: 0,
  };
}

function ratio(numerator: number, denominator: number): Ratio | null {
  return denominator === 0 ? null : { numerator, denominator, pct: (numerator / denominator) * 100 };
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const flag = (b: boolean): number => (b ? 1 : 0);

const lowest = (a: number | null, b: number): number => (a === null || b < a ? b : a);
const highest = (a: number | null, b: number): number => (a === null || b > a ? b : a);

/**
 * Adds one current, valid, non-conflict election report to `into` (returned).
 * A field that is missing or of the wrong type is left out of that indicator
 * only.
 */
export function electionSums<T extends IndicatorSums>(e: Answers, electionYear: number, into: T = emptyIndicatorSums() as T): T {
  const s = into;
  s.elections += 1;
  if (typeof e.education === "string") {
    s.chiefEducationAnswered += 1;
    s.chiefUniversity += flag(e.education === "university");
    s.chiefCollege += flag(e.education === "college");
  }
  if (typeof e.theory === "string") {
    s.chiefTheoryAnswered += 1;
    s.chiefTheoryIntermediatePlus += flag(e.theory === "intermediate" || e.theory === "advanced");
  }
  const birthYear = num(e.birthYear);
  if (birthYear !== undefined) {
    s.chiefBirthYearAnswered += 1;
    s.chiefUnder40 += flag(electionYear - birthYear < 40);
  }
  if (typeof e.gender === "string") {
    s.chiefGenderAnswered += 1;
    s.chiefWomen += flag(e.gender === "female");
  }
  const voters = num(e.voters);
  const participants = num(e.participants);
  const votes = num(e.votes);
  if (voters !== undefined && participants !== undefined && voters > 0) {
    s.turnoutSum += (participants / voters) * 100;
    s.turnoutReports += 1;
  }
  if (participants !== undefined && votes !== undefined && participants > 0) {
    const share = (votes / participants) * 100;
    s.chiefShareMin = lowest(s.chiefShareMin, share);
    s.chiefShareMax = highest(s.chiefShareMax, share);
    s.chiefShareReports += 1;
  }
  return s;
}

/** Adds one current, valid, non-conflict congress report to `into` (returned). */
export function congressSums<T extends IndicatorSums>(c: Answers, into: T = emptyIndicatorSums() as T): T {
  const s = into;
  s.congresses += 1;
  if (typeof c.secretaryIsChief === "boolean") {
    s.secretaryIsChiefAnswered += 1;
    s.secretaryIsChief += flag(c.secretaryIsChief);
  }
  if (typeof c.secretaryTenure === "string") {
    s.secretaryTenureAnswered += 1;
    s.secretaryNew += flag(c.secretaryTenure === "new");
    s.secretaryReelected += flag(c.secretaryTenure === "reelected");
  }
  const size = num(c.committeeSize);
  const women = num(c.committeeWomen);
  if (size !== undefined && women !== undefined) {
    s.committeeSize += size;
    s.committeeWomen += women;
  }
  const share = num(c.secretaryShare);
  if (share !== undefined) {
    s.secretaryShareMin = lowest(s.secretaryShareMin, share);
    s.secretaryShareMax = highest(s.secretaryShareMax, share);
    s.secretaryShareReports += 1;
  }
  return s;
}

function range(min: number | null, max: number | null, reports: number): Range | null {
  return reports === 0 || min === null || max === null ? null : { min, max, reports };
}

/** The indicators of a set of reports from their combined sums. */
export function indicatorsFromSums(s: Readonly<IndicatorSums>): Indicators {
  return {
    elections: s.elections,
    congresses: s.congresses,
    secretaryIsChief: ratio(s.secretaryIsChief, s.secretaryIsChiefAnswered),
    newSecretary: ratio(s.secretaryNew, s.secretaryTenureAnswered),
    reelectedSecretary: ratio(s.secretaryReelected, s.secretaryTenureAnswered),
    chiefUniversity: ratio(s.chiefUniversity, s.chiefEducationAnswered),
    chiefCollegeVocational: ratio(s.chiefCollege, s.chiefEducationAnswered),
    chiefTheoryIntermediatePlus: ratio(s.chiefTheoryIntermediatePlus, s.chiefTheoryAnswered),
    chiefUnder40: ratio(s.chiefUnder40, s.chiefBirthYearAnswered),
    chiefWomen: ratio(s.chiefWomen, s.chiefGenderAnswered),
    womenOnCommittees: ratio(s.committeeWomen, s.committeeSize),
    averageTurnout: s.turnoutReports === 0 ? null : { pct: s.turnoutSum / s.turnoutReports, reports: s.turnoutReports },
    secretaryVoteShare: range(s.secretaryShareMin, s.secretaryShareMax, s.secretaryShareReports),
    chiefVoteShare: range(s.chiefShareMin, s.chiefShareMax, s.chiefShareReports),
  };
}

export function computeIndicators(input: IndicatorInput): Indicators {
  const sums = emptyIndicatorSums();
  for (const e of input.elections) electionSums(e, input.electionYear, sums);
  for (const c of input.congresses) congressSums(c, sums);
  return indicatorsFromSums(sums);
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
