/** Messages from a scenario worker to the orchestrator, and the figures it measures. */

export interface Throughput {
  updates: number;
  ms: number;
}

export interface Latency {
  rate: number;
  updates: number;
  /** Achieved arrival rate (updates/s). */
  achieved: number;
  p50: number;
  p99: number;
  max: number;
}

export interface Timing {
  /** Median and worst of the repetitions, ms. */
  median: number;
  max: number;
  runs: number;
}

export interface EchoResult {
  kind: "echo";
  chats: number;
  throughput: Throughput;
  latency: Latency;
  messagesPerChat: number;
  callsPerChat: number;
  roundTripsPerChat: number;
  dbBytes: number;
  peakRssBytes: number;
  /** RSS with every module loaded and the runner started, before the first update. */
  idleRssBytes: number;
  /** Highest RSS per phase: idle, closed (500 chats in flight), open (fixed rate), status. */
  phaseRssBytes: Record<string, number>;
}

export interface SqliteResult {
  kind: "sqlite";
  normal: Throughput;
  full: Throughput;
}

export interface StatusTimings {
  /** Hamlets finished (both reports valid) when measured. */
  finished: number;
  district: Timing;
  districtFloor: Timing;
  national: Timing;
  nationalFloor: Timing;
  digest: Timing;
  digestChartOnly: Timing;
}

export interface OursResult {
  kind: "ours";
  hamlets: number;
  /** Hamlets whose reporter went through both reports (all of them unless --reporting). */
  reporting: number;
  /** PRAGMA synchronous inside durably(), the report-save transaction (2 = FULL: fsynced commit). */
  durableCommitSynchronous: number;
  provinces: number;
  districts: number;
  communes: number;
  setupMs: number;
  throughput: Throughput;
  latency: Latency;
  messagesPerHamlet: number;
  callsPerHamlet: number;
  roundTripsPerHamlet: number;
  reportsSaved: number;
  dbBytes: number;
  peakRssBytes: number;
  idleRssBytes: number;
  phaseRssBytes: Record<string, number>;
  /** Status figures at mid-day (about half the hamlets finished) and at the end. */
  statusMid: StatusTimings;
  statusEnd: StatusTimings;
  /** Bytes of the largest conversation state written (JSON) during the run. */
  maxStateBytes: number;
  /** Durable report saves and the fsynced commits that carried them (group commit). */
  durableWrites: { commits: number; writes: number };
  failures: { chatId: number; lastText: string }[];
}

export type ScenarioResult = EchoResult | SqliteResult | OursResult;

export type WorkerMessage =
  | { type: "progress"; label: string; done: number; total: number }
  | { type: "result"; result: ScenarioResult }
  | { type: "error"; message: string };

export interface WorkerOptions {
  scenario: "ours" | "echo" | "sqlite";
  hamlets: number;
  reporting: number;
  sqliteMs: number;
  chats: number;
  concurrency: number;
  rate: number;
  latencySeconds: number;
  thinkMs: number;
  dataDir: string;
  keep: boolean;
}
