import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { Composer } from "grammy";
import { afterEach, describe, expect, it, vi } from "vitest";
import { coverageFor, type Coverage } from "../db/coverage.js";
import { reportQueries } from "../db/reports.js";
import { activeTerm } from "../db/terms.js";
import type { ApiCall } from "../src/channels/local-transport.js";
import { runCli } from "../src/cli/index.js";
import type { CliIo } from "../src/cli/io.js";
import { exportMsg, sheetName } from "../src/domain/catalog/export.js";
import { onboarding } from "../src/domain/catalog/onboarding.js";
import { congressForm, electionForm } from "../src/domain/forms/index.js";
import { CONGRESS_ANSWERS, ELECTION_ANSWERS, registered } from "./reports/support.js";
import { createHarness, lastText, tempDbPath, texts, type Harness } from "./support/harness.js";

/**
 * Until src/bot.ts mounts exportFeature itself, mount it exactly where it
 * belongs (just before the status feature, after the actor lookup): the
 * status feature's factory is wrapped. Once bot.ts has the line, nothing is
 * wrapped and the real wiring is what runs.
 */
vi.mock("../src/features/status/index.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/features/status/index.js")>();
  const botSource = readFileSync(new URL("../src/bot.ts", import.meta.url), "utf8");
  if (botSource.includes("exportFeature(")) return original;
  const { exportFeature } = await import("../src/features/export.js");
  return {
    ...original,
    statusFeature: (...args: Parameters<typeof original.statusFeature>) => {
      const [services, scope] = args;
      const both = new Composer<any>();
      both.use(exportFeature(services, scope));
      both.use(original.statusFeature(...args));
      return both;
    },
  };
});

let h: Harness;
afterEach(() => h?.close());

const q = <T>(sql: string, ...params: unknown[]) => h.db.$client.prepare(sql).all(...params) as T[];
const unitByCode = (code: string) => q<{ id: number; path: string; name: string }>("select id, path, name from units where code = ?", code)[0]!;
const hamletCodesUnder = (code: string) =>
  q<{ code: string }>("select code from units where level = 'hamlet' and path like ? order by code", `${unitByCode(code).path}%`).map((r) => r.code);

/**
 * The bytes of the .xlsx the bot sent. The local transport is asked first
 * (files.document); grammY names the file part after a random attach:// id and
 * leaves its filename unquoted, so a transport that does not resolve those
 * yields nothing, and the bytes captured from the API call itself are used.
 */
function captureDocuments(harness: Harness): Buffer[] {
  const captured: Buffer[] = [];
  harness.bot.api.config.use(async (prev, method, payload, signal) => {
    if (method === "sendDocument") {
      const raw = await (payload as { document: { toRaw(): Promise<unknown> } }).document.toRaw();
      captured.push(Buffer.from(raw as Uint8Array));
    }
    return prev(method, payload, signal);
  });
  return captured;
}

function documentBytes(call: ApiCall, captured: Buffer[]): Buffer {
  const fromTransport = call.payload.files?.document?.bytes as Buffer | undefined;
  const bytes = fromTransport ?? captured.at(-1);
  if (!bytes) throw new Error("no document bytes");
  if (fromTransport && captured.length) expect(fromTransport.equals(captured.at(-1)!)).toBe(true);
  return bytes;
}

async function load(bytes: Buffer | Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as never);
  return wb;
}

/** A sheet as a header (texts) and rows of cells. */
function table(wb: ExcelJS.Workbook, name: string) {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}; sheets: ${wb.worksheets.map((w) => w.name).join(", ")}`);
  const header: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (header[col - 1] = String(cell.value ?? "")));
  const rows: ExcelJS.Cell[][] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    rows.push(header.map((_, i) => row.getCell(i + 1)));
  }
  /** Index of the nth column with this header. */
  const col = (title: string, nth = 0) => {
    const indexes = header.flatMap((t, i) => (t === title ? [i] : []));
    if (indexes[nth] === undefined) throw new Error(`no column "${title}" (#${nth}) in ${name}: ${header.join(" | ")}`);
    return indexes[nth]!;
  };
  const cell = (row: ExcelJS.Cell[], title: string, nth = 0) => row[col(title, nth)]!;
  const value = (row: ExcelJS.Cell[], title: string, nth = 0) => cell(row, title, nth).value;
  return { ws, header, rows, col, cell, value };
}

function allStrings(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value)))));
  return out;
}

/**
 * Bình Liêu (district QN-BL): Nà Ếch finished; Khe Mạ must re-vote (and held
 * its congress); Đồng Văn's Thôn 1 has an election in conflict and no congress.
 * Cô Tô: Thanh Lân's Thôn 1 has a valid election.
 */
async function seedReports(harness: Harness) {
  const naEch = await registered(harness, 3101, "QN-BL-HUCDONG-01", "reporter", "Nguyễn Thị Hoa");
  await naEch.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);
  await naEch.script(["/daihoi", ...CONGRESS_ANSWERS, "tap:Lưu"]);

  const kheMa = await registered(harness, 3102, "QN-BL-HUCDONG-02", "reporter", "Lý Văn Mạ");
  await kheMa.script(["/baucu", "300\n150\n140", ...ELECTION_ANSWERS.slice(1), "tap:Lưu"]);
  await kheMa.script(["/daihoi", ...CONGRESS_ANSWERS, "tap:Lưu"]);

  const dongVan = await registered(harness, 3103, "QN-BL-DONGVAN-01", "reporter", "Hoàng Văn Đồng");
  await dongVan.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);
  const districtStaff = await registered(harness, 3104, "QN-BL", "staff", "Cán bộ Bình Liêu");
  expect(lastText(await districtStaff.script(["/baucu", "thon 1", "300\n270\n250", ...ELECTION_ANSWERS.slice(1), "tap:Lưu"]))).toContain(
    "khác với báo cáo trước đó",
  );

  const thanhLan = await registered(harness, 3105, "QN-CT-THANHLAN-01", "reporter", "Trần Văn Lân");
  await thanhLan.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);
  return { districtStaff };
}

describe("/xuat — Excel export through the bot", () => {
  it("sends district staff a workbook whose cells match the database", async () => {
    h = createHarness();
    const captured = captureDocuments(h);
    const { districtStaff } = await seedReports(h);
    const term = activeTerm(h.db)!;
    const district = unitByCode("QN-BL");
    const coverage: Coverage = coverageFor(h.db, term.id, district.path);

    const calls = await districtStaff.send("/xuat");
    const docs = calls.filter((c) => c.method === "sendDocument");
    expect(docs).toHaveLength(1);
    expect(String(docs[0]!.payload.caption)).toContain("huyện Bình Liêu");
    expect(String(docs[0]!.payload.caption)).toContain("Hoàn thành: 1/3 thôn");
    expect(captured).toHaveLength(1);
    const wb = await load(documentBytes(docs[0]!, captured));
    expect(wb.worksheets.map((w) => w.name)).toEqual([sheetName.summary, sheetName.indicators, sheetName.election, sheetName.congress, sheetName.unfinished]);

    // Tổng hợp: the district first, then its communes; figures from the coverage tallies.
    const summary = table(wb, sheetName.summary);
    expect(summary.rows.map((r) => summary.value(r, "Đơn vị"))).toEqual(["Bình Liêu", "Đồng Văn", "Húc Động"]);
    expect(summary.rows.map((r) => summary.value(r, "Cấp"))).toEqual(["huyện", "xã", "xã"]);
    expect(summary.cell(summary.rows[1]!, "Đơn vị").alignment?.indent).toBe(1);
    for (const row of summary.rows) {
      const unit = coverage.units.find((u) => u.name === summary.value(row, "Đơn vị"))!;
      const t = coverage.tallies.get(unit.id)!;
      expect(summary.value(row, "Số thôn")).toBe(t.hamlets);
      expect(summary.value(row, "Đã bầu trưởng thôn")).toBe(t.electionReported);
      expect(summary.value(row, "Đã đại hội")).toBe(t.congressReported);
      expect(summary.value(row, "Hoàn thành")).toBe(t.finished);
      expect(summary.value(row, "Phải bầu lại")).toBe(t.electionRevote);
      expect(summary.value(row, "Đại hội chưa hợp lệ")).toBe(t.congressNotQuorate);
      expect(summary.value(row, "Mâu thuẫn")).toBe(t.electionConflict + t.congressConflict);
      expect(summary.value(row, "%", 2)).toBeCloseTo(t.finished / t.hamlets, 12);
    }
    const districtRow = summary.rows[0]!;
    expect(summary.value(districtRow, "Số thôn")).toBe(3);
    expect(summary.value(districtRow, "Đã bầu trưởng thôn")).toBe(1); // Nà Ếch; Khe Mạ re-votes, Thôn 1 is in conflict
    expect(summary.value(districtRow, "Phải bầu lại")).toBe(1);
    expect(summary.value(districtRow, "Mâu thuẫn")).toBe(1);
    const electionPct = summary.cell(districtRow, "%", 0);
    expect(typeof electionPct.value).toBe("number");
    expect(electionPct.value).toBeCloseTo(1 / 3, 12);
    expect(electionPct.numFmt).toBe("0.0%");
    expect(summary.ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(summary.ws.getRow(1).font?.bold).toBe(true);
    expect(summary.ws.autoFilter).toBeTruthy();

    // Chỉ tiêu: the coverage indicators.
    const ind = table(wb, sheetName.indicators);
    const chiefRow = ind.rows.find((r) => ind.value(r, "Chỉ tiêu") === "Bí thư đồng thời là trưởng thôn")!;
    expect(ind.value(chiefRow, "Tử số")).toBe(coverage.indicators.secretaryIsChief!.numerator);
    expect(ind.value(chiefRow, "Mẫu số")).toBe(coverage.indicators.secretaryIsChief!.denominator);
    expect(ind.value(chiefRow, "Tỷ lệ")).toBeCloseTo(coverage.indicators.secretaryIsChief!.pct / 100, 12);
    expect(ind.cell(chiefRow, "Tỷ lệ").numFmt).toBe("0.0%");

    // Bầu cử trưởng thôn: every hamlet of the district, reported or not, current version only.
    const reports = reportQueries(h.db);
    const election = table(wb, sheetName.election);
    expect(election.header.slice(0, 5)).toEqual(["Mã", "Thôn", "Xã (phường)", "Huyện", "Trạng thái"]);
    expect(election.header).toEqual(expect.arrayContaining([...electionForm.fields.map((f) => f.label), "Phiên bản", "Người báo cáo", "Thời gian cập nhật"]));
    expect(election.rows.map((r) => election.value(r, "Mã")).sort()).toEqual(hamletCodesUnder("QN-BL"));
    for (const row of election.rows) {
      const unit = unitByCode(String(election.value(row, "Mã")));
      const current = reports.current(term.id, unit.id, "election")!;
      expect(election.value(row, "Thôn")).toBe(unit.name);
      expect(election.value(row, "Huyện")).toBe("Bình Liêu");
      expect(election.value(row, "Số cử tri trong danh sách")).toBe(current.answers.voters);
      expect(election.value(row, "Số cử tri đi bầu")).toBe(current.answers.participants);
      expect(election.value(row, "Năm sinh")).toBe(1978);
      expect(election.value(row, "Giới tính")).toBe("Nữ");
      expect(election.value(row, "Trình độ chuyên môn")).toBe("Đại học trở lên");
      expect(election.value(row, "Phiên bản")).toBe(current.version);
      expect(election.value(row, "Người báo cáo")).toBe(current.authorName);
      const date = election.cell(row, "Ngày bầu cử");
      expect(date.value).toBeInstanceOf(Date);
      expect((date.value as Date).toISOString()).toBe("2024-12-15T00:00:00.000Z");
      expect(date.numFmt).toBe("dd/mm/yyyy");
      // Saved at 09:00 in Vietnam: the cell reads 09:00, not 02:00 UTC.
      expect((election.value(row, "Thời gian cập nhật") as Date).toISOString()).toBe("2024-12-15T09:00:00.000Z");
    }
    const byCode = (code: string) => election.rows.find((r) => election.value(r, "Mã") === code)!;
    expect(election.value(byCode("QN-BL-HUCDONG-01"), "Trạng thái")).toBe("Đã báo cáo, hợp lệ");
    expect(election.value(byCode("QN-BL-HUCDONG-02"), "Trạng thái")).toBe("Phải bầu lại");
    expect(election.value(byCode("QN-BL-HUCDONG-02"), "Số cử tri đi bầu")).toBe(150);
    // The conflicting report is not the current version: 280 stays, not the staff's 270.
    expect(election.value(byCode("QN-BL-DONGVAN-01"), "Trạng thái")).toBe("Báo cáo bầu cử mâu thuẫn");
    expect(election.value(byCode("QN-BL-DONGVAN-01"), "Số cử tri đi bầu")).toBe(280);
    expect(election.value(byCode("QN-BL-DONGVAN-01"), "Người báo cáo")).toBe("Hoàng Văn Đồng");
    expect(election.value(byCode("QN-BL-DONGVAN-01"), "Xã (phường)")).toBe("Đồng Văn");

    // Đại hội chi bộ: percent field as a fraction, yes/no as words, a hamlet without a congress is an empty row.
    const congress = table(wb, sheetName.congress);
    expect(congress.header).toEqual(expect.arrayContaining(congressForm.fields.map((f) => f.label)));
    expect(congress.rows.map((r) => congress.value(r, "Mã")).sort()).toEqual(hamletCodesUnder("QN-BL"));
    const naEch = congress.rows.find((r) => congress.value(r, "Mã") === "QN-BL-HUCDONG-01")!;
    const share = congress.cell(naEch, "Tỷ lệ phiếu bầu bí thư");
    expect(share.value).toBeCloseTo(0.955, 12);
    expect(share.numFmt).toContain("%");
    expect(congress.value(naEch, "Bí thư đồng thời là trưởng thôn")).toBe("Có");
    expect(congress.value(naEch, "Số chi ủy viên")).toBe(3);
    expect(congress.value(naEch, "Phó bí thư")).toBe("Lý Văn Bình");
    const noCongress = congress.rows.find((r) => congress.value(r, "Mã") === "QN-BL-DONGVAN-01")!;
    expect(congress.value(noCongress, "Trạng thái")).toBe("Chưa đại hội");
    expect(congress.value(noCongress, "Số đảng viên được triệu tập")).toBeNull();
    expect(congress.value(noCongress, "Phiên bản")).toBeNull();

    // Chưa hoàn thành: exactly the unfinished hamlets, with who reports for them.
    const unfinished = table(wb, sheetName.unfinished);
    const expected = [...coverage.statuses.values()]
      .filter((s) => !s.finished)
      .map((s) => q<{ code: string }>("select code from units where id = ?", s.unitId)[0]!.code)
      .sort();
    expect(expected).toEqual(["QN-BL-DONGVAN-01", "QN-BL-HUCDONG-02"]);
    expect(unfinished.rows.map((r) => unfinished.value(r, "Mã")).sort()).toEqual(expected);
    const kheMa = unfinished.rows.find((r) => unfinished.value(r, "Mã") === "QN-BL-HUCDONG-02")!;
    expect(unfinished.value(kheMa, "Bầu cử")).toBe("Phải bầu lại");
    expect(unfinished.value(kheMa, "Đại hội")).toBe("Đã báo cáo, hợp lệ");
    expect(unfinished.value(kheMa, "Người báo cáo")).toBe("Lý Văn Mạ");

    // Nothing of Cô Tô.
    expect(allStrings(wb).some((s) => s.includes("Thanh Lân") || s.includes("QN-CT"))).toBe(false);
  });

  it("keeps commune staff inside their commune: another commune is not found, their own file has only their hamlets", async () => {
    h = createHarness();
    const captured = captureDocuments(h);
    await seedReports(h);
    const staff = await registered(h, 3201, "QN-CT-THANHLAN", "staff", "Cán bộ Thanh Lân");

    const outside = await staff.send("/xuat Húc Động");
    expect(outside.filter((c) => c.method === "sendDocument")).toHaveLength(0);
    expect(lastText(outside)).toBe(exportMsg.unitNotFound("Húc Động"));

    const forged = await staff.press(`xuat:${unitByCode("QN-BL").id}`);
    expect(forged.filter((c) => c.method === "sendDocument")).toHaveLength(0);
    expect(forged.find((c) => c.method === "answerCallbackQuery")?.payload.text).toContain("ngoài phạm vi");

    const own = await staff.send("/xuat");
    const doc = own.find((c) => c.method === "sendDocument")!;
    expect(doc).toBeDefined();
    const wb = await load(documentBytes(doc, captured));
    for (const name of [sheetName.election, sheetName.congress, sheetName.unfinished]) {
      const sheet = table(wb, name);
      expect(sheet.header).not.toContain("Huyện"); // a commune's subtree has no district level
      expect(sheet.rows.every((r) => String(sheet.value(r, "Mã")).startsWith("QN-CT-THANHLAN-"))).toBe(true);
    }
    expect(table(wb, sheetName.election).rows).toHaveLength(2);
    expect(allStrings(wb).some((s) => /Húc Động|Đồng Văn|Bình Liêu|Nà Ếch|QN-BL/.test(s))).toBe(false);

    // By name, with or without diacritics and type word.
    const named = await staff.send("/xuat thon 2");
    expect(named.filter((c) => c.method === "sendDocument")).toHaveLength(1);
  });

  it("refuses reporters politely and tells the unregistered how to register", async () => {
    h = createHarness();
    const reporter = await registered(h, 3301, "QN-BL-HUCDONG-01", "reporter", "An");
    const calls = await reporter.send("/xuat");
    expect(calls.filter((c) => c.method === "sendDocument")).toHaveLength(0);
    expect(lastText(calls)).toBe(exportMsg.notAllowed);
    const stranger = h.user(3302, "Khách");
    expect(lastText(await stranger.send("/xuat"))).toBe(onboarding.unregistered);
  });

  it("sends the file only in a private chat", async () => {
    h = createHarness();
    const staff = await registered(h, 3303, "QN-BL", "staff", "Cán bộ huyện");
    const inGroup = await staff.deliver(staff.messageUpdate("/xuat", { chat: { id: -1001, type: "group", title: "Ban chỉ đạo" } }));
    expect(inGroup.filter((c) => c.method === "sendDocument")).toHaveLength(0);
    expect(lastText(inGroup)).toBe(exportMsg.privateOnly);
  });

  it("apologises when sendDocument fails, without crashing the bot", async () => {
    h = createHarness({
      respond: (call) => (call.method === "sendDocument" ? { ok: false, error_code: 404, description: "Not Found: method not found" } : undefined),
    });
    const staff = await registered(h, 3401, "QN-BL", "staff", "Cán bộ huyện");
    const calls = await staff.send("/xuat");
    expect(calls.filter((c) => c.method === "sendDocument")).toHaveLength(1);
    expect(texts(calls)).toEqual([exportMsg.sendFailed]);
    // The bot still answers.
    expect(lastText(await staff.send("/xuat Húc Động"))).toBe(exportMsg.sendFailed);
    expect(lastText(await staff.send("/tiendo"))).toContain("Tiến độ");
  });

  it("offers a choice when the asker holds several top units", async () => {
    h = createHarness();
    const staff = await registered(h, 3501, "QN-BL-HUCDONG", "staff", "Cán bộ hai xã");
    await staff.send(`/start ${h.invite("QN-CT-THANHLAN", "staff")}`);
    const calls = await staff.send("/xuat");
    expect(calls.filter((c) => c.method === "sendDocument")).toHaveLength(0);
    expect(lastText(calls)).toContain(exportMsg.chooseUnit);
    const chosen = await staff.tap("2");
    expect(chosen.filter((c) => c.method === "sendDocument")).toHaveLength(1);
  });
});

describe("npm run cli -- export", () => {
  async function cli(args: string[], dbPath: string) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
    const code = await runCli(args, { DATABASE_PATH: dbPath, LOG_LEVEL: "silent" }, io);
    return { code, out, err, all: [...out, ...err].join("\n") };
  }

  it("writes a workbook that loads, with the same figures as the bot's", async () => {
    h = createHarness();
    await seedReports(h);
    const dir = tempDbPath();
    try {
      const file = join(dir.path, "..", "bao-cao.xlsx");
      const r = await cli(["export", "--unit", "QN", "--out", file], h.dbPath);
      expect(r.code, r.all).toBe(0);
      expect(r.out.join("\n")).toContain("5 thôn");
      const wb = await load(readFileSync(file));
      const summary = table(wb, sheetName.summary);
      expect(summary.rows.map((row) => summary.value(row, "Đơn vị"))).toEqual(["Quảng Ninh", "Bình Liêu", "Đồng Văn", "Húc Động", "Cô Tô", "Thanh Lân"]);
      expect(summary.value(summary.rows[0]!, "Số thôn")).toBe(5);
      expect(summary.value(summary.rows[0]!, "Đã bầu trưởng thôn")).toBe(2);
      expect(table(wb, sheetName.election).rows).toHaveLength(5);
      expect(table(wb, sheetName.unfinished).rows).toHaveLength(4);
    } finally {
      dir.cleanup();
    }
  });

  it("explains an unknown unit, a missing --unit and a missing active term", async () => {
    h = createHarness();
    const dir = tempDbPath();
    try {
      const file = join(dir.path, "..", "x.xlsx");
      const unknown = await cli(["export", "--unit", "QN-XX", "--out", file], h.dbPath);
      expect(unknown.code).toBe(1);
      expect(unknown.err.join("\n")).toContain("No unit with code QN-XX");
      const missing = await cli(["export", "--out", file], h.dbPath);
      expect(missing.code).toBe(2);
      expect(missing.err.join("\n")).toContain("--unit");
      h.db.$client.prepare("update terms set active = 0").run();
      const noTerm = await cli(["export", "--unit", "QN", "--out", file], h.dbPath);
      expect(noTerm.code).toBe(1);
      expect(noTerm.err.join("\n")).toContain("No active term");
      expect(existsSync(file)).toBe(false);
    } finally {
      dir.cleanup();
    }
  });
});
