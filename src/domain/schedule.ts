import { formatDateVi } from "./parse/date.js";

export const VIETNAM_TZ = "Asia/Ho_Chi_Minh";
/** A digest sent more than this after its time says it is late. */
export const LATE_AFTER_MS = 10 * 60_000;

const parts = new Intl.DateTimeFormat("en-CA", {
  timeZone: VIETNAM_TZ,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** Wall-clock date and time in Vietnam. */
export function vietnamClock(now: number): { date: string; time: string } {
  const p = Object.fromEntries(parts.formatToParts(now).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** Epoch ms of a Vietnam wall-clock date and time (UTC+7, no daylight saving). */
export function vietnamInstant(date: string, time: string): number {
  return Date.parse(`${date}T${time}:00+07:00`);
}

export function slotLabel(date: string, time: string): string {
  return `${time} ${formatDateVi(date)}`;
}

/** The day's digest times: the configured ones plus the term's extra times on its big days. */
export function digestTimesOn(date: string, baseTimes: readonly string[], term?: { electionDate: string; congressDeadline: string; bigDayDigestTimes: string | null }): string[] {
  const extra = term && (date === term.electionDate || date === term.congressDeadline) ? (term.bigDayDigestTimes ?? "").split(",").map((t) => t.trim()).filter(Boolean) : [];
  return [...new Set([...baseTimes, ...extra])].sort();
}

export interface Slot {
  key: string;
  label: string;
  late: boolean;
}

/**
 * The slot due now: the latest of today's times that has passed. Earlier
 * slots missed the same day are not sent separately; the latest carries the
 * current figures, marked late when it goes out well after its time.
 */
export function dueSlot(now: number, times: readonly string[]): Slot | undefined {
  const { date } = vietnamClock(now);
  const passed = times.filter((t) => vietnamInstant(date, t) <= now).sort();
  const time = passed[passed.length - 1];
  if (!time) return undefined;
  return { key: `${date}T${time}`, label: slotLabel(date, time), late: now - vietnamInstant(date, time) > LATE_AFTER_MS };
}
