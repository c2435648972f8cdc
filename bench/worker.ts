/**
 * One benchmark scenario in its own process (so its peak RSS is its own):
 * started by election-day.ts with the options as JSON in argv[2]; reports
 * progress and the result over IPC.
 */
import "../src/heap.js"; // first: the bot process's V8 heap setting (as npm start), for every scenario
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import pino from "pino";
import { Bot, Context } from "grammy";
import { run, sequentialize, type RunnerHandle } from "@grammyjs/runner";
import { conversations, createConversation, type Conversation, type ConversationData, type ConversationFlavor, type VersionedState, type VersionedStateStorage } from "@grammyjs/conversations";
import { CONNECTION_PRAGMAS, durably, openDatabase, type Db } from "../db/client.js";
import { coverageFor, progressFor } from "../db/coverage.js";
import { reporterNamesIn } from "../db/people.js";
import { createBot, type AppBot } from "../src/bot.js";
import { LOCAL_BOT_INFO } from "../src/channels/local-transport.js";
import { renderProgressChart } from "../src/digest/chart.js";
import { missingPages, progressText } from "../src/features/status/render.js";
import { createServices, type Services } from "../src/services.js";
import { drive, instrument, percentile, type ChatSpec, type DriveResult, type Handles, type Live } from "./drive.js";
import { buildRegistry, reporterId, type Registry } from "./registry.js";
import type { EchoResult, Latency, OursResult, ScenarioResult, SqliteResult, StatusTimings, Throughput, Timing, WorkerMessage, WorkerOptions } from "./report.js";
import { echoScript, hamletScript, personName } from "./scripts.js";
import { createBenchTransport, type BenchTransport } from "./transport.js";

const opts = JSON.parse(process.argv[2]!) as WorkerOptions;
const send = (m: WorkerMessage) => (process.send ? process.send(m) : process.stderr.write(`${JSON.stringify(m)}\n`));

let lastProgress = 0;
function progress(label: string, done: number, total: number, force = false) {
  const now = performance.now();
  if (!force && now - lastProgress < 200) return;
  lastProgress = now;
  send({ type: "progress", label, done, total });
}

/** A plain better-sqlite3 connection with exactly the pragmas of db/client.ts openDatabase. */
function rawDatabase(path: string) {
  const sqlite = new Database(path);
  for (const pragma of CONNECTION_PRAGMAS) sqlite.pragma(pragma);
  return sqlite;
}

function freshPath(name: string) {
  mkdirSync(opts.dataDir, { recursive: true });
  const path = join(opts.dataDir, name);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
  return path;
}

function cleanup(path: string) {
  if (opts.keep) return;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
}

function fileSize(sqlite: Database.Database, path: string): number {
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  return statSync(path).size;
}

const peakRss = () => process.resourceUsage().maxRSS * 1024;

/** Highest RSS seen while each phase ran (sampled every 100 ms). */
const phaseRss: Record<string, number> = {};
let phase = "start";
const rssSampler = setInterval(() => {
  phaseRss[phase] = Math.max(phaseRss[phase] ?? 0, process.memoryUsage.rss());
}, 100);
rssSampler.unref();
function enterPhase(name: string) {
  phaseRss[phase] = Math.max(phaseRss[phase] ?? 0, process.memoryUsage.rss());
  phase = name;
  phaseRss[phase] = Math.max(phaseRss[phase] ?? 0, process.memoryUsage.rss());
}

function latencyOf(r: DriveResult, rate: number): Latency {
  const sorted = Float64Array.from(r.latencies).sort();
  return { rate, updates: r.updates, achieved: r.updates / (r.ms / 1000), p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

function timeIt(runs: number, fn: () => unknown): Timing {
  fn(); // warm-up (statement preparation, JIT)
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { median: t[Math.floor(t.length / 2)]!, max: t[t.length - 1]!, runs };
}

async function timeItAsync(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { median: t[Math.floor(t.length / 2)]!, max: t[t.length - 1]!, runs };
}

function* chatsFrom<T>(items: Iterable<T>, spec: (item: T) => ChatSpec): Iterator<ChatSpec> {
  for (const item of items) yield spec(item);
}

function* range(from: number, to: number, map: (i: number) => number = (i) => i) {
  for (let i = from; i < to; i++) yield map(i);
}

/** Starts the real runner on the bot, fed by the fake transport's getUpdates. */
function startRunner<C extends Context>(bot: Bot<C>): RunnerHandle {
  return run(bot, { runner: { silent: true, fetch: { timeout: 30 } } });
}

/** Updates for `phase` (closed loop), with the progress bar. */
async function closedLoop(label: string, transport: BenchTransport, hooks: ReturnType<typeof instrument>, chats: Iterator<ChatSpec>, total: number, expectLast: string, resume?: Live[]) {
  const r = await drive({ transport, hooks, chats, resume, mode: { kind: "closed", concurrency: opts.concurrency }, expectLast, onProgress: (n) => progress(label, n, total) });
  progress(label, r.updates, total, true);
  return r;
}

async function openLoop(label: string, transport: BenchTransport, hooks: ReturnType<typeof instrument>, chats: Iterator<ChatSpec>, expectLast: string) {
  const count = Math.round(opts.rate * opts.latencySeconds);
  const r = await drive({ transport, hooks, chats, mode: { kind: "open", rate: opts.rate, count, thinkMs: opts.thinkMs }, expectLast, onProgress: (n) => progress(label, n, count) });
  progress(label, r.updates, count, true);
  return r;
}

// ---------------------------------------------------------------------------------------------
// (b) raw better-sqlite3: one single-row insert per transaction.

async function sqliteScenario(): Promise<SqliteResult> {
  const path = freshPath("raw.sqlite");
  const sqlite = rawDatabase(path);
  sqlite.exec("create table kv (key text primary key not null, value text not null, at integer not null)");
  const insert = sqlite.prepare("insert into kv (key, value, at) values (?, ?, ?)");
  const value = JSON.stringify({ text: "300\n280\n250", chat: 1_000_123 });
  const oneRow = sqlite.transaction((key: string) => insert.run(key, value, Date.now()));

  const measure = (label: string, rows: number, maxMs: number): Throughput => {
    const start = performance.now();
    let n = 0;
    while (n < rows && performance.now() - start < maxMs) {
      oneRow(`${label}:${n}`);
      n++;
      if ((n & 1023) === 0) progress(`(b) raw SQLite insert, ${label}`, n, rows);
    }
    return { updates: n, ms: performance.now() - start };
  };
  const normal = measure("synchronous=NORMAL", 200_000, opts.sqliteMs);
  sqlite.pragma("synchronous = FULL");
  const full = measure("synchronous=FULL (fsync)", 20_000, opts.sqliteMs / 2);
  sqlite.close();
  cleanup(path);
  return { kind: "sqlite", normal, full };
}

// ---------------------------------------------------------------------------------------------
// (a) a bare grammY + conversations v2 bot: a 10-step echo with its state in SQLite.

type EchoContext = ConversationFlavor<Context>;

async function echoScenario(): Promise<EchoResult> {
  const path = freshPath("echo.sqlite");
  const sqlite = rawDatabase(path);
  sqlite.exec("create table conv_state (key text primary key not null, value text not null)");
  const get = sqlite.prepare<[string], { value: string }>("select value from conv_state where key = ?");
  const put = sqlite.prepare("insert into conv_state (key, value) values (?, ?) on conflict (key) do update set value = excluded.value");
  const del = sqlite.prepare("delete from conv_state where key = ?");
  const adapter: VersionedStateStorage<string, ConversationData> = {
    read: (key) => {
      const row = get.get(key);
      return row ? (JSON.parse(row.value) as VersionedState<ConversationData>) : undefined;
    },
    write: (key, state) => {
      put.run(key, JSON.stringify(state));
    },
    delete: (key) => {
      del.run(key);
    },
  };

  const transport = createBenchTransport();
  const bot = new Bot<EchoContext>("123:BENCH", { botInfo: LOCAL_BOT_INFO, client: { fetch: transport.fetch } });
  bot.use(sequentialize((ctx) => ctx.chatId?.toString()));
  bot.use(conversations<EchoContext, Context>({ storage: { type: "key", version: 1, adapter } }));
  bot.use(
    createConversation<EchoContext, Context>(async function echo(conversation: Conversation<EchoContext, Context>, ctx: Context) {
      await ctx.reply("Gửi 10 câu trả lời.");
      for (let i = 1; i <= 10; i++) {
        const answer = await conversation.waitFor("message:text");
        await answer.reply(`${i}: ${answer.message.text}`);
      }
    }, "echo"),
  );
  bot.command("echo", (ctx) => ctx.conversation.enter("echo"));
  bot.catch((err) => send({ type: "error", message: String(err.error) }));

  const hooks = instrument(bot as unknown as Handles);
  const runner = startRunner(bot);
  enterPhase("idle");
  await new Promise((r) => setTimeout(r, 300));
  const idleRss = process.memoryUsage.rss();
  const spec = (i: number): ChatSpec => ({ id: 5_000_000 + i, firstName: "Echo", steps: echoScript(i) });
  const perChat = echoScript(0).length;

  enterPhase("closed");
  const closed = await closedLoop("(a) bare 10-step echo: throughput", transport, hooks, chatsFrom(range(0, opts.chats), spec), opts.chats * perChat, "10: answer 10");
  enterPhase("open");
  const open = await openLoop(`(a) bare echo: ${opts.rate}/s offered`, transport, hooks, chatsFrom(range(opts.chats, Number.MAX_SAFE_INTEGER), spec), "10: answer 10");
  await runner.stop();
  const failures = [...closed.failures, ...open.failures];
  if (failures.length) throw new Error(`echo baseline: ${failures.length} chats failed, e.g. ${JSON.stringify(failures[0])}`);
  const dbBytes = fileSize(sqlite, path);
  sqlite.close();
  cleanup(path);
  return {
    kind: "echo",
    chats: closed.chats,
    throughput: { updates: closed.updates, ms: closed.ms },
    latency: latencyOf(open, opts.rate),
    messagesPerChat: closed.messages / closed.chats,
    callsPerChat: closed.calls / closed.chats,
    roundTripsPerChat: perChat,
    dbBytes,
    peakRssBytes: peakRss(),
    idleRssBytes: idleRss,
    phaseRssBytes: { ...phaseRss },
  };
}

// ---------------------------------------------------------------------------------------------
// Ours: the real bot (createBot) on a national registry.

async function oursScenario(): Promise<OursResult> {
  const path = freshPath("ours.sqlite");
  const setupStart = performance.now();
  progress("setup: national registry", 0, 1, true);
  const db: Db = openDatabase(path);
  const registry = buildRegistry(db, opts.hamlets);
  const setupMs = performance.now() - setupStart;

  const base = Date.parse("2024-12-15T09:00:00+07:00");
  const t0 = Date.now();
  const clock = { now: () => base + (Date.now() - t0) };
  const services = createServices({ db, clock, logger: pino({ level: "silent" }) });
  const transport = createBenchTransport();
  const bot = createBot({ token: "123:BENCH", services, botInfo: LOCAL_BOT_INFO, client: { fetch: transport.fetch }, throttle: async () => {} });
  const hooks = instrument(bot as unknown as Handles);
  const runner = startRunner(bot);
  enterPhase("idle");
  await new Promise((r) => setTimeout(r, 300));
  const idleRss = process.memoryUsage.rss();

  // Hamlets in a scattered order, so every district is partly done at mid-day.
  const n = opts.hamlets;
  const stride = coprimeStride(n);
  const order = (k: number) => (k * stride) % n;
  const spec = (h: number): ChatSpec => ({ id: reporterId(h), firstName: personName(h).name.split(" ").pop()!, steps: hamletScript(h) });
  const perHamlet = hamletScript(0).length;
  const expectLast = "Đã lưu báo cáo đại hội chi bộ";

  let maxStateBytes = 0;
  const stateSize = db.$client.prepare("select coalesce(max(length(state)), 0) as n from conversation_states").pluck();
  const sampler = setInterval(() => {
    maxStateBytes = Math.max(maxStateBytes, stateSize.get() as number);
  }, 500);

  // Leave enough hamlets for the fixed-rate phase: its messages, plus the chats in progress meanwhile.
  const openCount = Math.round(opts.rate * opts.latencySeconds);
  const m = opts.reporting;
  const reserve = Math.min(Math.floor(m / 2), Math.ceil(openCount / perHamlet) + Math.ceil((opts.rate * opts.thinkMs) / 1000) + 200);
  const closedHamlets = m - reserve;
  const half = Math.floor(closedHamlets / 2);

  enterPhase("closed");
  const first = await closedLoop("ours: election day, morning", transport, hooks, chatsFrom(range(0, half, order), spec), half * perHamlet, expectLast);
  enterPhase("status");
  const statusMid = await statusTimings(db, services, registry, bot);
  enterPhase("closed");
  const second = await closedLoop("ours: election day, afternoon", transport, hooks, chatsFrom(range(half, closedHamlets, order), spec), (closedHamlets - half) * perHamlet, expectLast);
  enterPhase("open");
  const open = await openLoop(`ours: ${opts.rate}/s offered`, transport, hooks, chatsFrom(range(closedHamlets, m, order), spec), expectLast);
  const drainTotal = open.leftover.reduce((s, l) => s + l.spec.steps.length - l.next, 0);
  enterPhase("closed");
  const rest = await closedLoop("ours: the last hamlets", transport, hooks, chatsFrom(range(closedHamlets + open.chats + open.leftover.length, m, order), spec), drainTotal + (m - closedHamlets - open.chats - open.leftover.length) * perHamlet, expectLast, open.leftover);
  clearInterval(sampler);
  await runner.stop();
  enterPhase("status");
  const statusEnd = await statusTimings(db, services, registry, bot);
  enterPhase("end");

  const closedRuns = [first, second, rest];
  const failures = [...closedRuns, open].flatMap((r) => r.failures);
  const chats = closedRuns.reduce((s, r) => s + r.chats, 0) + open.chats;
  const reportsSaved = db.$client.prepare("select count(*) from reports").pluck().get() as number;
  const throughput = { updates: first.updates + second.updates, ms: first.ms + second.ms };
  const messages = [...closedRuns, open].reduce((s, r) => s + r.messages, 0);
  const calls = [...closedRuns, open].reduce((s, r) => s + r.calls, 0);
  const dbBytes = fileSize(db.$client, path);
  // What durably() (the report-save transaction) runs at: 2 = FULL, the commit is fsynced.
  let durableLevel = -1;
  durably(db, () => {
    durableLevel = db.$client.pragma("synchronous", { simple: true }) as number;
  });
  db.$client.close();
  cleanup(path);
  return {
    kind: "ours",
    hamlets: n,
    reporting: m,
    durableCommitSynchronous: durableLevel,
    provinces: registry.provinces.length,
    districts: registry.districts.length,
    communes: registry.communes,
    setupMs,
    throughput,
    latency: latencyOf(open, opts.rate),
    messagesPerHamlet: messages / chats,
    callsPerHamlet: calls / chats,
    roundTripsPerHamlet: perHamlet,
    reportsSaved,
    dbBytes,
    peakRssBytes: peakRss(),
    idleRssBytes: idleRss,
    phaseRssBytes: { ...phaseRss },
    statusMid,
    statusEnd,
    maxStateBytes,
    durableWrites: services.commits.stats(),
    failures: failures.slice(0, 5),
  };
}

/** The status figures staff and leadership ask for, timed in-process. */
async function statusTimings(db: Db, services: Services, registry: Registry, bot: AppBot): Promise<StatusTimings> {
  const termId = registry.term.id;
  const sqlite = db.$client;
  const finished = sqlite
    .prepare("select count(*) from (select unit_id from reports where term_id = ? and outcome = 'valid' and conflict_version_id is null group by unit_id having count(*) = 2)")
    .pluck()
    .get(termId) as number;
  const district = registry.districts[Math.floor(registry.districts.length / 2)]!;
  const range = { lo: district.path, hi: district.path.slice(0, -1) + "0" };
  // Status reads are now cheap at any scale: enough runs for a stable median (the first runs are cold).
  const reps = 25;

  const districtTime = timeIt(25, () => {
    const coverage = coverageFor(db, termId, district.path);
    const node = coverage.units.find((u) => u.id === district.id)!;
    return missingPages(coverage, node, reporterNamesIn(db, district.path), "all");
  });
  const missingSql = sqlite.prepare(
    `select u.id, u.name from units u where u.path >= ? and u.path < ? and +u.level = 'hamlet'
       and (select count(*) from reports r where r.term_id = ? and r.unit_id = u.id and r.outcome = 'valid' and r.conflict_version_id is null) < 2`,
  );
  const districtFloor = timeIt(25, () => missingSql.all(range.lo, range.hi, termId));

  const national = timeIt(reps, () =>
    registry.provinces.map((p) => {
      // What /tiendo runs: the unit and its children from the per-unit figures.
      const progress = progressFor(db, termId, p.path);
      return progressText(progress, progress.units[0]!).text;
    }),
  );
  const countSql = sqlite.prepare("select kind, count(*) from reports where term_id = ? and outcome = 'valid' and conflict_version_id is null group by kind");
  const nationalFloor = timeIt(reps, () => countSql.all(termId));

  // The first province: as large as any (hamlets are spread evenly).
  const province = services.units.byId(registry.provinces[0]!.id)!;
  const digest = await timeItAsync(Math.min(reps, 10), async () => {
    const d = bot.digest.preview(province)!;
    return renderProgressChart(d.chart);
  });
  const spec = bot.digest.preview(province)!.chart;
  const digestChartOnly = await timeItAsync(Math.min(reps, 10), () => renderProgressChart(spec));
  return { finished, district: districtTime, districtFloor, national, nationalFloor, digest, digestChartOnly };
}

/** A stride coprime with n near n·0.618, to visit 0…n-1 in a scattered order. */
function coprimeStride(n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let s = Math.max(1, Math.floor(n * 0.6180339887));
  while (gcd(s, n) !== 1) s++;
  return s;
}

async function main() {
  let result: ScenarioResult;
  if (opts.scenario === "sqlite") result = await sqliteScenario();
  else if (opts.scenario === "echo") result = await echoScenario();
  else result = await oursScenario();
  send({ type: "result", result });
}

main().then(
  () => process.exit(0),
  (e) => {
    send({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    process.exit(1);
  },
);
