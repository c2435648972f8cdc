/**
 * The Excel workbook staff attach to the official report: one unit's subtree
 * in one term.
 *
 *  - "Tổng hợp": one row per unit (hamlets excepted), the unit itself first,
 *    then its descendants depth-first, indented by depth.
 *  - "Chỉ tiêu": the figures leadership reads (src/domain/indicators.ts).
 *  - "Bầu cử trưởng thôn" / "Đại hội chi bộ": one row per hamlet, reported or
 *    not, with the current version's answers (one column per form field).
 *  - "Chưa hoàn thành": the hamlets that are not finished, and who reports for them.
 *
 * Numbers stay numbers (percentages as fractions with a % format), days are
 * real Excel dates, so staff can sum, sort and filter without retyping.
 * All reads happen in one read transaction: every sheet sees the same data.
 *
 * exceljs is loaded with a dynamic import() on the first export: it costs
 * several MB of memory that a bot which never exports should not pay at start.
 */
import type ExcelJS from "exceljs";
import { and, gte, inArray, lt } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { coverageFor, pathRange, type Coverage } from "../../db/coverage.js";
import { reporterNamesIn } from "../../db/people.js";
import { reportQueries, type CurrentReport } from "../../db/reports.js";
import { units } from "../../db/schema.js";
import { listTerms } from "../../db/terms.js";
import {
  congressStateLabel,
  electionStateLabel,
  hamletHeader,
  reviewLabel,
  indicatorHeader,
  indicatorNote,
  indicatorRowLabel,
  noReporter,
  sheetName,
  summaryHeader,
  unfinishedHeader,
  workbookTitle,
} from "../domain/catalog/export.js";
import type { HamletStatus, Tally, UnitNode } from "../domain/coverage.js";
import { formatFieldValue } from "../domain/forms/fields.js";
import { FORM_LIST } from "../domain/forms/index.js";
import type { AnswerValue, FieldSpec, FormSpec } from "../domain/forms/types.js";
import type { Indicators, Mean, Range, Ratio } from "../domain/indicators.js";
import { unitLabel } from "../domain/unit-label.js";

export const TIME_ZONE = "Asia/Ho_Chi_Minh";

export const NUM_FMT = {
  count: "#,##0",
  /** Birth years and version numbers: no thousands separator. */
  integer: "0",
  percent: "0.0%",
  /** Form percent fields accept two decimals (95,55%): show them when present. */
  fieldPercent: "0.0#%",
  date: "dd/mm/yyyy",
  dateTime: "dd/mm/yyyy hh:mm",
} as const;

type Cell = string | number | Date | null;

interface Column<R> {
  header: string;
  value: (row: R) => Cell;
  numFmt?: string;
  /** Left indent (in Excel indent steps) of this column's cell. */
  indent?: (row: R) => number;
}

let excel: Promise<typeof ExcelJS> | undefined;

/** exceljs, loaded once on first use (a failed load is retried next time). */
function loadExcelJS(): Promise<typeof ExcelJS> {
  excel ??= import("exceljs").then(
    (m) => m.default,
    (error: unknown) => {
      excel = undefined;
      throw error;
    },
  );
  return excel;
}

/** Everything the sheets need, read in one transaction. */
interface ExportData {
  termName: string;
  coverage: Coverage;
  root: UnitNode;
  /** Subtree units in reading order: each unit followed by its descendants, siblings by name. */
  ordered: UnitNode[];
  /** Subtree units and the root's ancestors, by id. */
  byId: Map<number, UnitNode>;
  codes: Map<number, string>;
  current: Map<FormSpec["kind"], Map<number, CurrentReport>>;
  reporters: Map<number, string[]>;
  hasDistrict: boolean;
}

/** "Thôn 2" before "Thôn 10", Vietnamese letter order. */
const collator = new Intl.Collator("vi", { numeric: true });

/**
 * Builds the .xlsx for the subtree of `unitPath` in term `termId`.
 * Throws if the term or the unit does not exist.
 */
export async function buildWorkbook(db: Db, termId: number, unitPath: string): Promise<Buffer> {
  return (await buildExport(db, termId, unitPath)).buffer;
}

export interface ExportResult {
  buffer: Buffer;
  /** The unit's own tally, for a caption or a CLI line (the same snapshot as the file). */
  tally: Tally;
  termName: string;
}

/** buildWorkbook, plus the headline figures of the exported unit. */
export async function buildExport(db: Db, termId: number, unitPath: string): Promise<ExportResult> {
  const data = readExportData(db, termId, unitPath);
  const { Workbook } = await loadExcelJS();
  const wb = new Workbook();
  wb.creator = "dantin-bot";
  wb.title = workbookTitle(unitLabel(data.root), data.termName);
  wb.created = new Date();

  summarySheet(wb, data);
  indicatorSheet(wb, data.coverage.indicators);
  for (const form of FORM_LIST) reportSheet(wb, data, form);
  unfinishedSheet(wb, data);

  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, tally: data.coverage.tallies.get(data.root.id)!, termName: data.termName };
}

function readExportData(db: Db, termId: number, unitPath: string): ExportData {
  const term = listTerms(db).find((t) => t.id === termId);
  if (!term) throw new Error(`no term with id ${termId}`);
  const reports = reportQueries(db);
  return db.$client.transaction((): ExportData => {
    const coverage = coverageFor(db, termId, unitPath);
    const root = coverage.units.find((u) => u.path === unitPath);
    if (!root) throw new Error(`no unit with path ${unitPath}`);

    const { lo, hi } = pathRange(unitPath);
    const codes = new Map(
      db
        .select({ id: units.id, code: units.code })
        .from(units)
        .where(and(gte(units.path, lo), lt(units.path, hi)))
        .all()
        .map((u) => [u.id, u.code] as const),
    );
    // The root's ancestors, so a hamlet or commune export still names its commune.
    const ancestorIds = unitPath.split("/").filter(Boolean).map(Number).filter((id) => id !== root.id);
    const ancestors: UnitNode[] = ancestorIds.length
      ? db
          .select({ id: units.id, parentId: units.parentId, path: units.path, name: units.name, type: units.type, level: units.level })
          .from(units)
          .where(inArray(units.id, ancestorIds))
          .all()
      : [];
    const byId = new Map<number, UnitNode>([...ancestors, ...coverage.units].map((u) => [u.id, u]));

    const hamlets = coverage.units.filter((u) => u.level === "hamlet");
    const current = new Map<FormSpec["kind"], Map<number, CurrentReport>>();
    for (const form of FORM_LIST) {
      const byHamlet = new Map<number, CurrentReport>();
      for (const h of hamlets) {
        const report = reports.current(termId, h.id, form.kind);
        if (report) byHamlet.set(h.id, report);
      }
      current.set(form.kind, byHamlet);
    }

    return {
      termName: term.name,
      coverage,
      root,
      ordered: treeOrder(root, coverage.units),
      byId,
      codes,
      current,
      reporters: reporterNamesIn(db, unitPath),
      hasDistrict: coverage.units.some((u) => u.level === "district"),
    };
  })();
}

/** Depth-first from `root`, siblings in Vietnamese name order. */
function treeOrder(root: UnitNode, all: readonly UnitNode[]): UnitNode[] {
  const children = new Map<number, UnitNode[]>();
  for (const u of all) {
    if (u.id === root.id || u.parentId === null) continue;
    children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  }
  for (const list of children.values()) list.sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
  const out: UnitNode[] = [];
  const stack = [root];
  while (stack.length) {
    const u = stack.pop()!;
    out.push(u);
    const kids = children.get(u.id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

const depthOf = (u: UnitNode) => u.path.split("/").filter(Boolean).length;

/** The nearest unit of `level` at or above `u` (through the root's ancestors too). */
function ancestorAt(data: ExportData, u: UnitNode, level: UnitNode["level"]): UnitNode | undefined {
  for (let cur: UnitNode | undefined = u; cur; cur = cur.parentId === null ? undefined : data.byId.get(cur.parentId)) {
    if (cur.level === level) return cur;
  }
  return undefined;
}

const fraction = (n: number, d: number): number | null => (d === 0 ? null : n / d);

// ---------------------------------------------------------------------------
// Sheets

function summarySheet(wb: ExcelJS.Workbook, data: ExportData): void {
  const { root, coverage } = data;
  const rootDepth = depthOf(root);
  const rows = data.ordered.filter((u) => u === root || u.level !== "hamlet");
  const tally = (u: UnitNode): Tally => coverage.tallies.get(u.id)!;
  const cols: Column<UnitNode>[] = [
    { header: summaryHeader.unit, value: (u) => u.name, indent: (u) => depthOf(u) - rootDepth },
    { header: summaryHeader.level, value: (u) => u.type },
    { header: summaryHeader.hamlets, value: (u) => tally(u).hamlets, numFmt: NUM_FMT.count },
    { header: summaryHeader.electionReported, value: (u) => tally(u).electionReported, numFmt: NUM_FMT.count },
    { header: summaryHeader.percent, value: (u) => fraction(tally(u).electionReported, tally(u).hamlets), numFmt: NUM_FMT.percent },
    { header: summaryHeader.congressReported, value: (u) => tally(u).congressReported, numFmt: NUM_FMT.count },
    { header: summaryHeader.percent, value: (u) => fraction(tally(u).congressReported, tally(u).hamlets), numFmt: NUM_FMT.percent },
    { header: summaryHeader.finished, value: (u) => tally(u).finished, numFmt: NUM_FMT.count },
    { header: summaryHeader.percent, value: (u) => fraction(tally(u).finished, tally(u).hamlets), numFmt: NUM_FMT.percent },
    { header: summaryHeader.revote, value: (u) => tally(u).electionRevote, numFmt: NUM_FMT.count },
    { header: summaryHeader.notQuorate, value: (u) => tally(u).congressNotQuorate, numFmt: NUM_FMT.count },
    { header: summaryHeader.conflict, value: (u) => tally(u).electionConflict + tally(u).congressConflict, numFmt: NUM_FMT.count },
  ];
  writeTable(wb.addWorksheet(sheetName.summary), cols, rows, 1);
}

interface IndicatorRow {
  label: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  note: string;
}

function indicatorRows(ind: Indicators): IndicatorRow[] {
  const ratio = (label: string, r: Ratio | null): IndicatorRow =>
    r
      ? { label, numerator: r.numerator, denominator: r.denominator, value: r.pct / 100, note: "" }
      : { label, numerator: null, denominator: null, value: null, note: indicatorNote.missing };
  const mean = (label: string, m: Mean | null): IndicatorRow =>
    m
      ? { label, numerator: null, denominator: m.reports, value: m.pct / 100, note: indicatorNote.over(m.reports) }
      : { label, numerator: null, denominator: null, value: null, note: indicatorNote.missing };
  const range = (minLabel: string, maxLabel: string, r: Range | null): IndicatorRow[] =>
    r
      ? [
          { label: minLabel, numerator: null, denominator: r.reports, value: r.min / 100, note: indicatorNote.over(r.reports) },
          { label: maxLabel, numerator: null, denominator: r.reports, value: r.max / 100, note: indicatorNote.over(r.reports) },
        ]
      : [
          { label: minLabel, numerator: null, denominator: null, value: null, note: indicatorNote.missing },
          { label: maxLabel, numerator: null, denominator: null, value: null, note: indicatorNote.missing },
        ];
  const L = indicatorRowLabel;
  return [
    ratio(L.secretaryIsChief, ind.secretaryIsChief),
    ratio(L.newSecretary, ind.newSecretary),
    ratio(L.reelectedSecretary, ind.reelectedSecretary),
    ratio(L.chiefUniversity, ind.chiefUniversity),
    ratio(L.chiefCollegeVocational, ind.chiefCollegeVocational),
    ratio(L.chiefTheoryIntermediatePlus, ind.chiefTheoryIntermediatePlus),
    ratio(L.chiefUnder40, ind.chiefUnder40),
    ratio(L.chiefWomen, ind.chiefWomen),
    ratio(L.womenOnCommittees, ind.womenOnCommittees),
    mean(L.averageTurnout, ind.averageTurnout),
    ...range(L.secretaryVoteShareMin, L.secretaryVoteShareMax, ind.secretaryVoteShare),
    ...range(L.chiefVoteShareMin, L.chiefVoteShareMax, ind.chiefVoteShare),
  ];
}

function indicatorSheet(wb: ExcelJS.Workbook, ind: Indicators): void {
  const cols: Column<IndicatorRow>[] = [
    { header: indicatorHeader.label, value: (r) => r.label },
    { header: indicatorHeader.numerator, value: (r) => r.numerator, numFmt: NUM_FMT.count },
    { header: indicatorHeader.denominator, value: (r) => r.denominator, numFmt: NUM_FMT.count },
    { header: indicatorHeader.value, value: (r) => r.value, numFmt: NUM_FMT.percent },
    { header: indicatorHeader.note, value: (r) => r.note || null },
  ];
  writeTable(wb.addWorksheet(sheetName.indicators), cols, indicatorRows(ind), 1);
}

/** The cell for one answer: numbers as numbers, days as dates, choices as their Vietnamese label. */
export function fieldCell(field: FieldSpec, value: AnswerValue | undefined): Cell {
  if (value === undefined || value === null) return null;
  switch (field.kind) {
    case "count":
    case "year":
      return typeof value === "number" ? value : String(value);
    case "percent":
      return typeof value === "number" ? value / 100 : String(value);
    case "date": {
      const m = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
      return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : String(value);
    }
    case "choice":
    case "yesno":
      return formatFieldValue(field, value);
    default:
      return String(value);
  }
}

const FIELD_FMT: Partial<Record<FieldSpec["kind"], string>> = {
  count: NUM_FMT.count,
  year: NUM_FMT.integer,
  percent: NUM_FMT.fieldPercent,
  date: NUM_FMT.date,
};

/**
 * A Date whose UTC fields are the wall-clock time in Vietnam: Excel has no
 * time zones, and exceljs writes a Date's UTC fields.
 */
export function wallClock(ms: number, timeZone = TIME_ZONE): Date {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return new Date(Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")));
}

/** Code, hamlet, commune (and district when the subtree has that level): the first columns of the hamlet sheets. */
function placeColumns<R>(data: ExportData, unitOf: (r: R) => UnitNode, headers: { code: string; hamlet: string; commune: string; district: string }): Column<R>[] {
  const cols: Column<R>[] = [
    { header: headers.code, value: (r) => data.codes.get(unitOf(r).id) ?? null },
    { header: headers.hamlet, value: (r) => unitOf(r).name },
    { header: headers.commune, value: (r) => ancestorAt(data, unitOf(r), "commune")?.name ?? null },
  ];
  if (data.hasDistrict) cols.push({ header: headers.district, value: (r) => ancestorAt(data, unitOf(r), "district")?.name ?? null });
  return cols;
}

function reportSheet(wb: ExcelJS.Workbook, data: ExportData, form: FormSpec): void {
  const hamlets = data.ordered.filter((u) => u.level === "hamlet");
  const reports = data.current.get(form.kind)!;
  const status = (u: UnitNode): HamletStatus => data.coverage.statuses.get(u.id)!;
  const answer = (u: UnitNode, key: string) => reports.get(u.id)?.answers[key];
  const cols: Column<UnitNode>[] = [
    ...placeColumns<UnitNode>(data, (u) => u, hamletHeader),
    {
      header: hamletHeader.state,
      value: (u) => (form.kind === "election" ? electionStateLabel[status(u).election] : congressStateLabel[status(u).congress]),
    },
    {
      header: hamletHeader.review,
      value: (u) => {
        const st = status(u);
        const [reported, confirmed] = form.kind === "election" ? [st.election === "reported", st.electionConfirmed] : [st.congress === "reported", st.congressConfirmed];
        return reported ? (confirmed ? reviewLabel.confirmed : reviewLabel.pending) : null;
      },
    },
    ...form.fields.map((field): Column<UnitNode> => ({ header: field.label, value: (u) => fieldCell(field, answer(u, field.key)), numFmt: FIELD_FMT[field.kind] })),
    { header: hamletHeader.version, value: (u) => reports.get(u.id)?.version ?? null, numFmt: NUM_FMT.integer },
    { header: hamletHeader.author, value: (u) => reports.get(u.id)?.authorName ?? null },
    {
      header: hamletHeader.updatedAt,
      value: (u) => {
        const r = reports.get(u.id);
        return r ? wallClock(r.createdAt) : null;
      },
      numFmt: NUM_FMT.dateTime,
    },
  ];
  writeTable(wb.addWorksheet(form.kind === "election" ? sheetName.election : sheetName.congress), cols, hamlets, 2);
}

function unfinishedSheet(wb: ExcelJS.Workbook, data: ExportData): void {
  const rows = data.ordered.filter((u) => u.level === "hamlet" && !data.coverage.statuses.get(u.id)!.finished);
  const status = (u: UnitNode): HamletStatus => data.coverage.statuses.get(u.id)!;
  const cols: Column<UnitNode>[] = [
    ...placeColumns<UnitNode>(data, (u) => u, unfinishedHeader),
    { header: unfinishedHeader.election, value: (u) => electionStateLabel[status(u).election] },
    { header: unfinishedHeader.congress, value: (u) => congressStateLabel[status(u).congress] },
    { header: unfinishedHeader.reporters, value: (u) => data.reporters.get(u.id)?.join(", ") ?? noReporter },
  ];
  writeTable(wb.addWorksheet(sheetName.unfinished), cols, rows, 2);
}

// ---------------------------------------------------------------------------
// Layout

const MIN_WIDTH = 6;
const MAX_WIDTH = 45;

/** How wide a value reads in its format (a rough character count). */
function shownLength(value: Cell, numFmt: string | undefined): number {
  if (value === null) return 0;
  if (value instanceof Date) return numFmt === NUM_FMT.dateTime ? 16 : 10;
  if (typeof value === "number") return numFmt?.includes("%") ? 7 : Math.max(String(Math.round(value)).length + 2, 4);
  return value.length;
}

/** Bold header row (frozen, with an autofilter), one row per item, widths from the content. */
function writeTable<R>(ws: ExcelJS.Worksheet, cols: readonly Column<R>[], rows: readonly R[], frozenColumns: number): void {
  const header = ws.addRow(cols.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: "middle", wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
    cell.border = { bottom: { style: "thin" } };
  });

  // Long headers wrap; a column is at least as wide as the header's longest word.
  const widths = cols.map((c) => Math.max(Math.min(c.header.length, 16), ...c.header.split(" ").map((w) => w.length)));
  for (const item of rows) {
    const row = ws.addRow(cols.map((c) => c.value(item)));
    cols.forEach((col, i) => {
      const cell = row.getCell(i + 1);
      if (col.numFmt) cell.numFmt = col.numFmt;
      const indent = col.indent?.(item) ?? 0;
      if (indent > 0) cell.alignment = { indent };
      widths[i] = Math.max(widths[i]!, shownLength(cell.value as Cell, col.numFmt) + indent * 2);
    });
  }
  let headerLines = 1;
  cols.forEach((col, i) => {
    const width = Math.min(Math.max(widths[i]! + 2, MIN_WIDTH), MAX_WIDTH);
    ws.getColumn(i + 1).width = width;
    headerLines = Math.max(headerLines, Math.ceil(col.header.length / (width - 1)));
  });
  header.height = 15 * Math.min(headerLines, 4);
  ws.views = [{ state: "frozen", xSplit: frozenColumns, ySplit: 1 }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(rows.length + 1, 1), column: cols.length } };
}

/** "bao-cao-QN-BL-20241215.xlsx": the unit's code and the day (in Vietnam) of the export. */
export function exportFileName(unitCode: string, nowMs: number): string {
  const day = wallClock(nowMs).toISOString().slice(0, 10).replace(/-/g, "");
  const code = unitCode.replace(/[^A-Za-z0-9_-]+/g, "-");
  return `bao-cao-${code}-${day}.xlsx`;
}
