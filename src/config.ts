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

const ConfigSchema = z
  .object({
    ...commonFields,
    BOT_TOKEN: z.string({ error: "is required" }).min(1, "is required"),
    BOT_MODE: z.enum(["polling", "webhook"]).default("polling"),
    WEBHOOK_URL: z.url().optional(),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16–256 of A-Z a-z 0-9 _ -")
      .optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    TELEGRAM_API_ROOT: z.url().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.BOT_MODE === "webhook") {
      if (!c.WEBHOOK_URL) ctx.addIssue({ code: "custom", path: ["WEBHOOK_URL"], message: "is required when BOT_MODE=webhook" });
      if (!c.WEBHOOK_SECRET) ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "is required when BOT_MODE=webhook" });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const parsed = CliConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((i) => `Cấu hình sai / invalid configuration: ${i.path.join(".")} ${i.message}`).join("\n"));
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; throws ConfigError with one line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = issue.path.join(".");
    if (name === "BOT_TOKEN") {
      return "Thiếu BOT_TOKEN: hãy đặt biến môi trường BOT_TOKEN (mã bot từ @BotFather). / BOT_TOKEN is missing: set the BOT_TOKEN environment variable (token from @BotFather).";
    }
    return `Cấu hình sai / invalid configuration: ${name} ${issue.message}`;
  });
  throw new ConfigError(lines.join("\n"));
}
