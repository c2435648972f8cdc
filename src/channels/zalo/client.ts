import type { Logger } from "../../logger.js";
import { scrubToken } from "../../logger.js";

/** An error answer of the Zalo Bot API (its envelope's error_code and description). */
export class ZaloApiError extends Error {
  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
  ) {
    super(`Zalo ${method}: ${errorCode} ${description}`);
  }
}

export interface ZaloClientOptions {
  token: string;
  /** e.g. https://bot-api.zaloplatforms.com (no trailing /bot…). */
  apiRoot: string;
  logger: Logger;
  fetch?: typeof globalThis.fetch;
  /** Called after every successful call (health: "last successful API call"). */
  onSuccess?: (method: string) => void;
}

/**
 * A thin client of the Zalo Bot Platform API: JSON POST to
 * `<root>/bot<token>/<method>`, envelope `{ok, result, error_code,
 * description}`. There is no maintained Node client for this API.
 *
 * A 401 means the token is wrong or revoked: the client then stops calling
 * Zalo (every later call fails at once with the same error) and says so in one
 * log line, so one bad token stops this channel, not the process.
 */
export function createZaloClient(options: ZaloClientOptions) {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const root = options.apiRoot.replace(/\/+$/, "");
  let stopped = false;

  async function call<T = unknown>(method: string, params: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    if (stopped) throw new ZaloApiError(method, 401, "Unauthorized (Zalo channel stopped after an earlier 401)");
    let response: Response;
    try {
      response = await fetchImpl(`${root}/bot${options.token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(params),
        signal,
      });
    } catch (error) {
      // The URL carries the token: never let it reach a log through the error text.
      throw new Error(scrubToken(`Zalo ${method}: network error: ${error instanceof Error ? error.message : String(error)}`));
    }
    const body = (await response.json().catch(() => undefined)) as { ok?: boolean; result?: T; error_code?: number; description?: string } | undefined;
    if (body?.ok === true) {
      options.onSuccess?.(method);
      return body.result as T;
    }
    const code = Number(body?.error_code ?? response.status) || response.status;
    const description = scrubToken(String(body?.description ?? (response.statusText || `HTTP ${response.status}`)));
    if (code === 401 && !stopped) {
      stopped = true;
      options.logger.error({ channel: "zalo", method }, "Zalo rejected the bot token (401): the Zalo channel is stopped; check ZALO_BOT_TOKEN and restart");
    }
    throw new ZaloApiError(method, code, description);
  }

  return {
    call,
    /** True after a 401: the channel no longer calls Zalo. */
    get stopped() {
      return stopped;
    },
  };
}

export type ZaloClient = ReturnType<typeof createZaloClient>;
