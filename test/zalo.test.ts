import { afterEach, describe, expect, it } from "vitest";
import { createZaloHarness, lastZaloText, zaloTexts, type ZaloHarness } from "./support/zalo-harness.js";
import { electionAnswers } from "./fixtures/answers.js";

let h: ZaloHarness;
afterEach(async () => h?.close());

const versions = () =>
  h.db.$client
    .prepare("select r.kind, v.version, v.channel, v.data, v.photo_file_id as photo from report_versions v join reports r on r.id = v.report_id order by v.id")
    .all() as { kind: string; version: number; channel: string; data: string; photo: string | null }[];

/** On Zalo nothing may look like Telegram markup. */
function expectPlain(texts: readonly string[]) {
  for (const t of texts) {
    expect(t).not.toMatch(/<\/?(b|i|code|a)\b[^>]*>/);
    expect(t).not.toMatch(/&(lt|gt|amp|quot);/);
    expect(t.length).toBeLessThanOrEqual(2000);
  }
}

describe("Zalo: registration", () => {
  it("registers with /start CODE typed as text, and with the bare code", async () => {
    h = await createZaloHarness();
    const an = h.user("a1b2c3d4e5f60718", "Nguyễn Văn An");
    const welcome = await an.register("QN-BL-HUCDONG-01", "reporter", "Nguyễn Văn An");
    expect(lastZaloText(welcome)).toContain("Chào mừng Nguyễn Văn An!");
    expect(lastZaloText(welcome)).toContain("/baucu");
    expectPlain(zaloTexts(welcome));

    const binh = h.user("ffee0011ccdd2233", "Bình");
    const bare = await binh.register("QN-BL-HUCDONG", "staff", "Lý Văn Bình", false);
    expect(lastZaloText(bare)).toContain("Chào mừng Lý Văn Bình!");
    const account = h.db.$client.prepare("select channel, external_id, chat_id from accounts where external_id = ?").get("ffee0011ccdd2233");
    expect(account).toEqual({ channel: "zalo", external_id: "ffee0011ccdd2233", chat_id: "ffee0011ccdd2233" });
    // No Telegram-only call ever reached Zalo (the emulator refuses them).
    expect(h.emu.rejected).toEqual([]);
  });

  it("an unregistered user who types anything learns how to get an invite, in plain text", async () => {
    h = await createZaloHarness();
    const text = lastZaloText(await h.user("0000aaaa").send("xin chào"));
    expect(text).toContain("Bạn chưa được đăng ký");
    expect(text).toContain("/start MÃ_MỜI");
    expectPlain([text]);
  });
});

describe("Zalo: the chief election report, typed", () => {
  it("walks the dialogue with typed numbers and words in as many round trips as on Telegram, and saves it as a Zalo version", async () => {
    h = await createZaloHarness();
    const an = h.user("a1b2c3d4e5f60718", "Nguyễn Văn An");
    await an.register("QN-BL-HUCDONG-01", "reporter", "Nguyễn Văn An");
    const first = await an.send("/baucu");
    expect(lastZaloText(first)).toContain("Bản Nà Ếch, xã Húc Động, huyện Bình Liêu");
    await an.script(["300\n280\n250", "Nguyễn Thị Hoa, nữ, 1978"]);
    const party = lastZaloText(await an.send("đảng viên chính thức"));
    // A choice question lists its options once, as numbered lines.
    expect(party).toMatch(/1\. .+\n2\. /);
    expect(party.match(/^1\. /gm)).toHaveLength(1);
    const readBack = lastZaloText(await an.script(["1", "trung cấp", "tái cử"]));
    expect(readBack).toContain("Số cử tri đi bầu: 280");
    expect(readBack).toMatch(/1\. ✅ Lưu/);
    expectPlain(zaloTexts(h.emu.sent, an.id));

    const saved = lastZaloText(await an.send("1"));
    expect(saved).toContain("Đã lưu báo cáo bầu cử trưởng thôn");
    expect(an.roundTrips).toBeLessThanOrEqual(8 + 1);
    console.log(`Zalo chief election (dialogue): ${an.roundTrips} round trips`);
    const [row] = versions();
    expect(row).toMatchObject({ kind: "election", version: 1, channel: "zalo" });
    expect(JSON.parse(row!.data)).toEqual(electionAnswers());
  });
});

describe("Zalo: the quick form", () => {
  it("the template arrives as plain text and a pasted form saves in 2 round trips", async () => {
    h = await createZaloHarness();
    const an = h.user("a1b2c3d4", "An");
    await an.register("QN-BL-HUCDONG-01", "reporter", "An");
    const template = zaloTexts(await an.send("/nhanh baucu")).join("\n");
    expect(template).toContain("BÁO CÁO BẦU CỬ TRƯỞNG THÔN");
    expectPlain([template]);
    an.roundTrips = 0;
    const filled = [
      "BAO CAO BAU CU TRUONG THON",
      "Ngay bau cu: hom nay",
      "so cu tri trong danh sach: 1.452",
      "So cu tri di bau: 1.300",
      "so phieu bau truong thon: 1.100",
      "Ho ten truong thon: nguyễn văn an",
      "Gioi tinh: nam",
      "Nam sinh: 1975",
      "Dang vien: chinh thuc",
      "Trinh do chuyen mon: dai hoc",
      "Ly luan chinh tri: trung cap",
      "Bau moi hay tai cu: bau moi",
    ].join("\n");
    expect(lastZaloText(await an.send(filled))).toContain("Số cử tri trong danh sách: 1.452");
    expect(lastZaloText(await an.send("lưu"))).toContain("Đã lưu");
    expect(an.roundTrips).toBe(2);
  });
});

describe("Zalo: the branch congress with the minutes photo", () => {
  it("downloads the photo at once (its link expires) and keeps it with the version", async () => {
    h = await createZaloHarness();
    const an = h.user("a1b2c3d4e5f60718", "An");
    await an.register("QN-BL-HUCDONG-01", "reporter", "An");
    await an.send("/daihoi");
    const jpeg = Buffer.from("ffd8ffe000104a464946000101ffd9", "hex");
    const photoReply = lastZaloText(await an.sendImage(jpeg));
    h.emu.expireMedia(); // Zalo's link is gone: only our copy is left
    expect(photoReply).toContain("ảnh");
    await an.script(["hôm nay", "25\n23", "Nguyễn Thị Hoa, 95,5%", "có", "có", "tái cử", "Lý Văn Bình", "3\n1"]);
    expect(lastZaloText(await an.send("lưu"))).toContain("Đã lưu báo cáo đại hội chi bộ");
    expect(an.roundTrips).toBeLessThanOrEqual(10 + 1 + 1); // + the photo, + at most one more than Telegram
    const [row] = versions();
    expect(row).toMatchObject({ kind: "congress", channel: "zalo" });
    expect(row!.photo).toMatch(/^zalo:[0-9a-f]{32}\.jpg$/);
  });

  it("a photo Zalo could not deliver is asked again; an unreadable (protected) message gets a polite answer", async () => {
    h = await createZaloHarness();
    const an = h.user("a1b2c3d4e5f60718", "An");
    await an.register("QN-BL-HUCDONG-01", "reporter", "An");
    let from = h.emu.sent.length;
    h.emu.userSendsImage({ id: an.id });
    h.emu.expireMedia(); // the link expired before we fetched it
    await h.drain();
    expect(zaloTexts(h.emu.sent.slice(from))).toEqual([expect.stringContaining("Vui lòng gửi lại ảnh")]);
    from = h.emu.sent.length;
    h.emu.userSendsUnsupported({ id: an.id });
    await h.drain();
    expect(zaloTexts(h.emu.sent.slice(from))).toEqual([expect.stringContaining("không đọc được tin nhắn này")]);
  });
});

describe("Zalo: staff follow progress by typing", () => {
  it("drill-down and 'not finished' answer a typed number or words; questions in plain Vietnamese work", async () => {
    h = await createZaloHarness();
    const mai = h.user("5a5a5a5a", "Mai");
    await mai.register("QN-BL", "staff", "Lục Thị Mai");
    const progress = lastZaloText(await mai.send("/tiendo"));
    expect(progress).toContain("Tiến độ — huyện Bình Liêu");
    const commune = /^(\d+)\. xã Húc Động/m.exec(progress)![1]!;
    const down = lastZaloText(await mai.send(commune));
    expect(down).toContain("Tiến độ — xã Húc Động");
    expect(down).toMatch(/^\d+\. ⬆️ huyện Bình Liêu$/m);
    const missing = lastZaloText(await mai.send("chưa xong"));
    expect(missing).toContain("Chi bộ chưa hoàn thành — xã Húc Động");
    expect(missing).toContain("Bản Nà Ếch");
    expect(lastZaloText(await mai.send("tiến độ huyện Bình Liêu"))).toContain("Tiến độ — huyện Bình Liêu");
    expectPlain(zaloTexts(h.emu.sent, mai.id));
    expect(h.emu.rejected).toEqual([]);
  });

  it("a misspelt place is confirmed before answering, and the confirmation is answered by typing", async () => {
    h = await createZaloHarness();
    const mai = h.user("5a5a5a5a", "Mai");
    await mai.register("QN-BL", "staff", "Mai");
    const asked = lastZaloText(await mai.send("tien do xa Huc Dongg"));
    expect(asked).toContain("Ý bạn là");
    expect(asked).toContain("xã Húc Động");
    expect(asked).not.toContain("Bầu cử trưởng thôn:"); // no figures before the user confirms
    expect(asked).toMatch(/^1\. /m);
    expect(lastZaloText(await mai.send("1"))).toContain("Tiến độ — xã Húc Động");
  });

  it("a typed number with no choices showing is ordinary text, never a stale press", async () => {
    h = await createZaloHarness();
    const mai = h.user("5a5a5a5a", "Mai");
    await mai.register("QN-BL", "staff", "Mai");
    await mai.send("/tiendo");
    await mai.send("/huy"); // a message without choices: the list above is no longer the last word
    expect(lastZaloText(await mai.send("1"))).not.toContain("Tiến độ — xã");
  });

  it("/xuat sends a link to the workbook on our server; without PUBLIC_URL it says where to get it", async () => {
    h = await createZaloHarness();
    const mai = h.user("5a5a5a5a", "Mai");
    await mai.register("QN-BL-HUCDONG", "staff", "Mai");
    const text = lastZaloText(await mai.send("/xuat"));
    const url = /http:\/\/127\.0\.0\.1:\d+\/files\/[A-Za-z0-9_-]{24}\/bao-cao-QN-BL-HUCDONG-\d{8}\.xlsx/.exec(text)?.[0];
    expect(url, text).toBeDefined();
    const response = await fetch(url!);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("spreadsheetml");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe("PK"); // a zip: the xlsx
    expect((await fetch(url!.replace(/files\/[^/]+/, "files/guessed-token-000000000000"))).status).toBe(404);
    await h.close();

    h = await createZaloHarness({ publicUrl: false });
    const lan = h.user("6b6b6b6b", "Lan");
    await lan.register("QN-BL-HUCDONG", "staff", "Lan");
    expect(lastZaloText(await lan.send("/xuat"))).toContain("Zalo không gửi được tệp Excel");
  });
});

describe("Zalo: one person on both channels; scheduled messages reach each channel once", () => {
  it("/lienket on Telegram binds a Zalo account to the same person; the digest goes to both, once per slot, with the chart as a link", async () => {
    h = await createZaloHarness({ now: "2024-12-15T16:59:00+07:00" });
    // The leader registers on Telegram, then links Zalo.
    const tgCode = h.invite("QN-BL", "leader", "Vi Văn Thắng");
    await h.telegram.handleUpdate({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: 777, type: "private", first_name: "T" }, from: { id: 777, is_bot: false, first_name: "T" }, text: `/start ${tgCode}`, entities: [{ type: "bot_command", offset: 0, length: 6 }] } } as never);
    const before = h.telegramTransport.calls.length;
    await h.telegram.handleUpdate({ update_id: 2, message: { message_id: 2, date: 0, chat: { id: 777, type: "private", first_name: "T" }, from: { id: 777, is_bot: false, first_name: "T" }, text: "/lienket", entities: [{ type: "bot_command", offset: 0, length: 8 }] } } as never);
    const linkText = String(h.telegramTransport.since(before, "sendMessage")[0]!.payload.text);
    const code = /<code>([A-Z0-9]{10})<\/code>/.exec(linkText)![1]!;
    const thang = h.user("7e7e7e7e", "Thắng");
    expect(lastZaloText(await thang.send(code))).toContain("Đã liên kết tài khoản này với Vi Văn Thắng");
    const rows = h.db.$client.prepare("select a.channel, p.full_name as name from accounts a join people p on p.id = a.person_id order by a.id").all();
    expect(rows).toEqual([{ channel: "telegram", name: "Vi Văn Thắng" }, { channel: "zalo", name: "Vi Văn Thắng" }]);
    // Same roles on Zalo: the leader's commands work there.
    expect(lastZaloText(await thang.send("/tiendo"))).toContain("Tiến độ — huyện Bình Liêu");

    h.clock.set("2024-12-15T17:00:00+07:00");
    const from = h.emu.sent.length;
    const tgFrom = h.telegramTransport.calls.length;
    expect(await h.zalo.bot.digest.runDue()).toBe(2);
    expect(await h.telegram.digest.runDue()).toBe(0); // the same ledger: nothing twice
    const zaloDigest = h.emu.sent.slice(from);
    expect(zaloTexts(zaloDigest, thang.id)[0]).toContain("📊 Báo cáo tiến độ — huyện Bình Liêu");
    expectPlain(zaloTexts(zaloDigest));
    const photo = zaloDigest.find((s) => s.method === "sendPhoto")!;
    expect(photo.photo).toMatch(/\/files\/[A-Za-z0-9_-]{24}\/tien-do-QN-BL\.png$/);
    expect(photo.photoBytes).toBeGreaterThan(0); // Zalo fetched it from our server
    expect(h.telegramTransport.since(tgFrom, "sendMessage").map((c) => c.payload.chat_id)).toEqual(["777"]);
    const ledger = h.db.$client.prepare("select recipient, status from deliveries where kind = 'digest' order by recipient").all();
    expect(ledger).toEqual([
      { recipient: "chat:777:unit:2", status: "sent" },
      { recipient: "zalo:7e7e7e7e:unit:2", status: "sent" },
    ]);
  });

  it("staff returning a report on Telegram notifies the reporter on Zalo", async () => {
    h = await createZaloHarness();
    const an = h.user("a1b2c3d4", "An");
    await an.register("QN-BL-HUCDONG-01", "reporter", "An");
    await an.script(["/baucu", "300\n280\n250", "Nguyễn Thị Hoa, nữ, 1978", "1", "đại học", "trung cấp", "tái cử", "lưu"]);
    const versionId = (h.db.$client.prepare("select id from report_versions").get() as { id: number }).id;
    const staffCode = h.invite("QN-BL-HUCDONG", "staff", "Mai");
    const tg = (update_id: number, text: string, extra: object = {}) =>
      h.telegram.handleUpdate({ update_id, message: { message_id: update_id, date: 0, chat: { id: 888, type: "private", first_name: "M" }, from: { id: 888, is_bot: false, first_name: "M" }, text, ...extra } } as never);
    await tg(11, `/start ${staffCode}`, { entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    await h.telegram.handleUpdate({ update_id: 12, callback_query: { id: "q", from: { id: 888, is_bot: false, first_name: "M" }, chat_instance: "c", data: `dy:back:${versionId}`, message: { message_id: 5, date: 0, chat: { id: 888, type: "private", first_name: "M" }, text: "…" } } } as never);
    const from = h.emu.sent.length;
    await tg(13, "Số cử tri chưa đúng");
    expect(zaloTexts(h.emu.sent.slice(from), an.id)).toEqual([expect.stringContaining("đã bị xã trả lại.\nLý do: Số cử tri chưa đúng")]);
  });
});

describe("Zalo: reminders", () => {
  it("a reporter registered on Zalo is reminded there before election day, once", async () => {
    h = await createZaloHarness({ now: "2024-12-14T08:00:00+07:00" });
    const an = h.user("a1b2c3d4", "An");
    await an.register("QN-BL-HUCDONG-01", "reporter", "An");
    const from = h.emu.sent.length;
    await h.zalo.bot.reminders.runDue();
    await h.telegram.reminders.runDue();
    const reminders = zaloTexts(h.emu.sent.slice(from), an.id);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toContain("Bản Nà Ếch");
    expectPlain(reminders);
    const rows = h.db.$client.prepare("select recipient, status from deliveries where kind = 'reminder'").all() as { recipient: string }[];
    expect(rows.map((r) => r.recipient)).toContain(`zalo:${an.id}:unit:${(h.db.$client.prepare("select id from units where code = 'QN-BL-HUCDONG-01'").get() as { id: number }).id}`);
  });
});

describe("Zalo: reliability", () => {
  it("an event delivered twice is handled once: one answer, one version", async () => {
    h = await createZaloHarness();
    const an = h.user("a1b2c3d4", "An");
    await an.register("QN-BL-HUCDONG-01", "reporter", "An");
    await an.script(["/baucu", "300\n280\n250", "Nguyễn Thị Hoa, nữ, 1978", "1", "đại học", "trung cấp", "tái cử"]);
    const from = h.emu.sent.length;
    const saveId = h.emu.userSends({ id: an.id, name: "An" }, "1");
    h.emu.redeliver(saveId);
    await h.drain();
    expect(zaloTexts(h.emu.sent.slice(from))).toEqual([expect.stringContaining("Đã lưu")]);
    expect(versions()).toHaveLength(1);
  });

  it("drops Zalo's echo of the bot's own messages", async () => {
    h = await createZaloHarness();
    h.emu.echoBotMessages = true;
    const an = h.user("a1b2c3d4", "An");
    await an.register("QN-BL-HUCDONG-01", "reporter", "An");
    const from = h.emu.sent.length;
    await an.send("/trogiup");
    await h.drain(); // the echo of the help text is taken and ignored
    expect(zaloTexts(h.emu.sent.slice(from))).toHaveLength(1);
  });

  it("a dialogue in progress survives a restart (a new bot on the same database)", async () => {
    h = await createZaloHarness();
    const an = h.user("a1b2c3d4", "An");
    await an.register("QN-BL-HUCDONG-01", "reporter", "An");
    await an.script(["/baucu", "300\n280\n250"]);
    const key = h.db.$client.prepare("select key from conversation_states").all();
    expect(key).toEqual([{ key: "zalo:a1b2c3d4" }]);
    await h.restartZalo();
    expect(lastZaloText(await an.send("Nguyễn Thị Hoa, nữ, 1978"))).toMatch(/Đảng viên/i);
  });
});
