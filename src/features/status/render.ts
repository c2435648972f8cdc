import type { Coverage, Progress } from "../../../db/coverage.js";
import { statusMsg } from "../../domain/catalog/status.js";
import { childrenWorstFirst, pct, type HamletStatus, type UnitNode } from "../../domain/coverage.js";
import { indicatorLines } from "../../domain/indicators.js";
import { paginateGroups, type Group } from "../../domain/paginate.js";
import { formatCount } from "../../domain/parse/number.js";
import { formatPercent } from "../../domain/parse/percent.js";
import { escapeHtml } from "../../domain/text.js";
import { unitLabel } from "../../domain/unit-label.js";

export type MissingFilter = "all" | "election" | "congress";
export const MAX_CHILD_LINES = 15;

const share = (n: number, d: number) => formatPercent(pct(n, d));

/**
 * `text(unit)`, computed once per unit object: the coverage queries hand out
 * the same (frozen) unit objects while the registry is unchanged, and folding
 * Vietnamese for a label is most of the cost of a progress message.
 */
function perUnit(text: (unit: UnitNode) => string): (unit: UnitNode) => string {
  const cache = new WeakMap<UnitNode, string>();
  return (unit) => {
    let value = cache.get(unit);
    if (value === undefined) cache.set(unit, (value = text(unit)));
    return value;
  };
}

const htmlLabel = perUnit((unit) => escapeHtml(unitLabel(unit)));
const htmlName = perUnit((unit) => escapeHtml(unit.name));

/** /tiendo: headline, problems, children worst first, indicators (HTML). A Coverage is also a Progress. */
export function progressText(coverage: Progress, unit: UnitNode): { text: string; children: UnitNode[] } {
  const tally = coverage.tallies.get(unit.id)!;
  const lines = [
    statusMsg.progressTitle(htmlLabel(unit)),
    statusMsg.headline(statusMsg.electionLabel, formatCount(tally.electionReported), formatCount(tally.hamlets), share(tally.electionReported, tally.hamlets)),
    statusMsg.headline(statusMsg.congressLabel, formatCount(tally.congressReported), formatCount(tally.hamlets), share(tally.congressReported, tally.hamlets)),
    statusMsg.headline(statusMsg.finishedLabel, formatCount(tally.finished), formatCount(tally.hamlets), share(tally.finished, tally.hamlets)),
  ];
  if (tally.electionReported + tally.congressReported > 0) {
    lines.push(statusMsg.confirmed(formatCount(tally.electionConfirmed), formatCount(tally.electionReported), formatCount(tally.congressConfirmed), formatCount(tally.congressReported)));
  }
  const problems = statusMsg.problems(tally.electionRevote, tally.congressNotQuorate, tally.electionConflict + tally.congressConflict);
  if (problems) lines.push(`⚠️ ${problems}`);
  const children = childrenWorstFirst(unit.id, coverage.units, coverage.tallies).filter((c) => c.level !== "hamlet");
  if (children.length) {
    lines.push("", statusMsg.byChild);
    children.slice(0, MAX_CHILD_LINES).forEach((child, i) => {
      const t = coverage.tallies.get(child.id)!;
      lines.push(statusMsg.childLine(i + 1, htmlLabel(child), formatCount(t.finished), formatCount(t.hamlets), share(t.finished, t.hamlets)));
    });
    if (children.length > MAX_CHILD_LINES) lines.push(statusMsg.moreChildren(children.length - MAX_CHILD_LINES));
  }
  const { elections, congresses } = coverage.indicators;
  lines.push("", statusMsg.indicators);
  if (elections + congresses === 0) lines.push(statusMsg.noReportsYet);
  else lines.push(...indicatorLines(coverage.indicators).map((l) => `• ${escapeHtml(l)}`));
  return { text: lines.join("\n"), children: children.slice(0, MAX_CHILD_LINES) };
}

function problemsOf(status: HamletStatus, filter: MissingFilter): string[] {
  const out: string[] = [];
  if (filter !== "congress" && status.election !== "reported") out.push(statusMsg.electionState[status.election]);
  if (filter !== "election" && status.congress !== "reported") out.push(statusMsg.congressState[status.congress]);
  return out;
}

/** problemsOf joined, once per combination of states and filter. */
const problemTexts = new Map<string, string>();
function problemsText(status: HamletStatus, filter: MissingFilter): string {
  const key = `${status.election}|${status.congress}|${filter}`;
  let text = problemTexts.get(key);
  if (text === undefined) problemTexts.set(key, (text = problemsOf(status, filter).join(", ")));
  return text;
}

/**
 * /chuaxong: the hamlets not finished (or missing one report), grouped by
 * commune, each with what is missing and who reports for it; paginated.
 */
export function missingPages(coverage: Coverage, unit: UnitNode, reporters: Map<number, string[]>, filter: MissingFilter): string[] {
  const byId = new Map(coverage.units.map((u) => [u.id, u]));
  const groups = new Map<number, string[]>();
  let count = 0;
  let total = 0;
  for (const u of coverage.units) {
    if (u.level !== "hamlet") continue;
    total++;
    const problems = problemsText(coverage.statuses.get(u.id)!, filter);
    if (problems === "") continue;
    count++;
    const who = reporters.get(u.id)?.join(", ") ?? statusMsg.noReporter;
    const key = u.parentId ?? u.id;
    const line = `• ${htmlName(u)} — ${problems} — ${escapeHtml(who)}`;
    const lines = groups.get(key);
    if (lines) lines.push(line);
    else groups.set(key, [line]);
  }
  const label = htmlLabel(unit);
  if (count === 0) return [statusMsg.allDone(label)];
  const grouped: Group[] = [...groups.entries()].map(([communeId, lines]) => {
    const commune = byId.get(communeId);
    // Asked about one hamlet: its commune is outside the coverage, and the title already names it.
    if (!commune) return { heading: "", lines };
    const parent = commune.parentId !== null ? byId.get(commune.parentId) : undefined;
    const context = parent && parent.level === "district" && parent.id !== unit.id ? ` (${htmlLabel(parent)})` : "";
    return { heading: `<b>${htmlLabel(commune)}</b>${context}`, lines };
  });
  return paginateGroups(statusMsg.missingTitle(filter, label, formatCount(count), formatCount(total)), grouped);
}
