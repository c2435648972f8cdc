import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import pino from "pino";
import { Api } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import type { Db } from "../../db/client.js";
import { digestQueries } from "../../db/digest.js";
import { activeTerm } from "../../db/terms.js";
import { unitQueries } from "../../db/units.js";
import { htmlToPlain } from "../channels/terminal.js";
import { createThrottle, sendOutgoing } from "../delivery/sender.js";
import { buildDigest } from "../digest/build.js";
import { renderProgressChart } from "../digest/chart.js";
import { digestMsg } from "../domain/catalog/digest.js";
import { slotLabel, vietnamClock } from "../domain/schedule.js";
import { unitLabel } from "../domain/unit-label.js";
import { type CliIo, UsageError } from "./io.js";

/**
 * `digest --unit <code> [--dry-run] [--out file.png]`: prints the unit's digest and writes its
 * chart; without --dry-run also sends it now to the unit's digest recipients (needs BOT_TOKEN).
 */
export async function digestCommand(
  db: Db,
  opts: Record<string, string | boolean | undefined>,
  ctx: { token?: string; apiRoot?: string; now: number },
  io: CliIo,
): Promise<number> {
  const code = typeof opts.unit === "string" ? opts.unit : undefined;
  if (!code) throw new UsageError("--unit <code> is required");
  const unit = unitQueries(db).byCode(code);
  if (!unit) {
    io.err(`Không có đơn vị mã ${code}. / No unit with code ${code}.`);
    return 1;
  }
  const term = activeTerm(db);
  if (!term) {
    io.err("Chưa có nhiệm kỳ nào đang áp dụng. / No active term.");
    return 1;
  }
  const digests = digestQueries(db);
  const { date, time } = vietnamClock(ctx.now);
  const digest = buildDigest(db, digests, term, unit, { key: `now:${date}T${time}`, label: slotLabel(date, time), late: false });
  const png = await renderProgressChart(digest.chart);
  const out = resolve(typeof opts.out === "string" ? opts.out : `digest-${unit.code}.png`);
  writeFileSync(out, png);
  io.out(htmlToPlain(digest.html));
  io.out(`\n[chart] ${out}`);
  if (opts["dry-run"]) return 0;

  if (!ctx.token) throw new UsageError("sending needs BOT_TOKEN (or use --dry-run)");
  const api = new Api(ctx.token, ctx.apiRoot ? { apiRoot: ctx.apiRoot } : undefined);
  api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));
  const throttle = createThrottle({ perSecond: 25, groupPerMinute: 20 });
  const logger = pino({ level: "warn" }, pino.destination(2));
  const message = { html: digest.html, photo: { bytes: png, filename: `tien-do-${unit.code}.png`, caption: digestMsg.chartCaption(unitLabel(unit), slotLabel(date, time)) } };
  let sent = 0;
  // Telegram only: a Zalo chart needs the running bot's HTTP server (PUBLIC_URL) to be fetched from.
  for (const recipient of digests.recipients().filter((r) => r.unitId === unit.id && r.channel === "telegram")) {
    const outcome = await sendOutgoing(api, throttle, recipient.chatId, message, logger);
    if (outcome === "blocked") digests.markUnreachable(recipient.channel, recipient.chatId, ctx.now);
    if (outcome === "sent") sent++;
  }
  io.out(`Đã gửi cho ${sent} người nhận. / Sent to ${sent} recipient(s).`);
  return 0;
}
