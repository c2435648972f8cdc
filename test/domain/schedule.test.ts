import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { digestTimesOn, dueSlot, vietnamClock, vietnamInstant } from "../../src/domain/schedule.js";

const term = { electionDate: "2024-12-15", congressDeadline: "2025-01-15", bigDayDigestTimes: "09:00,11:00,13:00" };

describe("digest slots", () => {
  it("reads Vietnam wall time regardless of the machine's zone", () => {
    expect(vietnamClock(Date.parse("2024-12-15T10:00:00Z"))).toEqual({ date: "2024-12-15", time: "17:00" });
    expect(vietnamClock(Date.parse("2024-12-15T17:30:00Z"))).toEqual({ date: "2024-12-16", time: "00:30" });
  });

  it("adds the term's extra times on its big days only", () => {
    expect(digestTimesOn("2024-12-15", ["17:00"], term)).toEqual(["09:00", "11:00", "13:00", "17:00"]);
    expect(digestTimesOn("2025-01-15", ["17:00"], term)).toEqual(["09:00", "11:00", "13:00", "17:00"]);
    expect(digestTimesOn("2024-12-16", ["17:00"], term)).toEqual(["17:00"]);
  });

  it("is the latest passed time of the day, late after ten minutes", () => {
    const times = ["09:00", "17:00"];
    expect(dueSlot(vietnamInstant("2024-12-15", "08:59"), times)).toBeUndefined();
    expect(dueSlot(vietnamInstant("2024-12-15", "09:05"), times)).toEqual({ key: "2024-12-15T09:00", label: "09:00 15/12/2024", late: false });
    expect(dueSlot(vietnamInstant("2024-12-15", "16:00"), times)).toMatchObject({ key: "2024-12-15T09:00", late: true });
    expect(dueSlot(vietnamInstant("2024-12-15", "23:59"), times)).toMatchObject({ key: "2024-12-15T17:00", late: true });
  });

  it("never returns a slot in the future (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse("2020-01-01"), max: Date.parse("2030-01-01") }), fc.uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 1, maxLength: 6 }), (now, minutes) => {
        const times = minutes.map((m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
        const slot = dueSlot(now, times);
        if (slot) {
          const [date, time] = slot.key.split("T") as [string, string];
          expect(vietnamInstant(date, time)).toBeLessThanOrEqual(now);
          expect(date).toBe(vietnamClock(now).date);
        }
      }),
    );
  });
});
