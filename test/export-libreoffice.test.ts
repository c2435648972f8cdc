/**
 * The exported workbook as another spreadsheet program reads it: LibreOffice
 * (headless) converts the CLI's .xlsx to CSV and the figures are compared with
 * the database. Skipped, with the reason in the test name, when `soffice` is
 * not on PATH (install: apt-get install -y --no-install-recommends libreoffice-calc-nogui).
 */
import { electionAnswers } from "./fixtures/answers.js";
import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coverageFor } from "../db/coverage.js";
import { reportQueries } from "../db/reports.js";
import { activeTerm } from "../db/terms.js";
import { runCli } from "../src/cli/index.js";
import type { CliIo } from "../src/cli/io.js";
import { electionStateLabel, sheetName } from "../src/domain/catalog/export.js";
import { electionForm } from "../src/domain/forms/index.js";
import { formatDateVi } from "../src/domain/parse/date.js";
import { wallClock } from "../src/export/workbook.js";
import { createHarness, type Harness } from "./support/harness.js";

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const file = join(dir, command);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

const SOFFICE = onPath("soffice");
const SKIP_REASON = "soffice not on PATH — install libreoffice-calc-nogui to run this check";
if (!SOFFICE) console.warn(`export-libreoffice.test.ts skipped: ${SKIP_REASON}`);
const liveIt = SOFFICE ? it : it.skip;
const suffix = SOFFICE ? "" : ` (skipped: ${SKIP_REASON})`;

const SOFFICE_TIMEOUT = 60_000;
/**
 * CSV filter: comma, double quote, UTF-8 (76; LibreOffice's default charset is
 * not UTF-8), from line 1, …, raw values (not as shown): the first sheet only.
 */
const CSV = "Text - txt - csv (StarCalc)";
const FIRST_SHEET = `csv:${CSV}:44,34,76,1,,0,false,true,false`;
/** …, cell contents as shown (our number formats, locale-independent dates), all sheets into <name>-<sheet>.csv (LibreOffice 7.2+). */
const ALL_SHEETS_AS_SHOWN = `csv:${CSV}:44,34,76,1,,0,false,true,true,false,false,-1`;

let h: Harness;
let dir: string;
let xlsx: string;

function soffice(filter: string, outdir: string): void {
  const r = spawnSync(
    SOFFICE!,
    [`-env:UserInstallation=${pathToFileURL(join(dir, "profile")).href}`, "--headless", "--norestore", "--convert-to", filter, "--outdir", outdir, xlsx],
    { encoding: "utf8", timeout: SOFFICE_TIMEOUT, env: { ...process.env, LC_ALL: "C.UTF-8", LANG: "C.UTF-8" } },
  );
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`soffice exited ${r.status}: ${r.stderr}`);
}

const readCsv = (file: string): string[][] => parse(readFileSync(file, "utf8"), { relax_column_count: true }) as string[][];

/** "1,300" / "1.300" / "1300" → 1300 (counts only: whole numbers). */
const count = (s: string | undefined) => (s === undefined || s === "" ? null : Number(s.replace(/[.,\s\u00a0]/g, "")));
/** "33.3333333333333%" / "33,3%" → 0.333… */
const percent = (s: string | undefined) => (s === undefined || s === "" ? null : Number(s.replace("%", "").replace(",", ".")) / 100);

beforeAll(async () => {
  if (!SOFFICE) return;
  dir = mkdtempSync(join(tmpdir(), "dantin-lo-"));
  h = createHarness();
  seed(h);
  xlsx = join(dir, "bao-cao.xlsx");
  const io: CliIo = { out: () => {}, err: (l) => console.error(l) };
  expect(await runCli(["export", "--unit", "QN", "--out", xlsx], { DATABASE_PATH: h.dbPath, LOG_LEVEL: "silent" }, io)).toBe(0);
}, SOFFICE_TIMEOUT);

afterAll(() => {
  h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Reports saved straight through the report queries: valid, revote, conflict, a congress. */
function seed(harness: Harness) {
  const db = harness.db;
  const term = activeTerm(db)!;
  const person = (name: string) => (db.$client.prepare("insert into people (full_name) values (?) returning id").get(name) as { id: number }).id;
  const unit = (code: string) => (db.$client.prepare("select id from units where code = ?").get(code) as { id: number }).id;
  const an = person("Nguyễn Văn An");
  const binh = person("Lý Thị Bình");
  const q = reportQueries(db);
  let key = 0;
  const election = (voters: number, participants: number, votes: number) => electionAnswers({ voters, participants, votes });
  const save = (code: string, kind: "election" | "congress", answers: Record<string, string | number | boolean | null>, outcome: "valid" | "revote" | "not_quorate", author: number, at: string) =>
    q.save({ termId: term.id, unitId: unit(code), kind, answers, outcome, authorPersonId: author, channel: "telegram", submissionKey: `k${++key}`, correction: false, resolvesConflict: false, now: Date.parse(at) });

  save("QN-BL-HUCDONG-01", "election", election(1300, 1280, 1250), "valid", an, "2024-12-15T09:30:00+07:00");
  save("QN-BL-HUCDONG-01", "congress", { date: "2024-12-20", summoned: 25, attending: 23, secretaryName: "Nguyễn Thị Hoa", secretaryShare: 95.55, electedAtCongress: true, secretaryIsChief: true, secretaryTenure: "new", deputyName: null, committeeSize: 3, committeeWomen: 1 }, "valid", an, "2024-12-20T15:45:00+07:00");
  save("QN-BL-HUCDONG-02", "election", election(300, 150, 140), "revote", an, "2024-12-15T10:00:00+07:00");
  save("QN-CT-THANHLAN-01", "election", election(412, 400, 390), "valid", an, "2024-12-15T11:00:00+07:00");
  // A second official reports different figures: a conflict, the first version stays current.
  save("QN-CT-THANHLAN-01", "election", election(412, 399, 390), "valid", binh, "2024-12-15T11:30:00+07:00");
  save("QN-CT-THANHLAN-02", "election", election(200, 190, 180), "valid", binh, "2024-12-15T23:59:00+07:00");
}

describe(`LibreOffice reads the exported workbook${suffix}`, () => {
  liveIt(
    "the first sheet (Tổng hợp) converts to CSV with the database's figures",
    () => {
      const out = join(dir, "first");
      soffice(FIRST_SHEET, out);
      const [header, ...rows] = readCsv(join(out, "bao-cao.csv"));
      expect(header).toEqual(["Đơn vị", "Cấp", "Số thôn", "Đã bầu trưởng thôn", "%", "Đã đại hội", "%", "Hoàn thành", "%", "Phải bầu lại", "Đại hội chưa hợp lệ", "Mâu thuẫn"]);
      const term = activeTerm(h.db)!;
      const root = h.db.$client.prepare("select path from units where code = 'QN'").get() as { path: string };
      const coverage = coverageFor(h.db, term.id, root.path);
      expect(rows.map((r) => r[0])).toEqual(["Quảng Ninh", "Bình Liêu", "Đồng Văn", "Húc Động", "Cô Tô", "Thanh Lân"]);
      for (const row of rows) {
        const unit = coverage.units.find((u) => u.name === row[0] && u.level !== "hamlet")!;
        const t = coverage.tallies.get(unit.id)!;
        expect(row[1]).toBe(unit.type);
        expect([row[2], row[3], row[5], row[7], row[9], row[10], row[11]].map(count)).toEqual([
          t.hamlets,
          t.electionReported,
          t.congressReported,
          t.finished,
          t.electionRevote,
          t.congressNotQuorate,
          t.electionConflict + t.congressConflict,
        ]);
        expect(percent(row[4])).toBeCloseTo(t.electionReported / t.hamlets, 9);
        expect(percent(row[6])).toBeCloseTo(t.congressReported / t.hamlets, 9);
        expect(percent(row[8])).toBeCloseTo(t.finished / t.hamlets, 9);
      }
      // The province: 5 hamlets; valid elections at Nà Ếch and Thanh Lân Thôn 2 (Khe Mạ re-votes, Thôn 1 is in conflict).
      expect(rows[0]!.slice(2, 5)).toEqual(["5", "2", "40%"]);
    },
    SOFFICE_TIMEOUT * 2,
  );

  liveIt(
    "the election sheet converts with one row per hamlet and the current answers",
    () => {
      const out = join(dir, "all");
      soffice(ALL_SHEETS_AS_SHOWN, out);
      const files = readdirSync(out);
      for (const name of Object.values(sheetName)) expect(files).toContain(`bao-cao-${name}.csv`);
      const [header, ...rows] = readCsv(join(out, `bao-cao-${sheetName.election}.csv`));
      const col = (title: string) => header!.indexOf(title);
      expect(header!.slice(0, 5)).toEqual(["Mã", "Thôn", "Xã (phường)", "Huyện", "Trạng thái"]);

      const term = activeTerm(h.db)!;
      const reports = reportQueries(h.db);
      const hamlets = h.db.$client.prepare("select id, code, name from units where level = 'hamlet' order by code").all() as { id: number; code: string; name: string }[];
      const coverage = coverageFor(h.db, term.id, (h.db.$client.prepare("select path from units where code = 'QN'").get() as { path: string }).path);
      expect(rows.map((r) => r[0]).sort()).toEqual(hamlets.map((u) => u.code));
      for (const hamlet of hamlets) {
        const row = rows.find((r) => r[0] === hamlet.code)!;
        expect(row[col("Thôn")]).toBe(hamlet.name);
        expect(row[col("Trạng thái")]).toBe(electionStateLabel[coverage.statuses.get(hamlet.id)!.election]);
        const current = reports.current(term.id, hamlet.id, "election");
        if (!current) {
          for (const field of electionForm.fields) expect(row[col(field.label)]).toBe("");
          continue;
        }
        expect(count(row[col("Số cử tri trong danh sách")])).toBe(current.answers.voters);
        expect(count(row[col("Số cử tri đi bầu")])).toBe(current.answers.participants);
        expect(count(row[col("Số phiếu bầu trưởng thôn")])).toBe(current.answers.votes);
        expect(row[col("Năm sinh")]).toBe("1978");
        expect(row[col("Giới tính")]).toBe("Nữ");
        expect(row[col("Ngày bầu cử")]).toBe(formatDateVi(String(current.answers.date)));
        expect(row[col("Người báo cáo")]).toBe(current.authorName);
        const wall = wallClock(current.createdAt).toISOString(); // "2024-12-15T09:30:00.000Z" = 09:30 in Vietnam
        expect(row[col("Thời gian cập nhật")]).toBe(`${formatDateVi(wall.slice(0, 10))} ${wall.slice(11, 16)}`);
      }
      // The conflicting version (399) is not the current one.
      expect(rows.find((r) => r[0] === "QN-CT-THANHLAN-01")![col("Số cử tri đi bầu")]).toBe("400");
      // 23:59 in Vietnam is still the 15th.
      expect(rows.find((r) => r[0] === "QN-CT-THANHLAN-02")![col("Thời gian cập nhật")]).toBe("15/12/2024 23:59");

      const [congressHeader, ...congressRows] = readCsv(join(out, `bao-cao-${sheetName.congress}.csv`));
      const naEch = congressRows.find((r) => r[0] === "QN-BL-HUCDONG-01")!;
      expect(naEch[congressHeader!.indexOf("Tỷ lệ phiếu bầu bí thư")]).toMatch(/^95[.,]55%$/);
      expect(naEch[congressHeader!.indexOf("Ngày đại hội")]).toBe("20/12/2024");
    },
    SOFFICE_TIMEOUT * 2,
  );
});
