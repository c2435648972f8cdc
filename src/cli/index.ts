import { parseArgs } from "node:util";
import { Api } from "grammy";
import { openDatabase } from "../../db/client.js";
import { ConfigError, loadCliConfig } from "../config.js";
import { backupCommand, restoreCommand } from "./backup.js";
import { auditCommand, peopleListCommand, peopleRevokeCommand } from "./people.js";
import { digestCommand } from "./digest.js";
import { inviteCommand } from "./invite.js";
import { bulkInviteCommand } from "./invite-bulk.js";
import { type CliIo, processIo, UsageError } from "./io.js";
import { termCommand } from "./term.js";
import { importUnitsCommand } from "./units.js";

export const USAGE = `Usage: npm run cli -- <command>
  units import <file.csv>
  term create --name <name> --election-date YYYY-MM-DD --congress-deadline YYYY-MM-DD
              [--window-start D] [--window-end D] [--turnout 0.5] [--majority 0.5] [--quorum 0.6667]
              [--big-day-times 09:00,11:00,13:00,15:00]
  term list
  term activate --name <name>
  invite create --unit <code> --role reporter|staff|leader|admin [--count N] [--days D] [--name "Full Name"]
  invite create --under <code> --role reporter|staff|leader|admin [--level hamlet|commune|district] [--force]
                [--days D] [--out invites.xlsx] [--cards invites.pdf]
  export --unit <code> [--out file.xlsx]
  digest --unit <code> [--dry-run] [--out chart.png]
  people list [--unit <code>]
  people revoke --unit <code> --role reporter|staff|leader|admin [--person <id>]
  audit [--since YYYY-MM-DD] [--unit <code>] [--out audit.xlsx]
  backup --out <file.sqlite>
  restore <file.sqlite>`;

const OPTIONS = {
  name: { type: "string" },
  "election-date": { type: "string" },
  "congress-deadline": { type: "string" },
  "window-start": { type: "string" },
  "window-end": { type: "string" },
  "big-day-times": { type: "string" },
  turnout: { type: "string" },
  majority: { type: "string" },
  quorum: { type: "string" },
  unit: { type: "string" },
  role: { type: "string" },
  count: { type: "string" },
  days: { type: "string" },
  out: { type: "string" },
  "dry-run": { type: "boolean" },
  person: { type: "string" },
  under: { type: "string" },
  level: { type: "string" },
  force: { type: "boolean" },
  cards: { type: "string" },
  since: { type: "string" },
} as const;

/** Runs one CLI command; returns the exit code. In-process so tests can call it. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = processIo): Promise<number> {
  try {
    const config = loadCliConfig(env);
    const { positionals, values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const opts = values as Record<string, string | undefined>;
    const [group, sub, arg] = positionals;
    if (!group || group === "help") {
      io.out(USAGE);
      return group ? 0 : 2;
    }
    // Before the database is opened: restore replaces the file itself.
    if (group === "restore") return restoreCommand(config.DATABASE_PATH, sub, Date.now(), io);
    const db = openDatabase(config.DATABASE_PATH);
    try {
      if (group === "backup") return await backupCommand(db, opts, Date.now(), io);
      if (group === "people" && sub === "list") return peopleListCommand(db, opts, io);
      if (group === "people" && sub === "revoke") return peopleRevokeCommand(db, opts, Date.now(), io);
      if (group === "audit") return await auditCommand(db, opts, io);
      if (group === "units" && sub === "import" && arg) return importUnitsCommand(db, arg, io);
      if (group === "term") return termCommand(db, sub, opts, io);
      if (group === "digest") {
        return await digestCommand(db, values, { token: config.BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, now: Date.now() }, io);
      }
      if (group === "export") return await (await import("./export.js")).exportCommand(db, opts, io);
      if (group === "invite" && sub === "create") {
        const botUsername =
          config.BOT_USERNAME ??
          (config.BOT_TOKEN
            ? (await new Api(config.BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT }).getMe()).username
            : undefined);
        const inviteCtx = { botUsername, defaultDays: config.INVITE_DAYS, now: Date.now() };
        if (values.under !== undefined) return await bulkInviteCommand(db, values, inviteCtx, io);
        return inviteCommand(db, opts, inviteCtx, io);
      }
      throw new UsageError(`unknown command: ${positionals.join(" ")}`);
    } finally {
      db.$client.close();
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err((error as Error).message);
      io.err(USAGE);
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv.slice(2));
}
