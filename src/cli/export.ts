import { recordAudit } from "../../db/audit.js";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Db } from "../../db/client.js";
import { activeTerm } from "../../db/terms.js";
import { unitQueries } from "../../db/units.js";
import { buildExport, exportFileName } from "../export/workbook.js";
import { type CliIo, UsageError } from "./io.js";

/**
 * `export --unit <code> [--out file.xlsx]`: the same workbook as /xuat, for
 * the active term. Without --out the file is bao-cao-<code>-<YYYYMMDD>.xlsx in
 * the current directory.
 */
export async function exportCommand(db: Db, opts: Record<string, string | undefined>, io: CliIo, now = Date.now()): Promise<number> {
  const code = opts.unit?.trim();
  if (!code) throw new UsageError("--unit <code> is required");
  const unit = unitQueries(db).byCode(code);
  if (!unit) {
    io.err(`Không có đơn vị mã ${code}. / No unit with code ${code} (see the registry CSV; codes are case-sensitive).`);
    return 1;
  }
  const term = activeTerm(db);
  if (!term) {
    io.err("Chưa có nhiệm kỳ nào đang áp dụng. / No active term: run `term create` or `term activate --name <name>` first.");
    return 1;
  }
  const out = resolve(opts.out ?? exportFileName(unit.code, now));
  if (!out.toLowerCase().endsWith(".xlsx")) throw new UsageError(`--out must name an .xlsx file (got ${opts.out})`);
  const { buffer, tally } = await buildExport(db, term.id, unit.path);
  try {
    writeFileSync(out, buffer);
    recordAudit(db, { action: "export", at: now, channel: "cli", unitId: unit.id, detail: out });
  } catch (error) {
    io.err(`Không ghi được tệp ${out}. / Cannot write ${out}: ${(error as Error).message}`);
    return 1;
  }
  io.out(
    `Đã xuất ${unit.name} (nhiệm kỳ ${term.name}, ${tally.hamlets} thôn, ${tally.finished} hoàn thành) ra ${out}. / Exported ${unit.code} (${tally.hamlets} hamlets) to ${out}.`,
  );
  return 0;
}
