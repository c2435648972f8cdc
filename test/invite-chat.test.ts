import { afterEach, describe, expect, it } from "vitest";
import { LOCAL_BOT_INFO } from "../src/channels/local-transport.js";
import { createHarness, lastText, texts, type Harness } from "./support/harness.js";
import { registered } from "./reports/support.js";

let h: Harness;
afterEach(() => h?.close());

const codeIn = (text: string) => /<code>([A-Z0-9]+)<\/code>/.exec(text)![1]!;

describe("/moi — staff invite from the chat", () => {
  it("offers the hamlets with nobody registered, creates the invite with the message to forward and a QR code; the code works", async () => {
    h = createHarness();
    const staff = await registered(h, 5101, "QN-BL-HUCDONG", "staff", "Cán Bộ Xã");
    await registered(h, 5102, "QN-BL-HUCDONG-01", "reporter", "An");
    const list = lastText(await staff.send("/moi"));
    expect(list).toContain("Các thôn chưa có người báo cáo đăng ký (1)");
    expect(list).toContain("1. Thôn Khe Mạ, xã Húc Động");
    const calls = await staff.tap("1");
    const [created, forward] = texts(calls);
    expect(created).toContain("Mã mời <b>người báo cáo</b> cho <b>Thôn Khe Mạ, xã Húc Động, huyện Bình Liêu</b>:");
    const code = codeIn(created!);
    expect(forward).toContain(`https://t.me/${LOCAL_BOT_INFO.username}?start=${code}`);
    expect(forward).toContain(`Zalo: nhắn cho bot mã ${code}`);
    const photo = calls.find((c) => c.method === "sendPhoto")!;
    expect(photo.payload.caption).toContain("Mã QR mời cho Thôn Khe Mạ");
    expect(Object.values(photo.payload.files as Record<string, { filename: string; size: number }>)[0]).toMatchObject({ filename: "moi-QN-BL-HUCDONG-02.png" });
    expect(h.db.$client.prepare("select action, channel, role from audit_events where action = 'invite_created'").all()).toEqual([
      { action: "invite_created", channel: "telegram", role: "reporter" },
    ]);

    expect(lastText(await h.user(5103, "Bình").send(`/start ${code}`))).toContain("người báo cáo</b> của <b>Thôn Khe Mạ</b>");
    expect(lastText(await staff.send("/moi"))).toContain("Mọi thôn trong phạm vi của bạn đều đã có người báo cáo đăng ký");
  });

  it("a name that fits several hamlets is asked back with numbered choices; no invite until one is picked", async () => {
    h = createHarness();
    const staff = await registered(h, 5301, "QN-BL-HUCDONG", "staff", "Cán Bộ Xã");
    const asked = lastText(await staff.send("/moi a"));
    expect(asked).toContain("Có nhiều đơn vị khớp với");
    expect(asked).toMatch(/^1\. .*Nà Ếch.*$/m);
    expect(asked).toMatch(/^2\. .*Khe Mạ.*$/m);
    expect(h.db.$client.prepare("select count(*) n from invites where used_at is null").get()).toEqual({ n: 0 });
    expect(texts(await staff.send("2"))[0]).toContain("cho <b>Thôn Khe Mạ, xã Húc Động");
  });

  it("/nguoi and /chuadangky with a name that fits several units ask back instead of picking one", async () => {
    h = createHarness();
    const staff = await registered(h, 5302, "QN-BL", "staff", "Cán Bộ Huyện");
    for (const command of ["/nguoi a", "/chuadangky a"]) {
      const reply = lastText(await staff.send(command));
      expect(reply, command).toContain("đơn vị khớp với");
      expect(reply, command).toContain("Vui lòng gõ lại với tên đầy đủ");
    }
  });

  it("answers a typed number, a hamlet by name, and refuses what is outside the staff's reach", async () => {
    h = createHarness();
    const staff = await registered(h, 5201, "QN-BL-HUCDONG", "staff", "Cán Bộ Xã");
    await staff.send("/moi");
    expect(texts(await staff.send("2"))[0]).toContain("cho <b>Thôn Khe Mạ, xã Húc Động");
    expect(texts(await staff.send("/moi ban na ech"))[0]).toContain("cho <b>Bản Nà Ếch, xã Húc Động");
    expect(lastText(await staff.send("/moi Thanh Lân"))).toBe('Không tìm thấy "Thanh Lân" trong phạm vi của bạn.');
    expect(lastText(await staff.send("/moi Húc Động"))).toBe("Cán bộ xã tạo mã mời cho người báo cáo của từng thôn: gõ /moi kèm tên thôn.");
    const reporter = await registered(h, 5202, "QN-BL-HUCDONG-01", "reporter", "An");
    expect(lastText(await reporter.send("/moi"))).toBe("Bạn không có quyền dùng lệnh này.");
    expect(h.db.$client.prepare("select count(*) as n from invites where used_at is null").get()).toEqual({ n: 2 });
  });

  it("lets a leader invite commune staff", async () => {
    h = createHarness();
    const leader = await registered(h, 5301, "QN-BL", "leader", "Lãnh Đạo Huyện");
    const created = texts(await leader.send("/moi xã Đồng Văn"))[0]!;
    expect(created).toContain("Mã mời <b>cán bộ theo dõi</b> cho <b>xã Đồng Văn, huyện Bình Liêu</b>");
    expect(lastText(await h.user(5302, "Cán Bộ Mới").send(`/start ${codeIn(created)}`))).toContain("cán bộ theo dõi</b> của <b>xã Đồng Văn</b>");
  });
});
