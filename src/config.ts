import { dirname, join } from "node:path";
import { z } from "zod";

const timeList = z
  .string()
  .transform((s) => s.split(",").map((t) => t.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM")));

/** Settings the CLI needs too (no token required). */
const commonFields = {
  DATABASE_PATH: z.string().min(1).default("data/bot.sqlite"),
  BOT_USERNAME: z.string().optional(),
  INVITE_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DIGEST_TIMES: timeList.default(["17:00"]),
  REMINDER_HOURS_BEFORE: z.coerce.number().int().min(1).max(168).default(24),
};

const CliConfigSchema = z.object({ ...commonFields, BOT_TOKEN: z.string().optional(), TELEGRAM_API_ROOT: z.url().optional() });
export type CliConfig = z.infer<typeof CliConfigSchema>;

const optionalSecret = (min: number) =>
  z
    .string()
    .regex(new RegExp(`^[A-Za-z0-9_-]{${min},256}$`), `must be ${min}–256 of A-Z a-z 0-9 _ -`)
    .optional();
/** An empty variable counts as unset (a .env line "ZALO_BOT_TOKEN=" turns nothing on). */
const optionalToken = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());

const ConfigSchema = z
  .object({
    ...commonFields,
    BOT_TOKEN: optionalToken,
    BOT_MODE: z.enum(["polling", "webhook"]).default("polling"),
    WEBHOOK_URL: z.url().optional(),
    WEBHOOK_SECRET: optionalSecret(16),
    PORT: z.coerce.number().int().min(1).max(65535).optional(),
    TELEGRAM_API_ROOT: z.url().optional(),
    ZALO_BOT_TOKEN: optionalToken,
    ZALO_API_ROOT: z.url().default("https://bot-api.zaloplatforms.com"),
    ZALO_MODE: z.enum(["polling", "webhook"]).default("polling"),
    ZALO_WEBHOOK_URL: z.url().optional(),
    ZALO_WEBHOOK_SECRET: optionalSecret(8),
    /** Public base URL of our HTTP server: Zalo fetches the chart from it, users open the Excel link. */
    PUBLIC_URL: z.url().optional(),
    FILE_LINK_HOURS: z.coerce.number().int().min(1).max(168).default(24),
    MEDIA_DIR: z.string().min(1).default("data/media"),
    /** Scheduled backups of the database (default: a "backups" folder beside it). */
    BACKUP_DIR: z.string().min(1).optional(),
    /** Hours between scheduled backups; 0 turns them off. */
    BACKUP_EVERY_HOURS: z.coerce.number().int().min(0).max(168).default(6),
    BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(28),
  })
  .superRefine((c, ctx) => {
    if (!c.BOT_TOKEN && !c.ZALO_BOT_TOKEN) ctx.addIssue({ code: "custom", path: ["BOT_TOKEN"], message: "is required" });
    if (c.BOT_TOKEN && c.BOT_MODE === "webhook") {
      if (!c.WEBHOOK_URL) ctx.addIssue({ code: "custom", path: ["WEBHOOK_URL"], message: "is required when BOT_MODE=webhook" });
      if (!c.WEBHOOK_SECRET) ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "is required when BOT_MODE=webhook" });
    }
    if (c.ZALO_BOT_TOKEN && c.ZALO_MODE === "webhook") {
      if (!c.ZALO_WEBHOOK_URL) ctx.addIssue({ code: "custom", path: ["ZALO_WEBHOOK_URL"], message: "is required when ZALO_MODE=webhook" });
      if (!c.ZALO_WEBHOOK_SECRET) ctx.addIssue({ code: "custom", path: ["ZALO_WEBHOOK_SECRET"], message: "is required when ZALO_MODE=webhook" });
    }
  })
  .transform((c) => ({ ...c, BACKUP_DIR: c.BACKUP_DIR ?? join(dirname(c.DATABASE_PATH), "backups") }));

export type Config = z.infer<typeof ConfigSchema>;

export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const parsed = CliConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((i) => `Cấu hình sai / invalid configuration: ${i.path.join(".")} ${i.message}`).join("\n"));
}

export class ConfigError extends Error {}

/** The HTTP port when one is needed (a webhook or served files) and PORT is unset. */
export const DEFAULT_PORT = 8080;

/** Reads and validates the environment once; throws ConfigError with one line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = issue.path.join(".");
    if (name === "BOT_TOKEN") {
      return (
        "Thiếu BOT_TOKEN (Telegram, mã từ @BotFather) hoặc ZALO_BOT_TOKEN (Zalo, mã từ Zalo Bot Creator); dùng thử không cần mã: npm run demo. / " +
        "BOT_TOKEN is missing (or ZALO_BOT_TOKEN): get a token from @BotFather or Zalo Bot Creator; to try it without one: npm run demo."
      );
    }
    return `Cấu hình sai / invalid configuration: ${name} ${issue.message}`;
  });
  throw new ConfigError(lines.join("\n"));
}
