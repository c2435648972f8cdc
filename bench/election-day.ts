/**
 * Election-day benchmark: `npm run bench [-- options]`.
 *
 * Runs, one after the other and each in its own process, (b) raw
 * better-sqlite3 inserts, (a) a bare grammY + conversations v2 10-step echo
 * bot, and our bot on a national registry; prints one table (markdown) on
 * stdout, a progress bar on stderr. See README "Performance".
 */
import { fork } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { createProgressBar } from "./progress.js";
import type { EchoResult, OursResult, ScenarioResult, SqliteResult, Timing, WorkerMessage, WorkerOptions } from "./report.js";

const USAGE = `npm run bench -- [--quick] [--hamlets N] [--reporting M] [--rate R] [--seconds S] [--chats C]
                     [--concurrency K] [--only ours,echo,sqlite] [--cpu-prof] [--keep] [--json FILE]
  --quick          smoke run for CI (< 1 min): 5,000 hamlets of which 1,000 report,
                   1,000 echo chats, shorter fixed-rate and raw-SQLite phases
  --hamlets N      national registry size (default 100,000)
  --reporting M    hamlets whose reporter completes both reports (default: all N)
  --rate R         offered load of the latency phase, updates/s (default 1,000)
  --seconds S      length of the latency phase (default 20; 6 with --quick)
  --chats C        chats of the bare echo baseline's throughput phase (default min(N, 20,000))
  --concurrency K  chats in flight in the throughput phases (default 500)
  --only LIST      run only these scenarios
  --cpu-prof       write a V8 CPU profile of our bot's process to bench/profiles/
  --keep           keep the SQLite files in bench/.data/
  --json FILE      also write the raw results as JSON`;

function parseArgs(argv: string[]) {
  const out = { quick: false, hamlets: undefined as number | undefined, reporting: undefined as number | undefined, rate: 1000, seconds: undefined as number | undefined, chats: undefined as number | undefined, concurrency: 500, only: ["sqlite", "echo", "ours"], cpuProf: false, keep: false, json: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const count = () => {
      const n = Number(value().replace(/[_,]/g, ""));
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${a} needs a positive whole number`);
      return n;
    };
    if (a === "--quick") out.quick = true;
    else if (a === "--hamlets") out.hamlets = count();
    else if (a === "--reporting") out.reporting = count();
    else if (a === "--rate") out.rate = count();
    else if (a === "--seconds") out.seconds = count();
    else if (a === "--chats") out.chats = count();
    else if (a === "--concurrency") out.concurrency = count();
    else if (a === "--only") out.only = value().split(",");
    else if (a === "--cpu-prof") out.cpuProf = true;
    else if (a === "--keep") out.keep = true;
    else if (a === "--json") out.json = value();
    else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const hamlets = args.hamlets ?? (args.quick ? 5_000 : 100_000);
const reporting = Math.min(hamlets, args.reporting ?? (args.quick ? 1_000 : hamlets));
const base: Omit<WorkerOptions, "scenario"> = {
  hamlets,
  reporting,
  sqliteMs: args.quick ? 1_500 : 10_000,
  chats: args.chats ?? Math.min(hamlets, args.quick ? 1_000 : 20_000),
  concurrency: args.concurrency,
  rate: args.rate,
  latencySeconds: args.seconds ?? (args.quick ? 3 : 20),
  thinkMs: 2_000,
  dataDir: fileURLToPath(new URL("./.data/", import.meta.url)),
  keep: args.keep,
};
const bar = createProgressBar();
const worker = fileURLToPath(new URL("./worker.ts", import.meta.url));

function runScenario(scenario: WorkerOptions["scenario"]): Promise<ScenarioResult> {
  const profile = args.cpuProf && (process.env.BENCH_PROFILE ?? "ours").split(",").includes(scenario) ? ["--cpu-prof", "--cpu-prof-dir", fileURLToPath(new URL("./profiles/", import.meta.url))] : [];
  const child = fork(worker, [JSON.stringify({ ...base, scenario })], { execArgv: [...process.execArgv, ...profile], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    let result: ScenarioResult | undefined;
    let error: string | undefined;
    child.on("message", (m: WorkerMessage) => {
      if (m.type === "progress") bar.update(m.label, m.done, m.total);
      else if (m.type === "result") result = m.result;
      else error = m.message;
    });
    child.on("exit", (code) => {
      bar.done();
      if (result && code === 0) resolve(result);
      else reject(new Error(`${scenario} failed (exit ${code}): ${error ?? "no result"}`));
    });
  });
}

const started = performance.now();
const results: Partial<{ sqlite: SqliteResult; echo: EchoResult; ours: OursResult }> = {};
for (const scenario of ["sqlite", "echo", "ours"] as const) {
  if (!args.only.includes(scenario)) continue;
  (results as Record<string, ScenarioResult>)[scenario] = await runScenario(scenario);
}
const totalSeconds = (performance.now() - started) / 1000;

// ---------------------------------------------------------------------------------------------

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const fixed = (n: number, d = 1) => n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
const ms = (n: number) => (n < 10 ? fixed(n, 2) : n < 100 ? fixed(n, 1) : int(n));
const mb = (bytes: number) => `${fixed(bytes / 1_048_576, 0)} MB`;
const usPer = (t: { updates: number; ms: number }) => (t.ms * 1000) / t.updates;
const perSec = (t: { updates: number; ms: number }) => t.updates / (t.ms / 1000);
const timing = (t: Timing) => `${ms(t.median)} (max ${ms(t.max)})`;
const ok = (met: boolean | undefined) => (met === undefined ? "" : met ? "yes" : "**no**");

type Row = [figure: string, ours: string, baseline: string, ratio: string, target: string, met: string];
const rows: Row[] = [];
const { ours, echo, sqlite } = results;

if (ours || echo || sqlite) {
  const ou = ours && usPer(ours.throughput);
  const eu = echo && usPer(echo.throughput);
  rows.push([
    `per update, µs (closed loop, ${int(base.concurrency)} chats interleaved)`,
    ou ? fixed(ou, 0) : "–",
    eu ? `(a) ${fixed(eu, 0)}` : "–",
    ou && eu ? `${fixed(ou / eu, 2)}×` : "",
    "≤ 1.0× (a)",
    ok(ou && eu ? ou / eu <= 1 : undefined),
  ]);
  if (sqlite) {
    rows.push(["", "", `(b) ${fixed(usPer(sqlite.normal), 1)} (insert+commit, NORMAL)`, ou ? `${fixed(ou / usPer(sqlite.normal), 0)}×` : "", "", ""]);
  }
  rows.push([
    "updates/s (report commits fsynced)",
    ours ? int(perSec(ours.throughput)) : "–",
    echo ? `(a) ${int(perSec(echo.throughput))}` : "–",
    ours && echo ? `${fixed(perSec(ours.throughput) / perSec(echo.throughput), 2)}×` : "",
    "≥ 1,500",
    ok(ours ? perSec(ours.throughput) >= 1500 : undefined),
  ]);
  if (sqlite) {
    rows.push(["", "", `(b) ${int(perSec(sqlite.normal))} (NORMAL); ${int(perSec(sqlite.full))} (FULL, fsync)`, "", "", ""]);
  }
  rows.push([
    `achieved rate of the fixed-load phase, updates/s`,
    ours ? int(ours.latency.achieved) : "–",
    echo ? `(a) ${int(echo.latency.achieved)}` : "–",
    "",
    "",
    "",
  ]);
  for (const [name, key] of [["p50", "p50"], ["p99", "p99"], ["max", "max"]] as const) {
    const o = ours?.latency[key];
    const e = echo?.latency[key];
    rows.push([
      `${name} latency at ${int(base.rate)} updates/s offered, ms`,
      o !== undefined ? ms(o) : "–",
      e !== undefined ? `(a) ${ms(e)}` : "–",
      o !== undefined && e !== undefined ? `${fixed(o / e, 2)}×` : "",
      key === "p99" ? "≤ 20" : "",
      key === "p99" ? ok(o !== undefined ? o <= 20 : undefined) : "",
    ]);
  }
  rows.push(["peak RSS of the bot process, whole run", ours ? mb(ours.peakRssBytes) : "–", echo ? `(a) ${mb(echo.peakRssBytes)}` : "–", "", "≤ 250 MB", ok(ours ? ours.peakRssBytes <= 250 * 1_048_576 : undefined)]);
  const phaseRow = (label: string, key: string) =>
    rows.push([label, ours?.phaseRssBytes[key] ? mb(ours.phaseRssBytes[key]!) : "–", echo?.phaseRssBytes[key] ? `(a) ${mb(echo.phaseRssBytes[key]!)}` : "–", "", "", ""]);
  rows.push(["… RSS before the first update (modules loaded)", ours ? mb(ours.idleRssBytes) : "–", echo ? `(a) ${mb(echo.idleRssBytes)}` : "–", "", "", ""]);
  phaseRow(`… peak RSS, ${int(base.concurrency)} chats in flight`, "closed");
  phaseRow(`… peak RSS at ${int(base.rate)} updates/s`, "open");
  phaseRow("… peak RSS, status queries", "status");
  rows.push([
    "database size",
    ours ? mb(ours.dbBytes) : "–",
    echo ? `(a) ${mb(echo.dbBytes)} (${int(echo.chats)} chats, no data kept)` : "–",
    "",
    "",
    "",
  ]);
  rows.push([
    "bot messages per hamlet, both reports",
    ours ? fixed(ours.messagesPerHamlet, 1) : "–",
    echo ? `(a) ${fixed(echo.messagesPerChat, 0)} per 10-step chat` : "–",
    "",
    "≤ 25",
    ok(ours ? ours.messagesPerHamlet <= 25 : undefined),
  ]);
  rows.push([
    "round trips (user updates) per hamlet",
    ours ? int(ours.roundTripsPerHamlet) : "–",
    echo ? `(a) ${int(echo.roundTripsPerChat)}` : "–",
    "",
    "",
    "",
  ]);
  rows.push(["Bot API calls per hamlet", ours ? fixed(ours.callsPerHamlet, 1) : "–", echo ? `(a) ${fixed(echo.callsPerChat, 0)}` : "–", "", "", ""]);
  if (ours) {
    const worst = (f: (s: OursResult["statusMid"]) => Timing) => (f(ours.statusMid).median >= f(ours.statusEnd).median ? f(ours.statusMid) : f(ours.statusEnd));
    const district = worst((s) => s.district);
    const national = worst((s) => s.national);
    const digest = worst((s) => s.digest);
    rows.push([`"not finished", one district (${int(Math.round(hamlets / Math.max(1, ours.districts)))} hamlets), ms`, timing(district), `raw SQL ${timing(worst((s) => s.districtFloor))}`, "", "≤ 2", ok(district.median <= 2)]);
    rows.push([`national progress (${ours.provinces} provinces), ms`, timing(national), `raw SQL count ${timing(worst((s) => s.nationalFloor))}`, "", "≤ 10", ok(national.median <= 10)]);
    rows.push([
      "report commit fsynced (synchronous inside the save transaction)",
      ours.durableCommitSynchronous === 2 ? "FULL" : `level ${ours.durableCommitSynchronous}`,
      sqlite ? `(b) ${fixed(usPer(sqlite.full), 0)} µs per fsynced single-row commit` : "",
      "",
      "FULL",
      ok(ours.durableCommitSynchronous === 2),
    ]);
    rows.push([
      "report saves per fsynced commit (group commit)",
      fixed(ours.durableWrites.writes / Math.max(1, ours.durableWrites.commits), 2),
      `${int(ours.durableWrites.writes)} saves in ${int(ours.durableWrites.commits)} commits`,
      "",
      "",
      "",
    ]);
    rows.push(["one full digest incl. chart (a province), ms", timing(digest), `chart alone ${timing(worst((s) => s.digestChartOnly))}`, "", "≤ 300", ok(digest.median <= 300)]);
  }
}

const cpu = cpus();
const header = ours
  ? `${int(ours.hamlets)} hamlets (${ours.provinces} provinces, ${int(ours.districts)} districts, ${int(ours.communes)} communes)${ours.reporting < ours.hamlets ? `, ${int(ours.reporting)} reporting` : ""}`
  : `${int(hamlets)} hamlets`;
console.log(`\n## Election-day benchmark: ${header}\n`);
console.log(`Machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${fixed(totalmem() / 2 ** 30, 0)} GB RAM, Node ${process.version}, ${process.platform}; SQLite WAL on disk.`);
console.log(
  `Run: ${int(base.reporting)} hamlets × 18 updates through runner + sequentialize + our bot; (a) ${int(base.chats)} chats × 11 updates; latency phase ${int(base.rate)}/s for ${base.latencySeconds} s, ${base.thinkMs / 1000} s think time per user; ${fixed(totalSeconds, 0)} s in all.\n`,
);
console.log("| figure | ours | baseline | ratio | target | met |");
console.log("|---|---:|---:|---:|---|---|");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
if (ours) {
  console.log(
    `\nStatus figures: median (max) of repeated runs, the worse of mid-day (${int(ours.statusMid.finished)} hamlets finished) and end of day (${int(ours.statusEnd.finished)}). Reports saved: ${int(ours.reportsSaved)}; largest conversation state: ${fixed(ours.maxStateBytes / 1024, 1)} KB; setup (registry, not measured): ${fixed(ours.setupMs / 1000, 1)} s.`,
  );
  if (ours.failures.length) {
    console.log(`\n**${ours.failures.length} dialogues did not end as expected**, e.g. chat ${ours.failures[0]!.chatId}: ${JSON.stringify(ours.failures[0]!.lastText)}`);
    process.exitCode = 1;
  }
  if (ours.reportsSaved !== 2 * ours.reporting) {
    console.log(`\n**Expected ${2 * ours.reporting} reports, found ${ours.reportsSaved}.**`);
    process.exitCode = 1;
  }
}
if (args.json) writeFileSync(args.json, JSON.stringify({ options: base, results, totalSeconds }, null, 2));
