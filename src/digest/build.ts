import { unregisteredHamletCount } from "../../db/registration.js";
import { registrationMsg } from "../domain/catalog/registration.js";
import { progressFor } from "../../db/coverage.js";
import type { DigestQueries, Snapshot } from "../../db/digest.js";
import type { TermRecord } from "../../db/terms.js";
import type { UnitRecord } from "../../db/units.js";
import { digestMsg } from "../domain/catalog/digest.js";
import { statusMsg } from "../domain/catalog/status.js";
import { childrenWorstFirst, pct } from "../domain/coverage.js";
import { indicatorLines } from "../domain/indicators.js";
import { formatCount } from "../domain/parse/number.js";
import { formatPercent } from "../domain/parse/percent.js";
import { escapeHtml } from "../domain/text.js";
import { unitLabel } from "../domain/unit-label.js";

export const LAGGING_SHOWN = 5;

export interface ChartSpec {
  title: string;
  subtitle?: string;
  bars: { label: string; done: number; total: number }[];
}

export interface Digest {
  html: string;
  chart: ChartSpec;
  snapshot: Snapshot;
}

/**
 * The leadership digest for one unit at one slot: headline with the change
 * since the previous digest, lagging units, what needs attention, the
 * indicators, and the data of the progress chart.
 */
export function buildDigest(
  db: Parameters<typeof progressFor>[0],
  digests: DigestQueries,
  term: TermRecord,
  unit: UnitRecord,
  slot: { key: string; label: string; late: boolean },
): Digest {
  // The unit and its direct children from the per-unit figures: O(children).
  const coverage = progressFor(db, term.id, unit.path);
  const node = coverage.units[0]!;
  const tally = coverage.tallies.get(unit.id)!;
  const previous = digests.previousSnapshot(unit.id, term.id, slot.key);
  const label = unitLabel(unit);
  const headline = (name: string, done: number, before: number | undefined) =>
    `${statusMsg.headline(name, formatCount(done), formatCount(tally.hamlets), formatPercent(pct(done, tally.hamlets)))}${before === undefined ? "" : digestMsg.change(done - before)}`;

  const lines = [digestMsg.title(escapeHtml(label)), `${digestMsg.at(slot.label)}${slot.late ? ` ${digestMsg.late}` : ""}`, ""];
  lines.push(headline(statusMsg.electionLabel, tally.electionReported, previous?.electionReported));
  lines.push(headline(statusMsg.congressLabel, tally.congressReported, previous?.congressReported));
  lines.push(headline(statusMsg.finishedLabel, tally.finished, previous?.finished));
  if (tally.electionReported + tally.congressReported > 0) {
    lines.push(statusMsg.confirmed(formatCount(tally.electionConfirmed), formatCount(tally.electionReported), formatCount(tally.congressConfirmed), formatCount(tally.congressReported)));
  }
  const problems = statusMsg.problems(tally.electionRevote, tally.congressNotQuorate, 0);
  if (problems) lines.push(`⚠️ ${problems}`);
  // Before election day: how many hamlets still have nobody registered to report.
  const slotDate = /(\d{4}-\d{2}-\d{2})T/.exec(slot.key)?.[1];
  if (slotDate !== undefined && slotDate < term.electionDate) {
    const unregistered = unregisteredHamletCount(db, unit.path);
    if (unregistered > 0) lines.push(registrationMsg.digestLine(formatCount(unregistered)));
  }

  const children = childrenWorstFirst(node.id, coverage.units, coverage.tallies);
  const lagging = children.filter((c) => {
    const t = coverage.tallies.get(c.id)!;
    return t.hamlets > 0 && t.finished < t.hamlets;
  });
  if (lagging.length && node.level !== "commune") {
    lines.push("", digestMsg.lagging);
    for (const child of lagging.slice(0, LAGGING_SHOWN)) {
      const t = coverage.tallies.get(child.id)!;
      lines.push(`• ${escapeHtml(unitLabel(child))}: ${formatCount(t.finished)}/${formatCount(t.hamlets)} (${formatPercent(pct(t.finished, t.hamlets))})`);
    }
  }
  const flagged = digestMsg.flagged(tally.electionConflict + tally.congressConflict, digests.returnedCount(term.id, unit.path));
  if (flagged) lines.push("", digestMsg.needsAttention, `• ${flagged}`);
  const { elections, congresses } = coverage.indicators;
  lines.push("", statusMsg.indicators);
  if (elections + congresses === 0) lines.push(statusMsg.noReportsYet);
  else lines.push(...indicatorLines(coverage.indicators).map((l) => `• ${escapeHtml(l)}`));

  return {
    html: lines.join("\n"),
    chart: {
      title: digestMsg.chartTitle(label),
      subtitle: slot.label,
      bars: children.map((c) => {
        const t = coverage.tallies.get(c.id)!;
        return { label: unitLabel(c), done: t.finished, total: t.hamlets };
      }),
    },
    snapshot: { slot: slot.key, electionReported: tally.electionReported, congressReported: tally.congressReported, finished: tally.finished },
  };
}
