import { afterEach, describe, expect, it } from "vitest";
import { createHarness, lastText, texts, type Harness } from "./support/harness.js";

let h: Harness;
afterEach(() => h?.close());

describe("onboarding with invite codes", () => {
  it("tells an unregistered user how to get an invite, and nothing else", async () => {
    h = createHarness();
    const calls = await h.user(501).send("chi bộ nào chưa hoàn thành?");
    const reply = lastText(calls);
    expect(reply).toContain("mã mời");
    expect(reply).not.toMatch(/Húc Động|Bình Liêu|Nà Ếch/);
    expect(texts(await h.user(501).send("/trogiup"))[0]).toContain("mã mời");
  });

  it("binds the account on /start <code>, welcomes by hamlet, and sets the role's menu", async () => {
    h = createHarness();
    const code = h.invite("QN-BL-HUCDONG-01", "reporter", { personName: "Nguyễn Văn An" });
    const calls = await h.user(601, "An").send(`/start ${code}`);
    expect(lastText(calls)).toContain("Chào mừng <b>Nguyễn Văn An</b>");
    expect(lastText(calls)).toContain("<b>Bản Nà Ếch</b>");
    expect(lastText(calls)).toContain("/baucu");
    const menu = calls.find((c) => c.method === "setMyCommands");
    expect(menu?.payload.scope).toEqual({ type: "chat", chat_id: 601 });
    expect(menu?.payload.commands.map((c: { command: string }) => c.command)).toContain("daihoi");

    const row = h.db.$client
      .prepare(
        "select p.full_name, r.role, u.code from accounts a join people p on p.id = a.person_id join roles r on r.person_id = p.id join units u on u.id = r.unit_id where a.external_id = '601'",
      )
      .get();
    expect(row).toEqual({ full_name: "Nguyễn Văn An", role: "reporter", code: "QN-BL-HUCDONG-01" });
  });

  it("is one-time: a second account using the same code is refused", async () => {
    h = createHarness();
    const code = h.invite("QN-BL-HUCDONG-01", "reporter");
    await h.user(601).send(`/start ${code}`);
    const calls = await h.user(602).send(`/start ${code}`);
    expect(lastText(calls)).toContain("đã được sử dụng");
    expect(h.db.$client.prepare("select count(*) n from accounts").get()).toEqual({ n: 1 });
    // The owner tapping the link again just sees the welcome.
    expect(lastText(await h.user(601).send(`/start ${code}`))).toContain("Chào mừng");
  });

  it("accepts the code in any case, with dashes typed by hand", async () => {
    h = createHarness();
    const code = h.invite("QN-BL-HUCDONG", "staff");
    const typed = `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`;
    const calls = await h.user(603).send(`/start ${typed}`);
    expect(lastText(calls)).toContain("cán bộ theo dõi");
    expect(lastText(calls)).toContain("xã Húc Động");
  });

  it("refuses an expired code", async () => {
    h = createHarness();
    const code = h.invite("QN-BL-HUCDONG-01", "reporter", { days: 14 });
    h.clock.advance(14 * 24 * 3_600_000 + 1);
    expect(lastText(await h.user(604).send(`/start ${code}`))).toContain("hết hạn");
    expect(h.db.$client.prepare("select count(*) n from accounts").get()).toEqual({ n: 0 });
  });

  it("allows at most 5 wrong codes per account per hour", async () => {
    h = createHarness();
    const good = h.invite("QN-BL-HUCDONG-01", "reporter");
    const u = h.user(605);
    for (let i = 0; i < 5; i++) expect(lastText(await u.send(`/start WRONGCODE${i}`))).toContain("không đúng");
    expect(lastText(await u.send(`/start ${good}`))).toContain("quá 5 lần");
    // Another account is not affected.
    expect(lastText(await h.user(606).send("/start WRONGCODE9"))).toContain("không đúng");
    h.clock.advance(3_600_001);
    expect(lastText(await u.send(`/start ${good}`))).toContain("Chào mừng");
  });

  it("survives a Bot API without setMyCommands", async () => {
    h = createHarness({
      respond: (call) => (call.method === "setMyCommands" ? { ok: false, error_code: 404, description: "Not Found: method not found" } : undefined),
    });
    const code = h.invite("QN-BL-HUCDONG-01", "reporter");
    const calls = await h.user(607).send(`/start ${code}`);
    expect(lastText(calls)).toContain("Chào mừng");
    expect(texts(calls)).toHaveLength(1);
  });

  it("escapes HTML in names taken from Telegram", async () => {
    h = createHarness();
    const code = h.invite("QN-BL-HUCDONG-01", "reporter");
    const calls = await h.user(608, "<b>An", "& Co").send(`/start ${code}`);
    expect(lastText(calls)).toContain("&lt;b&gt;An &amp; Co");
  });

  it("lists the commands of the user's role on /trogiup", async () => {
    h = createHarness();
    await h.user(609).send(`/start ${h.invite("QN-BL-HUCDONG-01", "reporter")}`);
    const help = lastText(await h.user(609).send("/trogiup"));
    expect(help).toContain("/baucu");
    expect(help).toContain("/daihoi");
    expect(help).not.toContain("/xuat");
  });

  it("handles a re-delivered update only once", async () => {
    h = createHarness();
    const code = h.invite("QN-BL-HUCDONG-01", "reporter");
    const u = h.user(610);
    const update = u.messageUpdate(`/start ${code}`);
    expect(texts(await u.deliver(update))).toHaveLength(1);
    expect(texts(await u.deliver(update))).toHaveLength(0);
  });
});
