import { afterEach, describe, expect, it } from "vitest";
import { createZaloHarness, lastZaloText, zaloTexts, type ZaloHarness } from "./support/zalo-harness.js";

let h: ZaloHarness;
afterEach(async () => h?.close());

describe("on Zalo (no buttons): /thuhoi and /moi by typed numbers, and the revoked reporter told", () => {
  it("revokes a reporter by typing the number and the confirmation", async () => {
    h = await createZaloHarness();
    const staff = h.user("aa00000000000001", "Cán Bộ");
    await staff.register("QN-BL-HUCDONG", "staff", "Cán Bộ Xã");
    const an = h.user("aa00000000000002", "An");
    await an.register("QN-BL-HUCDONG-01", "reporter", "Nguyễn Văn An");

    const pick = lastZaloText(await staff.send("/thuhoi"));
    expect(pick).toContain("1. Nguyễn Văn An — người báo cáo, Bản Nà Ếch");
    expect(pick).not.toContain("<b>");
    const confirm = zaloTexts(await staff.send("1")).join("\n");
    expect(confirm).toContain("Thu hồi quyền người báo cáo của Nguyễn Văn An tại Bản Nà Ếch?");
    expect(confirm).toContain("1. ✅ Thu hồi");
    expect(lastZaloText(await staff.send("1"))).toContain("Đã thu hồi quyền người báo cáo của Nguyễn Văn An");
    expect(h.db.$client.prepare("select count(*) as n from roles where person_id = (select person_id from accounts where external_id = 'aa00000000000002')").get()).toEqual({ n: 0 });
    expect(h.db.$client.prepare("select channel from audit_events where action = 'role_revoked'").get()).toEqual({ channel: "zalo" });
    expect(lastZaloText(await an.send("/baucu"))).toContain("Bạn không còn quyền sử dụng bot này");

    const invite = zaloTexts(await staff.send("/moi"));
    expect(invite.join("\n")).toContain("1. Bản Nà Ếch, xã Húc Động");
    const created = zaloTexts(await staff.send("1")).join("\n");
    expect(created).toContain("Mã mời người báo cáo cho Bản Nà Ếch, xã Húc Động, huyện Bình Liêu");
    expect(created).toMatch(/Telegram: nhắn cho bot \/start [A-Z0-9]{10}/);
    expect(created).toMatch(/Zalo: nhắn cho bot mã [A-Z0-9]{10}/);
    expect(h.emu.rejected).toEqual([]);
  });
});
