/**
 * Issue 11 through the real bot: staff questions with typos, abbreviations and
 * no unit at all; a close name is confirmed (buttons, or a typed number / words /
 * "có" / "không") before anything is answered.
 */
import { afterEach, describe, expect, it } from "vitest";
import { buttons, createHarness, lastText, loadUnits, texts, type Harness } from "./support/harness.js";
import { registered } from "./reports/support.js";

let h: Harness;
afterEach(() => h?.close());

const unitId = (code: string) => (h.db.$client.prepare("select id from units where code = ?").get(code) as { id: number }).id;

/** The sample province (Phương Đông in Uông Bí, Húc Động in Bình Liêu, 1,500 hamlets). */
function sampleProvince(): Harness {
  const harness = createHarness({ seed: false });
  loadUnits(harness.db, new URL("../data/sample/quang-ninh.csv", import.meta.url).pathname);
  harness.db.$client
    .prepare("insert into terms (name, election_date, congress_deadline, window_start, window_end, active) values ('t', '2024-12-15', '2025-01-15', '2024-12-15', '2025-01-15', 1)")
    .run();
  return harness;
}

describe("a misspelt place is confirmed, never answered as another place", () => {
  it("'tiến độ xã Hút Động' asks 'Ý bạn là xã Húc Động, huyện Bình Liêu?' (not Phương Đông), and '1' answers it", async () => {
    h = sampleProvince();
    const leader = await registered(h, 1501, "QN", "leader", "Lãnh đạo tỉnh");
    const calls = await leader.send("tiến độ xã Hút Động");
    const asked = lastText(calls);
    expect(asked).toBe(
      'Ý bạn là <b>xã Húc Động, huyện Bình Liêu</b>?\n1. Có\n2. Không\nBấm nút, hoặc gõ số thứ tự, "có" hoặc "không".',
    );
    expect(asked).not.toContain("Phương Đông");
    expect(buttons(calls)).toEqual([
      { text: "1. Có", data: `td:${unitId("QN-BL-HUCDONG")}` },
      { text: "2. Không", data: "uq:no" },
    ]);
    expect(lastText(await leader.send("1"))).toContain("<b>Tiến độ — xã Húc Động</b>");
  });

  it("the same without diacritics and with abbreviations; 'có' confirms, 'không' declines", async () => {
    h = sampleProvince();
    const leader = await registered(h, 1502, "QN", "leader", "Lãnh đạo tỉnh");
    expect(lastText(await leader.send("td x hut dong the nao r"))).toContain("Ý bạn là <b>xã Húc Động, huyện Bình Liêu</b>?");
    expect(lastText(await leader.send("có ạ"))).toContain("<b>Tiến độ — xã Húc Động</b>");
    expect(lastText(await leader.send("cb nao chua dh o xa huc dongg"))).toContain("Ý bạn là <b>xã Húc Động, huyện Bình Liêu</b>?");
    const declined = lastText(await leader.send("không"));
    expect(declined).toContain("Bạn hãy gõ lại tên đơn vị");
    expect(declined).not.toContain("Tiến độ");
    // The choice is gone: a "1" now is just not understood.
    expect(lastText(await leader.send("1"))).toContain("chưa hiểu");
  });

  it("pressing the button answers with the question's own intent; 'Không' edits the question away", async () => {
    h = sampleProvince();
    const leader = await registered(h, 1503, "QN", "leader", "Lãnh đạo tỉnh");
    const calls = await leader.send("cb nao chua dh o xa hut dong");
    const yes = buttons(calls)[0]!;
    expect(yes.data).toBe(`cx:${unitId("QN-BL-HUCDONG")}:congress:0`);
    const edited = (await leader.press(yes.data)).find((c) => c.method === "editMessageText")!;
    expect(edited.payload.text).toContain("<b>Chi bộ chưa có kết quả đại hội — xã Húc Động</b>");
    await leader.send("tien do xa hut dong");
    const no = (await leader.press("uq:no")).find((c) => c.method === "editMessageText")!;
    expect(no.payload.text).toContain("Bạn hãy gõ lại tên đơn vị");
  });

  it("several close names are listed with a way out, and answered by typing the number or the words", async () => {
    h = sampleProvince();
    const leader = await registered(h, 1504, "QN", "leader", "Lãnh đạo tỉnh");
    const asked = lastText(await leader.send("tiến độ phường Hồng Hả"));
    expect(asked).toContain('Không thấy đơn vị nào tên đúng là "phường hồng hả". Ý bạn là:');
    expect(asked).toContain("1. phường Hồng Hà, thành phố Hạ Long");
    expect(asked).toMatch(/\n\d\. Không phải các đơn vị trên\n/);
    expect(lastText(await leader.send("hồng hải"))).toContain("<b>Tiến độ — phường Hồng Hải</b>");
    await leader.send("tiến độ phường Hồng Hả");
    expect(lastText(await leader.send("1"))).toContain("<b>Tiến độ — phường Hồng Hà</b>");
  });

  it("a reply that fits no choice is re-asked once, then handled as a new message; a new question is answered at once", async () => {
    h = sampleProvince();
    const leader = await registered(h, 1505, "QN", "leader", "Lãnh đạo tỉnh");
    await leader.send("tiến độ xã Hút Động");
    expect(lastText(await leader.send("7"))).toContain("Không có lựa chọn số 7");
    expect(lastText(await leader.send("abc"))).toContain("chưa hiểu");
    await leader.send("tiến độ xã Hút Động");
    expect(lastText(await leader.send("tiến độ huyện Bình Liêu"))).toContain("<b>Tiến độ — huyện Bình Liêu</b>");
  });

  it("an exact name is answered at once, and several exact names are chosen by typing the number", async () => {
    h = createHarness();
    const staff = await registered(h, 1506, "QN", "staff", "Cán bộ tỉnh");
    expect(lastText(await staff.send("xã Húc Động xong chưa"))).toContain("<b>Tiến độ — xã Húc Động</b>");
    const choose = lastText(await staff.send("thôn 1 xong chưa"));
    expect(choose).toContain("Có nhiều đơn vị khớp, chọn một:\n1. Thôn 1, xã Đồng Văn, huyện Bình Liêu\n2. Thôn 1, xã Thanh Lân, huyện Cô Tô");
    expect(choose).toContain("gõ số thứ tự");
    expect(lastText(await staff.send("2"))).toContain("<b>Thôn 1, xã Thanh Lân, huyện Cô Tô</b>");
  });
});

describe("abbreviations and no unit: the asker's own scope", () => {
  it("district staff: 'còn bao nhiêu cb chưa đh' and 'tien do chung the nao' answer for the district", async () => {
    h = createHarness();
    const staff = await registered(h, 1507, "QN-BL", "staff", "Cán bộ huyện");
    const missing = lastText(await staff.send("còn bao nhiêu cb chưa đh"));
    expect(missing).toContain("<b>Chi bộ chưa có kết quả đại hội — huyện Bình Liêu</b>");
    expect(missing).not.toContain("Không tìm thấy");
    const progress = lastText(await staff.send("tien do chung the nao"));
    expect(progress).toContain("<b>Tiến độ — huyện Bình Liêu</b>");
    expect(progress).not.toContain("Không tìm thấy");
    expect(lastText(await staff.send("ds thon chua bau tt nhé"))).toContain("Thôn chưa có kết quả bầu trưởng thôn — huyện Bình Liêu");
  });

  it("a reporter's 'thôn mình xong chưa' is their own hamlet", async () => {
    h = createHarness();
    const reporter = await registered(h, 1508, "QN-BL-HUCDONG-02", "reporter", "Lò Văn Khe");
    const text = lastText(await reporter.send("thôn mình xong chưa"));
    expect(text).toContain("<b>Thôn Khe Mạ, xã Húc Động, huyện Bình Liêu</b>");
    expect(text).not.toContain("Không tìm thấy");
  });

  it("words that match no unit in scope are named (escaped) above the answer for the scope", async () => {
    h = createHarness();
    const staff = await registered(h, 1509, "QN-BL", "staff", "Cán bộ huyện");
    const text = lastText(await staff.send("tiến độ xã <b>Zzz</b>"));
    expect(text).toContain("Không tìm thấy đơn vị &quot;xã b zzz b&quot; trong phạm vi của bạn. Dưới đây là số liệu chung của huyện Bình Liêu.");
    expect(text).toContain("<b>Tiến độ — huyện Bình Liêu</b>");
    // Staff of another commune asking about Húc Động learn nothing about it.
    const other = await registered(h, 1510, "QN-CT-THANHLAN", "staff", "Cán bộ Thanh Lân");
    const reply = texts(await other.send("xã Hút Động xong chưa")).join("\n");
    expect(reply).not.toContain("Tiến độ — xã Húc Động");
    expect(reply).not.toContain("Ý bạn là");
    expect(reply).toContain("Tiến độ — xã Thanh Lân");
  });
});
