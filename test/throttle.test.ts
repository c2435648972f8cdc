import { describe, expect, it } from "vitest";
import { createThrottle } from "../src/delivery/sender.js";

/** A clock that only moves when the throttle sleeps. */
function virtualTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe("scheduled-message throttle", () => {
  it("keeps private chats at most 25 messages per second overall", async () => {
    const t = virtualTime();
    const throttle = createThrottle({ perSecond: 25, groupPerMinute: 20, now: t.now, sleep: t.sleep });
    const sentAt: number[] = [];
    for (let i = 0; i < 50; i++) {
      await throttle(String(1000 + i));
      sentAt.push(t.now());
    }
    expect(sentAt[49]! - sentAt[0]!).toBeGreaterThanOrEqual(49 * 40);
    for (let i = 25; i < 50; i++) expect(sentAt[i]! - sentAt[i - 25]!).toBeGreaterThanOrEqual(1000);
  });

  it("spaces messages to one group 3 seconds apart (20 per minute) without holding back others", async () => {
    const t = virtualTime();
    const throttle = createThrottle({ perSecond: 25, groupPerMinute: 20, now: t.now, sleep: t.sleep });
    await throttle("-100777");
    const firstGroup = t.now();
    await throttle("-100777");
    expect(t.now() - firstGroup).toBe(3000);
    const before = t.now();
    await throttle("42");
    expect(t.now() - before).toBeLessThanOrEqual(40);
  });

  it("gives concurrent callers distinct slots", async () => {
    const t = virtualTime();
    const throttle = createThrottle({ perSecond: 10, groupPerMinute: 20, now: t.now, sleep: t.sleep });
    const times: number[] = [];
    await Promise.all([1, 2, 3, 4].map(async (id) => {
      await throttle(String(id));
      times.push(t.now());
    }));
    expect(new Set(times).size).toBe(4);
  });
});
