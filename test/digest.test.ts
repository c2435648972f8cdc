import { afterEach, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { createHarness, lastText, texts, type Harness } from "./support/harness.js";
import { ELECTION_ANSWERS, registered } from "./reports/support.js";
import type { ApiCall } from "../src/channels/local-transport.js";

let h: Harness;
afterEach(() => h?.close());

const digestTexts = (calls: ApiCall[]) => calls.filter((c) => c.method === "sendMessage" && String(c.payload.text).startsWith("📊"));
const ledger = () => h.db.$client.prepare("select recipient, slot, status, late from deliveries where kind = 'digest' order by id").all();

async function runDue() {
  const from = h.transport.calls.length;
  const sent = await h.bot.digest.runDue();
  return { sent, calls: h.transport.since(from) };
}

describe("daily digest", () => {
  it("goes out once at 17:00 to each leader, with the figures, the change since last time and a PNG chart", async () => {
    h = createHarness({ now: "2024-12-15T16:59:00+07:00" });
    await registered(h, 1401, "QN-BL", "leader", "Lãnh đạo huyện");
    await registered(h, 1402, "QN", "leader", "Lãnh đạo tỉnh");
    const reporter = await registered(h, 1403, "QN-BL-HUCDONG-01", "reporter", "An");
    expect((await runDue()).sent).toBe(0);

    h.clock.set("2024-12-15T17:00:00+07:00");
    const first = await runDue();
    expect(first.sent).toBe(2);
    const district = digestTexts(first.calls).find((c) => c.payload.chat_id === "1401")!;
    expect(district.payload.text).toContain("📊 <b>Báo cáo tiến độ — huyện Bình Liêu</b>");
    expect(district.payload.text).toContain("Số liệu lúc 17:00 15/12/2024");
    expect(district.payload.text).not.toContain("gửi muộn");
    expect(district.payload.text).toContain("Bầu cử trưởng thôn: <b>0/3</b> (0%)");
    const photo = first.calls.find((c) => c.method === "sendPhoto" && String(c.payload.chat_id) === "1401")!;
    const png = photo.payload.files.photo.bytes as Buffer;
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(1000); // IHDR width
    expect(photo.payload.caption).toContain("huyện Bình Liêu");

    // Another tick in the same slot sends nothing.
    expect((await runDue()).sent).toBe(0);

    // Next day: the change since the previous digest is shown.
    await reporter.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);
    h.clock.set("2024-12-16T17:00:30+07:00");
    const next = digestTexts((await runDue()).calls).find((c) => c.payload.chat_id === "1401")!;
    expect(next.payload.text).toContain("Bầu cử trưởng thôn: <b>1/3</b> (33,3%) ▲ +1");
  });

  it("after a downtime over 17:00 sends once at start, marked late; a restart right after sends nothing more", async () => {
    h = createHarness({ now: "2024-12-15T19:30:00+07:00" });
    await registered(h, 1411, "QN-BL", "leader", "Lãnh đạo");
    const late = await runDue();
    expect(late.sent).toBe(1);
    expect(digestTexts(late.calls)[0]!.payload.text).toContain("gửi muộn");
    h.restart();
    expect((await runDue()).sent).toBe(0);
    expect(ledger()).toEqual([{ recipient: "chat:1411:unit:2", slot: "2024-12-15T17:00", status: "sent", late: 1 }]);
    // Not the next morning: yesterday's slot is over, today's is not due yet.
    h.clock.set("2024-12-16T08:00:00+07:00");
    expect((await runDue()).sent).toBe(0);
  });

  it("survives a 429 (honouring retry_after) and a 5xx: every recipient gets exactly one digest", async () => {
    const failures: Record<string, number> = { "1421": 1, "1422": 1 };
    h = createHarness({
      now: "2024-12-15T17:00:00+07:00",
      respond: (call) => {
        const chat = String(call.payload.chat_id);
        if (call.method !== "sendMessage" || !String(call.payload.text).startsWith("📊") || !failures[chat]) return undefined;
        failures[chat]!--;
        return chat === "1421"
          ? { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } }
          : { ok: false, error_code: 502, description: "Bad Gateway" };
      },
    });
    for (const id of [1421, 1422, 1423]) await registered(h, id, "QN-BL", "leader", `Lãnh đạo ${id}`);
    const { sent, calls } = await runDue();
    expect(sent).toBe(3);
    const attempts = digestTexts(calls).map((c) => String(c.payload.chat_id)).sort();
    expect(attempts).toEqual(["1421", "1421", "1422", "1422", "1423"]);
    expect((h.db.$client.prepare("select count(*) n from deliveries where status = 'sent'").get() as { n: number }).n).toBe(3);
  }, 20_000);

  it("marks a leader who blocked the bot and skips them from then on", async () => {
    h = createHarness({
      now: "2024-12-15T17:00:00+07:00",
      respond: (call) =>
        call.method === "sendMessage" && call.payload.chat_id === "1431" && String(call.payload.text).startsWith("📊")
          ? { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }
          : undefined,
    });
    await registered(h, 1431, "QN-BL", "leader", "Lãnh đạo chặn bot");
    await registered(h, 1432, "QN-BL", "leader", "Lãnh đạo khác");
    expect((await runDue()).sent).toBe(1);
    expect(ledger()).toContainEqual(expect.objectContaining({ recipient: "chat:1431:unit:2", status: "blocked" }));
    h.clock.set("2024-12-16T17:00:00+07:00");
    const next = await runDue();
    expect(digestTexts(next.calls).map((c) => c.payload.chat_id)).toEqual(["1432"]);
  });

  it("/baocaongay sends the digest now; /nhanbaocao turns the daily one off and on", async () => {
    h = createHarness({ now: "2024-12-15T10:00:00+07:00" });
    const leader = await registered(h, 1441, "QN-BL", "leader", "Lãnh đạo");
    const now = await leader.send("/baocaongay");
    expect(digestTexts(now)[0]!.payload.text).toContain("Số liệu lúc 10:00 15/12/2024");
    expect(now.some((c) => c.method === "sendPhoto")).toBe(true);

    expect(lastText(await leader.send("/nhanbaocao"))).toContain("Đã tắt");
    h.clock.set("2024-12-15T17:00:00+07:00");
    expect((await runDue()).sent).toBe(0);
    expect(lastText(await leader.send("/nhanbaocao"))).toContain("Bạn sẽ nhận");
    expect((await runDue()).sent).toBe(1);

    const reporter = await registered(h, 1442, "QN-BL-HUCDONG-01", "reporter", "An");
    expect(lastText(await reporter.send("/baocaongay"))).toContain("không có quyền");
  });

  it("/dangkynhom registers a group for the leader's scope; the group gets the digest", async () => {
    h = createHarness({ now: "2024-12-15T16:00:00+07:00" });
    const leader = await registered(h, 1451, "QN-BL", "leader", "Lãnh đạo");
    expect(lastText(await leader.send("/dangkynhom"))).toContain("chỉ dùng trong nhóm");
    const inGroup: Update = {
      update_id: 9_100_001,
      message: {
        message_id: 5,
        date: 0,
        chat: { id: -100777, type: "supergroup", title: "Ban Thường vụ Bình Liêu" },
        from: { id: 1451, is_bot: false, first_name: "Lãnh đạo" },
        text: "/dangkynhom",
        entities: [{ type: "bot_command", offset: 0, length: 11 }],
      },
    } as Update;
    expect(texts(await leader.deliver(inGroup))[0]).toContain("Nhóm này sẽ nhận báo cáo tiến độ hằng ngày của huyện Bình Liêu");
    h.clock.set("2024-12-15T17:00:00+07:00");
    const { calls } = await runDue();
    expect(digestTexts(calls).map((c) => c.payload.chat_id).sort()).toEqual(["-100777", "1451"]);
  });
});
