import { afterEach, describe, expect, it } from "vitest";
import type { ApiCall } from "../src/channels/local-transport.js";
import { createHarness, lastText, texts, type Harness, type TestUser } from "./support/harness.js";
import { CONGRESS_ANSWERS, ELECTION_ANSWERS, registered } from "./reports/support.js";

let h: Harness;
afterEach(() => h?.close());

interface VersionRow {
  id: number;
  kind: string;
  version: number;
  review_status: string;
  reviewed_by_person_id: number | null;
  reviewed_at: number | null;
  review_note: string | null;
  is_current: number;
}

function reviewRows(): VersionRow[] {
  return h.db.$client
    .prepare(
      `select v.id, r.kind, v.version, v.review_status, v.reviewed_by_person_id, v.reviewed_at, v.review_note,
              r.current_version_id = v.id as is_current
         from report_versions v join reports r on r.id = v.report_id order by v.id`,
    )
    .all() as VersionRow[];
}

const personId = (name: string) => (h.db.$client.prepare("select id from people where full_name = ?").get(name) as { id: number }).id;

/** Messages the bot sent to this user's chat (the notifications of another user's action). */
const sentTo = (calls: ApiCall[], user: TestUser) =>
  calls.filter((c) => c.method === "sendMessage" && String(c.payload.chat_id) === String(user.id)).map((c) => String(c.payload.text));

const answerText = (calls: ApiCall[]) => calls.find((c) => c.method === "answerCallbackQuery")?.payload.text as string | undefined;

async function reportElection(id: number, code: string, name: string) {
  const reporter = await registered(h, id, code, "reporter", name);
  expect(lastText(await reporter.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]))).toContain("Đã lưu");
  return reporter;
}

describe("/duyet — commune sign-off", () => {
  it("lists a new report, opens it, confirms it; the reporter is told and /tiendo counts it", async () => {
    h = createHarness();
    const reporter = await reportElection(3001, "QN-BL-HUCDONG-01", "Nguyễn Văn An");
    const staff = await registered(h, 3002, "QN-BL-HUCDONG", "staff", "Cán bộ Húc Động");

    const list = await staff.send("/duyet");
    const listText = lastText(list);
    expect(listText).toContain("Có 1 báo cáo chờ xác nhận");
    expect(listText).toMatch(/1\. Bản Nà Ếch, xã Húc Động, huyện Bình Liêu — bầu cử trưởng thôn \(phiên bản 1\) — Nguyễn Văn An/);
    const [row] = reviewRows();
    expect(row).toMatchObject({ review_status: "pending", is_current: 1 });
    expect(list.at(-1)!.payload.reply_markup.inline_keyboard.flat()).toEqual([{ text: "1", callback_data: `dy:v:${row!.id}` }]);

    const opened = await staff.tap("1");
    const report = lastText(opened);
    expect(report).toContain("<b>Báo cáo bầu cử trưởng thôn</b>");
    expect(report).toContain("Họ tên trưởng thôn: <b>Nguyễn Thị Hoa</b>");
    expect(report).toContain("Kết quả: <b>✅ Hợp lệ</b>");
    expect(opened.at(-1)!.payload.reply_markup.inline_keyboard.flat().map((b: { callback_data: string }) => b.callback_data)).toEqual([
      `dy:ok:${row!.id}`,
      `dy:back:${row!.id}`,
    ]);

    const confirmed = await staff.tap("Xác nhận");
    const edited = confirmed.find((c) => c.method === "editMessageText")!;
    expect(edited.payload.text).toContain("✅ <b>Đã xác nhận</b> — Cán bộ Húc Động");
    expect(edited.payload.reply_markup).toBeUndefined();
    expect(sentTo(confirmed, reporter)).toEqual([
      "✅ Báo cáo bầu cử trưởng thôn của <b>Bản Nà Ếch, xã Húc Động, huyện Bình Liêu</b> (phiên bản 1) đã được xã xác nhận.",
    ]);
    expect(reviewRows()[0]).toMatchObject({ review_status: "confirmed", reviewed_by_person_id: personId("Cán bộ Húc Động"), reviewed_at: h.clock.now() });

    expect(lastText(await staff.send("/duyet"))).toContain("Không có báo cáo nào chờ xác nhận");
    const progress = lastText(await staff.send("/tiendo"));
    expect(progress).toContain("Đã được xã xác nhận: bầu cử 1/1 · đại hội 0/0");
    expect(lastText(await reporter.send("/xem"))).toContain("☑️ Xã đã xác nhận");
    const digest = (await staff.send("/baocaongay")).find((c) => String(c.payload.text).startsWith("📊"))!;
    expect(digest.payload.text).toContain("Đã được xã xác nhận: bầu cử 1/1");

    // Pressing again (a second staff member, or a double tap) changes nothing and says why.
    const again = await staff.press(`dy:ok:${row!.id}`);
    expect(answerText(again)).toBe("Báo cáo đã được sửa hoặc đã xử lý.");
    expect(sentTo(again, reporter)).toEqual([]);
    expect(reviewRows()[0]).toMatchObject({ review_status: "confirmed", reviewed_at: h.clock.now() });
  });

  it("returns a report with a reason; the reporter corrects it with /sua and the new version waits again", async () => {
    h = createHarness();
    const reporter = await reportElection(3011, "QN-BL-HUCDONG-01", "Nguyễn Văn An");
    const staff = await registered(h, 3012, "QN-BL-HUCDONG", "staff", "Cán bộ <Húc Động>");
    await staff.send("/duyet");
    await staff.tap("1");
    const asked = await staff.tap("Trả lại");
    expect(lastText(asked)).toContain("lý do trả lại");
    expect(reviewRows()[0]!.review_status).toBe("pending");

    const done = await staff.send("Số phiếu <260> chưa khớp biên bản & cần kiểm lại");
    expect(sentTo(done, reporter)).toEqual([
      "↩️ Báo cáo bầu cử trưởng thôn của <b>Bản Nà Ếch, xã Húc Động, huyện Bình Liêu</b> (phiên bản 1) đã bị xã trả lại.\n" +
        "Lý do: Số phiếu &lt;260&gt; chưa khớp biên bản &amp; cần kiểm lại\nVui lòng dùng /sua để sửa.",
    ]);
    const stamp = done.find((c) => c.method === "editMessageText")!.payload.text as string;
    expect(stamp).toContain("↩️ <b>Đã trả lại</b> — Cán bộ &lt;Húc Động&gt;");
    expect(lastText(done)).toContain("Đã trả lại báo cáo bầu cử trưởng thôn của <b>Bản Nà Ếch, xã Húc Động, huyện Bình Liêu</b>. Đã báo cho 1 người báo cáo");
    expect(reviewRows()[0]).toMatchObject({ review_status: "returned", review_note: "Số phiếu <260> chưa khớp biên bản & cần kiểm lại", reviewed_by_person_id: personId("Cán bộ <Húc Động>") });
    expect(lastText(await reporter.send("/xem"))).toContain("↩️ Xã trả lại: Số phiếu &lt;260&gt; chưa khớp biên bản &amp; cần kiểm lại. Dùng /sua để sửa.");
    // The dialogue is over: the next text is not taken as a reason.
    expect(lastText(await staff.send("/duyet"))).toContain("Không có báo cáo nào chờ xác nhận");

    await reporter.script(["/sua baucu", "tap:Sửa mục", "tap:Số phiếu", "250", "tap:Lưu"]);
    expect(lastText(await reporter.send("Đã kiểm lại biên bản"))).toContain("phiên bản 2");
    expect(reviewRows().map((r) => [r.version, r.review_status, r.is_current])).toEqual([
      [1, "returned", 0],
      [2, "pending", 1],
    ]);
    const relisted = lastText(await staff.send("/duyet"));
    expect(relisted).toContain("Có 1 báo cáo chờ xác nhận");
    expect(relisted).toContain("bầu cử trưởng thôn (phiên bản 2) — Nguyễn Văn An");
    const reopened = lastText(await staff.tap("1"));
    expect(reopened).toContain("Lý do sửa: Đã kiểm lại biên bản");
    const ok = await staff.tap("Xác nhận");
    expect(sentTo(ok, reporter)[0]).toContain("(phiên bản 2) đã được xã xác nhận.");
  });

  it("refuses a version that was corrected or handled meanwhile, also at the end of a return", async () => {
    h = createHarness();
    const reporter = await reportElection(3021, "QN-BL-HUCDONG-01", "Nguyễn Văn An");
    const staff = await registered(h, 3022, "QN-BL", "staff", "Cán bộ huyện");
    await staff.send("/duyet");
    await staff.tap("1");
    const firstId = reviewRows()[0]!.id;
    await staff.tap("Trả lại");
    // The reporter corrects before the reason arrives (a real change: saving the same answers again adds no version).
    await reporter.script(["/sua baucu", "tap:Sửa mục", "tap:Số phiếu", "260", "tap:Lưu", "tap:Bỏ qua"]);
    const late = await staff.send("Sai số phiếu");
    expect(lastText(late)).toBe("Báo cáo đã được sửa hoặc đã xử lý.");
    expect(sentTo(late, reporter)).toEqual([]);
    const confirmOld = await staff.press(`dy:ok:${firstId}`);
    expect(answerText(confirmOld)).toBe("Báo cáo đã được sửa hoặc đã xử lý.");
    expect(confirmOld.filter((c) => c.method === "editMessageText")).toHaveLength(0);
    expect(reviewRows().map((r) => [r.version, r.review_status])).toEqual([
      [1, "pending"],
      [2, "pending"],
    ]);
  });

  it("a command or another button instead of a reason leaves the report pending and runs", async () => {
    h = createHarness();
    await reportElection(3031, "QN-BL-HUCDONG-01", "Nguyễn Văn An");
    const staff = await registered(h, 3032, "QN-BL-HUCDONG", "staff", "Cán bộ Húc Động");
    await staff.send("/duyet");
    await staff.tap("1");
    const id = reviewRows()[0]!.id;
    await staff.tap("Trả lại");
    const relist = texts(await staff.send("/duyet"));
    expect(relist[0]).toContain("Đã thôi trả lại báo cáo");
    expect(relist[1]).toContain("Có 1 báo cáo chờ xác nhận");

    await staff.press(`dy:back:${id}`);
    const changedMind = await staff.press(`dy:ok:${id}`);
    expect(texts(changedMind)[0]).toContain("Đã thôi trả lại báo cáo");
    expect(changedMind.find((c) => c.method === "editMessageText")?.payload.text).toContain("Đã xác nhận");
    expect(reviewRows()[0]!.review_status).toBe("confirmed");
    // And a later text is an ordinary message again, not a reason.
    expect(lastText(await staff.send("/duyet"))).toContain("Không có báo cáo nào chờ xác nhận");
  });

  it("a reporter who blocked the bot does not break the staff's confirmation", async () => {
    h = createHarness({
      respond: (call) =>
        call.method === "sendMessage" && String(call.payload.chat_id) === "3041" && String(call.payload.text).includes("xã xác nhận")
          ? { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }
          : undefined,
    });
    const reporter = await reportElection(3041, "QN-BL-HUCDONG-01", "Nguyễn Văn An");
    const staff = await registered(h, 3042, "QN-BL-HUCDONG", "staff", "Cán bộ Húc Động");
    await staff.send("/duyet");
    await staff.tap("1");
    const calls = await staff.tap("Xác nhận");
    expect(sentTo(calls, reporter)).toHaveLength(1); // attempted once, refused by Telegram
    expect(calls.find((c) => c.method === "editMessageText")?.payload.text).toContain("Đã xác nhận");
    expect(texts(calls).join("\n")).not.toContain("đã có lỗi");
    expect(reviewRows()[0]!.review_status).toBe("confirmed");
  });

  it("lists at most 10 per message, oldest first, with the count; congress reports too", async () => {
    h = createHarness();
    const a = await reportElection(3051, "QN-BL-HUCDONG-01", "An");
    h.clock.advance(60_000);
    await a.script(["/daihoi", ...CONGRESS_ANSWERS, "tap:Lưu"]);
    h.clock.advance(60_000);
    await reportElection(3052, "QN-BL-HUCDONG-02", "Bình");
    // Nine more pending versions, straight in the database, all older than the bot's.
    const [first] = reviewRows();
    const insert = h.db.$client.prepare(
      `insert into report_versions (report_id, version, data, outcome, author_person_id, channel, submission_key, created_at)
       select report_id, 100 + ?, data, outcome, author_person_id, channel, 'bulk-' || ?, 0 from report_versions where id = ?`,
    );
    for (const i of ["0", "1", "2", "3", "4", "5", "6", "7", "8"]) {
      const unit = h.db.$client.prepare("insert into units (code, name, type, level, parent_id, path, search_name) select 'X' || ?, 'Thôn X' || ?, 'thôn', 'hamlet', id, '', 'thon x' from units where code = 'QN-BL-HUCDONG' returning id").get(i, i) as { id: number };
      h.db.$client.prepare("update units set path = (select path from units where code = 'QN-BL-HUCDONG') || id || '/' where id = ?").run(unit.id);
      const rep = h.db.$client.prepare("insert into reports (term_id, unit_id, kind, outcome, version_count, updated_at) select term_id, ?, kind, outcome, 1, 0 from reports limit 1 returning id").get(unit.id) as { id: number };
      const v = insert.run(Number(i), i, first!.id);
      h.db.$client.prepare("update report_versions set report_id = ? where id = ?").run(rep.id, v.lastInsertRowid);
      h.db.$client.prepare("update reports set current_version_id = ? where id = ?").run(v.lastInsertRowid, rep.id);
    }
    const staff = await registered(h, 3053, "QN-BL-HUCDONG", "staff", "Cán bộ Húc Động");
    const calls = await staff.send("/duyet");
    const text = lastText(calls);
    expect(text).toContain("Có 12 báo cáo chờ xác nhận");
    const lines = text.split("\n").filter((l) => /^\d+\. /.test(l));
    expect(lines).toHaveLength(10);
    expect(lines[0]).toContain("Thôn X0");
    expect(text).toContain("… và 2 báo cáo khác");
    expect(calls.at(-1)!.payload.reply_markup.inline_keyboard.flat()).toHaveLength(10);
    // The bot's own three come last in age order: election, congress (1 minute later), then Bình's.
    const district = await registered(h, 3054, "QN-BL", "admin", "Quản trị huyện");
    for (const x of reviewRows().filter((r) => r.version >= 100)) {
      h.db.$client.prepare("update report_versions set review_status = 'confirmed' where id = ?").run(x.id);
    }
    const own = lastText(await district.send("/duyet")).split("\n").filter((l) => /^\d+\. /.test(l));
    expect(own.map((l) => l.replace(/,.*? — /, " — ").replace(/ — [^—]*$/, ""))).toEqual([
      "1. Bản Nà Ếch — bầu cử trưởng thôn (phiên bản 1)",
      "2. Bản Nà Ếch — đại hội chi bộ (phiên bản 1)",
      "3. Thôn Khe Mạ — bầu cử trưởng thôn (phiên bản 1)",
    ]);
  });
});

describe("/duyet — who may sign off, and where", () => {
  it("staff of another commune see nothing, and forged buttons change nothing", async () => {
    h = createHarness();
    const reporter = await reportElection(3101, "QN-BL-HUCDONG-01", "Nguyễn Văn An");
    const other = await registered(h, 3102, "QN-CT-THANHLAN", "staff", "Cán bộ Thanh Lân");
    const from = h.transport.calls.length;
    expect(lastText(await other.send("/duyet"))).toContain("Không có báo cáo nào chờ xác nhận");
    const id = reviewRows()[0]!.id;
    const before = JSON.stringify(reviewRows());
    for (const data of [`dy:v:${id}`, `dy:ok:${id}`, `dy:back:${id}`, "dy:ok:999999"]) {
      const calls = await other.press(data);
      expect(answerText(calls)).toBe("Báo cáo này nằm ngoài phạm vi của bạn.");
      expect(calls.filter((c) => c.method === "sendMessage" || c.method === "editMessageText")).toHaveLength(0);
    }
    // No return dialogue was started: a text afterwards is not taken as a reason.
    expect(texts(await other.send("Sai hết")).join("\n")).not.toContain("trả lại");
    expect(JSON.stringify(reviewRows())).toBe(before);
    expect(sentTo(h.transport.since(from), reporter)).toEqual([]);
  });

  it("a reporter cannot use /duyet nor its buttons, even for their own hamlet", async () => {
    h = createHarness();
    const reporter = await reportElection(3111, "QN-BL-HUCDONG-01", "Nguyễn Văn An");
    expect(lastText(await reporter.send("/duyet"))).toBe("Lệnh /duyet dành cho cán bộ xã (phường) và quản trị viên.");
    const id = reviewRows()[0]!.id;
    for (const data of [`dy:v:${id}`, `dy:ok:${id}`, `dy:back:${id}`]) {
      const calls = await reporter.press(data);
      expect(answerText(calls)).toBe("Báo cáo này nằm ngoài phạm vi của bạn.");
    }
    expect(reviewRows()[0]!.review_status).toBe("pending");
    const stranger = h.user(3112, "Khách");
    expect(lastText(await stranger.send("/duyet"))).toContain("Bạn chưa được đăng ký");
  });

  it("a person who reports for a hamlet and is staff elsewhere may not sign off their own hamlet", async () => {
    h = createHarness();
    await reportElection(3121, "QN-BL-HUCDONG-01", "Nguyễn Văn An");
    const both = await registered(h, 3122, "QN-BL-HUCDONG-01", "reporter", "Hai vai");
    // The same person is also staff of Thanh Lân.
    h.db.$client
      .prepare("insert into roles (person_id, role, unit_id) select ?, 'staff', id from units where code = 'QN-CT-THANHLAN'")
      .run(personId("Hai vai"));
    const id = reviewRows()[0]!.id;
    expect(lastText(await both.send("/duyet"))).toContain("Không có báo cáo nào chờ xác nhận");
    const calls = await both.press(`dy:ok:${id}`);
    expect(answerText(calls)).toBe("Báo cáo này nằm ngoài phạm vi của bạn.");
    expect(reviewRows()[0]!.review_status).toBe("pending");
  });
});
