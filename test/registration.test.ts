import { afterEach, describe, expect, it } from "vitest";
import { buttons, createHarness, lastText, texts, type Harness } from "./support/harness.js";
import { registered } from "./reports/support.js";

let h: Harness;
afterEach(() => h?.close());

describe("registration coverage: hamlets with no reporter registered", () => {
  it("/chuadangky lists them by commune; /tiendo carries one line and a button to the list", async () => {
    h = createHarness();
    const leader = await registered(h, 6001, "QN", "leader", "Lãnh Đạo");
    const reporter = await registered(h, 6002, "QN-BL-HUCDONG-01", "reporter", "An");
    const list = lastText(await leader.send("/chuadangky"));
    expect(list).toContain("Thôn chưa có người báo cáo đăng ký — tỉnh Quảng Ninh</b>: 4");
    expect(list).toContain("<b>xã Húc Động</b>\n• Thôn Khe Mạ");
    expect(list).toContain("<b>xã Thanh Lân</b>\n• Thôn 1\n• Thôn 2");
    expect(list).not.toContain("Bản Nà Ếch");
    expect(lastText(await leader.send("/chuadangky Đồng Văn"))).toContain("— xã Đồng Văn</b>: 1");

    const progress = await leader.send("/tiendo");
    expect(lastText(progress)).toContain("📵 Chưa có người báo cáo đăng ký: <b>4</b> thôn (xem: /chuadangky)");
    expect(buttons(progress).map((b) => b.text)).toContain("📵 Chưa đăng ký");
    expect(lastText(await leader.tap("Chưa đăng ký"))).toContain("Thôn chưa có người báo cáo đăng ký — tỉnh Quảng Ninh</b>: 4");

    expect(lastText(await reporter.send("/chuadangky"))).toBe("Bạn không có quyền dùng lệnh này.");
  });

  it("says so when every hamlet has a reporter, and /tiendo then has no such line", async () => {
    h = createHarness();
    const staff = await registered(h, 6101, "QN-BL-HUCDONG", "staff", "Cán Bộ");
    await registered(h, 6102, "QN-BL-HUCDONG-01", "reporter", "An");
    await registered(h, 6103, "QN-BL-HUCDONG-02", "reporter", "Bình");
    expect(lastText(await staff.send("/chuadangky"))).toBe("✅ Mọi thôn trong xã Húc Động đều đã có người báo cáo đăng ký.");
    expect(lastText(await staff.send("/tiendo"))).not.toContain("Chưa có người báo cáo đăng ký");
  });

  it("the digest before election day carries the count; the day itself does not", async () => {
    h = createHarness({ now: "2024-12-14T17:00:00+07:00" });
    await registered(h, 6201, "QN-BL-HUCDONG-01", "reporter", "An");
    const province = h.bot.digest.preview(h.db.$client.prepare("select * from units where code = 'QN'").get() as never)!;
    expect(province.html).toContain("📵 Còn <b>4</b> thôn chưa có người báo cáo đăng ký.");
    h.clock.set("2024-12-15T17:00:00+07:00");
    expect(h.bot.digest.preview(h.db.$client.prepare("select * from units where code = 'QN'").get() as never)!.html).not.toContain("chưa có người báo cáo đăng ký");
  });

  it("the reminder before election day lists each commune's unregistered hamlets to its staff, once", async () => {
    h = createHarness({ now: "2024-12-14T08:00:00+07:00" });
    const staff = await registered(h, 6301, "QN-BL-HUCDONG", "staff", "Cán Bộ Xã");
    await registered(h, 6302, "QN-BL-HUCDONG-01", "reporter", "An");
    const from = h.transport.calls.length;
    await h.bot.reminders.runDue();
    await h.bot.reminders.runDue();
    const toStaff = h.transport.since(from).filter((c) => String(c.payload.chat_id) === String(staff.id));
    expect(texts(toStaff)).toHaveLength(1);
    expect(texts(toStaff)[0]).toContain("📵 <b>xã Húc Động</b>: còn 1 thôn chưa có người báo cáo đăng ký bot:\n• Thôn Khe Mạ");
    expect(texts(toStaff)[0]).not.toContain("Bản Nà Ếch");
  });
});
