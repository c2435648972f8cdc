import { and, asc, eq, isNull, like, sql } from "drizzle-orm";
import type { Db } from "./client.js";
import { units } from "./schema.js";
import { childPath } from "../src/domain/scope.js";
import { foldVietnamese } from "../src/domain/text.js";
import type { ExistingUnit, UnitLevel, ValidUnit } from "../src/domain/units.js";

export type UnitRecord = typeof units.$inferSelect;

/** Longest search text worth looking up: longer than any unit name, so it matches nothing. */
export const MAX_SEARCH_LENGTH = 200;

export function existingUnits(db: Db): ExistingUnit[] {
  const parent = sql<string | null>`(select p.code from units p where p.id = ${units.parentId})`;
  return db
    .select({ code: units.code, parentCode: parent, level: units.level })
    .from(units)
    .all()
    .map((u) => ({ code: u.code, parentCode: u.parentCode, level: u.level as UnitLevel }));
}

/**
 * Upserts validated units (parents first) in one transaction and recomputes
 * the materialised paths of every moved subtree. Returns counts.
 */
export function importUnits(db: Db, rows: ValidUnit[]): { created: number; updated: number } {
  let created = 0;
  let updated = 0;
  db.$client.transaction(() => {
    for (const row of rows) {
      const parent = row.parentCode
        ? db.select({ id: units.id, path: units.path }).from(units).where(eq(units.code, row.parentCode)).get()
        : undefined;
      if (row.parentCode && !parent) throw new Error(`parent ${row.parentCode} missing after validation`);
      const existing = db.select().from(units).where(eq(units.code, row.code)).get();
      const values = {
        name: row.name,
        type: row.type,
        level: row.level,
        parentId: parent?.id ?? null,
        searchName: foldVietnamese(row.name),
      };
      if (existing) {
        const newPath = childPath(parent?.path ?? null, existing.id);
        db.update(units).set({ ...values, path: newPath }).where(eq(units.id, existing.id)).run();
        if (newPath !== existing.path) {
          // Re-parented: rewrite the paths of its whole subtree.
          db.update(units)
            .set({ path: sql`${newPath} || substr(${units.path}, ${existing.path.length + 1})` })
            .where(like(units.path, `${existing.path}%`))
            .run();
        }
        updated++;
      } else {
        const inserted = db
          .insert(units)
          .values({ ...values, code: row.code, path: "" })
          .returning({ id: units.id })
          .get();
        db.update(units)
          .set({ path: childPath(parent?.path ?? null, inserted.id) })
          .where(eq(units.id, inserted.id))
          .run();
        created++;
      }
    }
  })();
  return { created, updated };
}

const byCode = (db: Db) =>
  db.select().from(units).where(eq(units.code, sql.placeholder("code"))).prepare();
const byId = (db: Db) => db.select().from(units).where(eq(units.id, sql.placeholder("id"))).prepare();
const childrenOf = (db: Db) =>
  db.select().from(units).where(eq(units.parentId, sql.placeholder("parentId"))).orderBy(asc(units.name)).prepare();

export type UnitQueries = ReturnType<typeof unitQueries>;

export function unitQueries(db: Db) {
  const qCode = byCode(db);
  const qId = byId(db);
  const qChildren = childrenOf(db);
  return {
    byCode: (code: string) => qCode.get({ code }),
    byId: (id: number) => qId.get({ id }),
    children: (parentId: number) => qChildren.all({ parentId }),
    roots: () => db.select().from(units).where(isNull(units.parentId)).all(),
    /** Units inside `scopePath` whose folded name contains `foldedQuery`, optionally of one level. */
    search(scopePath: string, foldedQuery: string, level?: UnitLevel, limit = 20): UnitRecord[] {
      // Typed text must not act as LIKE wildcards.
      const literal = foldedQuery.replace(/[%_]/g, "");
      // A pasted essay is no unit name, and SQLite refuses LIKE patterns over 50,000 bytes.
      if (literal.length > MAX_SEARCH_LENGTH) return [];
      const conditions = [like(units.path, `${scopePath}%`), like(units.searchName, `%${literal}%`)];
      if (level) conditions.push(eq(units.level, level));
      return db.select().from(units).where(and(...conditions)).orderBy(asc(units.path)).limit(limit).all();
    },
    /** The chain from the root down to the unit, for "Thôn 1, xã Húc Động, huyện Bình Liêu". */
    ancestors(unit: UnitRecord): UnitRecord[] {
      const ids = unit.path.split("/").filter(Boolean).map(Number);
      return ids.map((id) => qId.get({ id })).filter((u): u is UnitRecord => u !== undefined);
    },
  };
}
