import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDemo } from "../src/cli/demo.js";
import {
  choiceForInput,
  flattenKeyboard,
  htmlToPlain,
  keyboardRows,
  messageIdTracker,
  plainText,
  renderCall,
  renderKeyboard,
  TerminalSession,
  type Persona,
} from "../src/channels/terminal.js";
import { createLocalTransport } from "../src/channels/local-transport.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dantin-demo-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the simulator in-process with these typed lines; returns everything it printed. */
async function demo(lines: string[], dbName = "demo.sqlite", channel: "telegram" | "zalo" = "telegram"): Promise<{ code: number; out: string }> {
  let out = "";
  const output = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  const input = Readable.from(lines.map((l) => `${l}\n`));
  const code = await runDemo({
    input,
    output,
    env: { DEMO_DATABASE_PATH: join(dir, dbName) },
    logger: pino({ level: "silent" }),
    channel,
  });
  return { code, out };
}

/** The printed block that answers the line typed as `> line`. */
function answerTo(out: string, line: string): string {
  const start = out.indexOf(`\n> ${line}\n`);
  expect(start, `no answer to ${line}`).toBeGreaterThanOrEqual(0);
  const rest = out.slice(start + line.length + 4);
  const next = rest.indexOf("\n> ");
  return next === -1 ? rest : rest.slice(0, next);
}

describe("npm run demo (terminal simulator)", () => {
  it("lets you choose the reporter, get /trogiup, then switch to commune staff with /doi", async () => {
    const { code, out } = await demo(["1", "/trogiup", "/doi", "2"]);
    expect(code).toBe(0);
    expect(out).toContain("Chọn vai trò:");
    expect(out).toMatch(/\[1\] Người báo cáo — .*xã Húc Động/);

    const chosen = answerTo(out, "1");
    expect(chosen).toMatch(/^Bạn là: Người báo cáo — Thôn Nà Ếch, xã Húc Động/);

    const help = answerTo(out, "/trogiup");
    expect(help).toContain("/baucu");
    expect(help).toContain("/daihoi");
    expect(help).not.toMatch(/<\/?b>|&lt;|&amp;/);

    expect(answerTo(out, "/doi")).toContain("Chọn vai trò:");
    const staff = answerTo(out, "2");
    expect(staff).toMatch(/^Bạn là: Cán bộ theo dõi — xã Húc Động/);
    // The bot's own welcome at registration, HTML stripped.
    expect(staff).toContain("Chào mừng Lục Thị Mai! Bạn đã được đăng ký là cán bộ theo dõi của xã Húc Động.");
  }, 30_000);

  it("starts from a fresh database every time and keeps /doi away from the bot", async () => {
    await demo(["1"], "again.sqlite");
    const { code, out } = await demo(["/doi 3", "/trogiup", "9"], "again.sqlite");
    expect(code).toBe(0);
    // A second run on the same file works: the database was reset (the term name is unique, so reuse would fail).
    expect(answerTo(out, "/doi 3")).toMatch(/^Bạn là: Lãnh đạo — huyện Bình Liêu/);
    const help = answerTo(out, "/trogiup");
    expect(help).toContain("/xem");
    expect(help).not.toContain("/baucu");
    // Not a command the bot knows, and no keyboard is showing: it goes to the bot as text.
    expect(answerTo(out, "9")).toContain("Tôi chưa hiểu");
  }, 30_000);

  it("asks again when the persona number is wrong", async () => {
    const { out } = await demo(["7", "abc", "4"], "wrong.sqlite");
    expect(answerTo(out, "7")).toContain('Không có lựa chọn "7"');
    expect(answerTo(out, "abc")).toContain("Chọn vai trò:");
    expect(answerTo(out, "4")).toMatch(/^Bạn là: Quản trị — tỉnh Quảng Ninh/);
  }, 30_000);

  it("works as a real process with piped stdin and exits 0 at EOF", () => {
    const db = join(dir, "spawned.sqlite");
    writeFileSync(db, "not a database"); // must be deleted, not opened
    const env = { ...process.env, DEMO_DATABASE_PATH: db };
    // The documented way to drive it: `printf '1\n/trogiup\n' | npm run demo`.
    const result = spawnSync("npm", ["run", "--silent", "demo"], { cwd: ROOT, env, input: "1\n/trogiup\n", encoding: "utf8", timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("Bạn là: Người báo cáo");
    expect(result.stdout).toContain("/baucu —");
    // Logs go to stderr only; stdout is the conversation.
    expect(result.stdout).not.toMatch(/"level":/);
    expect(existsSync(db)).toBe(true);
  }, 60_000);
});

describe("terminal helpers", () => {
  it("strips Telegram HTML and decodes entities once", () => {
    expect(htmlToPlain("Chào mừng <b>An</b>! Gửi: <code>/start MÃ</code>")).toBe("Chào mừng An! Gửi: /start MÃ");
    expect(htmlToPlain("&lt;b&gt;An &amp; Co &quot;x&quot; &#39;y&#39;")).toBe("<b>An & Co \"x\" 'y'");
    expect(htmlToPlain("&amp;lt;")).toBe("&lt;");
    expect(htmlToPlain('<a href="https://t.me/x?start=A&amp;B">mở</a>')).toBe("mở (https://t.me/x?start=A&B)");
    expect(htmlToPlain("<i>a\nb</i>")).toBe("a\nb");
    // Only HTML-mode text is stripped.
    expect(plainText("1 < 2 <b>", undefined)).toBe("1 < 2 <b>");
    expect(plainText("1 &lt; 2", "HTML")).toBe("1 < 2");
  });

  it("renders inline keyboards as numbered choices across rows", () => {
    const markup = {
      inline_keyboard: [
        [
          { text: "✅ Lưu", callback_data: "save" },
          { text: "✏️ Sửa mục…", callback_data: "edit" },
        ],
        [{ text: "Hủy", callback_data: "cancel" }],
        [{ text: "Hướng dẫn", url: "https://example.org" }],
      ],
    };
    expect(renderKeyboard(keyboardRows(markup))).toEqual([
      "  [1] ✅ Lưu  [2] ✏️ Sửa mục…",
      "  [3] Hủy",
      "  [4] Hướng dẫn (https://example.org)",
    ]);
    expect(renderKeyboard(keyboardRows(undefined))).toEqual([]);
    expect(renderKeyboard(keyboardRows({ remove_keyboard: true }))).toEqual([]);
  });

  it("maps a typed number to that button's callback data, anything else to text", () => {
    const buttons = flattenKeyboard(
      keyboardRows({
        inline_keyboard: [[{ text: "A", callback_data: "a" }, { text: "B", callback_data: "b" }], [{ text: "Web", url: "https://x" }]],
      }),
    );
    expect(choiceForInput("1", buttons)).toEqual({ kind: "callback", data: "a" });
    expect(choiceForInput(" 2 ", buttons)).toEqual({ kind: "callback", data: "b" });
    expect(choiceForInput("3", buttons)).toEqual({ kind: "none" }); // URL button
    expect(choiceForInput("0", buttons)).toEqual({ kind: "none" });
    expect(choiceForInput("4", buttons)).toEqual({ kind: "none" });
    expect(choiceForInput("1.452", buttons)).toEqual({ kind: "none" });
    expect(choiceForInput("2 người", buttons)).toEqual({ kind: "none" });
    const reply = flattenKeyboard(keyboardRows({ keyboard: [["Có", { text: "Không" }]] }));
    expect(choiceForInput("2", reply)).toEqual({ kind: "text", text: "Không" });
  });

  it("renders edits, files and ignores calls the user would not see", () => {
    expect(renderCall({ method: "editMessageText", payload: { text: "<b>Đã lưu</b>", parse_mode: "HTML" } })).toEqual(["(sửa) Đã lưu"]);
    expect(
      renderCall({
        method: "sendDocument",
        payload: { document: "attach://x1", caption: "Báo cáo", multipart: true, files: { x1: { filename: "bao-cao.xlsx", size: 3 } } },
      }),
    ).toEqual(["[tệp: bao-cao.xlsx]", "Báo cáo"]);
    expect(renderCall({ method: "sendPhoto", payload: { photo: "AgADfileid" } })).toEqual(["[tệp: AgADfileid]"]);
    expect(renderCall({ method: "setMyCommands", payload: { commands: [] } })).toEqual([]);
    expect(renderCall({ method: "answerCallbackQuery", payload: { text: "Đã chọn" } })).toEqual(["(thông báo) Đã chọn"]);
  });

  it("presses the button of the last message with a keyboard, naming that message", async () => {
    const updates: any[] = [];
    const tracker = messageIdTracker(() => 0);
    const transport = createLocalTransport({ respond: tracker.respond });
    const persona: Persona = { label: "Thử", userId: 42, firstName: "T" };
    // A stand-in bot: echoes with a keyboard for text, edits the message on a press.
    const bot = {
      async handleUpdate(u: any) {
        updates.push(u);
        const send = (method: string, payload: object) =>
          transport.fetch(`http://local/bot0:x/${method}`, { method: "POST", body: JSON.stringify(payload) });
        if (u.message) {
          await send("sendMessage", { chat_id: 42, text: "Chọn", reply_markup: { inline_keyboard: [[{ text: "Một", callback_data: "one" }, { text: "Hai", callback_data: "two" }]] } });
        } else {
          await send("editMessageText", { chat_id: 42, message_id: u.callback_query.message.message_id, text: `Bạn chọn <b>${u.callback_query.data}</b>`, parse_mode: "HTML" });
        }
      },
    };
    const session = new TerminalSession({ bot: bot as any, transport, tracker, personas: [persona] });
    expect((await session.handleLine("1"))[0]).toBe("Bạn là: Thử");
    expect(await session.handleLine("/baucu")).toEqual(["Chọn", "  [1] Một  [2] Hai"]);
    expect(updates[0].message.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);
    expect(await session.handleLine("2")).toEqual(["(sửa) Bạn chọn two"]);
    expect(updates[1].callback_query).toMatchObject({ data: "two", message: { message_id: 1 } });
    // The edit removed the keyboard: a number is now text.
    await session.handleLine("2");
    expect(updates[2].message.text).toBe("2");
    expect(updates[2].message.entities).toBeUndefined();
    expect(new Set(updates.map((u) => u.update_id)).size).toBe(3);
    expect(await session.handleLine("/thoat")).toEqual(["Tạm biệt!"]);
    expect(session.done).toBe(true);
  });

  it('sends the lines between two """ as one multi-line message, and /doi with a bad number re-opens the menu', async () => {
    const updates: any[] = [];
    const tracker = messageIdTracker(() => 0);
    const transport = createLocalTransport({ respond: tracker.respond });
    const bot = {
      async handleUpdate(u: any) {
        updates.push(u);
      },
    };
    const personas: Persona[] = [
      { label: "A", userId: 1, firstName: "A" },
      { label: "B", userId: 2, firstName: "B" },
    ];
    const session = new TerminalSession({ bot: bot as any, transport, tracker, personas });
    await session.handleLine("1");
    expect((await session.handleLine('"""'))[0]).toContain("nhiều dòng");
    expect(await session.handleLine("Số cử tri trong danh sách: 312")).toEqual([]);
    expect(await session.handleLine("Số cử tri đi bầu: 298")).toEqual([]);
    expect(updates).toHaveLength(0);
    await session.handleLine(' """ ');
    expect(updates.map((u) => u.message.text)).toEqual(["Số cử tri trong danh sách: 312\nSố cử tri đi bầu: 298"]);

    expect((await session.handleLine("/doi 5"))[0]).toContain('Không có lựa chọn "5"');
    // Still choosing: the next number picks a persona instead of going to the bot as A.
    expect(await session.handleLine("2")).toContain("Bạn là: B");
    expect(updates).toHaveLength(1);
  });

  it("labels messages sent to another persona, whose keyboard works after /doi", async () => {
    const updates: any[] = [];
    const tracker = messageIdTracker(() => 0);
    const transport = createLocalTransport({ respond: tracker.respond });
    const reporter: Persona = { label: "Người báo cáo — Thôn 1", userId: 42, firstName: "R" };
    const staff: Persona = { label: "Cán bộ theo dõi — xã A", userId: 43, firstName: "S" };
    const send = (method: string, payload: object) =>
      transport.fetch(`http://local/bot0:x/${method}`, { method: "POST", body: JSON.stringify(payload) });
    const bot = {
      async handleUpdate(u: any) {
        updates.push(u);
        if (u.message?.chat.id === 42) {
          await send("sendMessage", { chat_id: 42, text: "Đã gửi báo cáo." });
          await send("sendMessage", { chat_id: 43, text: "Thôn 1 vừa báo cáo.", reply_markup: { inline_keyboard: [[{ text: "Xem", callback_data: "view:1" }]] } });
        }
      },
    };
    const session = new TerminalSession({ bot: bot as any, transport, tracker, personas: [reporter, staff] });
    await session.handleLine("1");
    expect(await session.handleLine("/baucu")).toEqual([
      "Đã gửi báo cáo.",
      "",
      "(tin gửi cho Cán bộ theo dõi — xã A)",
      "Thôn 1 vừa báo cáo.",
      "  [1] Xem",
    ]);
    // The reporter's own last message had no keyboard: "1" is text.
    await session.handleLine("1");
    expect(updates[1].message.text).toBe("1");
    expect((await session.handleLine("/doi 2"))[0]).toBe("Bạn là: Cán bộ theo dõi — xã A");
    await session.handleLine("1");
    expect(updates[2].callback_query).toMatchObject({ data: "view:1", from: { id: 43 }, message: { message_id: 4, chat: { id: 43 } } });
  });
});

describe("npm run demo -- --zalo", () => {
  it("shows what Zalo users see: plain text, numbered choices answered by typing, no buttons", async () => {
    const { code, out } = await demo(["1", "/baucu", "300\n280\n250", "Nguyễn Thị Hoa, nữ, 1978", "1", "đại học", "2", "tái cử", "1", "/doi 2", "/tiendo", "1"], "zalo.sqlite", "zalo");
    expect(code).toBe(0);
    expect(out).toContain("trên Zalo");
    const party = answerTo(out, "Nguyễn Thị Hoa, nữ, 1978");
    expect(party).toContain("1. Đảng viên chính thức");
    expect(party).toContain("(Gõ số để chọn.)");
    expect(party).not.toContain("[1]"); // no button rendering on Zalo
    const readBack = answerTo(out, "tái cử");
    expect(readBack).toContain("Số cử tri đi bầu: 280");
    expect(readBack).toMatch(/\d\. ✅ Lưu/);
    expect(out).toContain("✅ Đã lưu báo cáo bầu cử trưởng thôn");
    // Staff drill down by typing the number shown.
    expect(out).toContain("Chi bộ chưa hoàn thành — xã Húc Động");
    expect(out).not.toMatch(/<\/?b>|&lt;|&amp;/);
    for (const line of out.split("\n")) expect(line.length).toBeLessThanOrEqual(2000);
  }, 30_000);
});
