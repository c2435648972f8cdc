import { afterEach, describe, expect, it } from "vitest";
import { createHarness, lastText, texts, loadUnits, type Harness } from "./support/harness.js";
import { CONGRESS_ANSWERS, ELECTION_ANSWERS, registered } from "./reports/support.js";

let h: Harness;
afterEach(() => h?.close());

const unitId = (code: string) => (h.db.$client.prepare("select id from units where code = ?").get(code) as { id: number }).id;

async function finishHamlet(id: number, code: string) {
  const reporter = await registered(h, id, code, "reporter", `Người báo cáo ${id}`);
  await reporter.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu", "/daihoi", ...CONGRESS_ANSWERS, "tap:Lưu"]);
  return reporter;
}

describe("/tiendo — progress with indicators", () => {
  it("shows headline figures, children worst first, indicators, and drills down and up", async () => {
    h = createHarness();
    await finishHamlet(1301, "QN-BL-HUCDONG-01");
    const staff = await registered(h, 1302, "QN-BL", "staff", "Cán bộ huyện");
    const calls = await staff.send("/tiendo");
    const text = lastText(calls);
    expect(text).toContain("<b>Tiến độ — huyện Bình Liêu</b>");
    expect(text).toContain("Bầu cử trưởng thôn: <b>1/3</b> (33,3%)");
    expect(text).toContain("Đại hội chi bộ: <b>1/3</b> (33,3%)");
    // Đồng Văn (0/1) lags behind Húc Động (1/2).
    expect(text.indexOf("1. xã Đồng Văn: 0/1 (0%)")).toBeGreaterThan(0);
    expect(text).toContain("2. xã Húc Động: 1/2 (50%)");
    expect(text).toContain("Bí thư đồng thời là trưởng thôn: 100% (1/1)");

    const down = await staff.press(`td:${unitId("QN-BL-HUCDONG")}`);
    const edited = down.find((c) => c.method === "editMessageText")!;
    expect(edited.payload.text).toContain("<b>Tiến độ — xã Húc Động</b>");
    const upButton = edited.payload.reply_markup.inline_keyboard.flat().find((b: { text: string }) => b.text.includes("huyện Bình Liêu"));
    expect(upButton.callback_data).toBe(`td:${unitId("QN-BL")}`);
  });

  it("answers questions typed in plain Vietnamese, with or without diacritics", async () => {
    h = createHarness();
    await finishHamlet(1303, "QN-BL-HUCDONG-01");
    const staff = await registered(h, 1304, "QN", "staff", "Cán bộ tỉnh");
    expect(lastText(await staff.send("xã Húc Động xong chưa?"))).toContain("<b>Tiến độ — xã Húc Động</b>");
    expect(lastText(await staff.send("tien do huyen binh lieu"))).toContain("<b>Tiến độ — huyện Bình Liêu</b>");
    const missing = lastText(await staff.send("chi bộ nào chưa hoàn thành"));
    expect(missing).toContain("<b>Chi bộ chưa hoàn thành — tỉnh Quảng Ninh</b>: 4/5");
    expect(missing).not.toContain("Bản Nà Ếch");
    expect(lastText(await staff.send("thon nao chua bau truong thon"))).toContain("Thôn chưa có kết quả bầu trưởng thôn");
    expect(lastText(await staff.send("xin chào"))).toContain("chưa hiểu");
  });
});

describe("/chuaxong — what is not finished", () => {
  it("groups unfinished hamlets by commune with what is missing and who reports", async () => {
    h = createHarness();
    await registered(h, 1305, "QN-BL-HUCDONG-02", "reporter", "Lò Văn Khe");
    const reporter = await registered(h, 1306, "QN-BL-HUCDONG-01", "reporter", "An");
    await reporter.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);
    const staff = await registered(h, 1307, "QN-BL", "staff", "Cán bộ huyện");
    const text = lastText(await staff.send("/chuaxong"));
    expect(text).toContain("<b>Chi bộ chưa hoàn thành — huyện Bình Liêu</b>: 3/3");
    expect(text).toContain("<b>xã Húc Động</b>");
    expect(text).toContain("• Bản Nà Ếch — chưa đại hội — An");
    expect(text).toContain("• Thôn Khe Mạ — chưa báo cáo bầu cử, chưa đại hội — Lò Văn Khe");
    expect(text).toContain("• Thôn 1 — chưa báo cáo bầu cử, chưa đại hội — chưa có người báo cáo");
  });

  it("paginates the whole sample province under 4,096 characters and loses no hamlet", async () => {
    h = createHarness({ seed: false });
    loadUnits(h.db, new URL("../data/sample/quang-ninh.csv", import.meta.url).pathname);
    h.db.$client.prepare("insert into terms (name, election_date, congress_deadline, window_start, window_end, active) values ('t', '2024-12-15', '2025-01-15', '2024-12-15', '2025-01-15', 1)").run();
    const admin = await registered(h, 1308, "QN", "admin", "Quản trị");
    let calls = await admin.send("/chuaxong");
    const pages: string[] = [String(calls.find((c) => c.method === "sendMessage")!.payload.text)];
    for (;;) {
      const markup = calls.filter((c) => c.payload.reply_markup).at(-1)!.payload.reply_markup;
      const next = markup.inline_keyboard.flat().find((b: { text: string }) => b.text.includes("Sau"));
      if (!next) break;
      calls = await admin.press(next.callback_data);
      pages.push(String(calls.find((c) => c.method === "editMessageText")!.payload.text));
    }
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) expect(page.length).toBeLessThan(4096);
    const listed = pages.flatMap((p) => p.split("\n")).filter((l) => l.startsWith("• "));
    const hamlets = (h.db.$client.prepare("select count(*) n from units where level = 'hamlet'").get() as { n: number }).n;
    expect(listed).toHaveLength(hamlets);
    expect(pages[0]).toContain(`: ${hamlets.toLocaleString("vi-VN")}/${hamlets.toLocaleString("vi-VN")}`);
  }, 60_000);
});

describe("scope: staff of one commune learn nothing about another", () => {
  it("by name, by free text and by forged button data", async () => {
    h = createHarness();
    await finishHamlet(1309, "QN-BL-HUCDONG-01");
    const staff = await registered(h, 1310, "QN-CT-THANHLAN", "staff", "Cán bộ Thanh Lân");
    for (const ask of ["/tiendo Húc Động", "/chuaxong huc dong", "xã Húc Động xong chưa", "tiến độ huyện Bình Liêu", "/xem Nà Ếch"]) {
      const reply = texts(await staff.send(ask)).join("\n");
      expect(reply).not.toMatch(/Húc Động<\/b>|Nà Ếch —|Bình Liêu<\/b>/);
      expect(reply).not.toContain("Tiến độ — xã Húc Động");
    }
    for (const data of [`td:${unitId("QN-BL-HUCDONG")}`, `cx:${unitId("QN-BL")}:all:0`, `td:${unitId("QN")}`]) {
      const calls = await staff.press(data);
      expect(calls.find((c) => c.method === "answerCallbackQuery")?.payload.text).toContain("ngoài phạm vi");
      expect(calls.filter((c) => c.method === "editMessageText" || c.method === "sendMessage")).toHaveLength(0);
    }
    // Its own view shows no "up" button to the district.
    const own = (await staff.send("/tiendo")).find((c) => c.method === "sendMessage")!;
    expect(JSON.stringify(own.payload.reply_markup)).not.toContain(`td:${unitId("QN-CT")}`);
  });
});

describe("free text that is not a question", () => {
  it("is not read as a unit name when nothing matches", async () => {
    h = createHarness();
    const staff = await registered(h, 1390, "QN-BL", "staff", "Cán bộ");
    expect(lastText(await staff.send("Nguyễn Thị Hoa, nữ, 1978"))).toContain("chưa hiểu");
    // Issue 11: a typo is confirmed before anything is answered; words matching nothing are named.
    expect(lastText(await staff.send("tiến độ Húc Độngg"))).toContain("Ý bạn là <b>xã Húc Động, huyện Bình Liêu</b>?");
    expect(lastText(await staff.send("tiến độ Xyzabc"))).toContain("Không tìm thấy đơn vị");
  });
});
