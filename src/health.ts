import { HttpError, type Api } from "grammy";
import type { BackupResult } from "../db/backup.js";
import { beat } from "../db/heartbeat.js";
import type { Channel } from "../db/people.js";
import type { AdminAlert } from "./delivery/admin-alert.js";
import { operationsMsg } from "./domain/catalog/operations.js";
import type { Route } from "./http-server.js";
import { scrubToken } from "./logger.js";
import type { Metrics } from "./metrics.js";
import type { Services } from "./services.js";

const MINUTE = 60_000;
/** /healthz turns 503 when a channel's API has failed for this long without a success. */
export const CHANNEL_GRACE_MS = 2 * MINUTE;
/** Admins are told in chat when a channel's API has been unreachable this long (and when it is back). */
export const CHANNEL_ALERT_AFTER_MS = 5 * MINUTE;
/** The scheduler ticks every minute: three minutes without a tick means it is stuck. */
export const SCHEDULER_STALE_MS = 3 * MINUTE;

interface ChannelState {
  lastSuccessAt?: number;
  /** First unreachable call (network error or 5xx) since the last success. */
  failingSince?: number;
  lastError?: string;
  /** Start of the outage admins were told about. */
  alertedOutageFrom?: number;
}

/**
 * What the process knows about itself: last update handled, the scheduler's last tick, each
 * channel's last successful API call (an API transformer sees every call), and the database
 * (written on each check). Serves /healthz and /metrics, and tells admins about outages.
 */
export function createHealth(services: Services, metrics: Metrics) {
  const { clock } = services;
  const startedAt = clock.now();
  let lastUpdateAt: number | undefined;
  let schedulerTickAt: number | undefined;
  const channels = new Map<Channel, ChannelState>();
  const stateOf = (channel: Channel) => {
    let state = channels.get(channel);
    if (!state) channels.set(channel, (state = {}));
    return state;
  };

  function apiReached(channel: Channel) {
    const state = stateOf(channel);
    state.lastSuccessAt = clock.now();
    state.failingSince = undefined;
  }
  function apiFailed(channel: Channel, method: string, code: string, unreachable: boolean, detail: string) {
    metrics.apiError(channel, method, code);
    const state = stateOf(channel);
    state.lastError = `${method}: ${detail}`;
    if (unreachable) state.failingSince ??= clock.now();
    else apiReached(channel); // a 4xx answer: the API itself is reachable
  }

  const health = {
    /** Records the channel's API calls: successes, and failures by method and code. */
    watchApi(channel: Channel, api: Api) {
      stateOf(channel);
      api.config.use(async (prev, method, payload, signal) => {
        try {
          const result = await prev(method, payload, signal);
          if (result.ok) apiReached(channel);
          else apiFailed(channel, method, String(result.error_code), result.error_code >= 500, `${result.error_code} ${result.description}`);
          return result;
        } catch (error) {
          if (!signal?.aborted) apiFailed(channel, method, "network", true, networkErrorText(error));
          throw error;
        }
      });
    },
    /** For a client outside grammY (Zalo's client.onSuccess). */
    apiSucceeded: apiReached,
    updateHandled(channel: Channel, seconds: number) {
      lastUpdateAt = clock.now();
      metrics.updateHandled(channel, seconds);
    },
    /** A scheduled backup's outcome (metrics; the backup schedule alerts admins itself). */
    backupResult(result: { ok: true; backup: BackupResult } | { ok: false; error: string }) {
      metrics.backup(result.ok ? { ok: true, bytes: result.backup.bytes, at: clock.now() } : { ok: false });
    },
    /** A scheduler job: the tick happened, and the heartbeat row is written. */
    schedulerTicked() {
      schedulerTickAt = clock.now();
      beat(services.db, schedulerTickAt);
    },

    check(): { ok: boolean; reasons: string[]; body: Record<string, unknown> } {
      const now = clock.now();
      const reasons: string[] = [];
      let database = "writable";
      try {
        beat(services.db, now);
      } catch (error) {
        database = error instanceof Error ? error.message : String(error);
        reasons.push(`database not writable: ${database}`);
      }
      const schedulerSince = schedulerTickAt ?? startedAt;
      if (now - schedulerSince > SCHEDULER_STALE_MS) reasons.push(`scheduler has not ticked for ${Math.round((now - schedulerSince) / 1000)} s`);
      const channelBody: Record<string, unknown> = {};
      for (const [channel, state] of channels) {
        const failingFor = state.failingSince === undefined ? 0 : now - state.failingSince;
        if (failingFor >= CHANNEL_GRACE_MS) reasons.push(`${channel} API unreachable for ${Math.round(failingFor / 1000)} s (${state.lastError})`);
        channelBody[channel] = { lastSuccessAt: iso(state.lastSuccessAt), failingSince: iso(state.failingSince), lastError: state.lastError };
      }
      return {
        ok: reasons.length === 0,
        reasons,
        body: {
          status: reasons.length === 0 ? "ok" : "unhealthy",
          reasons,
          database,
          lastUpdateAt: iso(lastUpdateAt),
          schedulerLastTickAt: iso(schedulerTickAt),
          channels: channelBody,
        },
      };
    },

    /** A scheduler job: one alert when a channel has been unreachable 5 minutes, one when it is back. */
    async alertOutages(alert: AdminAlert) {
      const now = clock.now();
      for (const [channel, state] of channels) {
        if (state.failingSince !== undefined && state.alertedOutageFrom === undefined && now - state.failingSince >= CHANNEL_ALERT_AFTER_MS) {
          state.alertedOutageFrom = state.failingSince;
          await alert(operationsMsg.channelDown(channel, Math.round((now - state.failingSince) / MINUTE)), { avoidChannel: channel });
        } else if (state.failingSince === undefined && state.alertedOutageFrom !== undefined) {
          const minutes = Math.max(1, Math.round(((state.lastSuccessAt ?? now) - state.alertedOutageFrom) / MINUTE));
          state.alertedOutageFrom = undefined;
          await alert(operationsMsg.channelUp(channel, minutes));
        }
      }
    },

    routes(): Route[] {
      return [
        {
          method: "GET",
          path: "/healthz",
          handle: (_req, res) => {
            const result = health.check();
            res.writeHead(result.ok ? 200 : 503, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
            res.end(JSON.stringify(result.body));
          },
        },
        {
          method: "GET",
          path: "/metrics",
          handle: async (_req, res) => {
            const text = await metrics.registry.metrics();
            res.writeHead(200, { "content-type": metrics.registry.contentType });
            res.end(text);
          },
        },
      ];
    },
  };
  return health;
}

/** grammY's HttpError says only "Network request failed": the cause (ECONNREFUSED, timeout…) is the useful part. */
function networkErrorText(error: unknown): string {
  if (error instanceof HttpError) return scrubToken(error.error instanceof Error ? error.error.message : String(error.error));
  return scrubToken(error instanceof Error ? error.message : String(error));
}

const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());

export type Health = ReturnType<typeof createHealth>;
