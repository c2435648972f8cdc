import { afterEach, describe, expect, it } from "vitest";
import { createHarness, lastText, type Harness } from "./support/harness.js";
import { CONGRESS_ANSWERS, ELECTION_ANSWERS, registered } from "./reports/support.js";
import type { ApiCall } from "../src/channels/local-transport.js";

let h: Harness;
afterEach(() => h?.close());

const sentTo = (calls: ApiCall[]) => calls.filter((c) => c.method === "sendMessage").map((c) => [String(c.payload.chat_id), String(c.payload.text)] as const);
const unitId = (code: string) => (h.db.$client.prepare("select id from units where code = ?").get(code) as { id: number }).id;

async function runDue() {
  const from = h.transport.calls.length;
  await h.bot.reminders.runDue();
  return sentTo(h.transport.since(from));
}

describe("reminders and escalation", () => {
  it("reminds every reporter the day before election day, once", async () => {
    h = createHarness({ now: "2024-12-14T06:59:00+07:00" });
    await registered(h, 1501, "QN-BL-HUCDONG-01", "reporter", "An");
    await registered(h, 1502, "QN-CT-THANHLAN-01", "reporter", "Bình");
    expect(await runDue()).toEqual([]);
    h.clock.set("2024-12-14T07:00:00+07:00");
    const sent = await runDue();
    expect(sent.map(([chat]) => chat).sort()).toEqual(["1501", "1502"]);
    expect(sent[0]![1]).toContain("ngày 15/12/2024 bầu cử trưởng thôn");
    h.clock.advance(3_600_000);
    expect(await runDue()).toEqual([]);
    h.restart();
    expect(await runDue()).toEqual([]);
  });

  it("before the congress deadline reminds only hamlets without a congress report", async () => {
    h = createHarness({ now: "2024-12-15T09:00:00+07:00" });
    const done = await registered(h, 1511, "QN-BL-HUCDONG-01", "reporter", "An");
    await registered(h, 1512, "QN-BL-HUCDONG-02", "reporter", "Khe");
    await done.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu", "/daihoi", ...CONGRESS_ANSWERS, "tap:Lưu"]);
    h.clock.set("2025-01-14T08:00:00+07:00");
    const sent = await runDue();
    expect(sent).toHaveLength(1);
    expect(sent[0]![0]).toBe("1512");
    expect(sent[0]![1]).toContain("hạn báo cáo đại hội chi bộ là ngày 15/01/2025");
  });

  it("after the deadline reminds daily and escalates the overdue hamlets to commune staff", async () => {
    h = createHarness({ now: "2024-12-15T09:00:00+07:00" });
    await registered(h, 1521, "QN-BL-HUCDONG-01", "reporter", "An");
    await registered(h, 1522, "QN-BL-HUCDONG", "staff", "Cán bộ Húc Động");
    await registered(h, 1523, "QN-BL", "staff", "Cán bộ huyện");
    h.clock.set("2025-01-16T08:00:00+07:00");
    const sent = await runDue();
    const toReporter = sent.find(([chat]) => chat === "1521")!;
    expect(toReporter[1]).toContain("còn thiếu: chưa báo cáo bầu cử, chưa đại hội. Đã quá hạn");
    const escalation = sent.find(([chat]) => chat === "1522")!;
    expect(escalation[1]).toContain("<b>xã Húc Động</b> còn 2 chi bộ chưa hoàn thành sau hạn");
    expect(escalation[1]).toContain("• Bản Nà Ếch — chưa báo cáo bầu cử, chưa đại hội");
    expect(escalation[1]).toContain("• Thôn Khe Mạ");
    expect(sent.some(([chat]) => chat === "1523")).toBe(false); // district staff are not commune staff
    expect(await runDue()).toEqual([]);
    h.clock.set("2025-01-17T08:30:00+07:00");
    expect((await runDue()).map(([chat]) => chat).sort()).toEqual(["1521", "1522"]);
    const recorded = h.db.$client.prepare("select kind, count(*) n from deliveries group by kind order by kind").all();
    expect(recorded).toEqual([
      { kind: "escalation", n: 2 },
      { kind: "reminder", n: 2 },
    ]);
  });

  it("'Nhắc tất cả' from /chuaxong reminds the missing reporters in scope, not twice the same day", async () => {
    h = createHarness();
    await registered(h, 1531, "QN-BL-HUCDONG-01", "reporter", "An");
    await registered(h, 1532, "QN-CT-THANHLAN-01", "reporter", "Bình");
    const staff = await registered(h, 1533, "QN-BL-HUCDONG", "staff", "Cán bộ");
    await staff.send("/chuaxong");
    const first = await staff.tap("Nhắc tất cả");
    expect(sentTo(first).map(([chat]) => chat)).toEqual(["1531", "1533"]);
    expect(lastText(first)).toBe("Đã nhắc 1 người báo cáo. 1 thôn chưa có người báo cáo đăng ký.");
    const again = await staff.press(`nx:${unitId("QN-BL-HUCDONG")}`); // the same button, pressed again
    expect(lastText(again)).toContain("Đã nhắc 0 người báo cáo. 1 người đã được nhắc hôm nay nên không nhắc lại.");
    const forged = await staff.press(`nx:${unitId("QN-CT-THANHLAN")}`);
    expect(forged.find((c) => c.method === "answerCallbackQuery")?.payload.text).toContain("ngoài phạm vi");
    expect(sentTo(forged)).toEqual([]);
  });
});
