import { afterEach, describe, expect, it } from "vitest";
import { buttons, createHarness, lastText, texts, type Harness } from "./support/harness.js";
import { ELECTION_ANSWERS, registered, versions } from "./reports/support.js";

let h: Harness;
afterEach(() => h?.close());

/**
 * The database can no longer be written (a full disk fails every write in WAL
 * mode, a read-only file likewise): simulated on the bot's own connection.
 */
const breakDisk = () => h.db.$client.pragma("query_only = ON");
const mendDisk = () => h.db.$client.pragma("query_only = OFF");

describe("a full or read-only disk while the bot runs", () => {
  it("the report is not saved and the user is told so plainly; the dialogue stays at the read-back; admins hear once; it recovers by itself", async () => {
    h = createHarness();
    const admin = await registered(h, 9001, "QN", "admin", "Quản trị");
    const user = await registered(h, 9002, "QN-BL-HUCDONG-01", "reporter", "An");
    const staff = await registered(h, 9004, "QN-BL", "staff", "Cán bộ");
    const readBack = await user.script(["/baucu", ...ELECTION_ANSWERS]);
    const save = buttons(readBack).find((b) => b.text.includes("Lưu"))!.data;
    await staff.send("/tiendo"); // the first read after a registry import builds the unit figures (a write)
    breakDisk();

    const refused = await user.press(save);
    const toUser = refused.filter((c) => c.method === "sendMessage" && c.payload.chat_id === 9002).map((c) => String(c.payload.text));
    expect(toUser).toEqual([expect.stringContaining("CHƯA được lưu")]);
    expect(texts(refused).join("\n")).not.toContain("Đã lưu");
    expect(texts(refused).join("\n")).not.toContain("Xin lỗi, đã có lỗi");
    expect(versions(h)).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 20));
    const alerts = () => h.transport.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === "9001").map((c) => String(c.payload.text));
    expect(alerts()).toEqual([expect.stringContaining("không ghi được")]);

    // Reading still works; typing goes on being refused politely, never with the internal error.
    expect(texts(await staff.send("/trogiup"))).toEqual([expect.stringContaining("/tiendo")]);
    expect(texts(await staff.send("/tiendo"))).toEqual([expect.stringContaining("Tiến độ — huyện Bình Liêu")]);
    expect(texts(await staff.send("/xem Nà Ếch")).join("\n")).not.toMatch(/CHƯA|Xin lỗi/);
    const again = await user.press(save);
    expect(texts(again).join("\n")).toContain("CHƯA được lưu");
    expect(alerts()).toHaveLength(1); // once per outage

    mendDisk();
    const saved = await user.press(save); // the same read-back and its button: nothing typed was lost
    expect(texts(saved).join("\n")).toContain("Đã lưu báo cáo bầu cử trưởng thôn");
    expect(versions(h)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(alerts()).toEqual([expect.stringContaining("không ghi được"), expect.stringContaining("ghi được trở lại")]);
    void admin;
  });

  it("an answer in the middle of a dialogue that cannot be recorded is said to be so, and the question comes back", async () => {
    h = createHarness();
    const user = await registered(h, 9003, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.send("/baucu");
    breakDisk();
    const reply = texts(await user.send("300\n280\n250")).join("\n");
    expect(reply).toContain("CHƯA được ghi nhận");
    expect(reply).not.toContain("Xin lỗi, đã có lỗi");
    mendDisk();
    // The state on disk is still at the counts question: sending them again moves on.
    expect(lastText(await user.send("300\n280\n250"))).toContain("Họ tên");
  });
});
