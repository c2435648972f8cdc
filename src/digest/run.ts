import { digestQueries, type Snapshot } from "../../db/digest.js";
import { deliveryQueries } from "../../db/deliveries.js";
import { activeTerm, type TermRecord } from "../../db/terms.js";
import type { UnitRecord } from "../../db/units.js";
import { digestMsg } from "../domain/catalog/digest.js";
import { digestTimesOn, dueSlot, slotLabel, vietnamClock, type Slot } from "../domain/schedule.js";
import { unitLabel } from "../domain/unit-label.js";
import type { Outgoing } from "../delivery/sender.js";
import type { Outbound, Recipient } from "../delivery/outbound.js";
import type { Services } from "../services.js";
import { buildDigest, type ChartSpec } from "./build.js";

export type ChartRenderer = (spec: ChartSpec) => Promise<Buffer> | Buffer;

/** Builds, renders and delivers digests; the ledger makes every (recipient, slot) go out once. */
export function createDigestRunner(deps: {
  services: Services;
  outbound: Outbound;
  renderChart: ChartRenderer;
  digestTimes: readonly string[];
}) {
  const { services, outbound } = deps;
  const digests = digestQueries(services.db);
  const ledger = deliveryQueries(services.db);

  async function compose(term: TermRecord, unit: UnitRecord, slot: Slot): Promise<{ message: Outgoing; snapshot: Snapshot }> {
    const digest = buildDigest(services.db, digests, term, unit, slot);
    const chart = await deps.renderChart(digest.chart);
    const message = {
      html: digest.html,
      photo: { bytes: chart, filename: `tien-do-${unit.code}.png`, caption: digestMsg.chartCaption(unitLabel(unit), slot.label) },
    };
    return { message, snapshot: digest.snapshot };
  }

  return {
    /** /baocaongay: the digest now, to one chat, outside the schedule. */
    async sendNow(to: Recipient, unit: UnitRecord) {
      const term = activeTerm(services.db);
      if (!term) return outbound.send(to, { html: digestMsg.noTerm });
      const { date, time } = vietnamClock(services.clock.now());
      const { message } = await compose(term, unit, { key: `now:${date}T${time}`, label: slotLabel(date, time), late: false });
      return outbound.send(to, message);
    },

    /** The text and chart data of a unit's digest now (CLI --dry-run). */
    preview(unit: UnitRecord) {
      const term = activeTerm(services.db);
      if (!term) return undefined;
      const { date, time } = vietnamClock(services.clock.now());
      return buildDigest(services.db, digests, term, unit, { key: `now:${date}T${time}`, label: slotLabel(date, time), late: false });
    },

    /** Sends the due slot to every recipient that has not had it yet. Returns how many went out. */
    async runDue(): Promise<number> {
      const now = services.clock.now();
      const term = activeTerm(services.db);
      if (!term) return 0;
      const slot = dueSlot(now, digestTimesOn(vietnamClock(now).date, deps.digestTimes, term));
      if (!slot) return 0;
      const composed = new Map<number, Outgoing>();
      let sent = 0;
      for (const recipient of digests.recipients()) {
        // A channel this process does not run keeps its slot unclaimed (it goes out once that channel runs).
        if (!outbound.serves(recipient.channel)) continue;
        if (!ledger.claim("digest", slot.key, recipient.key, now, slot.late)) continue;
        const unit = services.units.byId(recipient.unitId)!;
        let message = composed.get(unit.id);
        if (!message) {
          const built = await compose(term, unit, slot);
          digests.saveSnapshot(unit.id, term.id, built.snapshot, now);
          composed.set(unit.id, (message = built.message));
        }
        const outcome = await outbound.send(recipient, message);
        ledger.finish("digest", slot.key, recipient.key, outcome, services.clock.now());
        if (outcome === "blocked") digests.markUnreachable(recipient.channel, recipient.chatId, now);
        if (outcome === "sent") sent++;
      }
      return sent;
    },
  };
}

export type DigestRunner = ReturnType<typeof createDigestRunner>;
