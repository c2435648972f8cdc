import { afterEach, describe, expect, it } from "vitest";
import { createHarness, lastText, type Harness } from "./support/harness.js";
import { ELECTION_ANSWERS, registered } from "./reports/support.js";

let h: Harness;
afterEach(() => h?.close());

const unitId = (code: string) => (h.db.$client.prepare("select id from units where code = ?").get(code) as { id: number }).id;

describe("/xem — one hamlet's reports", () => {
  it("shows the reporter's own hamlet: not reported, then the saved report with its version", async () => {
    h = createHarness();
    const reporter = await registered(h, 1201, "QN-BL-HUCDONG-01", "reporter", "Nguyễn <Văn> & An");
    const before = lastText(await reporter.send("/xem"));
    expect(before).toContain("<b>Bản Nà Ếch, xã Húc Động, huyện Bình Liêu</b>");
    expect(before).toContain("<b>Bầu cử trưởng thôn</b>: chưa báo cáo");
    await reporter.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);
    const after = lastText(await reporter.send("/xem"));
    expect(after).toContain("<b>Bầu cử trưởng thôn</b>: ✅ Hợp lệ");
    expect(after).toContain("phiên bản 1/1 — Nguyễn &lt;Văn&gt; &amp; An, 09:00 15/12/2024");
    expect(after).toContain("Số cử tri đi bầu: <b>280</b>");
    expect(after).toContain("⏳ Chờ xã xác nhận");
    expect(after).toContain("<b>Đại hội chi bộ</b>: chưa báo cáo");
  });

  it("finds a hamlet by name without diacritics for staff, and offers a choice when several match", async () => {
    h = createHarness();
    const staff = await registered(h, 1202, "QN-BL", "staff", "Cán bộ huyện");
    expect(lastText(await staff.send("/xem thon na ech"))).toContain("Bản Nà Ếch");
    const many = lastText(await staff.send("/xem thôn"));
    expect(many).toContain("Có nhiều thôn khớp");
    expect(many).toContain("Thôn Khe Mạ");
    expect(many).not.toContain("Thanh Lân");
  });

  it("reveals nothing outside the asker's scope, by name or by forged button data", async () => {
    h = createHarness();
    const staff = await registered(h, 1203, "QN-CT-THANHLAN", "staff", "Cán bộ Thanh Lân");
    expect(lastText(await staff.send("/xem Nà Ếch"))).toContain("Không tìm thấy thôn");
    const forged = await staff.press(`xem:${unitId("QN-BL-HUCDONG-01")}`);
    expect(forged.find((c) => c.method === "answerCallbackQuery")?.payload.text).toContain("ngoài phạm vi");
    expect(forged.filter((c) => c.method === "sendMessage")).toHaveLength(0);
  });
});
