import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// The project's own tsx (what `npx tsx` resolves to), without npm's notices on stderr.
export const TSX = join(ROOT, "node_modules", ".bin", "tsx");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** This process's environment without any variable the bot reads, plus `extra`. */
export function botEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(BOT_|WEBHOOK_|ZALO_|PUBLIC_URL$|TELEGRAM_API_ROOT$|DATABASE_PATH$|MEDIA_DIR$|LOG_LEVEL$|PORT$|INVITE_DAYS$|DIGEST_TIMES$)/.test(key)) delete env[key];
  }
  return { ...env, ...extra };
}

/** `npm start`'s entry as a real process, in its own process group (tsx runs the bot in a child). */
export function spawnBot(env: NodeJS.ProcessEnv) {
  const child: ChildProcess = spawn(TSX, ["src/main.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  return {
    child,
    exit,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    /** Ends the whole group if it is still running (test cleanup). */
    async kill() {
      if (child.pid && child.exitCode === null && child.signalCode === null) {
        process.kill(-child.pid, "SIGKILL");
        await exit;
      }
    },
  };
}

export type SpawnedBot = ReturnType<typeof spawnBot>;
