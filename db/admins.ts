import type { Db } from "./client.js";
import type { Channel } from "./people.js";

/** Every reachable account of every admin (one row per account: an admin on two messengers gets both). */
export function adminChats(db: Db): { channel: Channel; chatId: string; personId: number }[] {
  return db.$client
    .prepare(
      `select distinct a.channel, a.chat_id as chatId, a.person_id as personId
         from roles r join accounts a on a.person_id = r.person_id
        where r.role = 'admin' and a.blocked_at is null
        order by a.person_id, a.channel`,
    )
    .all() as { channel: Channel; chatId: string; personId: number }[];
}
