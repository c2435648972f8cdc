import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import type { Update } from "grammy/types";
import { openDatabase } from "../../db/client.js";
import { createInvites } from "../../db/invites.js";
import { createBot } from "../../src/bot.js";
import { createZaloChannel } from "../../src/channels/zalo/index.js";
import { fakeClock } from "../../src/clock.js";
import { createLocalTransport, LOCAL_BOT_INFO } from "../../src/channels/local-transport.js";
import { createOutbound } from "../../src/delivery/outbound.js";
import { createPublicFiles } from "../../src/files/public-files.js";
import { FILES_PATH, publicFilesHandler } from "../../src/files/serve.js";
import { startHttpServer } from "../../src/http-server.js";
import { createServices } from "../../src/services.js";
import type { Role } from "../../src/domain/roles.js";
import { loadUnits, seedTerm, SMALL_PROVINCE, tempDbPath } from "./harness.js";
import { startZaloEmulator, type ZaloEmulator, type ZaloSent } from "./zalo-emulator.js";

/** A tiny PNG stands in for the chart (the real renderer is tested elsewhere). */
const FAKE_CHART = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

/**
 * The bot on both channels over one database: Zalo through the emulator over
 * real HTTP (our Zalo client, transport and file links), Telegram through the
 * local fake at client.fetch. Updates are fetched with the bot's own
 * getUpdates (what the runner calls) and handled one at a time, so a test
 * knows when the bot has answered.
 */
export async function createZaloHarness(opts: { now?: string; publicUrl?: boolean } = {}) {
  const emu = await startZaloEmulator();
  const temp = tempDbPath();
  const db = openDatabase(temp.path);
  loadUnits(db, SMALL_PROVINCE);
  seedTerm(db);
  const clock = fakeClock(opts.now ?? "2024-12-15T09:00:00+07:00");
  const logger = pino({ level: "silent" });
  const services = createServices({ db, clock, logger });
  const outbound = createOutbound(logger);
  let http: ReturnType<typeof startHttpServer> | undefined;
  let files: ReturnType<typeof createPublicFiles> | undefined;
  if (opts.publicUrl !== false) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    files = createPublicFiles({ baseUrl: `http://127.0.0.1:${port}`, ttlMs: 3_600_000 });
    http = startHttpServer(port, [{ method: "GET", path: FILES_PATH, handle: publicFilesHandler(files) }], logger);
    await new Promise((resolve) => http!.server.once("listening", resolve));
  }
  const shared = { services, outbound, throttle: async () => {}, renderChart: () => FAKE_CHART };
  const mediaDir = join(mkdtempSync(join(tmpdir(), "dantin-media-")), "media");
  const buildZalo = () => createZaloChannel({ ...shared, token: emu.token, apiRoot: emu.apiRoot, files, mediaDir });
  let zalo = buildZalo();
  await zalo.bot.init();
  const telegramTransport = createLocalTransport({ now: clock.now });
  const telegram = createBot({ ...shared, token: "123:TEST", botInfo: LOCAL_BOT_INFO, client: { fetch: telegramTransport.fetch } });

  /** Takes every queued Zalo event through the bot, as the runner would (one poll, one event). */
  async function drain(): Promise<void> {
    while (emu.pending() > 0) {
      const updates = (await zalo.bot.api.getUpdates({ timeout: 1 })) as Update[];
      for (const update of updates) await zalo.bot.handleUpdate(update);
    }
  }

  const harness = {
    emu,
    db,
    clock,
    get zalo() {
      return zalo;
    },
    /** A new Zalo bot on the same database, as after a process restart (choices shown before are forgotten). */
    async restartZalo() {
      zalo = buildZalo();
      await zalo.bot.init();
    },
    telegram,
    telegramTransport,
    files,
    drain,
    invite(unitCode: string, role: Role, personName?: string) {
      const unit = db.$client.prepare("select id from units where code = ?").get(unitCode) as { id: number };
      return createInvites(db, { unitId: unit.id, role, count: 1, days: 14, personName, now: clock.now() })[0]!.code;
    },
    user(id: string, name = "Người dùng Zalo"): ZaloTestUser {
      return new ZaloTestUser(harness, id, name);
    },
    async close() {
      await emu.close();
      await http?.close();
      db.$client.close();
      temp.cleanup();
    },
  };
  return harness;
}

export type ZaloHarness = Awaited<ReturnType<typeof createZaloHarness>>;
interface ZaloHarnessCore {
  emu: ZaloEmulator;
  drain(): Promise<void>;
  invite(unitCode: string, role: Role, personName?: string): string;
}

/** A Zalo user in a private chat: types text (there are no buttons) or sends an image. */
export class ZaloTestUser {
  /** Messages this user sent: on Zalo every answer, choices included, is one. */
  roundTrips = 0;
  constructor(
    private readonly h: Pick<ZaloHarnessCore, "emu" | "drain" | "invite">,
    readonly id: string,
    readonly name: string,
  ) {}

  private async exchange(queue: () => void): Promise<ZaloSent[]> {
    const from = this.h.emu.sent.length;
    queue();
    this.roundTrips++;
    await this.h.drain();
    return this.h.emu.sent.slice(from);
  }

  /** Sends text; returns everything the bot sent (to anyone) meanwhile. */
  send(text: string): Promise<ZaloSent[]> {
    return this.exchange(() => this.h.emu.userSends({ id: this.id, name: this.name }, text));
  }

  sendImage(bytes?: Buffer): Promise<ZaloSent[]> {
    return this.exchange(() => this.h.emu.userSendsImage({ id: this.id, name: this.name }, { bytes }));
  }

  async script(steps: readonly string[]): Promise<ZaloSent[]> {
    const all: ZaloSent[] = [];
    for (const step of steps) all.push(...(await this.send(step)));
    return all;
  }

  async register(unitCode: string, role: Role, personName = this.name, asCommand = true): Promise<ZaloSent[]> {
    const code = this.h.invite(unitCode, role, personName);
    const sent = await this.send(asCommand ? `/start ${code}` : code);
    this.roundTrips = 0;
    return sent;
  }
}

/** The texts in these sends, to one chat if given. */
export function zaloTexts(sent: readonly ZaloSent[], chatId?: string): string[] {
  return sent.filter((s) => s.method === "sendMessage" && (chatId === undefined || s.chatId === chatId)).map((s) => s.text ?? "");
}

export const lastZaloText = (sent: readonly ZaloSent[]) => zaloTexts(sent).pop() ?? "";
