import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/index.js";
import type { CliIo } from "../src/cli/io.js";
import { buttons, createHarness, lastText, type Harness } from "./support/harness.js";
import { ELECTION_ANSWERS, registered, versions } from "./reports/support.js";

let h: Harness;
let dir: string | undefined;
afterEach(() => {
  h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runCli(args, { DATABASE_PATH: h.dbPath, LOG_LEVEL: "silent" }, io);
  return { code, out, err: err.join("\n") };
}

const roles = () => h.db.$client.prepare("select p.full_name as name, r.role, u.code from roles r join people p on p.id = r.person_id join units u on u.id = r.unit_id order by r.id").all();
const audit = () => h.db.$client.prepare("select action, channel, role, actor_person_id as actor, subject_person_id as subject from audit_events order by id").all() as { action: string; channel: string; role: string | null; actor: number | null; subject: number | null }[];

/** A commune's staff, its two hamlets' reporters, and a reporter elsewhere. */
async function commune() {
  h = createHarness();
  const staff = await registered(h, 8001, "QN-BL-HUCDONG", "staff", "Cán Bộ Xã");
  const an = await registered(h, 8002, "QN-BL-HUCDONG-01", "reporter", "Nguyễn Văn An");
  const binh = await registered(h, 8003, "QN-BL-HUCDONG-02", "reporter", "Lý Văn Bình");
  const other = await registered(h, 8004, "QN-CT-THANHLAN-01", "reporter", "Người Cô Tô");
  return { staff, an, binh, other };
}

describe("/nguoi — who holds which role where", () => {
  it("lists the people of the staff's commune with channel, registration and last seen; nobody outside it", async () => {
    const { staff, an } = await commune();
    h.clock.advance(3 * 60_000);
    await an.send("/trogiup");
    const list = lastText(await staff.send("/nguoi"));
    expect(list).toContain("Người dùng bot — xã Húc Động</b> (3 người giữ quyền)");
    // Registered: when the role was granted (the database's clock); last seen: the bot's clock.
    expect(list).toMatch(/• <b>Nguyễn Văn An<\/b> — người báo cáo, Bản Nà Ếch · Telegram · đăng ký \d\d\/\d\d\/\d{4} · hoạt động 15\/12\/2024 09:03/);
    expect(list).toMatch(/• <b>Lý Văn Bình<\/b> — người báo cáo, Thôn Khe Mạ · Telegram · đăng ký \d\d\/\d\d\/\d{4} · hoạt động 15\/12\/2024 09:00/);
    expect(list).toContain("<b>Cán Bộ Xã</b> — cán bộ theo dõi, xã Húc Động");
    expect(list).not.toContain("Người Cô Tô");
    expect(lastText(await staff.send("/nguoi khe ma"))).toContain("(1 người giữ quyền)");
    expect(lastText(await staff.send("/nguoi Cô Tô"))).toBe('Không tìm thấy đơn vị "Cô Tô" trong phạm vi của bạn.');
    expect(lastText(await an.send("/nguoi"))).toBe("Bạn không có quyền dùng lệnh này.");
  });

  it("writes last seen at most once a minute per account", async () => {
    const { an } = await commune();
    const seen = () => (h.db.$client.prepare("select last_seen_at as t from accounts where external_id = '8002'").get() as { t: number }).t;
    const first = seen();
    h.clock.advance(30_000);
    await an.send("/trogiup");
    expect(seen()).toBe(first);
    h.clock.advance(31_000);
    await an.send("/trogiup");
    expect(seen()).toBe(h.clock.now());
  });
});

describe("/thuhoi — revoking a role", () => {
  it("asks which person, confirms, revokes at once: the dialogue in progress ends, reports stay, it is recorded", async () => {
    const { staff, an } = await commune();
    // An's election report is saved; then An starts the congress report and is half-way.
    await an.send("/baucu");
    await an.script(ELECTION_ANSWERS);
    await an.tap("Lưu");
    await an.send("/daihoi");
    const anChat = String(an.id);
    expect(h.db.$client.prepare("select count(*) as n from conversation_states where key = ?").get(anChat)).toEqual({ n: 1 });

    const pick = lastText(await staff.send("/thuhoi"));
    expect(pick).toContain("Thu hồi quyền của ai trong xã Húc Động?");
    expect(pick).toContain("1. Nguyễn Văn An — người báo cáo, Bản Nà Ếch");
    expect(pick).toContain("2. Lý Văn Bình — người báo cáo, Thôn Khe Mạ");
    expect(pick).not.toContain("Cán Bộ Xã"); // not oneself
    const confirm = await staff.tap("1");
    expect(lastText(confirm)).toContain("Thu hồi quyền <b>người báo cáo</b> của <b>Nguyễn Văn An</b> tại <b>Bản Nà Ếch</b>?");
    expect(buttons(confirm).map((b) => b.text)).toEqual(["1. ✅ Thu hồi", "2. ❌ Không"]);
    expect(roles()).toHaveLength(4); // nothing yet
    const done = await staff.tap("Thu hồi");
    expect(lastText(done)).toContain("Đã thu hồi quyền người báo cáo của <b>Nguyễn Văn An</b> tại Bản Nà Ếch.");

    expect(roles()).not.toContainEqual(expect.objectContaining({ name: "Nguyễn Văn An" }));
    expect(h.db.$client.prepare("select count(*) as n from conversation_states where key = ?").get(anChat)).toEqual({ n: 0 });
    expect(versions(h)).toHaveLength(1); // the saved report and its version are untouched
    expect(versions(h)[0]).toMatchObject({ author: "Nguyễn Văn An", is_current: 1 });
    expect(audit().at(-1)).toMatchObject({ action: "role_revoked", channel: "telegram", role: "reporter" });

    // An's next message, whatever it is (an answer to the ended dialogue, a command), is told politely.
    expect(lastText(await an.send("25\n23"))).toContain("Bạn không còn quyền sử dụng bot này");
    expect(lastText(await an.send("/baucu"))).toContain("Bạn không còn quyền sử dụng bot này");
    expect(versions(h)).toHaveLength(1);
    // Replacing the reporter: a new invite works for the same account.
    const welcome = lastText(await an.send(`/start ${h.invite("QN-BL-HUCDONG-01", "reporter")}`));
    expect(welcome).toContain("Chào mừng");
    expect(roles()).toContainEqual(expect.objectContaining({ name: "Nguyễn Văn An", role: "reporter" }));
  });

  it("works by typing: the number, then yes or no", async () => {
    const { staff } = await commune();
    await staff.send("/thuhoi khe ma");
    expect(lastText(await staff.send("1"))).toContain("của <b>Lý Văn Bình</b>");
    expect(lastText(await staff.send("không"))).toBe("Đã hủy, không thu hồi quyền của ai.");
    expect(roles()).toHaveLength(4);
    await staff.send("/thuhoi khe ma");
    await staff.send("1");
    expect(lastText(await staff.send("Có"))).toContain("Đã thu hồi quyền người báo cáo của <b>Lý Văn Bình</b>");
    expect(roles()).toHaveLength(3);
  });

  it("refuses outside the scope, a forged button, and reporters", async () => {
    const { staff, an, other } = await commune();
    expect(lastText(await staff.send("/thuhoi Cô Tô"))).toContain("Không tìm thấy đơn vị");
    const otherPerson = (h.db.$client.prepare("select person_id as p from accounts where external_id = '8004'").get() as { p: number }).p;
    const unitId = (h.db.$client.prepare("select id from units where code = 'QN-CT-THANHLAN-01'").get() as { id: number }).id;
    expect(lastText(await staff.press(`th:ok:${otherPerson}:reporter:${unitId}`))).toBe("Người này không còn giữ quyền đó (có thể đã được thu hồi).");
    expect(roles()).toContainEqual(expect.objectContaining({ name: "Người Cô Tô" }));
    expect(lastText(await an.send("/thuhoi"))).toBe("Bạn không có quyền dùng lệnh này.");
    expect(lastText(await other.send("/trogiup"))).toContain("/baucu");
  });
});

describe("CLI: people list, people revoke, audit", () => {
  it("lists, revokes from the command line, and prints and exports the audit trail", async () => {
    await commune();
    const list = await cli(["people", "list", "--unit", "QN-BL-HUCDONG"]);
    expect(list.code).toBe(0);
    expect(list.out).toHaveLength(4);
    expect(list.out[0]).toBe("unit\tunit name\trole\tperson id\tname\tchannels\tregistered\tlast seen");
    expect(list.out.join("\n")).toMatch(/QN-BL-HUCDONG-01\tBản Nà Ếch\treporter\t\d+\tNguyễn Văn An\ttelegram\t\d{4}-\d\d-\d\d \d\d:\d\d\t2024-12-15 09:00/);
    expect((await cli(["people", "list"])).out).toHaveLength(5);
    expect((await cli(["people", "list", "--unit", "NOPE"])).code).toBe(1);

    const refused = await cli(["people", "revoke", "--unit", "QN-BL-HUCDONG-01", "--role", "staff"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("Không ai giữ quyền cán bộ theo dõi");
    const revoked = await cli(["people", "revoke", "--unit", "QN-BL-HUCDONG-01", "--role", "reporter"]);
    expect(revoked.code, revoked.err).toBe(0);
    expect(revoked.out[0]).toContain("Đã thu hồi / revoked: Nguyễn Văn An");
    expect(roles()).toHaveLength(3);

    const trail = await cli(["audit", "--unit", "QN-BL-HUCDONG"]);
    expect(trail.code).toBe(0);
    const actions = trail.out.slice(1).map((l) => l.split("\t")[1]);
    expect(actions).toEqual(["dùng mã mời", "cấp quyền", "dùng mã mời", "cấp quyền", "dùng mã mời", "cấp quyền", "thu hồi quyền"]);
    expect(trail.out.at(-1)).toContain("thu hồi quyền\tcli\tCLI\tNguyễn Văn An\tngười báo cáo\tQN-BL-HUCDONG-01");
    // The bot's events happened on 15/12/2024 (test clock); the CLI's revocation now.
    expect((await cli(["audit", "--since", "2024-12-16"])).out.slice(1).map((l) => l.split("\t")[1])).toEqual(["thu hồi quyền"]);
    expect((await cli(["audit", "--since", "2999-01-01"])).out).toHaveLength(1);
    expect((await cli(["audit", "--since", "16/12"])).code).toBe(2);

    dir = mkdtempSync(join(tmpdir(), "dantin-audit-"));
    const file = join(dir, "audit.xlsx");
    expect((await cli(["audit", "--out", file])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet("Nhật ký")!;
    expect(sheet.getRow(1).getCell(2).value).toBe("Việc");
    expect(sheet.rowCount).toBe(1 + 9);
    expect(sheet.getRow(10).getCell(2).value).toBe("thu hồi quyền");
  });
});
