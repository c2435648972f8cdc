import { activateTerm, createTerm, listTerms } from "../../db/terms.js";
import type { Db } from "../../db/client.js";
import { compareIso, isValidIsoDate } from "../domain/parse/date.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./io.js";

function isoDay(value: string | undefined, flag: string): string {
  if (!value || !isValidIsoDate(value)) {
    throw new UsageError(`--${flag} must be a calendar day YYYY-MM-DD (got ${value ?? "nothing"})`);
  }
  return value;
}

function ratio(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new UsageError(`--${flag} must be a fraction between 0 and 1 (got ${value})`);
  return n;
}

/** "09:00,11:00" → the same, validated; extra digest times on the election day and the deadline. */
function bigDayTimes(value: string | undefined): string | null {
  if (value === undefined) return null;
  const times = value.split(",").map((t) => t.trim()).filter(Boolean);
  if (!times.length || !times.every((t) => /^([01]\d|2[0-3]):[0-5]\d$/.test(t))) {
    throw new UsageError(`--big-day-times must be HH:MM[,HH:MM…] (got ${value})`);
  }
  return times.join(",");
}

export function termCommand(db: Db, sub: string | undefined, opts: Record<string, string | undefined>, io: CliIo): number {
  switch (sub) {
    case "create": {
      if (!opts.name) throw new UsageError("--name is required");
      const electionDate = isoDay(opts["election-date"], "election-date");
      const congressDeadline = isoDay(opts["congress-deadline"], "congress-deadline");
      if (compareIso(congressDeadline, electionDate) < 0) throw new UsageError("--congress-deadline is before --election-date");
      const term = createTerm(db, {
        name: opts.name,
        electionDate,
        congressDeadline,
        windowStart: opts["window-start"] ? isoDay(opts["window-start"], "window-start") : electionDate,
        windowEnd: opts["window-end"] ? isoDay(opts["window-end"], "window-end") : congressDeadline,
        turnoutThreshold: ratio(opts.turnout, 0.5, "turnout"),
        majorityThreshold: ratio(opts.majority, 0.5, "majority"),
        quorumThreshold: ratio(opts.quorum, 2 / 3, "quorum"),
        bigDayDigestTimes: bigDayTimes(opts["big-day-times"]),
        active: listTerms(db).length === 0,
      });
      io.out(`Đã tạo nhiệm kỳ ${term.name}${term.active ? " (đang áp dụng)" : ""}. / Term ${term.name} created${term.active ? " and active" : ""}.`);
      return 0;
    }
    case "list": {
      for (const t of listTerms(db)) {
        io.out(`${t.active ? "*" : " "} ${t.name}  election ${t.electionDate}  congress by ${t.congressDeadline}  window ${t.windowStart}..${t.windowEnd}`);
      }
      return 0;
    }
    case "activate": {
      const name = opts.name;
      if (!name) throw new UsageError("--name is required");
      const term = activateTerm(db, name);
      if (!term) {
        io.err(`Không có nhiệm kỳ "${name}". / No term named "${name}".`);
        return 1;
      }
      io.out(`Nhiệm kỳ ${term.name} đang áp dụng. / Term ${term.name} is now active.`);
      return 0;
    }
    default:
      throw new UsageError("term create|list|activate");
  }
}
