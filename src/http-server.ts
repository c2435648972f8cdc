import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Logger } from "./logger.js";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface Route {
  method: "GET" | "POST";
  /** An exact path, or a prefix ending in "/". */
  path: string;
  handle: RouteHandler;
}

/**
 * The one HTTP server of the process: Telegram's and Zalo's webhooks and the
 * file links share it. Anything else is 404; a handler that throws is a 500,
 * never a crash.
 */
export function startHttpServer(port: number, routes: readonly Route[], logger: Logger) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = routes.find((r) => r.method === req.method && (r.path.endsWith("/") ? url.pathname.startsWith(r.path) : url.pathname === r.path));
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    Promise.resolve()
      .then(() => route.handle(req, res, url))
      .catch((error) => {
        logger.error({ path: url.pathname, err: error instanceof Error ? error.message : String(error) }, "http handler failed");
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  server.listen(port);
  return {
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The common front of a messenger's webhook: the secret header must match
 * (401), the body must fit `maxBytes` (413) and be a JSON object (400). Returns
 * the object, or undefined once the refusal has been answered: nothing a
 * client sends can throw out of here.
 */
export async function readWebhookJson(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { secretHeader: string; secret: string; maxBytes: number },
): Promise<Record<string, unknown> | undefined> {
  if (!sameSecret(req.headers[opts.secretHeader.toLowerCase()], opts.secret)) {
    res.writeHead(401).end();
    return undefined;
  }
  const raw = await readBody(req, opts.maxBytes);
  if (raw === undefined) {
    res.writeHead(413, { connection: "close" }).end();
    return undefined;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    body = undefined;
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    res.writeHead(400).end();
    return undefined;
  }
  return body as Record<string, unknown>;
}

/** Reads a request body up to `limit` bytes; undefined when it is larger (the rest is not read). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
