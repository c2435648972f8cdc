import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import type { Update } from "grammy/types";
import { openDatabase, type Db } from "../../db/client.js";
import { createInvites } from "../../db/invites.js";
import { existingUnits, importUnits } from "../../db/units.js";
import { createTerm } from "../../db/terms.js";
import { createBot } from "../../src/bot.js";
import { fakeClock } from "../../src/clock.js";
import { createLocalTransport, LOCAL_BOT_INFO, type ApiCall, type ApiResponder } from "../../src/channels/local-transport.js";
import { createServices } from "../../src/services.js";
import { parseUnitCsv, validateUnitRows } from "../../src/domain/units.js";
import type { Role } from "../../src/domain/roles.js";
import { readFileSync } from "node:fs";

export const SMALL_PROVINCE = new URL("../fixtures/small-province.csv", import.meta.url).pathname;

export function tempDbPath(): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "dantin-test-"));
  return { path: join(dir, "bot.sqlite"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function loadUnits(db: Db, csvPath: string) {
  const parsed = parseUnitCsv(readFileSync(csvPath, "utf8"));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const valid = validateUnitRows(parsed.rows, existingUnits(db));
  if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
  return importUnits(db, valid.units);
}

export function seedTerm(db: Db) {
  return createTerm(db, {
    name: "2025-2027",
    electionDate: "2024-12-15",
    congressDeadline: "2025-01-15",
    windowStart: "2024-12-15",
    windowEnd: "2025-01-15",
    active: true,
  });
}

let globalUpdateId = 1;

/**
 * A bot over a real SQLite file with a fake Bot API at client.fetch level.
 * `restart()` builds a new Bot on the same database, as after a process restart.
 */
export function createHarness(opts: { dbPath?: string; respond?: ApiResponder; now?: string; seed?: boolean } = {}) {
  const temp = opts.dbPath ? undefined : tempDbPath();
  const dbPath = opts.dbPath ?? temp!.path;
  const clock = fakeClock(opts.now ?? "2024-12-15T09:00:00+07:00");
  const transport = createLocalTransport({ respond: opts.respond, now: clock.now });
  const logger = pino({ level: process.env.HARNESS_LOG ?? "silent" });
  let db = openDatabase(dbPath);
  if (opts.seed !== false) {
    loadUnits(db, SMALL_PROVINCE);
    seedTerm(db);
  }
  const build = () =>
    createBot({
      token: "123:TEST",
      services: createServices({ db, clock, logger }),
      botInfo: LOCAL_BOT_INFO,
      client: { fetch: transport.fetch },
      throttle: async () => {},
    });
  let bot = build();

  const harness = {
    get db() {
      return db;
    },
    get bot() {
      return bot;
    },
    clock,
    transport,
    dbPath,
    /** A new Bot (and DB connection) on the same file: what a restart looks like. */
    restart() {
      db.$client.close();
      db = openDatabase(dbPath);
      bot = build();
    },
    invite(unitCode: string, role: Role, extra: { days?: number; personName?: string } = {}) {
      const unit = db.$client.prepare("select id from units where code = ?").get(unitCode) as { id: number };
      return createInvites(db, { unitId: unit.id, role, count: 1, days: extra.days ?? 14, personName: extra.personName, now: clock.now() })[0]!.code;
    },
    user(id: number, firstName = "Người dùng", lastName?: string) {
      return new TestUser(harness, id, firstName, lastName);
    },
    close() {
      db.$client.close();
      temp?.cleanup();
    },
  };
  return harness;
}

export type Harness = ReturnType<typeof createHarness>;

/** A Telegram user in a private chat: sends text or presses buttons, returns what the bot did. */
export class TestUser {
  constructor(
    private readonly h: Harness,
    readonly id: number,
    readonly firstName: string,
    readonly lastName?: string,
  ) {}

  private get from() {
    return { id: this.id, is_bot: false, first_name: this.firstName, last_name: this.lastName, language_code: "vi" };
  }

  /** User-visible exchanges: one per update this user sent. */
  roundTrips = 0;
  /** Messages the bot sent to this user (sendMessage). */
  botMessages = 0;
  private keyboard: { text: string; data: string }[] = [];

  /** Sends a raw update; returns the API calls the bot made while handling it. */
  async deliver(update: Update): Promise<ApiCall[]> {
    const from = this.h.transport.calls.length;
    await this.h.bot.handleUpdate(update);
    const calls = this.h.transport.since(from);
    this.roundTrips++;
    this.botMessages += calls.filter((c) => c.method === "sendMessage").length;
    const latest = buttons(calls);
    if (calls.some((c) => c.method === "sendMessage")) this.keyboard = latest;
    return calls;
  }

  /** Presses the button of the last keyboard whose label contains `label`. */
  async tap(label: string): Promise<ApiCall[]> {
    const button = this.keyboard.find((b) => b.text.includes(label));
    if (!button) throw new Error(`no button "${label}" in ${JSON.stringify(this.keyboard)}`);
    return this.press(button.data);
  }

  /** Sends each text in turn (a "tap:" prefix presses a button); returns all calls. */
  async script(steps: readonly string[]): Promise<ApiCall[]> {
    const all: ApiCall[] = [];
    for (const step of steps) all.push(...(step.startsWith("tap:") ? await this.tap(step.slice(4)) : await this.send(step)));
    return all;
  }

  messageUpdate(text: string, extra: Record<string, unknown> = {}): Update {
    const entities = text.startsWith("/") ? [{ type: "bot_command" as const, offset: 0, length: text.split(/\s/)[0]!.length }] : undefined;
    return {
      update_id: globalUpdateId++,
      message: {
        message_id: globalUpdateId,
        date: Math.floor(this.h.clock.now() / 1000),
        chat: { id: this.id, type: "private", first_name: this.firstName },
        from: this.from,
        text,
        entities,
        ...extra,
      },
    } as Update;
  }

  async send(text: string): Promise<ApiCall[]> {
    return this.deliver(this.messageUpdate(text));
  }

  async sendPhoto(fileId: string): Promise<ApiCall[]> {
    return this.deliver({
      update_id: globalUpdateId++,
      message: {
        message_id: globalUpdateId,
        date: Math.floor(this.h.clock.now() / 1000),
        chat: { id: this.id, type: "private", first_name: this.firstName },
        from: this.from,
        photo: [{ file_id: fileId, file_unique_id: `u${fileId}`, width: 800, height: 600 }],
      },
    } as Update);
  }

  async press(data: string, messageId = 1): Promise<ApiCall[]> {
    return this.deliver({
      update_id: globalUpdateId++,
      callback_query: {
        id: String(globalUpdateId),
        from: this.from,
        chat_instance: "ci",
        data,
        message: { message_id: messageId, date: 0, chat: { id: this.id, type: "private", first_name: this.firstName }, text: "…" },
      },
    } as Update);
  }
}

/** Texts the bot sent (sendMessage / editMessageText) in these calls. */
export function texts(calls: ApiCall[]): string[] {
  return calls.filter((c) => c.method === "sendMessage" || c.method === "editMessageText").map((c) => String(c.payload.text));
}

export function lastText(calls: ApiCall[]): string {
  const all = texts(calls);
  return all[all.length - 1] ?? "";
}

/** Button labels and callback data of the last message with an inline keyboard. */
export function buttons(calls: ApiCall[]): { text: string; data: string }[] {
  const withKeyboard = calls.filter((c) => c.payload.reply_markup?.inline_keyboard).pop();
  return (withKeyboard?.payload.reply_markup.inline_keyboard ?? []).flat().map((b: any) => ({ text: b.text, data: b.callback_data }));
}
