import { afterEach, describe, expect, it } from "vitest";
import { createHarness, lastText, texts, type Harness } from "../support/harness.js";
import { quickFormTemplate } from "../../src/domain/forms/quick-form.js";
import { electionForm } from "../../src/domain/forms/election.js";
import { registered, versions } from "./support.js";

let h: Harness;
afterEach(() => h?.close());

const FILLED = `BAO CAO BAU CU TRUONG THON
Ngay bau cu: hom nay
so cu tri trong danh sach: 1.452
Số cử tri đi bầu (x): 1.300
so phieu bau truong thon: 1.100
Họ tên trưởng thôn: nguyễn  văn  an
Giới tính (Nam / Nữ): nam
Năm sinh: 1975
Dang vien: chinh thuc
Trinh do chuyen mon: dai hoc
Ly luan chinh tri: trung cap
Bau moi hay tai cu: bau moi`;

describe("/nhanh — the one-message quick form", () => {
  it("sends a template built from the form's labels", async () => {
    h = createHarness();
    const user = await registered(h, 901, "QN-BL-HUCDONG-01", "reporter", "An");
    const all = texts(await user.send("/nhanh baucu"));
    expect(all[1]).toContain("BÁO CÁO BẦU CỬ TRƯỞNG THÔN");
    expect(all[1]).toContain("Số cử tri đi bầu: ");
    expect(all[1]).toContain("Giới tính (Nam / Nữ): ");
    expect(lastText(await user.send("/nhanh"))).toContain("/nhanh baucu");
  });

  it("goes from a pasted form (keys without diacritics) to the read-back and saves: 2 round trips", async () => {
    h = createHarness();
    const user = await registered(h, 902, "QN-BL-HUCDONG-01", "reporter", "An");
    const readBack = lastText(await user.send(FILLED));
    expect(readBack).toContain("Kiểm tra báo cáo bầu cử trưởng thôn");
    expect(readBack).toContain("Số cử tri trong danh sách: <b>1.452</b>");
    expect(readBack).toContain("Họ tên trưởng thôn: <b>Nguyễn Văn An</b>");
    await user.tap("Lưu");
    console.log(`chief election (quick form): ${user.roundTrips} round trips, ${user.botMessages} bot messages`);
    expect(user.roundTrips).toBe(2);
    expect(JSON.parse(versions(h)[0]!.data)).toMatchObject({ voters: 1452, participants: 1300, votes: 1100, chiefName: "Nguyễn Văn An", tenure: "new" });
  });

  it("the filled template round-trips through the same parsers", async () => {
    h = createHarness();
    const user = await registered(h, 903, "QN-BL-HUCDONG-01", "reporter", "An");
    const values = ["15/12/2024", "300", "280", "250", "Lê Thị Mai", "Nữ", "1980", "Đảng viên dự bị", "Khác", "Chưa có", "Bầu mới", "Họp tại nhà văn hóa"];
    const lines = quickFormTemplate(electionForm).split("\n");
    expect(lines).toHaveLength(values.length + 1); // one value per template line
    const filled = [lines[0], ...lines.slice(1).map((l, i) => `${l}${values[i]}`)].join("\n");
    expect(lastText(await user.send(filled))).toContain("Kiểm tra báo cáo");
    await user.tap("Lưu");
    expect(JSON.parse(versions(h)[0]!.data)).toMatchObject({ partyStatus: "probationary", education: "other", theory: "none", gender: "female", note: "Họp tại nhà văn hóa" });
  });

  it("lists what is wrong or missing and asks only for that", async () => {
    h = createHarness();
    const user = await registered(h, 904, "QN-BL-HUCDONG-01", "reporter", "An");
    const broken = FILLED.replace("Số cử tri đi bầu (x): 1.300", "Số cử tri đi bầu: 1.500").replace("Năm sinh: 1975", "Năm sinh: abc").replace("Dang vien: chinh thuc\n", "");
    const reply = lastText(await user.send(broken));
    expect(reply).toContain("Năm sinh: &quot;abc&quot; không phải là năm sinh");
    expect(reply).toContain("Số cử tri đi bầu (1.500) lớn hơn số cử tri trong danh sách (1.452)");
    // The rule's two counts are dropped and asked again; the valid third is kept.
    expect(reply).toContain("1. Số cử tri trong danh sách\n2. Số cử tri đi bầu\n");
    await user.send("1.452\n1.300");
    expect(lastText(await user.send("1975"))).toContain("có phải là đảng viên");
    expect(lastText(await user.send("1"))).toContain("Kiểm tra báo cáo");
  });
});
