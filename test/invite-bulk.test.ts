import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/index.js";
import type { CliIo } from "../src/cli/io.js";
import { createHarness, lastText, type Harness } from "./support/harness.js";

let h: Harness;
let dir: string;
afterEach(() => {
  h?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], extra: NodeJS.ProcessEnv = { BOT_USERNAME: "dantin_qn_bot" }) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runCli(args, { DATABASE_PATH: h.dbPath, LOG_LEVEL: "silent", ...extra }, io);
  return { code, out, err: err.join("\n") };
}
const codeOf = (line: string) => line.split("  ")[1]!;
const hasPdftotext = spawnSync("pdftotext", ["-v"]).status === 0;

function setup() {
  h = createHarness();
  dir = mkdtempSync(join(tmpdir(), "dantin-invites-"));
}

describe("invite create --under: a whole commune (or province) at once", () => {
  it("creates one reporter invite per hamlet, skips hamlets that have a reporter unless --force, and the codes work", async () => {
    setup();
    const first = await cli(["invite", "create", "--under", "QN-BL-HUCDONG", "--role", "reporter"]);
    expect(first.code, first.err).toBe(0);
    expect(first.out.map((l) => l.split("  ")[0])).toEqual(["QN-BL-HUCDONG-01", "QN-BL-HUCDONG-02"]);
    const code = codeOf(first.out[0]!);
    expect(first.out[0]).toBe(`QN-BL-HUCDONG-01  ${code}  https://t.me/dantin_qn_bot?start=${code}  Zalo: nhắn cho bot mã ${code}`);

    // The first hamlet's chief registers with the printed code.
    expect(lastText(await h.user(7001, "An").send(`/start ${code}`))).toContain("Chào mừng");
    const again = await cli(["invite", "create", "--under", "QN-BL-HUCDONG", "--role", "reporter"]);
    expect(again.out.map((l) => l.split("  ")[0])).toEqual(["QN-BL-HUCDONG-02"]);
    expect(again.err).toContain("bỏ qua 1 đơn vị đã có người giữ quyền");
    const forced = await cli(["invite", "create", "--under", "QN-BL-HUCDONG", "--role", "reporter", "--force"]);
    expect(forced.out).toHaveLength(2);

    const staff = await cli(["invite", "create", "--under", "QN", "--role", "staff", "--level", "commune"]);
    expect(staff.out.map((l) => l.split("  ")[0]).sort()).toEqual(["QN-BL-DONGVAN", "QN-BL-HUCDONG", "QN-CT-THANHLAN"]);
    expect(staff.out).toHaveLength(3);
    const invites = h.db.$client.prepare("select count(*) as n from invites").get() as { n: number };
    expect(invites.n).toBe(2 + 1 + 2 + 3);
    const audit = h.db.$client.prepare("select count(*) as n from audit_events where action = 'invite_created' and channel = 'cli'").get() as { n: number };
    expect(audit.n).toBe(8);
  });

  it("refuses bad input with a clear message and creates nothing", async () => {
    setup();
    expect((await cli(["invite", "create", "--under", "NOPE", "--role", "reporter"])).err).toContain('Không có đơn vị mã "NOPE"');
    expect((await cli(["invite", "create", "--under", "QN", "--role", "reporter", "--level", "commune"])).code).toBe(2);
    expect((await cli(["invite", "create", "--under", "QN", "--role", "chief"])).code).toBe(2);
    const noUsername = await cli(["invite", "create", "--under", "QN", "--role", "reporter", "--cards", join(dir, "c.pdf")], {});
    expect(noUsername.code).toBe(1);
    expect(noUsername.err).toContain("BOT_USERNAME");
    expect(h.db.$client.prepare("select count(*) as n from invites").get()).toEqual({ n: 0 });
  });

  it("writes the workbook (unit path, role, code, link, Zalo, expiry) and the printable cards", async () => {
    setup();
    const xlsx = join(dir, "invites.xlsx");
    const pdf = join(dir, "invites.pdf");
    const r = await cli(["invite", "create", "--under", "QN", "--role", "reporter", "--out", xlsx, "--cards", pdf]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toHaveLength(5);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const sheet = workbook.getWorksheet("Mã mời")!;
    expect(sheet.rowCount).toBe(6);
    const row = sheet.getRow(2).values as unknown[];
    const code = codeOf(r.out[0]!);
    expect(row.slice(1)).toEqual([
      "Bản Nà Ếch, xã Húc Động, huyện Bình Liêu",
      "QN-BL-HUCDONG-01",
      "người báo cáo",
      code,
      `https://t.me/dantin_qn_bot?start=${code}`,
      `Zalo: nhắn cho bot mã ${code}`,
      expect.stringMatching(/^\d\d\/\d\d\/\d{4}$/),
    ]);

    if (!hasPdftotext) return; // poppler-utils: apt-get install poppler-utils
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"]).toString();
    // Text extracted from the PDF: the font carried every diacritic.
    expect(text).toContain("Bản Nà Ếch");
    expect(text).toContain("Thôn Khe Mạ");
    expect(text).toContain("Mã đơn vị: QN-CT-THANHLAN-02");
    expect(text).toContain(`Zalo: nhắn cho bot mã ${code}`);
    expect(text).toContain("quét mã QR bằng điện thoại");
    expect(text.match(/MÃ MỜI SỬ DỤNG BOT BÁO CÁO BẦU CỬ/g)).toHaveLength(5);
    expect(execFileSync("pdfinfo", [pdf]).toString()).toMatch(/Pages:\s+1\b/);
  });
});
