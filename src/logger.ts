import pino from "pino";

export type Logger = pino.Logger;

/**
 * JSON logs on stderr. The bot token and invite codes must never be logged:
 * the paths below are redacted wherever they appear.
 */
export function createLogger(level: string = "info"): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ["token", "botToken", "*.token", "inviteCode", "*.inviteCode", "code", "*.code", "payload.text", "text"],
        censor: "[redacted]",
      },
    },
    pino.destination(2),
  );
}

/** Removes a bot token (Telegram's or Zalo's, both "id:secret") from any string: URLs in error messages carry it. */
export function scrubToken(message: string): string {
  return message.replace(/(?<![A-Za-z])bot[A-Za-z0-9_-]+:[^/\s"'?]+/g, "bot[redacted]");
}
