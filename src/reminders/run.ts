import { formatCount } from "../domain/parse/number.js";
import { unregisteredHamlets } from "../../db/registration.js";
import { registrationMsg } from "../domain/catalog/registration.js";
import { coverageFor } from "../../db/coverage.js";
import { deliveryQueries, recipientKey, type DeliveryKind } from "../../db/deliveries.js";
import { accountsWithRole, reporterChatsIn } from "../../db/people.js";
import { activeTerm, type TermRecord } from "../../db/terms.js";
import type { UnitRecord } from "../../db/units.js";
import { reminderMsg } from "../domain/catalog/digest.js";
import { statusMsg } from "../domain/catalog/status.js";
import type { HamletStatus } from "../domain/coverage.js";
import { formatDateVi } from "../domain/parse/date.js";
import { vietnamClock, vietnamInstant } from "../domain/schedule.js";
import { escapeHtml } from "../domain/text.js";
import { unitLabel } from "../domain/unit-label.js";
import type { Outbound, Recipient } from "../delivery/outbound.js";
import type { Services } from "../services.js";

const HOUR = 3_600_000;
type Filter = "election" | "congress" | "all";

function missingOf(status: HamletStatus, filter: Filter): string[] {
  const out: string[] = [];
  if (filter !== "congress" && status.election !== "reported") out.push(statusMsg.electionState[status.election]);
  if (filter !== "election" && status.congress !== "reported") out.push(statusMsg.congressState[status.congress]);
  return out;
}

/**
 * Reminders to reporters of hamlets with a missing report (before election
 * day, before the congress deadline, daily after it), escalation of overdue
 * hamlets to commune staff, and staff's "remind everyone" button. Every
 * message is claimed in the delivery ledger first: nobody is reminded twice
 * for the same slot.
 */
export function createReminderRunner(deps: { services: Services; outbound: Outbound; hoursBefore: number }) {
  const { services, outbound } = deps;
  const ledger = deliveryQueries(services.db);

  async function deliver(kind: DeliveryKind, slot: string, to: Recipient, unitId: number, html: string): Promise<"sent" | "skipped" | "failed"> {
    const now = services.clock.now();
    // A channel this process does not run keeps its slot unclaimed.
    if (!outbound.serves(to.channel)) return "failed";
    const key = recipientKey(to.channel, to.chatId, unitId);
    if (!ledger.claim(kind, slot, key, now)) return "skipped";
    const outcome = await outbound.send(to, { html });
    ledger.finish(kind, slot, key, outcome, services.clock.now());
    return outcome === "sent" ? "sent" : "failed";
  }

  /** Reminds the reporters of every hamlet under `unit` that lacks what `filter` asks for. */
  async function remindUnder(term: TermRecord, unit: UnitRecord, filter: Filter, slot: string, text: (hamlet: string, missing: string) => string) {
    const coverage = coverageFor(services.db, term.id, unit.path);
    const chats = reporterChatsIn(services.db, unit.path);
    const tally = { sent: 0, skipped: 0, noReporter: 0, missing: [] as { hamlet: (typeof coverage.units)[number]; missing: string[] }[] };
    for (const hamlet of coverage.units) {
      if (hamlet.level !== "hamlet") continue;
      const missing = missingOf(coverage.statuses.get(hamlet.id)!, filter);
      if (!missing.length) continue;
      tally.missing.push({ hamlet, missing });
      const reporters = chats.get(hamlet.id) ?? [];
      if (!reporters.length) tally.noReporter++;
      for (const reporter of reporters) {
        const result = await deliver("reminder", slot, reporter, hamlet.id, text(escapeHtml(unitLabel(hamlet)), missing.join(", ")));
        if (result === "sent") tally.sent++;
        if (result === "skipped") tally.skipped++;
      }
    }
    return { ...tally, coverage };
  }

  /** One message per commune, to its staff, listing the hamlets still missing after the deadline. */
  async function escalate(slot: string, result: Awaited<ReturnType<typeof remindUnder>>) {
    const byCommune = new Map<number, string[]>();
    for (const { hamlet, missing } of result.missing) {
      if (hamlet.parentId === null) continue;
      byCommune.set(hamlet.parentId, [...(byCommune.get(hamlet.parentId) ?? []), `• ${escapeHtml(hamlet.name)} — ${missing.join(", ")}`]);
    }
    for (const [communeId, lines] of byCommune) {
      const commune = services.units.byId(communeId)!;
      const html = reminderMsg.escalation(escapeHtml(unitLabel(commune)), lines.length, lines.join("\n"));
      for (const staff of accountsWithRole(services.db, "staff", communeId)) {
        await deliver("escalation", slot, staff, communeId, html);
      }
    }
  }

  /** Before election day: each commune's staff get the list of their hamlets with no reporter registered. */
  async function remindStaffOfUnregistered(slot: string) {
    for (const root of services.units.roots()) {
      const byCommune = new Map<number, string[]>();
      for (const hamlet of unregisteredHamlets(services.db, root.path)) {
        if (hamlet.parentId === null) continue;
        byCommune.set(hamlet.parentId, [...(byCommune.get(hamlet.parentId) ?? []), `• ${escapeHtml(unitLabel(hamlet))}`]);
      }
      for (const [communeId, lines] of byCommune) {
        const commune = services.units.byId(communeId)!;
        const html = registrationMsg.staffReminder(escapeHtml(unitLabel(commune)), formatCount(lines.length), lines.join("\n"));
        for (const staff of accountsWithRole(services.db, "staff", communeId)) await deliver("escalation", slot, staff, communeId, html);
      }
    }
  }

  return {
    /** Scheduled: whatever reminder slot is due now. */
    async runDue(): Promise<void> {
      const now = services.clock.now();
      const term = activeTerm(services.db);
      if (!term) return;
      const roots = services.units.roots();
      const before = (day: string) => vietnamInstant(day, "07:00") - deps.hoursBefore * HOUR;
      const events = [
        { slot: `t${term.id}:election-before`, from: before(term.electionDate), until: vietnamInstant(term.electionDate, "07:00"), filter: "election" as const, text: (u: string) => reminderMsg.electionBefore(u, formatDateVi(term.electionDate)) },
        { slot: `t${term.id}:congress-before`, from: before(term.congressDeadline), until: vietnamInstant(term.congressDeadline, "17:00"), filter: "congress" as const, text: (u: string) => reminderMsg.congressBefore(u, formatDateVi(term.congressDeadline)) },
      ];
      for (const event of events) {
        if (now < event.from || now >= event.until) continue;
        for (const root of roots) await remindUnder(term, root, event.filter, event.slot, event.text);
      }
      if (now >= events[0]!.from && now < events[0]!.until) await remindStaffOfUnregistered(`t${term.id}:registration-before`);
      const { date } = vietnamClock(now);
      if (date > term.congressDeadline && now >= vietnamInstant(date, "08:00")) {
        const slot = `t${term.id}:overdue:${date}`;
        for (const root of roots) await escalate(slot, await remindUnder(term, root, "all", slot, reminderMsg.overdue));
      }
    },

    /** "Nhắc tất cả" from /chuaxong: the caller has checked `unit` is in the staff's scope. */
    async remindAllMissing(unit: UnitRecord) {
      const term = activeTerm(services.db);
      if (!term) return undefined;
      const { sent, skipped, noReporter } = await remindUnder(term, unit, "all", `manual:${vietnamClock(services.clock.now()).date}`, reminderMsg.manual);
      return { sent, skipped, noReporter };
    },
  };
}

export type ReminderRunner = ReturnType<typeof createReminderRunner>;
