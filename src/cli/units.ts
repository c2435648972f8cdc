import { readFileSync } from "node:fs";
import type { Db } from "../../db/client.js";
import { existingUnits, importUnits } from "../../db/units.js";
import { parseUnitCsv, validateUnitRows } from "../domain/units.js";
import type { CliIo } from "./io.js";

/** `units import <file.csv>`: all or nothing; errors name their line. */
export function importUnitsCommand(db: Db, file: string, io: CliIo): number {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    io.err(`Không đọc được tệp ${file}. / Cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  const parsed = parseUnitCsv(text);
  const validated = parsed.ok ? validateUnitRows(parsed.rows, existingUnits(db)) : parsed;
  if (!validated.ok) {
    for (const e of validated.errors) io.err(e.message);
    io.err(`Không nhập gì cả: ${validated.errors.length} lỗi trong ${file}. / Nothing imported: ${validated.errors.length} error(s).`);
    return 1;
  }
  const { created, updated } = importUnits(db, validated.units);
  io.out(`Đã nhập ${validated.units.length} đơn vị: ${created} mới, ${updated} cập nhật. / Imported ${validated.units.length} units: ${created} new, ${updated} updated.`);
  return 0;
}
