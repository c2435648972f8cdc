import type { Update } from "grammy/types";
import type { Step } from "./scripts.js";
import type { BenchTransport } from "./transport.js";

/** A bot as the runner sees it: the driver wraps `handleUpdate` to learn when an update is done. */
export interface Handles {
  handleUpdate(update: Update): Promise<void>;
}

export interface ChatSpec {
  /** Telegram user id = private chat id. */
  id: number;
  firstName: string;
  steps: Step[];
}

export interface ChatResult {
  updates: number;
  messages: number;
  calls: number;
}

export interface DriveResult {
  updates: number;
  chats: number;
  ms: number;
  /** Per-update latency (ms) from the update's arrival at the fake Telegram to the end of its handling. */
  latencies: Float64Array;
  messages: number;
  calls: number;
  /** Chats whose last bot message did not contain `expectLast` (a broken dialogue). */
  failures: { chatId: number; lastText: string }[];
  /** Chats left mid-dialogue (open loop): pass them as `resume` to finish them. */
  leftover: Live[];
}

let updateId = 1;

/**
 * Routes completions of `bot.handleUpdate` (as called by the runner) to the
 * driver of the moment. Install once per bot, before `run(bot)`.
 */
export function instrument(bot: Handles) {
  const waiting = new Map<number, (failed: boolean) => void>();
  const original = bot.handleUpdate.bind(bot);
  bot.handleUpdate = async (update: Update) => {
    let failed = true;
    try {
      await original(update);
      failed = false;
    } finally {
      const done = waiting.get(update.update_id);
      waiting.delete(update.update_id);
      done?.(failed);
    }
  };
  return { waiting };
}

export type Instrumented = ReturnType<typeof instrument>;

export interface Live {
  spec: ChatSpec;
  /** Index of the step to send next. */
  next: number;
}

/**
 * Drives chats through the bot via the fake Telegram queue.
 * - closed: `concurrency` chats in flight, each sending its next message as
 *   soon as the bot has answered the previous one (maximum throughput).
 * - open: messages arrive at a fixed `rate` per second whatever the bot does
 *   (each from a chat whose previous message was answered), for `count`
 *   messages; latency is measured from the scheduled arrival.
 */
export function drive(opts: {
  transport: BenchTransport;
  hooks: Instrumented;
  chats: Iterator<ChatSpec>;
  /** Chats already mid-dialogue, taken before new ones. */
  resume?: Live[];
  /**
   * closed: `concurrency` chats in flight at once.
   * open: `count` messages at `rate` per second; a chat answers `thinkMs` after the bot's reply.
   */
  mode: { kind: "closed"; concurrency: number } | { kind: "open"; rate: number; count: number; thinkMs: number };
  /** Text the last bot message of every chat must contain. */
  expectLast: string;
  onProgress?: (updates: number) => void;
}): Promise<DriveResult> {
  const { transport, hooks, mode } = opts;
  const start = performance.now();
  const capacity = mode.kind === "open" ? mode.count : 1 << 16;
  let latencies = new Float64Array(capacity);
  let updates = 0;
  let chatsDone = 0;
  let messages = 0;
  let calls = 0;
  let inFlight = 0;
  let exhausted = false;
  const failures: DriveResult["failures"] = [];
  const ready: { live: Live; at: number }[] = [];
  const resume = [...(opts.resume ?? [])];

  return new Promise<DriveResult>((resolve, reject) => {
    function nextChat(): Live | undefined {
      const resumed = resume.shift();
      if (resumed) return resumed;
      if (exhausted) return undefined;
      const n = opts.chats.next();
      if (n.done) {
        exhausted = true;
        return undefined;
      }
      return { spec: n.value, next: 0 };
    }

    function buildUpdate(live: Live): Update {
      const step = live.spec.steps[live.next++]!;
      const { id, firstName } = live.spec;
      const from = { id, is_bot: false, first_name: firstName, language_code: "vi" };
      const chat = { id, type: "private" as const, first_name: firstName };
      const uid = updateId++;
      if ("tap" in step) {
        const log = transport.chat(id);
        const button = log.keyboard.find((b) => b.text.includes(step.tap));
        if (!button) throw new Error(`chat ${id}: no button "${step.tap}" under: ${log.lastText.slice(0, 300)}`);
        return {
          update_id: uid,
          callback_query: { id: String(uid), from, chat_instance: String(id), data: button.data, message: { message_id: uid, date: Math.floor(Date.now() / 1000), chat, text: "…" } },
        } as Update;
      }
      const text = step.text;
      const entities = text.startsWith("/") ? [{ type: "bot_command" as const, offset: 0, length: text.split(/\s/)[0]!.length }] : undefined;
      return { update_id: uid, message: { message_id: uid, date: Math.floor(Date.now() / 1000), chat, from, text, ...(entities ? { entities } : {}) } } as Update;
    }

    function finish() {
      resolve({
        updates,
        chats: chatsDone,
        ms: performance.now() - start,
        latencies: latencies.subarray(0, updates),
        messages,
        calls,
        failures,
        leftover: [...ready.map((r) => r.live), ...resume],
      });
    }

    function send(live: Live, arrival: number) {
      let update: Update;
      try {
        update = buildUpdate(live);
      } catch (e) {
        reject(e);
        return;
      }
      inFlight++;
      hooks.waiting.set(update.update_id, (failed) => {
        inFlight--;
        if (update.callback_query) transport.forgetQuery(update.callback_query.id);
        if (updates === latencies.length) {
          const bigger = new Float64Array(latencies.length * 2);
          bigger.set(latencies);
          latencies = bigger;
        }
        latencies[updates++] = performance.now() - arrival;
        if (failed) failures.push({ chatId: live.spec.id, lastText: "(handleUpdate threw)" });
        opts.onProgress?.(updates);
        if (live.next < live.spec.steps.length) {
          if (mode.kind === "closed") send(live, performance.now());
          else ready.push({ live, at: performance.now() + mode.thinkMs });
        } else {
          const log = transport.chat(live.spec.id);
          messages += log.messages;
          calls += log.calls;
          if (!log.lastText.includes(opts.expectLast)) failures.push({ chatId: live.spec.id, lastText: log.lastText.slice(0, 300) });
          transport.forget(live.spec.id);
          chatsDone++;
          if (mode.kind === "closed") {
            const fresh = nextChat();
            if (fresh) send(fresh, performance.now());
          }
        }
        if (inFlight === 0 && (mode.kind === "closed" ? exhausted && resume.length === 0 : issued >= mode.count || (exhausted && ready.length === 0))) finish();
      });
      transport.push(update);
    }

    let issued = 0;
    if (mode.kind === "closed") {
      for (let k = 0; k < mode.concurrency; k++) {
        const live = nextChat();
        if (!live) break;
        send(live, performance.now());
      }
      if (inFlight === 0) finish();
      return;
    }

    // Open loop: release every message whose scheduled time has come.
    const interval = 1000 / mode.rate;
    const tick = () => {
      const now = performance.now();
      while (issued < mode.count && start + issued * interval <= now) {
        const live = ready.length && ready[0]!.at <= now ? ready.shift()!.live : nextChat() ?? ready.shift()?.live;
        if (!live) break;
        send(live, start + issued * interval);
        issued++;
      }
      if (issued < mode.count && !(exhausted && ready.length === 0 && inFlight === 0)) setTimeout(tick, 1);
      else if (inFlight === 0) finish();
    };
    tick();
  });
}

/** p-th percentile (0–100) of the values, by nearest rank. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
