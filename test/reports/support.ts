import type { Role } from "../../src/domain/roles.js";
import type { Harness, TestUser } from "../support/harness.js";

export const ELECTION_ANSWERS = ["300\n280\n250", "Nguyễn Thị Hoa, nữ, 1978", "tap:chính thức", "tap:Đại học", "tap:Trung cấp", "tap:Tái cử"];
export const CONGRESS_ANSWERS = ["hôm nay", "25\n23", "Nguyễn Thị Hoa, 95,5%", "tap:Có", "tap:Có", "tap:Tái cử", "Lý Văn Bình", "3\n1"];

export async function registered(h: Harness, id: number, unit: string, role: Role, name: string): Promise<TestUser> {
  const user = h.user(id, name);
  await user.send(`/start ${h.invite(unit, role, { personName: name })}`);
  user.roundTrips = 0;
  user.botMessages = 0;
  return user;
}

export function versions(h: Harness) {
  return h.db.$client
    .prepare(
      `select r.kind, u.code, v.version, v.outcome, v.data, v.reason, v.photo_file_id as photo, p.full_name as author,
              r.current_version_id = v.id as is_current, r.conflict_version_id = v.id as is_conflict
         from report_versions v join reports r on r.id = v.report_id join units u on u.id = r.unit_id join people p on p.id = v.author_person_id
        order by v.id`,
    )
    .all() as { kind: string; code: string; version: number; outcome: string; data: string; reason: string | null; photo: string | null; author: string; is_current: number; is_conflict: number | null }[];
}

export function conversationRows(h: Harness): number {
  return (h.db.$client.prepare("select count(*) n from conversation_states").get() as { n: number }).n;
}
