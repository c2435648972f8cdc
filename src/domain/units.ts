/**
 * The administrative-unit hierarchy as data.
 *
 * A registry is a list of units (code, name, Vietnamese type word, parent code).
 * The level of each unit (province / district / commune / hamlet) follows from its
 * type word; the shape is either province → district → commune → hamlet (before
 * 2025) or province → commune → hamlet (since 1 July 2025). Nothing here assumes
 * that a district level exists.
 *
 * Pure: no database, no grammY.
 */
import { parse } from "csv-parse/sync";
import { unitMsg } from "./catalog/units.js";
import { foldVietnamese } from "./text.js";

export type UnitLevel = "province" | "district" | "commune" | "hamlet";

export interface UnitRow {
  /** 1-based line in the source file (header = line 1). */
  line: number;
  code: string;
  name: string;
  /** Vietnamese type word as written, e.g. "xã", "thị trấn", "khu phố". */
  type: string;
  parentCode: string | null;
}

export interface ExistingUnit {
  code: string;
  parentCode: string | null;
  level: UnitLevel;
}

export type ValidUnit = UnitRow & { level: UnitLevel };

export interface LineError {
  line: number;
  message: string;
}

export type ValidateUnitsResult =
  | { ok: true; units: ValidUnit[] }
  | { ok: false; errors: LineError[] };

export type ParseUnitCsvResult =
  | { ok: true; rows: UnitRow[] }
  | { ok: false; errors: LineError[] };

// ---------------------------------------------------------------------------
// Type words → level

/**
 * Folded type word → level, the one list of Vietnamese unit type words.
 * "thanh pho" is handled separately (depends on parent).
 */
export const TYPE_LEVELS: ReadonlyMap<string, UnitLevel> = new Map<string, UnitLevel>([
  // province
  ["tinh", "province"],
  // district
  ["huyen", "district"],
  ["quan", "district"],
  ["thi xa", "district"],
  // commune
  ["xa", "commune"],
  ["phuong", "commune"],
  ["thi tran", "commune"],
  ["dac khu", "commune"],
  // hamlet
  ["thon", "hamlet"],
  ["ban", "hamlet"],
  ["lang", "hamlet"],
  ["ap", "hamlet"],
  ["khu", "hamlet"],
  ["khu pho", "hamlet"],
  ["khu dan cu", "hamlet"],
  ["to dan pho", "hamlet"],
  ["xom", "hamlet"],
  ["buon", "hamlet"],
  ["khom", "hamlet"],
  ["khoi", "hamlet"],
  ["khoi pho", "hamlet"],
  ["to", "hamlet"],
]);

/**
 * Level of a unit from its Vietnamese type word (case- and diacritic-insensitive).
 * "thành phố" is a province when it has no parent (a centrally-run city), a
 * district otherwise (a provincial city). Unknown word → undefined.
 */
export function levelOfType(type: string, hasParent: boolean): UnitLevel | undefined {
  const t = foldVietnamese(type);
  if (t === "thanh pho") return hasParent ? "district" : "province";
  return TYPE_LEVELS.get(t);
}

/** The levels a unit's parent may have. Province: none (must be a root). */
const ALLOWED_PARENT: Record<UnitLevel, readonly UnitLevel[]> = {
  province: [],
  district: ["province"],
  commune: ["district", "province"],
  hamlet: ["commune"],
};

// ---------------------------------------------------------------------------
// Validation

function isBlank(s: string | null | undefined): boolean {
  return s === null || s === undefined || s.trim() === "";
}

function parentOf(row: UnitRow): string | null {
  return isBlank(row.parentCode) ? null : row.parentCode!.trim();
}

/**
 * Check a batch of unit rows against each other and against the units already in
 * the system. Rows whose code already exists are updates (allowed). Codes are
 * compared exactly (trimmed, case-sensitive). On success the units are returned
 * parents-before-children (otherwise in file order), with codes trimmed and an
 * empty parent code as null. On failure every error is returned, sorted by line.
 */
export function validateUnitRows(rows: UnitRow[], existing: ExistingUnit[]): ValidateUnitsResult {
  const errors: LineError[] = [];
  const err = (line: number, message: string): void => {
    errors.push({ line, message });
  };

  const existingByCode = new Map<string, ExistingUnit>();
  for (const u of existing) existingByCode.set(u.code, u);

  // 1. Per-row checks; first occurrence of each code wins, later ones are duplicates.
  const firstByCode = new Map<string, UnitRow>();
  const levelByRow = new Map<UnitRow, UnitLevel>(); // rows whose own type is fine
  const accepted: UnitRow[] = []; // non-duplicate rows with a code
  for (const row of rows) {
    const code = row.code.trim();
    if (code === "") {
      err(row.line, unitMsg.emptyCode(row.line));
      continue;
    }
    const first = firstByCode.get(code);
    if (first) {
      err(row.line, unitMsg.duplicateCode(row.line, code, first.line));
      continue;
    }
    firstByCode.set(code, row);
    accepted.push(row);

    if (isBlank(row.name)) err(row.line, unitMsg.emptyName(row.line, code));

    const parent = parentOf(row);
    if (isBlank(row.type)) {
      err(row.line, unitMsg.emptyType(row.line, code));
    } else {
      const level = levelOfType(row.type, parent !== null);
      if (level === undefined) err(row.line, unitMsg.unknownType(row.line, row.type.trim()));
      else levelByRow.set(row, level);
    }
  }

  // Effective parent of any code after this import: the file overrides `existing`.
  const effectiveParent = (code: string): string | null | undefined => {
    const row = firstByCode.get(code);
    if (row) return parentOf(row);
    const ex = existingByCode.get(code);
    return ex ? ex.parentCode : undefined;
  };
  // Effective level after this import (undefined if unknown or the row is broken).
  const effectiveLevel = (code: string): UnitLevel | undefined => {
    const row = firstByCode.get(code);
    if (row) return levelByRow.get(row);
    return existingByCode.get(code)?.level;
  };

  // 2. Parent links: self-parent, unknown parent, cycles.
  const linkBroken = new Set<string>(); // codes whose own parent link is bad
  for (const row of accepted) {
    const code = row.code.trim();
    const parent = parentOf(row);
    if (parent === null) continue;
    if (parent === code) {
      err(row.line, unitMsg.selfParent(row.line, code));
      linkBroken.add(code);
    } else if (!firstByCode.has(parent) && !existingByCode.has(parent)) {
      err(row.line, unitMsg.unknownParent(row.line, code, parent));
      linkBroken.add(code);
    }
  }

  // Cycles: follow effective parents from every file row. Each cycle is reported
  // once, on the lowest file line among its members.
  const inCycle = new Set<string>();
  const settled = new Set<string>(); // codes known to reach a root (or a broken link)
  for (const row of accepted) {
    const start = row.code.trim();
    if (settled.has(start) || inCycle.has(start)) continue;
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let cur: string | null | undefined = start;
    while (cur !== null && cur !== undefined) {
      if (settled.has(cur) || inCycle.has(cur) || linkBroken.has(cur)) break;
      const seenAt = onPath.get(cur);
      if (seenAt !== undefined) {
        const members = path.slice(seenAt);
        for (const m of members) inCycle.add(m);
        const fileMembers = members
          .map((m) => firstByCode.get(m))
          .filter((r): r is UnitRow => r !== undefined);
        // Start the printed loop at the member with the lowest line.
        let startIdx = 0;
        let bestLine = Number.POSITIVE_INFINITY;
        members.forEach((m, i) => {
          const r = firstByCode.get(m);
          if (r && r.line < bestLine) {
            bestLine = r.line;
            startIdx = i;
          }
        });
        const rotated = [...members.slice(startIdx), ...members.slice(0, startIdx)];
        // A cycle reached from a file row always contains one, but be safe.
        const line = fileMembers.length > 0 ? bestLine : row.line;
        const first = rotated[0];
        if (first !== undefined) err(line, unitMsg.cycle(line, [...rotated, first]));
        break;
      }
      onPath.set(cur, path.length);
      path.push(cur);
      cur = effectiveParent(cur);
    }
    for (const p of path) if (!inCycle.has(p)) settled.add(p);
  }

  // 3. Level ordering (skipped where the row's type or parent link is already wrong).
  for (const row of accepted) {
    const code = row.code.trim();
    const level = levelByRow.get(row);
    if (level === undefined || inCycle.has(code) || linkBroken.has(code)) continue;
    const parent = parentOf(row);
    if (level === "province") {
      // "tỉnh" with a parent. ("thành phố" with a parent is a district, never here.)
      if (parent !== null) err(row.line, unitMsg.provinceHasParent(row.line, code, parent));
      continue;
    }
    if (parent === null) {
      err(row.line, unitMsg.missingParent(row.line, code, level));
      continue;
    }
    const parentLevel = effectiveLevel(parent);
    if (parentLevel === undefined) continue; // parent row broken: reported there
    if (!ALLOWED_PARENT[level].includes(parentLevel)) {
      err(row.line, unitMsg.wrongParentLevel(row.line, code, level, parent, parentLevel));
    }
  }

  // Re-import changing a unit's level must not strand its existing children
  // (children not re-imported in this file; those are checked above).
  const existingChildren = new Map<string, ExistingUnit[]>();
  for (const u of existing) {
    if (u.parentCode === null || firstByCode.has(u.code)) continue;
    const list = existingChildren.get(u.parentCode);
    if (list) list.push(u);
    else existingChildren.set(u.parentCode, [u]);
  }
  for (const row of accepted) {
    const code = row.code.trim();
    const level = levelByRow.get(row);
    if (level === undefined) continue;
    const ex = existingByCode.get(code);
    if (!ex || ex.level === level) continue;
    for (const child of existingChildren.get(code) ?? []) {
      if (!ALLOWED_PARENT[child.level].includes(level)) {
        err(row.line, unitMsg.existingChildWrongLevel(row.line, code, level, child.code, child.level));
        break; // one example is enough
      }
    }
  }

  if (errors.length > 0) {
    // Stable sort by line: messages for one line stay in check order.
    errors.sort((a, b) => a.line - b.line);
    return { ok: false, errors };
  }

  // 4. Topological order: each row after its in-file ancestors, otherwise file order.
  const units: ValidUnit[] = [];
  const emitted = new Set<string>();
  for (const row of accepted) {
    const chain: UnitRow[] = [];
    let cur: UnitRow | undefined = row;
    while (cur && !emitted.has(cur.code.trim())) {
      chain.push(cur);
      const p = parentOf(cur);
      cur = p === null ? undefined : firstByCode.get(p);
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const r = chain[i]!;
      emitted.add(r.code.trim());
      units.push({ ...r, code: r.code.trim(), parentCode: parentOf(r), level: levelByRow.get(r)! });
    }
  }
  return { ok: true, units };
}

// ---------------------------------------------------------------------------
// CSV

const HEADER = ["code", "name", "type", "parent_code"] as const;

interface CsvParseError extends Error {
  code?: string;
  lines?: number;
}

const LINE_BREAK = /\r\n|\n|\r/g;

/**
 * Line (1-based) where the last still-open quoted field starts. csv-parse reports
 * the end of the file for an unclosed quote; users need the line that opened it.
 * Mirrors the parser's rules: a quote opens a field only at the field's start
 * (stray quotes inside a field are text, as with `relax_quotes`), "" is an escape.
 */
function unclosedQuoteLine(text: string): number {
  let line = 1;
  let inQuotes = false;
  let openedAt = 1;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const isBreak = ch === "\n" || (ch === "\r" && text[i + 1] !== "\n");
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      } else if (isBreak) line++;
      continue;
    }
    if (isBreak) {
      line++;
      atFieldStart = true;
    } else if (ch === ",") {
      atFieldStart = true;
    } else if (ch === '"' && atFieldStart) {
      inQuotes = true;
      openedAt = line;
      atFieldStart = false;
    } else if (ch !== " " && ch !== "\t" && ch !== "\r" && ch !== "\uFEFF") {
      atFieldStart = false;
    }
  }
  return openedAt;
}

/**
 * Read a unit registry CSV (header `code,name,type,parent_code`). Handles quotes,
 * a UTF-8 BOM and CRLF. Fields are trimmed; names and types are NFC-normalised
 * with runs of whitespace collapsed to one space;
 * an empty parent_code becomes null. Blank lines (and lines of only commas) are
 * skipped. Line numbers are 1-based file lines, header = line 1; a quoted field
 * spanning several lines is reported at the line where its record starts.
 */
export function parseUnitCsv(text: string): ParseUnitCsvResult {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      relax_quotes: true, // a stray quote inside an unquoted field is kept as text
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (e) {
    const ce = e as CsvParseError;
    let line = typeof ce.lines === "number" && ce.lines > 0 ? ce.lines : 1;
    let message: string;
    if (ce.code === "CSV_QUOTE_NOT_CLOSED") {
      line = unclosedQuoteLine(text);
      message = unitMsg.quoteNotClosed(line);
    } else if (
      ce.code === "CSV_INVALID_CLOSING_QUOTE" ||
      ce.code === "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE"
    ) {
      message = unitMsg.badQuote(line);
    } else {
      message = unitMsg.csvError(line, ce.message);
    }
    return { ok: false, errors: [{ line, message }] };
  }

  const startLine = (r: { record: string[]; info: { lines: number } }): number => {
    // info.lines is the line where the record ends; line breaks can only sit inside
    // quoted fields, where they are kept in the values.
    let inner = 0;
    for (const f of r.record) inner += f.match(LINE_BREAK)?.length ?? 0;
    return r.info.lines - inner;
  };

  const first = records[0];
  if (first === undefined) return { ok: false, errors: [{ line: 1, message: unitMsg.emptyFile() }] };
  const header = first.record.map((h) => h.trim().toLowerCase());
  const headerLine = startLine(first);
  if (header.length !== HEADER.length || header.some((h, i) => h !== HEADER[i])) {
    return {
      ok: false,
      errors: [{ line: headerLine, message: unitMsg.badHeader(first.record.map((h) => h.trim()).join(",")) }],
    };
  }

  const errors: LineError[] = [];
  const rows: UnitRow[] = [];
  for (const r of records.slice(1)) {
    const line = startLine(r);
    const fields = r.record.map((f) => f.trim());
    if (fields.every((f) => f === "")) continue; // ",,," lines from spreadsheets
    if (fields.length !== HEADER.length) {
      errors.push({ line, message: unitMsg.wrongColumnCount(line, fields.length) });
      continue;
    }
    const [code, name, type, parentCode] = fields as [string, string, string, string];
    rows.push({
      line,
      code,
      name: name.normalize("NFC").replace(/\s+/g, " "),
      type: type.normalize("NFC").replace(/\s+/g, " "),
      parentCode: parentCode === "" ? null : parentCode,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, rows };
}
