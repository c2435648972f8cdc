import { afterEach, describe, expect, it } from "vitest";
import { createHarness, lastText, texts, type Harness } from "../support/harness.js";
import { conversationRows, ELECTION_ANSWERS, registered, versions } from "./support.js";

let h: Harness;
afterEach(() => h?.close());

describe("report robustness", () => {
  it("survives a restart mid-conversation (new Bot, same database)", async () => {
    h = createHarness();
    const user = await registered(h, 1101, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/baucu", ...ELECTION_ANSWERS.slice(0, 3)]);
    expect(conversationRows(h)).toBe(1);
    h.restart();
    expect(lastText(await user.tap("Đại học"))).toContain("Trình độ lý luận chính trị");
    await user.script(ELECTION_ANSWERS.slice(4));
    expect(lastText(await user.tap("Lưu"))).toContain("Đã lưu");
    expect(versions(h)).toHaveLength(1);
  });

  it("never saves twice when the save press is delivered again", async () => {
    h = createHarness();
    const user = await registered(h, 1102, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/baucu", ...ELECTION_ANSWERS]);
    const saveButton = (h.transport.calls.at(-1)!.payload.reply_markup.inline_keyboard as { callback_data: string }[][])[0]![0]!.callback_data;
    const press = {
      update_id: 9_000_001,
      callback_query: { id: "cb1", from: { id: 1102, is_bot: false, first_name: "An" }, chat_instance: "c", data: saveButton, message: { message_id: 1, date: 0, chat: { id: 1102, type: "private" as const, first_name: "An" }, text: "…" } },
    };
    expect(texts(await user.deliver(press))[0]).toContain("Đã lưu");
    expect(texts(await user.deliver(press))).toEqual([]);
    // Even after a restart (the update log is in the database too).
    h.restart();
    expect(texts(await user.deliver(press))).toEqual([]);
    expect(versions(h)).toHaveLength(1);
  });

  it("ends a dialogue idle for more than 24 hours politely on the next message", async () => {
    h = createHarness();
    const user = await registered(h, 1103, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/baucu", "300\n280\n250"]);
    h.clock.advance(23 * 3_600_000);
    expect(lastText(await user.send("Nguyễn Thị Hoa, nữ, 1978"))).toContain("có phải là đảng viên");
    h.clock.advance(24 * 3_600_000 + 60_000);
    const reply = texts(await user.send("1"));
    expect(reply).toEqual([expect.stringContaining("quá 24 giờ")]);
    expect(conversationRows(h)).toBe(0);
    // Two days later it is no longer election day, so the date is asked first.
    expect(lastText(await user.send("/baucu"))).toContain("Ngày bầu cử là ngày nào?");
  });

  it("retries a 429 inside a conversation once, and does not wait again on replay", async () => {
    let limited = false;
    h = createHarness({
      respond: (call) => {
        if (!limited && call.method === "sendMessage" && String(call.payload.text).includes("Gửi 3 số")) {
          limited = true;
          return { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } };
        }
        return undefined;
      },
    });
    const user = await registered(h, 1104, "QN-BL-HUCDONG-01", "reporter", "An");
    let started = Date.now();
    const first = await user.send("/baucu");
    const firstMs = Date.now() - started;
    expect(first.filter((c) => c.method === "sendMessage")).toHaveLength(2); // the 429, then the retry
    expect(firstMs).toBeGreaterThanOrEqual(900);
    started = Date.now();
    expect(lastText(await user.send("300\n280\n250"))).toContain("Họ tên");
    // A replayed 429 would sleep another second here.
    expect(Date.now() - started).toBeLessThan(900);
  });
});
