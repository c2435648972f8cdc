import { afterEach, describe, expect, it } from "vitest";
import { createHarness, lastText, type Harness } from "../support/harness.js";
import { reportQueries } from "../../db/reports.js";
import { ELECTION_ANSWERS, registered, versions } from "./support.js";

let h: Harness;
afterEach(() => h?.close());

describe("/sua corrections and conflicts", () => {
  it("saves a correction as a new version with its reason; history is kept and figures use the current one", async () => {
    h = createHarness();
    const user = await registered(h, 1001, "QN-BL-HUCDONG-01", "reporter", "Nguyễn Văn An");
    await user.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);
    expect(lastText(await user.send("/baucu"))).toContain("đã có báo cáo bầu cử trưởng thôn (phiên bản 1). Nếu cần sửa, dùng /sua");

    expect(lastText(await user.send("/sua"))).toContain("Bạn muốn làm việc với báo cáo nào?");
    const readBack = lastText(await user.tap("Bầu cử"));
    expect(readBack).toContain("Số cử tri đi bầu: <b>280</b>");
    await user.script(["tap:Sửa mục", "tap:Số phiếu", "260", "tap:Lưu"]);
    expect(lastText(await user.send("Đếm lại phiếu"))).toContain("phiên bản 2");

    const rows = versions(h);
    expect(rows.map((r) => [r.version, r.is_current, r.reason])).toEqual([
      [1, 0, null],
      [2, 1, "Đếm lại phiếu"],
    ]);
    const termId = (h.db.$client.prepare("select id from terms").get() as { id: number }).id;
    const unitId = (h.db.$client.prepare("select id from units where code = 'QN-BL-HUCDONG-01'").get() as { id: number }).id;
    const current = reportQueries(h.db).current(termId, unitId, "election")!;
    expect(current).toMatchObject({ version: 2, versionCount: 2 });
    expect(current.answers.votes).toBe(260);
  });

  it("says so when there is nothing to correct", async () => {
    h = createHarness();
    const user = await registered(h, 1002, "QN-BL-HUCDONG-01", "reporter", "An");
    expect(lastText(await user.send("/sua daihoi"))).toContain("chưa có báo cáo đại hội chi bộ để sửa");
  });

  it("marks a different report from a second official as a conflict instead of overwriting; a staff correction settles it", async () => {
    h = createHarness();
    const reporter = await registered(h, 1003, "QN-BL-HUCDONG-01", "reporter", "Nguyễn Văn An");
    await reporter.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);

    const staff = await registered(h, 1004, "QN-BL-HUCDONG", "staff", "Hoàng Thị Cán");
    expect(lastText(await staff.send("/baucu"))).toContain("Bạn báo cáo cho thôn nào?");
    const answers = ["300\n270\n250", ...ELECTION_ANSWERS.slice(1)];
    await staff.script(["na ech", ...answers]);
    expect(lastText(await staff.tap("Lưu"))).toContain("khác với báo cáo trước đó của người khác");

    let rows = versions(h);
    expect(rows.map((r) => [r.author, r.is_current, r.is_conflict])).toEqual([
      ["Nguyễn Văn An", 1, 0],
      ["Hoàng Thị Cán", 0, 1],
    ]);
    expect(JSON.parse(rows.find((r) => r.is_current)!.data).participants).toBe(280);

    await staff.script(["/sua baucu", "na ech", "tap:Sửa mục", "tap:Số cử tri đi bầu", "270", "tap:Lưu", "tap:Bỏ qua"]);
    rows = versions(h);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatchObject({ author: "Hoàng Thị Cán", is_current: 1, reason: null });
    expect(h.db.$client.prepare("select conflict_version_id from reports").get()).toEqual({ conflict_version_id: null });
  });

  it("a second official whose report differs only in the note is not a conflict: the newer note is kept", async () => {
    h = createHarness();
    const reporter = await registered(h, 1005, "QN-BL-HUCDONG-01", "reporter", "Nguyễn Văn An");
    await reporter.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);
    const staff = await registered(h, 1006, "QN-BL-HUCDONG", "staff", "Hoàng Thị Cán");
    await staff.script(["/baucu", "na ech", ...ELECTION_ANSWERS, "tap:Sửa mục", "tap:Ghi chú", "Có 2 hộ vắng"]);
    expect(lastText(await staff.tap("Lưu"))).not.toContain("khác với báo cáo trước đó");
    const rows = versions(h);
    expect(rows.map((r) => [r.author, r.is_current, Boolean(r.is_conflict)])).toEqual([
      ["Nguyễn Văn An", 0, false],
      ["Hoàng Thị Cán", 1, false],
    ]);
    expect(JSON.parse(rows[1]!.data).note).toBe("Có 2 hộ vắng");
  });

  it("lets staff pick among several matching hamlets, and never one outside their scope", async () => {
    h = createHarness();
    const staff = await registered(h, 1005, "QN-CT-THANHLAN", "staff", "Cán bộ Thanh Lân");
    await staff.send("/baucu");
    const choice = lastText(await staff.send("thon"));
    expect(choice).toContain("Chọn thôn");
    expect(choice).not.toContain("Đồng Văn");
    expect(lastText(await staff.send("nà ếch"))).toContain("Chọn thôn"); // not a hamlet name here: still choosing
    const other = await registered(h, 1006, "QN-CT-THANHLAN", "staff", "Cán bộ 2");
    await other.send("/baucu");
    expect(lastText(await other.send("Nà Ếch"))).toContain("Không tìm thấy thôn");
  });
});
