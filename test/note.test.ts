/**
 * Issue 11, class 5: a "Ghi chú: …" line of a pasted quick form is kept (with
 * the version's answers) and shown in the read-back, /xem and the export; the
 * guided dialogue asks no extra question for it.
 */
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import { activeTerm } from "../db/terms.js";
import { sheetName } from "../src/domain/catalog/export.js";
import { congressForm, electionForm } from "../src/domain/forms/index.js";
import { isComplete } from "../src/domain/forms/engine.js";
import { parseQuickForm, quickFormTemplate } from "../src/domain/forms/quick-form.js";
import { answerLines } from "../src/domain/forms/read-back.js";
import { buildExport } from "../src/export/workbook.js";
import { electionAnswers } from "./fixtures/answers.js";
import { CONGRESS_ANSWERS, ELECTION_ANSWERS, registered, versions } from "./reports/support.js";
import { createHarness, lastText, type Harness } from "./support/harness.js";

let h: Harness;
afterEach(() => h?.close());

const CTX = {
  today: "2024-12-15",
  term: { electionDate: "2024-12-15", windowStart: "2024-12-15", windowEnd: "2025-01-15", turnoutThreshold: 0.5, majorityThreshold: 0.5, quorumThreshold: 2 / 3 },
};

const QUICK = `BÁO CÁO BẦU CỬ TRƯỞNG THÔN
Ngày bầu cử: hôm nay
Số cử tri trong danh sách: 1.452
Số cử tri đi bầu: 1.300
Số phiếu bầu trưởng thôn: 1.100
Họ tên trưởng thôn: Nguyễn Văn An
Giới tính: nam
Năm sinh: 1975
Đảng viên: quần chúng
Trình độ chuyên môn: đại học
Lý luận chính trị: trung cấp
Bầu mới hay tái cử: bầu mới
Ghi chú: Bầu tại nhà văn hóa <thôn> & có 2 hộ vắng
họp lúc 8:00, xong lúc 11:30`;

describe("the note field, in the domain", () => {
  it("is in both forms, optional, and in no dialogue step", () => {
    for (const form of [electionForm, congressForm]) {
      const note = form.fields.find((f) => f.key === "note")!;
      expect(note).toMatchObject({ label: "Ghi chú", kind: "text", optional: true });
      expect(form.steps.flatMap((s) => s.fields)).not.toContain("note");
    }
    expect(isComplete(electionForm, electionAnswers())).toBe(true);
    expect(quickFormTemplate(electionForm).split("\n").at(-1)).toBe("Ghi chú (không bắt buộc): ");
  });

  it("is read from the quick form, continued over the next lines, full-width colon and all", () => {
    const { answers, problems } = parseQuickForm(electionForm, QUICK, CTX);
    expect(problems).toEqual([]);
    expect(answers.note).toBe("Bầu tại nhà văn hóa <thôn> & có 2 hộ vắng họp lúc 8:00, xong lúc 11:30");
    expect(answers.partyStatus).toBe("none");
    const fullWidth = parseQuickForm(congressForm, "BÁO CÁO ĐẠI HỘI CHI BỘ\nGhi chú： đại hội điểm", CTX);
    expect(fullWidth.answers.note).toBe("đại hội điểm");
    expect(parseQuickForm(congressForm, "BÁO CÁO ĐẠI HỘI CHI BỘ\nGhi chú: không", CTX).answers.note).toBeNull();
    expect(parseQuickForm(congressForm, "BÁO CÁO ĐẠI HỘI CHI BỘ\nGhi chú:", CTX).answers.note).toBeUndefined();
  });

  it("shows in the read-back lines only when there is one, escaped", () => {
    const without = answerLines(electionForm, electionAnswers());
    expect(without.join("\n")).not.toContain("Ghi chú");
    expect(answerLines(electionForm, electionAnswers({ note: null })).join("\n")).not.toContain("Ghi chú");
    expect(answerLines(electionForm, electionAnswers({ note: "a <b> & c" })).at(-1)).toBe("• Ghi chú: <b>a &lt;b&gt; &amp; c</b>");
  });
});

describe("the note field, through the bot", () => {
  it("a pasted quick form keeps its note: read-back, saved version, /xem and the export; still 2 round trips", async () => {
    h = createHarness();
    const user = await registered(h, 1601, "QN-BL-HUCDONG-01", "reporter", "An");
    const readBack = lastText(await user.send(QUICK));
    expect(readBack).toContain("Kiểm tra báo cáo bầu cử trưởng thôn");
    expect(readBack).toContain("Đảng viên: <b>Không phải đảng viên</b>");
    expect(readBack).toContain("• Ghi chú: <b>Bầu tại nhà văn hóa &lt;thôn&gt; &amp; có 2 hộ vắng họp lúc 8:00, xong lúc 11:30</b>");
    await user.tap("Lưu");
    console.log(`chief election (quick form with a note): ${user.roundTrips} round trips`);
    expect(user.roundTrips).toBe(2);
    expect(JSON.parse(versions(h)[0]!.data).note).toBe("Bầu tại nhà văn hóa <thôn> & có 2 hộ vắng họp lúc 8:00, xong lúc 11:30");

    expect(lastText(await user.send("/xem"))).toContain("Ghi chú: <b>Bầu tại nhà văn hóa &lt;thôn&gt; &amp; có 2 hộ vắng");

    const term = activeTerm(h.db)!;
    const path = (h.db.$client.prepare("select path from units where code = 'QN-BL'").get() as { path: string }).path;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildExport(h.db, term.id, path)).buffer as never);
    const ws = wb.getWorksheet(sheetName.election)!;
    const header: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (header[col - 1] = String(cell.value ?? "")));
    const noteCol = header.indexOf("Ghi chú") + 1;
    expect(noteCol).toBeGreaterThan(0);
    const notes = Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getRow(i + 2).getCell(noteCol).value);
    expect(notes).toContain("Bầu tại nhà văn hóa <thôn> & có 2 hộ vắng họp lúc 8:00, xong lúc 11:30");
  });

  it("adds no question to the dialogues: 8 round trips for a chief election on election day, 10 for a congress", async () => {
    h = createHarness();
    const user = await registered(h, 1602, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);
    console.log(`chief election (dialogue, with the note field): ${user.roundTrips} round trips`);
    expect(user.roundTrips).toBe(8);
    expect(JSON.parse(versions(h)[0]!.data)).toEqual(electionAnswers());
    user.roundTrips = 0;
    await user.script(["/daihoi", ...CONGRESS_ANSWERS, "tap:Lưu"]);
    console.log(`branch congress (dialogue, with the note field): ${user.roundTrips} round trips`);
    expect(user.roundTrips).toBe(10);
    expect(JSON.parse(versions(h)[1]!.data)).not.toHaveProperty("note");
  });

  it("can be added from the read-back with 'Sửa mục' → 'Ghi chú'", async () => {
    h = createHarness();
    const user = await registered(h, 1603, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/baucu", ...ELECTION_ANSWERS]);
    await user.tap("Sửa mục");
    expect(lastText(await user.tap("Ghi chú"))).toContain("Ghi chú thêm cho báo cáo (không bắt buộc)?");
    expect(lastText(await user.send("Cử tri đi làm ăn xa: 12 người"))).toContain("• Ghi chú: <b>Cử tri đi làm ăn xa: 12 người</b>");
    await user.tap("Lưu");
    expect(JSON.parse(versions(h)[0]!.data).note).toBe("Cử tri đi làm ăn xa: 12 người");
  });
});
