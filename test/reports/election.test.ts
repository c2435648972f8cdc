import { afterEach, describe, expect, it } from "vitest";
import { createHarness, lastText, texts, type Harness } from "../support/harness.js";
import { electionAnswers } from "../fixtures/answers.js";
import { conversationRows, ELECTION_ANSWERS, registered, versions } from "./support.js";

let h: Harness;
afterEach(() => h?.close());

describe("/baucu — chief election dialogue", () => {
  it("walks the happy path in at most 8 round trips and stores the report", async () => {
    h = createHarness();
    const user = await registered(h, 701, "QN-BL-HUCDONG-01", "reporter", "Nguyễn Văn An");
    const first = await user.send("/baucu");
    expect(texts(first)).toHaveLength(1);
    expect(lastText(first)).toContain("Bản Nà Ếch, xã Húc Động, huyện Bình Liêu");
    const calls = await user.script(ELECTION_ANSWERS);
    const readBack = lastText(calls);
    expect(readBack).toContain("Ngày bầu cử: <b>15/12/2024</b>");
    expect(readBack).toContain("Số cử tri đi bầu: <b>280</b>");
    expect(readBack).toContain("Họ tên trưởng thôn: <b>Nguyễn Thị Hoa</b>");
    expect(readBack).toContain("✅ Hợp lệ");
    expect(versions(h)).toHaveLength(0);

    const saved = await user.tap("Lưu");
    expect(lastText(saved)).toContain("Đã lưu báo cáo bầu cử trưởng thôn");
    console.log(`chief election (dialogue): ${user.roundTrips} round trips, ${user.botMessages} bot messages`);
    expect(user.roundTrips).toBeLessThanOrEqual(8);

    const [row] = versions(h);
    expect(row).toMatchObject({ kind: "election", code: "QN-BL-HUCDONG-01", version: 1, outcome: "valid", author: "Nguyễn Văn An", is_current: 1 });
    // ELECTION_ANSWERS types exactly the fixture's values.
    expect(JSON.parse(row!.data)).toEqual(electionAnswers());
    expect(conversationRows(h)).toBe(0);
  });

  it("asks the date when it is not election day, and refuses one outside the term", async () => {
    h = createHarness({ now: "2024-12-20T10:00:00+07:00" });
    const user = await registered(h, 702, "QN-BL-HUCDONG-01", "reporter", "An");
    expect(lastText(await user.send("/baucu"))).toContain("Ngày bầu cử là ngày nào?");
    expect(lastText(await user.send("10/12/2024"))).toContain("Ngày bầu cử (10/12/2024) nằm ngoài thời gian của nhiệm kỳ (từ 15/12/2024 đến 15/01/2025)");
    expect(lastText(await user.send("25/12/2024"))).toContain("là ngày trong tương lai");
    expect(lastText(await user.send("hôm qua"))).toContain("Gửi 3 số");
  });

  it.each([
    ["300\n312\n250", "Số cử tri đi bầu (312) lớn hơn số cử tri trong danh sách (300). Vui lòng nhập lại."],
    ["300\n280\n290", "Số phiếu bầu trưởng thôn (290) lớn hơn số cử tri đi bầu (280). Vui lòng nhập lại."],
    ["0\n0\n0", "Số cử tri trong danh sách phải lớn hơn 0"],
    ["300\n28o\n250", "Số cử tri đi bầu: &quot;28o&quot; không phải là một số"],
    ["300 280 250", "Vui lòng gửi mỗi số trên một dòng"],
    ["300\n280\n250\n7", "Bạn đã gửi 4 thông tin"],
  ])("re-asks the counts with a concrete message for %j", async (input, message) => {
    h = createHarness();
    const user = await registered(h, 703, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.send("/baucu");
    const reply = lastText(await user.send(input));
    expect(reply).toContain(message);
    expect(reply).toContain("Gửi 3 số");
  });

  it("accepts the counts one at a time, and numbers written 1.452 / 1 452", async () => {
    h = createHarness();
    const user = await registered(h, 704, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.send("/baucu");
    expect(lastText(await user.send("1.452"))).toContain("1. Số cử tri đi bầu\n2. Số phiếu bầu trưởng thôn");
    // Issue 11: "1 300" as two numbers breaks the rules (300 votes of 1 voter), as one number fits: taken, and said.
    const one = lastText(await user.send("1 300"));
    expect(one).toContain("Đã hiểu &quot;1 300&quot; là 1.300.");
    expect(one).toContain("Người trúng cử được bao nhiêu phiếu?");
    expect(lastText(await user.send("1200 phiếu"))).toContain("Họ tên, giới tính, năm sinh");
  });

  it.each([
    ["Nguyễn Văn 2, nam, 1970", "có chữ số"],
    ["Nguyễn Văn An, nam, 2015", "Năm sinh 2015 không hợp lệ"],
    ["Nguyễn Văn An, bê đê, 1970", "Giới tính: Chưa rõ lựa chọn"],
  ])("re-asks the chief's details for %j", async (input, message) => {
    h = createHarness();
    const user = await registered(h, 705, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/baucu", "300\n280\n250"]);
    expect(lastText(await user.send(input))).toContain(message);
  });

  it("adds the way out after three wrong tries", async () => {
    h = createHarness();
    const user = await registered(h, 706, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/baucu", "300\n280\n250", "Hoa, nữ, 1978"]);
    expect(lastText(await user.send("xyz"))).not.toContain("/huy để dừng");
    expect(lastText(await user.send("abc"))).not.toContain("/huy để dừng");
    expect(lastText(await user.send("không biết"))).toContain("gõ /huy để dừng, hoặc liên hệ cán bộ xã");
  });

  it("records a failed election as 'must re-vote' instead of rejecting it", async () => {
    h = createHarness();
    const user = await registered(h, 707, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.send("/baucu");
    const calls = await user.script(["300\n150\n140", ...ELECTION_ANSWERS.slice(1)]);
    expect(lastText(calls)).toContain("phải bầu lại");
    expect(lastText(calls)).toContain("Số cử tri đi bầu chỉ đạt 50%, chưa quá một nửa");
    await user.tap("Lưu");
    expect(versions(h)[0]).toMatchObject({ outcome: "revote" });
  });

  it("changes one field from the read-back without redoing the rest", async () => {
    h = createHarness();
    const user = await registered(h, 708, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/baucu", ...ELECTION_ANSWERS]);
    expect(lastText(await user.tap("Sửa mục"))).toContain("Chọn mục cần sửa");
    expect(lastText(await user.tap("Năm sinh"))).toContain("Năm sinh của trưởng thôn?");
    const back = lastText(await user.send("1980"));
    expect(back).toContain("Năm sinh: <b>1980</b>");
    expect(back).toContain("Số cử tri đi bầu: <b>280</b>");
    // An edit that breaks a rule is re-asked.
    await user.tap("Sửa mục");
    await user.send("2");
    expect(lastText(await user.send("100"))).toContain("Số cử tri đi bầu (280) lớn hơn số cử tri trong danh sách (100)");
    await user.send("290");
    await user.tap("Lưu");
    expect(JSON.parse(versions(h)[0]!.data)).toMatchObject({ birthYear: 1980, voters: 290 });
  });

  it("keeps a photo of the minutes sent at the read-back", async () => {
    h = createHarness();
    const user = await registered(h, 709, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/baucu", ...ELECTION_ANSWERS]);
    expect(lastText(await user.sendPhoto("PHOTO-123"))).toContain("Đã có ảnh biên bản");
    await user.tap("Lưu");
    expect(versions(h)[0]!.photo).toBe("PHOTO-123");
  });

  it("cancels with /huy at any step and saves nothing", async () => {
    h = createHarness();
    const user = await registered(h, 710, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/baucu", "300\n280\n250"]);
    expect(lastText(await user.send("/huy"))).toContain("Đã hủy");
    expect(conversationRows(h)).toBe(0);
    expect(lastText(await user.send("Nguyễn Thị Hoa, nữ, 1978"))).toContain("chưa hiểu");
    expect(versions(h)).toHaveLength(0);
    // And from the read-back's own button.
    await user.script(["/baucu", ...ELECTION_ANSWERS]);
    expect(lastText(await user.tap("Hủy"))).toContain("Đã hủy");
    expect(versions(h)).toHaveLength(0);
  });

  it("tells a user who types another command mid-way how to go on", async () => {
    h = createHarness();
    const user = await registered(h, 711, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.send("/baucu");
    expect(lastText(await user.send("/xem"))).toContain("Bạn đang báo cáo dở");
    expect(lastText(await user.send("300\n280\n250"))).toContain("Họ tên, giới tính");
  });

  it("refuses a user without a reporting role", async () => {
    h = createHarness();
    const stranger = h.user(712);
    expect(lastText(await stranger.send("/baucu"))).toContain("mã mời");
    expect(versions(h)).toHaveLength(0);
  });
});
