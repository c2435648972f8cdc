import { Api, InlineKeyboard, InputFile } from "grammy";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { autoRetry } from "@grammyjs/auto-retry";
import { createZaloClient } from "../src/channels/zalo/client.js";
import { createChoiceMemory } from "../src/channels/zalo/keyboards.js";
import { renderForZalo } from "../src/channels/zalo/render.js";
import { createZaloTransport } from "../src/channels/zalo/transport.js";
import { convertEvent, unwrapEvent } from "../src/channels/zalo/events.js";
import { startZaloEmulator, type ZaloEmulator } from "./support/zalo-emulator.js";

describe("renderForZalo", () => {
  it("HTML becomes plain text; buttons become numbered lines unless already listed; a typing hint is added once", () => {
    const keyboard = new InlineKeyboard().text("Có", "q1:0").text("Không", "q1:1");
    const listed = renderForZalo("<b>Bí thư là trưởng thôn?</b>\n1. Có\n2. Không", "HTML", keyboard);
    expect(listed.pieces).toEqual(["Bí thư là trưởng thôn?\n1. Có\n2. Không\n\n(Gõ số để chọn.)"]);
    expect(listed.buttons.map((b) => b.callbackData)).toEqual(["q1:0", "q1:1"]);

    const nav = renderForZalo("Tiến độ &amp; <i>kết quả</i>\n1. xã A\n2. xã B", "HTML", new InlineKeyboard().text("1", "td:1").text("2", "td:2").row().text("📋 Chưa xong", "cx:1"));
    expect(nav.pieces).toEqual(["Tiến độ & kết quả\n1. xã A\n2. xã B\n\n3. 📋 Chưa xong\n(Gõ số để chọn.)"]);

    expect(renderForZalo("Xin chào <b>An</b>", "HTML", undefined)).toEqual({ pieces: ["Xin chào An"], buttons: [] });
    // Without parse_mode the text is already plain: "<b>" typed by a user stays as typed.
    expect(renderForZalo("a <b> & c", undefined, undefined).pieces).toEqual(["a <b> & c"]);
  });
});

describe("the Zalo transport under grammY's Api, against the emulator", () => {
  let emu: ZaloEmulator;
  let api: Api;
  const logs: string[] = [];
  beforeEach(async () => {
    emu = await startZaloEmulator();
    logs.length = 0;
    const logger = pino({ level: "info" }, { write: (line: string) => logs.push(line) });
    const client = createZaloClient({ token: emu.token, apiRoot: emu.apiRoot, logger });
    const transport = createZaloTransport({ client, choices: createChoiceMemory(), keepPhoto: async () => "x", logger });
    api = new Api(emu.token, { fetch: transport.fetch });
    api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 5 }));
  });
  afterEach(async () => emu.close());

  it("splits a long message into pieces Zalo accepts, in order", async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `• Thôn số ${i} — chưa báo cáo`);
    await api.sendMessage("chat1", lines.join("\n"), { parse_mode: "HTML" });
    const texts = emu.textsTo("chat1");
    expect(texts.length).toBeGreaterThan(3);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(2000);
    expect(texts.join("\n")).toBe(lines.join("\n"));
    expect(emu.rejected).toEqual([]);
  });

  it("edits arrive as new messages; menus and deletions are no-ops; a toast becomes a message in the chat", async () => {
    await api.editMessageText("chat1", 5, "<b>Mới</b>", { parse_mode: "HTML" });
    await api.setMyCommands([{ command: "baucu", description: "x" }]);
    await api.deleteMessage("chat1", 5);
    expect(emu.textsTo("chat1")).toEqual(["Mới"]);
    expect(emu.rejected).toEqual([]);
  });

  it("retries 429 'Quota exceeded' and 5xx; a 401 stops the channel with one log line", async () => {
    emu.failNext("sendMessage", { error_code: 429, description: "Quota exceeded" });
    emu.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" });
    await api.sendMessage("chat1", "một");
    expect(emu.textsTo("chat1")).toEqual(["một"]);

    emu.failNext("sendMessage", { error_code: 401, description: "Unauthorized" });
    await expect(api.sendMessage("chat1", "hai")).rejects.toThrow(/401/);
    await expect(api.sendMessage("chat1", "ba")).rejects.toThrow(/401/);
    const stopped = logs.filter((l) => l.includes("Zalo channel is stopped"));
    expect(stopped).toHaveLength(1);
    expect(logs.join("\n")).not.toContain(emu.token.split(":")[1]!);
    // No call reached Zalo after the 401.
    expect(emu.calls.filter((c) => c.method === "sendMessage")).toHaveLength(4);
  });

  it("a chart goes as a link Zalo fetches only when files are served; otherwise nothing is sent", async () => {
    await api.sendPhoto("chat1", new InputFile(Buffer.from("png"), "c.png"), { caption: "Biểu đồ" });
    expect(emu.sent.filter((s) => s.method === "sendPhoto")).toEqual([]);
  });
});

describe("Zalo events as updates", () => {
  const deps = () => ({ botId: "bot1", choices: createChoiceMemory(), keepPhoto: async () => "zalo:p.jpg" });
  const event = (event_name: string, message: Record<string, unknown>) => ({ event_name, message: { from: { id: "u1", display_name: "An" }, chat: { id: "u1", chat_type: "PRIVATE" }, message_id: "m1", date: 1_700_000_000_000, ...message } });

  it("accepts wrapped and bare bodies; a typed command is marked as one; ids stay strings; the date is in seconds", async () => {
    const bare = event("message.text.received", { text: "/baucu ngay" });
    expect(unwrapEvent({ ok: true, result: bare })).toEqual(bare);
    expect(unwrapEvent(bare)).toEqual(bare);
    for (const junk of [null, 42, "x", [], {}, { event_name: 1 }, { ok: true, result: null }]) expect(unwrapEvent(junk)).toBeUndefined();
    const converted = await convertEvent(bare as never, deps());
    expect(converted.kind).toBe("update");
    const message = (converted as { update: any }).update.message;
    expect(message).toMatchObject({ text: "/baucu ngay", chat: { id: "u1", type: "private" }, from: { id: "u1", first_name: "An" }, date: 1_700_000_000 });
    expect(message.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);
  });

  it("the same event always gets the same update id, another event another one", async () => {
    const a = event("message.text.received", { text: "1" });
    const ids = await Promise.all([a, a, event("message.text.received", { text: "1", message_id: "m2" })].map(async (e) => ((await convertEvent(e as never, deps())) as { update: { update_id: number } }).update.update_id));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(Number.isSafeInteger(ids[0])).toBe(true);
  });

  it("drops the bot's own echo; answers a group and an unreadable message directly", async () => {
    expect(await convertEvent(event("message.text.received", { from: { id: "bot1" }, text: "x" }) as never, deps())).toMatchObject({ kind: "ignore" });
    expect(await convertEvent(event("message.text.received", { from: { id: "zz", is_bot: true }, text: "x" }) as never, deps())).toMatchObject({ kind: "ignore" });
    expect(await convertEvent(event("message.text.received", { chat: { id: "g1", chat_type: "GROUP" }, text: "x" }) as never, deps())).toEqual({ kind: "reply", chatId: "g1", text: "groupsNotSupported" });
    expect(await convertEvent(event("message.unsupported.received", {}) as never, deps())).toEqual({ kind: "reply", chatId: "u1", text: "unsupported" });
  });

  it("a typed number or exact label answers the choices last shown in that chat, and nothing else", async () => {
    const d = deps();
    d.choices.set("u1", { messageId: 9, text: "…", buttons: [{ text: "1", callbackData: "td:4" }, { text: "📋 Chưa xong", callbackData: "cx:4" }] });
    const press = async (text: string) => {
      const r = (await convertEvent(event("message.text.received", { text, message_id: text }) as never, d)) as { update: any };
      return r.update.callback_query?.data ?? `text:${r.update.message.text}`;
    };
    expect(await press("1")).toBe("td:4");
    expect(await press(" 2. ")).toBe("cx:4");
    expect(await press("chua xong")).toBe("cx:4");
    expect(await press("3")).toBe("text:3");
    expect(await press("chưa")).toBe("text:chưa"); // part of a label is not a press
  });
});
