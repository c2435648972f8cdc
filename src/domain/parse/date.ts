import { dateMsg } from "../catalog/parse.js";
import { foldVietnamese } from "../text.js";
import { normalizeInput } from "./width.js";
import { fail, ok, type Parsed } from "./result.js";

/**
 * Calendar days are plain ISO strings "YYYY-MM-DD" everywhere; no Date objects leak out.
 */

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
/** A day/month without year is put in the previous year if it would be more than this many days after today. */
export const NO_YEAR_FUTURE_LIMIT_DAYS = 31;

const ISO_STRICT = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INPUT = /^(\d{4}) ?- ?(\d{1,2}) ?- ?(\d{1,2})$/;
const DMY_INPUT = /^(\d{1,2}) ?[/.-] ?(\d{1,2})(?: ?[/.-] ?(\d{4}|\d{2}))?$/;
/** In words (folded, "ngày" already removed): "15 tháng 12 năm 2024", "15 tháng 12, 2024", "15 tháng 12". */
const DMY_WORDS = /^(\d{1,2}) thang (\d{1,2})(?:,? (?:nam )?(\d{4}|\d{2}))?$/;
/** "ngày", "mùng" / "mồng" (days 1–10) before the day: "ngày 15 tháng 12", "mùng 5 tháng 1". */
const DAY_WORD = /^(?:ngay ?)?(?:(?:mung|mong) )?/;

const RELATIVE_DAYS: ReadonlyMap<string, number> = new Map([
  ["hom nay", 0],
  ["nay", 0],
  ["hom qua", -1],
  ["hom kia", -2],
]);

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function toIso(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function splitIso(iso: string): Ymd | null {
  const m = ISO_STRICT.exec(iso);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return { y, m: mo, d };
}

function requireIso(iso: string, what: string): Ymd {
  const p = splitIso(iso);
  if (!p) throw new RangeError(`${what}: not a valid ISO calendar day "YYYY-MM-DD": ${JSON.stringify(iso)}`);
  return p;
}

/** True for an existing calendar day written exactly as "YYYY-MM-DD". */
export function isValidIsoDate(s: string): boolean {
  return splitIso(s) !== null;
}

/** Add (or subtract, for negative n) whole days. Throws on a malformed ISO string. */
export function addDays(iso: string, n: number): string {
  const p = requireIso(iso, "addDays");
  const dt = new Date(0);
  dt.setUTCFullYear(p.y, p.m - 1, p.d + Math.trunc(n));
  return toIso(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

/** -1, 0 or 1, like a sort comparator. */
export function compareIso(a: string, b: string): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "2024-12-15" → "15/12/2024". */
export function formatDateVi(iso: string): string {
  const p = requireIso(iso, "formatDateVi");
  return `${pad(p.d, 2)}/${pad(p.m, 2)}/${pad(p.y, 4)}`;
}

const VIETNAM_DAY = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Ho_Chi_Minh",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day in Vietnam (Asia/Ho_Chi_Minh) at instant `now`, as "YYYY-MM-DD". */
export function todayInVietnam(now: Date): string {
  const parts = VIETNAM_DAY.formatToParts(now);
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return toIso(get("year"), get("month"), get("day"));
}

/**
 * Parse a calendar day typed by a user. `today` ("YYYY-MM-DD", Vietnam time) anchors
 * relative words and day/month without year. Accepts "15/12/2024", "15-12-2024",
 * "15.12.2024", "5/1/2020", "15/12/24", "15/12", "2024-12-15", "hôm nay", "hôm qua",
 * "hôm kia" (optionally prefixed by "ngày"), and in words: "ngày 15 tháng 12 năm 2024",
 * "15 tháng 12", "mùng 5 tháng 1". Full-width digits are read as digits. Throws only if
 * `today` is malformed.
 */
export function parseDate(input: string, today: string): Parsed<string> {
  requireIso(today, "parseDate(today)");
  const raw = normalizeInput(input);
  if (raw === "") return fail(dateMsg.empty);

  const s = foldVietnamese(raw).replace(DAY_WORD, "");

  const offset = RELATIVE_DAYS.get(s);
  if (offset !== undefined) return ok(addDays(today, offset));

  let y: number;
  let m: number;
  let d: number;
  const iso = ISO_INPUT.exec(s);
  const dmy = iso ? null : (DMY_INPUT.exec(s) ?? DMY_WORDS.exec(s));
  if (iso) {
    y = Number(iso[1]);
    m = Number(iso[2]);
    d = Number(iso[3]);
  } else if (dmy) {
    d = Number(dmy[1]);
    m = Number(dmy[2]);
    const yearText = dmy[3];
    if (yearText === undefined) {
      y = yearForDayMonth(d, m, today);
    } else {
      y = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    }
  } else {
    return fail(dateMsg.notADate(raw));
  }

  if (m < 1 || m > 12) return fail(dateMsg.invalidMonth(raw, m));
  if (y < MIN_YEAR || y > MAX_YEAR) return fail(dateMsg.yearOutOfRange(raw, MIN_YEAR, MAX_YEAR));
  if (d < 1) return fail(dateMsg.notADate(raw));
  const dim = daysInMonth(y, m);
  if (d > dim) return fail(dateMsg.impossibleDate(d, m, y, dim));
  return ok(toIso(y, m, d));
}

/**
 * Year for a day/month typed without a year: today's year, unless that puts the day
 * more than {@link NO_YEAR_FUTURE_LIMIT_DAYS} days after today, then the previous year.
 * Compared as strings so that 29/02 of a non-leap year still orders correctly.
 */
function yearForDayMonth(d: number, m: number, today: string): number {
  const year = Number(today.slice(0, 4));
  const candidate = toIso(year, m, d);
  const limit = addDays(today, NO_YEAR_FUTURE_LIMIT_DAYS);
  return candidate > limit ? year - 1 : year;
}
