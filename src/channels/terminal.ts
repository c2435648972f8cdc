import { BotError, type Bot, type Context } from "grammy";
import type { Update } from "grammy/types";
import type { ApiCall, ApiResponder, LocalTransport } from "./local-transport.js";

/**
 * The terminal simulator's reusable part: it turns the Bot API calls the bot
 * makes (recorded by the local transport) into plain text, and turns typed
 * lines into Telegram updates for the very same bot. No network, no token.
 */

import { choiceForInput, flattenKeyboard, keyboardRows, plainText, renderKeyboard, type TerminalButton } from "./plain-text.js";

export { choiceForInput, type KeyboardChoice, htmlToPlain, unescapeHtml, plainText, keyboardRows, flattenKeyboard, renderKeyboard, type TerminalButton } from "./plain-text.js";

// ---------------------------------------------------------------------------
// Rendering API calls

const MESSAGE_METHODS = new Set(["sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendVoice", "sendAnimation"]);
const FILE_FIELDS: Record<string, string> = {
  sendPhoto: "photo",
  sendDocument: "document",
  sendVideo: "video",
  sendAudio: "audio",
  sendVoice: "voice",
  sendAnimation: "animation",
};

/** Names of the files a call sends: uploaded file names, else the file_id / URL given. */
export function fileNames(call: ApiCall): string[] {
  const files = call.payload.files as Record<string, { filename: string }> | undefined;
  if (files && Object.keys(files).length > 0) return Object.values(files).map((f) => f.filename);
  const field = FILE_FIELDS[call.method];
  const value = field ? call.payload[field] : undefined;
  return typeof value === "string" && value !== "" ? [value] : [];
}

/** Plain-text lines for one Bot API call; [] for calls the user would not see. */
export function renderCall(call: ApiCall): string[] {
  const { method, payload } = call;
  const keyboard = renderKeyboard(keyboardRows(payload.reply_markup));
  switch (method) {
    case "sendMessage":
      return [...plainText(payload.text, payload.parse_mode).split("\n"), ...keyboard];
    case "editMessageText":
      return [...`(sửa) ${plainText(payload.text, payload.parse_mode)}`.split("\n"), ...keyboard];
    case "editMessageReplyMarkup":
      return keyboard.length > 0 ? ["(sửa nút bấm)", ...keyboard] : ["(đã bỏ nút bấm)"];
    case "answerCallbackQuery":
      return payload.text ? [`(thông báo) ${payload.text}`] : [];
    case "deleteMessage":
      return ["(đã xóa một tin nhắn)"];
    default:
      if (MESSAGE_METHODS.has(method)) {
        const names = fileNames(call);
        const caption = payload.caption ? plainText(payload.caption, payload.parse_mode).split("\n") : [];
        return [...(names.length > 0 ? names : ["?"]).map((n) => `[tệp: ${n}]`), ...caption, ...keyboard];
      }
      return [];
  }
}

// ---------------------------------------------------------------------------
// Message ids

/**
 * A responder for createLocalTransport that answers the sending methods itself
 * so the simulator knows each message's id (a button press must name the
 * message its keyboard belongs to). Other methods get the default answer.
 */
export function messageIdTracker(now: () => number = Date.now) {
  let next = 1;
  const ids = new WeakMap<ApiCall, number>();
  const respond: ApiResponder = (call) => {
    const { method, payload } = call;
    if (method === "editMessageText" || method === "editMessageReplyMarkup") {
      if (payload.message_id !== undefined) ids.set(call, Number(payload.message_id));
      return undefined;
    }
    if (!MESSAGE_METHODS.has(method)) return undefined;
    const messageId = next++;
    ids.set(call, messageId);
    const chat = { id: Number(payload.chat_id ?? 0), type: "private" as const, first_name: "Demo" };
    const result: Record<string, unknown> = { message_id: messageId, date: Math.floor(now() / 1000), chat };
    if (method === "sendMessage") result.text = payload.text;
    else result.caption = payload.caption;
    if (payload.reply_markup) result.reply_markup = payload.reply_markup;
    return { ok: true, result };
  };
  return { respond, messageIdOf: (call: ApiCall): number | undefined => ids.get(call) };
}

export type MessageIdTracker = ReturnType<typeof messageIdTracker>;

// ---------------------------------------------------------------------------
// Session

/** Someone the simulator user can act as: one Telegram account in a private chat. */
export interface Persona {
  /** "Người báo cáo — Thôn Nà Ếch, xã Húc Động, huyện Bình Liêu" */
  label: string;
  userId: number;
  firstName: string;
  lastName?: string;
  /** Printed the first time the persona is chosen (e.g. the bot's welcome at registration). */
  intro?: string[];
}

interface ShownKeyboard {
  messageId: number;
  text: string;
  buttons: TerminalButton[];
}

/**
 * How typed lines reach a bot other than through Telegram updates (the Zalo
 * simulator): it sends the text as that channel would and returns what the
 * user would read there.
 */
export interface ChatDriver {
  send(persona: Persona, text: string): Promise<string[]>;
}

/** Telegram: the bot and the local transport it answers through. */
interface TelegramSide {
  bot: Bot<any>;
  transport: LocalTransport;
  tracker: MessageIdTracker;
  driver?: undefined;
}

/** Another channel instead of Telegram updates (buttons, if any, are the channel's business). */
interface DriverSide {
  driver: ChatDriver;
}

export type TerminalSessionOptions = (TelegramSide | DriverSide) & {
  personas: Persona[];
  now?: () => number;
  /** Called with a middleware error after the bot's own error handler ran. */
  onError?: (error: unknown) => void;
};

export const SWITCH_COMMAND = "/doi";
export const QUIT_COMMAND = "/thoat";
/** A line of just this starts and ends a multi-line message (the quick form is pasted in one go). */
export const BLOCK_MARK = '"""';

/**
 * Feeds typed lines to the bot as one of several personas and returns what the
 * bot answered, as plain text. `/doi` (switch persona), `/thoat` (quit) and
 * `"""` (start / end a multi-line message) are handled here and never reach the bot.
 */
export class TerminalSession {
  private current: Persona | undefined;
  private choosing = true;
  private readonly introduced = new Set<number>();
  private readonly keyboards = new Map<number, ShownKeyboard | undefined>();
  private updateId = 0;
  private userMessageId = 0;
  private finished = false;
  /** Lines of a multi-line message being typed between two BLOCK_MARK lines. */
  private block: string[] | undefined;

  constructor(private readonly opts: TerminalSessionOptions) {
    if (opts.personas.length === 0) throw new Error("TerminalSession needs at least one persona");
  }

  get persona(): Persona | undefined {
    return this.current;
  }

  /** True after /thoat. */
  get done(): boolean {
    return this.finished;
  }

  /** The numbered persona list that starts a session and follows /doi. */
  menu(): string[] {
    return ["Chọn vai trò:", ...this.opts.personas.map((p, i) => `  [${i + 1}] ${p.label}`), "Gõ số thứ tự rồi nhấn Enter."];
  }

  /** Handles one typed line; returns the lines to print. */
  async handleLine(raw: string): Promise<string[]> {
    const line = raw.replace(/\r$/, "");
    const trimmed = line.trim();
    if (this.finished) return [];
    if (trimmed === QUIT_COMMAND) {
      this.finished = true;
      return ["Tạm biệt!"];
    }
    if (this.block !== undefined) {
      if (trimmed !== BLOCK_MARK) {
        this.block.push(line);
        return [];
      }
      const text = this.block.join("\n");
      this.block = undefined;
      return text.trim() === "" ? [] : this.sendAs(this.current!, text);
    }
    const [command, arg] = trimmed.split(/\s+/, 2);
    if (command === SWITCH_COMMAND) {
      this.choosing = true;
      return arg ? this.choose(arg) : this.menu();
    }
    if (this.choosing) {
      if (trimmed === "") return [];
      return this.choose(trimmed);
    }
    if (trimmed === "") return [];
    if (trimmed === BLOCK_MARK) {
      this.block = [];
      return [`(Tin nhắn nhiều dòng: dán hoặc gõ nội dung, rồi gõ ${BLOCK_MARK} trên một dòng riêng để gửi.)`];
    }
    const persona = this.current!;
    if (this.opts.driver) return this.opts.driver.send(persona, line);
    const shown = this.keyboards.get(persona.userId);
    const choice = shown ? choiceForInput(trimmed, shown.buttons) : ({ kind: "none" } as const);
    if (choice.kind === "callback") return this.press(persona, shown!, choice.data);
    return this.sendAs(persona, choice.kind === "text" ? choice.text : line);
  }

  private choose(input: string): string[] {
    const n = Number(input);
    const persona = Number.isInteger(n) ? this.opts.personas[n - 1] : undefined;
    if (!persona) {
      return [`Không có lựa chọn "${input}". Vui lòng gõ một số từ 1 đến ${this.opts.personas.length}.`, ...this.menu()];
    }
    this.current = persona;
    this.choosing = false;
    const lines = [`Bạn là: ${persona.label}`];
    if (!this.introduced.has(persona.userId)) {
      this.introduced.add(persona.userId);
      if (persona.intro?.length) lines.push("", ...persona.intro);
      lines.push(
        "",
        `(${this.opts.driver ? "Gõ tin nhắn như trên Zalo; gõ số để chọn." : "Gõ tin nhắn như trên Telegram; gõ số để bấm nút [1], [2]…"} ${SWITCH_COMMAND} để đổi vai trò, ${QUIT_COMMAND} để thoát. ` +
          `Tin nhắn nhiều dòng: gõ ${BLOCK_MARK}, dán nội dung, rồi gõ ${BLOCK_MARK} lần nữa.)`,
      );
    }
    return lines;
  }

  private get now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private from(p: Persona) {
    return { id: p.userId, is_bot: false as const, first_name: p.firstName, last_name: p.lastName, language_code: "vi" };
  }

  private chat(p: Persona) {
    return { id: p.userId, type: "private" as const, first_name: p.firstName, last_name: p.lastName };
  }

  /** Sends `text` as a message from `persona` (also used to register personas). */
  async sendAs(persona: Persona, text: string): Promise<string[]> {
    if (this.opts.driver) return this.opts.driver.send(persona, text);
    const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    const update = {
      update_id: ++this.updateId,
      message: {
        message_id: ++this.userMessageId,
        date: Math.floor(this.now / 1000),
        chat: this.chat(persona),
        from: this.from(persona),
        text,
        ...(command ? { entities: [{ type: "bot_command" as const, offset: 0, length: command[0].length }] } : {}),
      },
    } as Update;
    return this.deliver(persona, update);
  }

  private async press(persona: Persona, shown: ShownKeyboard, data: string): Promise<string[]> {
    const update = {
      update_id: ++this.updateId,
      callback_query: {
        id: String(this.updateId),
        from: this.from(persona),
        chat_instance: `demo-${persona.userId}`,
        data,
        message: { message_id: shown.messageId, date: Math.floor(this.now / 1000), chat: this.chat(persona), text: shown.text },
      },
    } as Update;
    return this.deliver(persona, update);
  }

  private async deliver(persona: Persona, update: Update): Promise<string[]> {
    const { bot, transport } = this.opts as TelegramSide;
    const from = transport.calls.length;
    try {
      await bot.handleUpdate(update);
    } catch (error) {
      // handleUpdate does not use bot.catch; run it so the user sees what a real chat would.
      if (error instanceof BotError) {
        try {
          await bot.errorHandler(error as BotError<Context>);
        } catch {
          // already reported below
        }
      }
      this.opts.onError?.(error);
    }
    const calls = transport.since(from);
    const out: string[] = [];
    for (const call of calls) {
      this.track(call);
      const lines = renderCall(call);
      if (lines.length === 0) continue;
      if (out.length > 0) out.push("");
      const chatId = call.payload.chat_id === undefined ? persona.userId : Number(call.payload.chat_id);
      if (chatId !== persona.userId) {
        // Sent to someone else (e.g. a notification to commune staff): say to whom.
        const other = this.opts.personas.find((p) => p.userId === chatId);
        out.push(`(tin gửi cho ${other ? other.label : `chat ${chatId}`})`);
      }
      out.push(...lines);
    }
    return out;
  }

  /** Remembers the keyboard of each chat's last bot message (a number typed next presses it). */
  private track(call: ApiCall) {
    if (call.payload.chat_id === undefined) return;
    const chatId = Number(call.payload.chat_id);
    const id = (this.opts as TelegramSide).tracker.messageIdOf(call);
    const buttons = flattenKeyboard(keyboardRows(call.payload.reply_markup));
    const shown = this.keyboards.get(chatId);
    if (MESSAGE_METHODS.has(call.method)) {
      this.keyboards.set(
        chatId,
        buttons.length > 0 && id !== undefined
          ? { messageId: id, text: String(call.payload.text ?? call.payload.caption ?? ""), buttons }
          : undefined,
      );
    } else if (call.method === "editMessageText" || call.method === "editMessageReplyMarkup") {
      if (buttons.length > 0 && id !== undefined) {
        const text = call.method === "editMessageText" ? String(call.payload.text ?? "") : shown?.messageId === id ? shown.text : "";
        this.keyboards.set(chatId, { messageId: id, text, buttons });
      } else if (shown && shown.messageId === id) {
        // An edit without reply_markup removes the inline keyboard.
        this.keyboards.set(chatId, undefined);
      }
    } else if (call.method === "deleteMessage" && shown && shown.messageId === Number(call.payload.message_id)) {
      this.keyboards.set(chatId, undefined);
    }
  }
}
