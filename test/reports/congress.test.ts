import { afterEach, describe, expect, it } from "vitest";
import { createHarness, lastText, type Harness } from "../support/harness.js";
import { CONGRESS_ANSWERS, ELECTION_ANSWERS, registered, versions } from "./support.js";

let h: Harness;
afterEach(() => h?.close());

describe("/daihoi — branch congress dialogue", () => {
  it("proposes secretary = chief when the names match (ignoring case and diacritics) and stores the report", async () => {
    h = createHarness();
    const user = await registered(h, 801, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);
    h.clock.advance(3 * 24 * 3_600_000);
    user.roundTrips = 0;
    user.botMessages = 0;
    await user.script(["/daihoi", "hôm nay", "25\n23"]);
    const proposal = lastText(await user.send("nguyen thi hoa, 95,5%"));
    expect(proposal).toContain("Bí thư Nguyen Thi Hoa trùng tên với trưởng thôn vừa được bầu");
    const calls = await user.script(CONGRESS_ANSWERS.slice(3));
    const readBack = lastText(calls);
    expect(readBack).toContain("Bí thư đồng thời là trưởng thôn: <b>Có</b>");
    expect(readBack).toContain("Tỷ lệ phiếu bầu bí thư: <b>95,5%</b>");
    expect(readBack).toContain("Phó bí thư: <b>Lý Văn Bình</b>");
    await user.tap("Lưu");
    console.log(`branch congress (dialogue): ${user.roundTrips} round trips, ${user.botMessages} bot messages`);
    const congress = versions(h).find((v) => v.kind === "congress")!;
    expect(congress.outcome).toBe("valid");
    expect(JSON.parse(congress.data)).toMatchObject({
      date: "2024-12-18",
      summoned: 25,
      attending: 23,
      secretaryShare: 95.5,
      secretaryIsChief: true,
      electedAtCongress: true,
      secretaryTenure: "reelected",
      deputyName: "Lý Văn Bình",
      committeeSize: 3,
      committeeWomen: 1,
    });
  });

  it("asks plainly when the secretary is not the elected chief", async () => {
    h = createHarness({ now: "2024-12-18T09:00:00+07:00" });
    const user = await registered(h, 802, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/daihoi", "hôm nay", "25\n23"]);
    expect(lastText(await user.send("Trần Văn Ba, 90%"))).toContain("Bí thư chi bộ có đồng thời là trưởng thôn không?");
  });

  it.each([
    [["hôm nay", "25\n26"], "Số đảng viên dự đại hội (26) lớn hơn số đảng viên được triệu tập (25)"],
    [["hôm nay", "25\n23", "Trần Văn Ba, 101%"], "phải từ 0% đến 100%"],
    [["hôm nay", "25\n23", "Trần Văn Ba, 90%", "tap:Có", "tap:Có", "tap:Bầu mới", "không", "3\n4"], "Số chi ủy viên nữ (4) lớn hơn số chi ủy viên (3)"],
  ])("re-asks with a concrete message: %j", async (steps, message) => {
    h = createHarness({ now: "2024-12-18T09:00:00+07:00" });
    const user = await registered(h, 803, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.send("/daihoi");
    expect(lastText(await user.script(steps))).toContain(message);
  });

  it("records a congress without quorum as not valid, and 'không' as no deputy", async () => {
    h = createHarness({ now: "2024-12-18T09:00:00+07:00" });
    const user = await registered(h, 804, "QN-BL-HUCDONG-01", "reporter", "An");
    const calls = await user.script(["/daihoi", "hôm nay", "30\n19", "Trần Văn Ba, 90%", "tap:Không", "tap:Có", "tap:Bầu mới", "tap:Không có", "0\n0"]);
    expect(lastText(calls)).toContain("chưa đủ số đảng viên dự");
    expect(lastText(calls)).toContain("Phó bí thư: <b>không có</b>");
    await user.tap("Lưu");
    const [row] = versions(h);
    expect(row!.outcome).toBe("not_quorate");
    expect(JSON.parse(row!.data).deputyName).toBeNull();
  });
});
