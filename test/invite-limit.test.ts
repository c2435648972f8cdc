import { afterEach, describe, expect, it } from "vitest";
import { MAX_WRONG_CODES_PER_MINUTE_ALL } from "../src/domain/invite-code.js";
import { createHarness, lastText, type Harness } from "./support/harness.js";

/** Issue 13, item 5: a swarm of new accounts cannot try invite codes quickly. */

let h: Harness;
afterEach(() => h?.close());

const BUSY = "Hệ thống đang tạm ngừng kiểm tra mã mời";
const accounts = () => (h.db.$client.prepare("select count(*) n from accounts").get() as { n: number }).n;

describe("wrong invite codes, all accounts together", () => {
  it("past the limit per minute no code is checked, with a clear message; after the minute codes work again", async () => {
    h = createHarness();
    const good = h.invite("QN-BL-HUCDONG-01", "reporter", { personName: "An" });
    const replies: string[] = [];
    // 40 new accounts, one wrong code each (each far under its own hourly limit).
    for (let i = 0; i < 40; i++) replies.push(lastText(await h.user(2000 + i).send(`/start WRONG${String(i).padStart(5, "0")}`)));
    expect(replies.filter((r) => r.includes("Mã mời không đúng"))).toHaveLength(MAX_WRONG_CODES_PER_MINUTE_ALL);
    expect(replies.slice(MAX_WRONG_CODES_PER_MINUTE_ALL).every((r) => r.includes(BUSY))).toBe(true);
    // Refused attempts were not checked, so they are not counted either.
    expect(h.db.$client.prepare("select count(*) n from invite_failures").get()).toEqual({ n: MAX_WRONG_CODES_PER_MINUTE_ALL });

    // While it lasts even a right code is not checked (or guessing would go on).
    expect(lastText(await h.user(2100, "An").send(`/start ${good}`))).toContain(BUSY);
    expect(accounts()).toBe(0);

    h.clock.advance(60_001);
    expect(lastText(await h.user(2100, "An").send(`/start ${good}`))).toContain("Chào mừng");
    expect(accounts()).toBe(1);
  });

  it("keeps the per-account limit (5 wrong codes an hour)", async () => {
    h = createHarness();
    const user = h.user(2200);
    for (let i = 0; i < 5; i++) expect(lastText(await user.send(`/start WRONG${i}AAAA`))).toContain("Mã mời không đúng");
    expect(lastText(await user.send("/start WRONG9AAAA"))).toContain("quá 5 lần trong một giờ");
    // Others are not affected by one account's limit.
    const code = h.invite("QN-BL-HUCDONG-01", "reporter");
    expect(lastText(await h.user(2201).send(`/start ${code}`))).toContain("Chào mừng");
  });
});
