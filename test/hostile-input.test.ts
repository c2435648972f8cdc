import { Bot } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { createLocalTransport, LOCAL_BOT_INFO, type ApiCall } from "../src/channels/local-transport.js";
import { splitLongMessages } from "../src/split-long-messages.js";
import { createHarness, lastText, texts, type Harness } from "./support/harness.js";
import { refusal, telegramLike } from "./support/telegram.js";
import { CONGRESS_ANSWERS, ELECTION_ANSWERS, registered } from "./reports/support.js";

/**
 * Issue 13, item 3: ordinary slips and hostile input get the right answer,
 * never the generic "Xin lỗi, đã có lỗi". The fake Bot API refuses what
 * Telegram refuses (test/support/telegram.ts).
 */

const INTERNAL_ERROR = "Xin lỗi, đã có lỗi";
let h: Harness;
afterEach(() => h?.close());

const unitId = (code: string) => (h.db.$client.prepare("select id from units where code = ?").get(code) as { id: number }).id;
const toast = (calls: ApiCall[]) => calls.find((c) => c.method === "answerCallbackQuery")?.payload.text as string | undefined;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Every text the bot tried to send would have been accepted, and none is the generic error. */
function expectAllAccepted(calls: ApiCall[]) {
  for (const call of calls) expect(refusal(call, { strict: true }), `${call.method}: ${String(call.payload.text).slice(0, 200)}`).toBeUndefined();
  expect(texts(calls).join("\n")).not.toContain(INTERNAL_ERROR);
}

describe("the right answer instead of the generic error", () => {
  it("/xem without argument shows its usage, with <tên thôn> escaped", async () => {
    h = createHarness({ respond: telegramLike() });
    const staff = await registered(h, 1501, "QN-BL-HUCDONG", "staff", "Cán bộ");
    const calls = await staff.send("/xem");
    expectAllAccepted(calls);
    expect(lastText(calls)).toBe("Dùng: /xem &lt;tên thôn&gt;, ví dụ /xem Nà Ếch");
  });

  it("a double tap on a navigation button is ignored ('message is not modified')", async () => {
    h = createHarness({ respond: telegramLike() });
    const staff = await registered(h, 1502, "QN-BL", "staff", "Cán bộ huyện");
    await staff.send("/tiendo");
    for (const data of [`td:${unitId("QN-BL-HUCDONG")}`, `cx:${unitId("QN-BL")}:all:0`]) {
      const first = await staff.press(data, 77);
      expect(first.filter((c) => c.method === "editMessageText")).toHaveLength(1);
      const second = await staff.press(data, 77);
      expect(second.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
      expect(texts(second).join("\n")).not.toContain(INTERNAL_ERROR);
    }
  });

  it("a navigation button on a message too old to edit sends the page as a new message", async () => {
    h = createHarness({
      respond: (call) => (call.method === "editMessageText" ? { ok: false, error_code: 400, description: "Bad Request: message can't be edited" } : undefined),
    });
    const staff = await registered(h, 1503, "QN-BL", "staff", "Cán bộ huyện");
    const calls = await staff.press(`td:${unitId("QN-BL-HUCDONG")}`, 5);
    expect(lastText(calls)).toContain("<b>Tiến độ — xã Húc Động</b>");
    expect(calls.at(-1)!.method).toBe("sendMessage");
  });

  it("/chuaxong for a single hamlet lists it (staff by name, a reporter plainly, and its button)", async () => {
    h = createHarness({ respond: telegramLike() });
    const staff = await registered(h, 1504, "QN-BL-HUCDONG", "staff", "Cán bộ xã");
    let calls = await staff.send("/chuaxong Thôn Khe Mạ");
    expectAllAccepted(calls);
    expect(lastText(calls)).toContain("Chi bộ chưa hoàn thành — Thôn Khe Mạ</b>: 1/1");
    expect(lastText(calls)).toContain("• Thôn Khe Mạ — chưa báo cáo bầu cử, chưa đại hội — chưa có người báo cáo");

    const reporter = await registered(h, 1505, "QN-BL-HUCDONG-01", "reporter", "Lò Văn An");
    calls = await reporter.send("/chuaxong");
    expectAllAccepted(calls);
    expect(lastText(calls)).toContain("• Bản Nà Ếch — chưa báo cáo bầu cử, chưa đại hội — Lò Văn An");
    await reporter.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu", "/daihoi", ...CONGRESS_ANSWERS, "tap:Lưu"]);
    expect(lastText(await reporter.send("/chuaxong"))).toContain("✅ Tất cả chi bộ của Bản Nà Ếch đã hoàn thành.");

    calls = await staff.press(`cx:${unitId("QN-BL-HUCDONG-02")}:election:0`, 9);
    expectAllAccepted(calls);
    expect(lastText(calls)).toContain("Thôn chưa có kết quả bầu trưởng thôn — Thôn Khe Mạ</b>: 1/1");
  });

  it("forged or outdated buttons get 'Nút này không còn hiệu lực'", async () => {
    h = createHarness({ respond: telegramLike() });
    const reporter = await registered(h, 1506, "QN-BL-HUCDONG-01", "reporter", "An");
    for (const data of ["td:abc", "cx:1:foo:0", "nx:", "q3:0", "q999999999999:1"]) {
      const calls = await reporter.press(data);
      expect(toast(calls), data).toBe("Nút này không còn hiệu lực.");
      expectAllAccepted(calls);
    }
    // The dialogue's own buttons after it ended (saved): stale too.
    const readBack = await reporter.script(["/baucu", ...ELECTION_ANSWERS]);
    const save = readBack.at(-1)!.payload.reply_markup.inline_keyboard[0][0].callback_data as string;
    expect(lastText(await reporter.press(save))).toContain("Đã lưu");
    expect(toast(await reporter.press(save))).toBe("Nút này không còn hiệu lực.");
  });

  it("a 4,096-character answer inside /baucu is quoted shortened, and the dialogue goes on", async () => {
    h = createHarness({ respond: telegramLike() });
    const reporter = await registered(h, 1507, "QN-BL-HUCDONG-01", "reporter", "An");
    await reporter.script(["/baucu", ...ELECTION_ANSWERS.slice(0, 2)]);
    // The choice question ("chính thức" …): a long unknown answer is quoted back.
    for (const long of ["x".repeat(4096), `${"<b>&😀".repeat(819)}x`]) {
      const calls = await reporter.send(long);
      expectAllAccepted(calls);
      expect(lastText(calls)).toContain("…");
      expect(lastText(calls).length).toBeLessThan(1000);
    }
    // The counts question too (a number that is not one).
    await reporter.script(ELECTION_ANSWERS.slice(2));
    expect(lastText(await reporter.tap("Lưu"))).toContain("Đã lưu");
  });

  it("a pasted quick form with 150+ unknown lines lists only a few of them", async () => {
    h = createHarness({ respond: telegramLike() });
    const reporter = await registered(h, 1508, "QN-BL-HUCDONG-01", "reporter", "An");
    const template = lastText(await reporter.send("/nhanh baucu")).replace(/<\/?code>/g, "");
    const unknown = Array.from({ length: 160 }, (_, i) => `Mục lạ số ${i} ${"x".repeat(20)}: giá trị`);
    const pasted = [template.split("\n")[0], ...unknown, ...template.split("\n").slice(1)].join("\n").slice(0, 4096);
    const calls = await reporter.send(pasted);
    expectAllAccepted(calls);
    const reply = texts(calls).join("\n");
    expect(reply.match(/Không rõ mục/g)!.length).toBeLessThanOrEqual(5);
    expect(reply).toMatch(/… và \d+ mục khác chưa đúng/);
  });

  it("a 500+ character return reason is cut by grapheme: the reporter's notice is valid and delivered", async () => {
    h = createHarness({ respond: telegramLike() });
    const reporter = await registered(h, 1509, "QN-BL-HUCDONG-01", "reporter", "An");
    await reporter.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);
    const staff = await registered(h, 1510, "QN-BL-HUCDONG", "staff", "Cán bộ xã");
    await staff.send("/duyet");
    await staff.tap("1");
    await staff.tap("Trả lại");
    // An emoji straddles the 500th code unit.
    const reason = `${"Sai số liệu. ".repeat(38)}Sai x🙏🙏🙏 ${"Sai số liệu. ".repeat(10)}`;
    const calls = await staff.send(reason);
    expectAllAccepted(calls);
    const notice = calls.filter((c) => c.method === "sendMessage" && String(c.payload.chat_id) === "1509");
    expect(notice).toHaveLength(1);
    expect(String(notice[0]!.payload.text)).toContain("…");
    const stored = (h.db.$client.prepare("select review_note from report_versions").get() as { review_note: string }).review_note;
    expect(LONE_SURROGATE.test(stored)).toBe(false);
  });

  it("a 100,000-character search never reaches SQL LIKE", async () => {
    h = createHarness({ respond: telegramLike() });
    const staff = await registered(h, 1511, "QN-BL-HUCDONG", "staff", "Cán bộ xã");
    for (const text of [`/xem ${"ab".repeat(50_000)}`, `/chuaxong ${"ab".repeat(50_000)}`]) {
      const calls = await staff.send(text);
      expectAllAccepted(calls);
      expect(lastText(calls)).toContain("Không tìm thấy");
    }
    // Inside /baucu, staff pick the hamlet by name.
    await staff.send("/baucu");
    const calls = await staff.send("ab".repeat(50_000));
    expectAllAccepted(calls);
    expect(lastText(calls)).toContain("Không tìm thấy thôn");
  });
});

describe("splitLongMessages: a reply over 4,096 characters goes out in parts", () => {
  function apiWithSplitting() {
    const transport = createLocalTransport({ respond: telegramLike() });
    const bot = new Bot("123:TEST", { botInfo: LOCAL_BOT_INFO, client: { fetch: transport.fetch } });
    bot.api.config.use(splitLongMessages());
    return { api: bot.api, transport };
  }
  const lines = Array.from({ length: 300 }, (_, i) => `• <b>Thôn ${i}</b> — chưa báo cáo — Nguyễn Văn &lt;${i}&gt;`);
  const keyboard = { inline_keyboard: [[{ text: "Sau ▶️", callback_data: "cx:1:all:1" }]] };

  it("sendMessage: parts cut at line boundaries, each accepted, the keyboard on the last", async () => {
    const { api, transport } = apiWithSplitting();
    const sent = await api.sendMessage(42, lines.join("\n"), { parse_mode: "HTML", reply_markup: keyboard });
    const calls = transport.since(0, "sendMessage");
    expect(calls.length).toBeGreaterThan(1);
    expectAllAccepted(calls);
    expect(calls.map((c) => String(c.payload.text)).join("\n").split("\n")).toEqual(lines);
    expect(calls.map((c) => c.payload.reply_markup !== undefined)).toEqual([...calls.slice(1).map(() => false), true]);
    expect(sent.text).toBe(calls.at(-1)!.payload.text);
  });

  it("editMessageText: the message gets the first part, the rest follow", async () => {
    const { api, transport } = apiWithSplitting();
    await api.editMessageText(42, 7, lines.join("\n"), { parse_mode: "HTML", reply_markup: keyboard });
    expect(transport.calls.map((c) => c.method)).toEqual(["editMessageText", ...transport.calls.slice(1).map(() => "sendMessage")]);
    expect(transport.calls.length).toBeGreaterThan(1);
    expectAllAccepted(transport.calls);
    expect(transport.calls.at(-1)!.payload.reply_markup).toEqual(keyboard);
  });

  it("leaves a message within the limit untouched", async () => {
    const { api, transport } = apiWithSplitting();
    await api.sendMessage(42, "ngắn", { reply_markup: keyboard });
    expect(transport.calls).toEqual([{ method: "sendMessage", payload: { chat_id: 42, text: "ngắn", reply_markup: keyboard } }]);
  });
});
