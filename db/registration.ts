import { oncePerConnection, type Db } from "./client.js";
import { pathRange } from "./coverage.js";

/** Registration coverage: hamlets with nobody registered to report for them. */

const countStatement = oncePerConnection((db) =>
  db.$client.prepare<[string, string], { n: number }>(
    `select count(*) as n from units u
      where u.path >= ? and u.path < ? and u.level = 'hamlet'
        and not exists (select 1 from roles r where r.unit_id = u.id and r.role = 'reporter')`,
  ),
);

/** How many hamlets inside `path` have no registered reporter. */
export function unregisteredHamletCount(db: Db, path: string): number {
  const { lo, hi } = pathRange(path);
  return countStatement(db).get(lo, hi)!.n;
}

export interface UnregisteredHamlet {
  id: number;
  name: string;
  type: string;
  code: string;
  parentId: number | null;
  parentName: string | null;
  parentType: string | null;
}

/** The hamlets inside `path` without a registered reporter, grouped by their parent (registry order). */
export function unregisteredHamlets(db: Db, path: string): UnregisteredHamlet[] {
  const { lo, hi } = pathRange(path);
  return db.$client
    .prepare(
      `select u.id, u.name, u.type, u.code, p.id as parentId, p.name as parentName, p.type as parentType
         from units u left join units p on p.id = u.parent_id
        where u.path >= ? and u.path < ? and u.level = 'hamlet'
          and not exists (select 1 from roles r where r.unit_id = u.id and r.role = 'reporter')
        order by p.path, u.name`,
    )
    .all(lo, hi) as UnregisteredHamlet[];
}
