import { afterEach, describe, expect, it } from "vitest";
import { createHarness, lastText, type Harness } from "./support/harness.js";
import { ELECTION_ANSWERS, registered } from "./reports/support.js";

let h: Harness;
afterEach(() => h?.close());

const trail = () =>
  h.db.$client
    .prepare(
      `select e.action, e.channel, a.full_name as actor, s.full_name as subject, e.role, u.code as unit, e.detail
         from audit_events e left join people a on a.id = e.actor_person_id left join people s on s.id = e.subject_person_id
         left join units u on u.id = e.unit_id order by e.id`,
    )
    .all();

describe("audit trail from the chat", () => {
  it("records invites used and roles granted, the sign-off, and the export: who, when, from which channel", async () => {
    h = createHarness();
    const staff = await registered(h, 4001, "QN-BL-HUCDONG", "staff", "Cán Bộ Xã");
    const reporter = await registered(h, 4002, "QN-BL-HUCDONG-01", "reporter", "An");
    expect(lastText(await reporter.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]))).toContain("Đã lưu");
    await staff.send("/duyet");
    await staff.tap("1");
    await staff.tap("Xác nhận");
    await staff.send("/xuat");

    expect(trail()).toEqual([
      { action: "invite_used", channel: "telegram", actor: "Cán Bộ Xã", subject: "Cán Bộ Xã", role: "staff", unit: "QN-BL-HUCDONG", detail: null },
      { action: "role_granted", channel: "telegram", actor: "Cán Bộ Xã", subject: "Cán Bộ Xã", role: "staff", unit: "QN-BL-HUCDONG", detail: null },
      { action: "invite_used", channel: "telegram", actor: "An", subject: "An", role: "reporter", unit: "QN-BL-HUCDONG-01", detail: null },
      { action: "role_granted", channel: "telegram", actor: "An", subject: "An", role: "reporter", unit: "QN-BL-HUCDONG-01", detail: null },
      { action: "report_confirmed", channel: "telegram", actor: "Cán Bộ Xã", subject: null, role: null, unit: "QN-BL-HUCDONG-01", detail: "election v1" },
      { action: "export", channel: "telegram", actor: "Cán Bộ Xã", subject: null, role: null, unit: "QN-BL-HUCDONG", detail: expect.stringMatching(/\.xlsx$/) },
    ]);
    // Tapping one's own invite link again records nothing new.
    const before = trail().length;
    await reporter.send("/start");
    expect(trail()).toHaveLength(before);
  });
});
