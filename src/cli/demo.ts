/**
 * `npm run demo`: the real bot in the terminal, with no token and no network.
 *
 * Builds a fresh demo database (sample registry of Quảng Ninh, an active term
 * around today), registers one person per role by redeeming invites through the
 * bot itself, then lets you chat with the bot as any of them.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { openDatabase, type Db } from "../../db/client.js";
import { createInvites } from "../../db/invites.js";
import { createTerm } from "../../db/terms.js";
import { existingUnits, importUnits, unitQueries } from "../../db/units.js";
import { createBot } from "../bot.js";
import { createLocalTransport, LOCAL_BOT_INFO } from "../channels/local-transport.js";
import { messageIdTracker, TerminalSession, type Persona } from "../channels/terminal.js";
import { createZaloChannel } from "../channels/zalo/index.js";
import { createLocalZaloApi, zaloChatDriver } from "../channels/zalo/simulator.js";
import type { Channel } from "../../db/people.js";
import { ROLE_LABEL } from "../domain/catalog/onboarding.js";
import { addDays, formatDateVi, todayInVietnam } from "../domain/parse/date.js";
import type { Role } from "../domain/roles.js";
import { unitLabel, unitPathLabel } from "../domain/unit-label.js";
import { parseUnitCsv, validateUnitRows } from "../domain/units.js";
import { createLogger, type Logger } from "../logger.js";
import { createServices } from "../services.js";

export const DEFAULT_DEMO_DB = "data/demo/demo.sqlite";
export const SAMPLE_UNITS_CSV = fileURLToPath(new URL("../../data/sample/quang-ninh.csv", import.meta.url));

/** Who the demo registers: one person per role, from a hamlet of xã Húc Động up to the province. */
export const DEMO_PEOPLE: readonly { role: Role; unitCode: string; fullName: string; firstName: string; userId: number }[] = [
  { role: "reporter", unitCode: "QN-BL-HUCDONG-01", fullName: "Hoàng Văn Páo", firstName: "Páo", userId: 900_001 },
  { role: "staff", unitCode: "QN-BL-HUCDONG", fullName: "Lục Thị Mai", firstName: "Mai", userId: 900_002 },
  { role: "leader", unitCode: "QN-BL", fullName: "Vi Văn Thắng", firstName: "Thắng", userId: 900_003 },
  { role: "admin", unitCode: "QN", fullName: "Nguyễn Thị Hà", firstName: "Hà", userId: 900_004 },
];

export interface DemoOptions {
  /** "zalo": show what Zalo users see (text only, numbered choices, 2,000-character pieces). */
  channel?: Channel;
  input: Readable;
  output: Writable;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  now?: () => number;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function resetDatabase(path: string) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${path}${suffix}`, { force: true });
}

function importSample(db: Db, csvPath: string): number {
  const parsed = parseUnitCsv(readFileSync(csvPath, "utf8"));
  if (!parsed.ok) throw new Error(`${csvPath}: ${parsed.errors.map((e) => e.message).join("; ")}`);
  const valid = validateUnitRows(parsed.rows, existingUnits(db));
  if (!valid.ok) throw new Error(`${csvPath}: ${valid.errors.map((e) => e.message).join("; ")}`);
  importUnits(db, valid.units);
  return valid.units.filter((u) => u.level === "hamlet").length;
}

/**
 * Builds the demo world and returns a session ready for typed lines. The
 * database at `dbPath` is deleted first.
 */
export async function setupDemo(opts: { dbPath: string; logger: Logger; now?: () => number; csvPath?: string; channel?: Channel }) {
  const channel = opts.channel ?? "telegram";
  const now = opts.now ?? Date.now;
  resetDatabase(opts.dbPath);
  const db = openDatabase(opts.dbPath);
  try {
    const hamlets = importSample(db, opts.csvPath ?? SAMPLE_UNITS_CSV);
    const today = todayInVietnam(new Date(now()));
    const deadline = addDays(today, 30);
    createTerm(db, {
      name: "2025-2027",
      electionDate: today,
      congressDeadline: deadline,
      windowStart: today,
      windowEnd: deadline,
      active: true,
    });

    const services = createServices({ db, clock: { now }, logger: opts.logger });
    const units = unitQueries(db);

    const personas: Persona[] = [];
    for (const p of DEMO_PEOPLE) {
      const unit = units.byCode(p.unitCode);
      if (!unit) throw new Error(`demo: unit ${p.unitCode} is missing from the sample registry`);
      personas.push({
        label: `${capitalize(ROLE_LABEL[p.role])} — ${unitPathLabel(units.ancestors(unit)) || unitLabel(unit)}`,
        userId: p.userId,
        firstName: p.firstName,
      });
    }
    const onError = (error: unknown) => opts.logger.error({ err: String(error) }, "update failed");
    let session: TerminalSession;
    if (channel === "zalo") {
      // The same bot over the Zalo transport, against a local stand-in for Zalo's servers.
      const api = createLocalZaloApi(now);
      const zalo = createZaloChannel({ token: "0:DEMO", services, apiRoot: "http://zalo.local", fetch: api.fetch, mediaDir: join(dirname(opts.dbPath), "media") });
      await zalo.bot.init();
      session = new TerminalSession({ driver: zaloChatDriver({ api, handleEvent: zalo.handleWebhookBody, personas, now }), personas, now, onError });
    } else {
      const tracker = messageIdTracker(now);
      const transport = createLocalTransport({ respond: tracker.respond, now });
      const bot = createBot({ token: "0:DEMO", services, botInfo: LOCAL_BOT_INFO, client: { fetch: transport.fetch } });
      session = new TerminalSession({ bot, transport, tracker, personas, now, onError });
    }

    // Register everyone through the bot, exactly as a real user would with an invite link.
    for (const [i, p] of DEMO_PEOPLE.entries()) {
      const persona = personas[i]!;
      const unit = units.byCode(p.unitCode)!;
      const [invite] = createInvites(db, { unitId: unit.id, role: p.role, count: 1, days: 14, personName: p.fullName, now: now() });
      const welcome = await session.sendAs(persona, `/start ${invite!.code}`);
      if (!services.people.actorByAccount(channel, String(p.userId))?.roles.some((r) => r.role === p.role)) {
        throw new Error(`demo: registering ${p.role} failed: ${welcome.join(" / ")}`);
      }
      persona.intro = welcome;
    }
    return { db, session, hamlets, channel, term: { electionDate: today, congressDeadline: deadline } };
  } catch (error) {
    db.$client.close();
    throw error;
  }
}

/** Runs the simulator over the given streams until EOF or /thoat; returns the exit code. */
export async function runDemo({ input, output, env = process.env, logger, now, channel }: DemoOptions): Promise<number> {
  const log = logger ?? createLogger("warn");
  const dbPath = env.DEMO_DATABASE_PATH || DEFAULT_DEMO_DB;
  const print = (lines: string[]) => {
    if (lines.length > 0) output.write(`${lines.join("\n")}\n`);
  };

  const demo = await setupDemo({ dbPath, logger: log, now, channel });
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  rl.on("SIGINT", () => rl.close()); // Ctrl+C ends the session like EOF (Ctrl+D)
  try {
    print([
      `Mô phỏng bot báo cáo bầu trưởng thôn và đại hội chi bộ trên ${demo.channel === "zalo" ? "Zalo (chỉ có chữ: gõ số để chọn)" : "Telegram"} (chạy trên máy, không cần mạng).`,
      `Dữ liệu mẫu: tỉnh Quảng Ninh, ${demo.hamlets.toLocaleString("vi-VN")} thôn; nhiệm kỳ 2025-2027, ` +
        `ngày bầu cử ${formatDateVi(demo.term.electionDate)}, hạn đại hội ${formatDateVi(demo.term.congressDeadline)}.`,
      `Cơ sở dữ liệu thử: ${dbPath} (được tạo lại mỗi lần chạy).`,
      "",
      ...demo.session.menu(),
    ]);
    rl.setPrompt("> ");
    if (interactive) rl.prompt();
    for await (const line of rl) {
      if (!interactive && line.trim() !== "") print([`> ${line}`]);
      const reply = await demo.session.handleLine(line);
      print(reply);
      if (demo.session.done) break;
      if (reply.length > 0) print([""]);
      if (interactive) rl.prompt();
    }
    return 0;
  } finally {
    rl.close();
    demo.db.$client.close();
  }
}

const invokedDirectly = process.argv[1] !== undefined && existsSync(process.argv[1]) && resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (invokedDirectly) {
  runDemo({ input: process.stdin, output: process.stdout, channel: process.argv.includes("--zalo") ? "zalo" : "telegram" })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error) => {
      process.stderr.write(`Lỗi khi chạy mô phỏng / demo failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
