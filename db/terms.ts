import { desc, eq } from "drizzle-orm";
import { oncePerConnection, type Db } from "./client.js";
import { terms } from "./schema.js";

export type TermRecord = typeof terms.$inferSelect;
export type NewTerm = typeof terms.$inferInsert;

export function createTerm(db: Db, term: NewTerm): TermRecord {
  return db.insert(terms).values(term).returning().get();
}

/** Prepared once per connection: the term is looked up on every report dialogue and status query. */
const prepared = oncePerConnection((db) => ({
  list: db.select().from(terms).orderBy(desc(terms.electionDate)).prepare(),
  active: db.select().from(terms).where(eq(terms.active, true)).prepare(),
}));

export function listTerms(db: Db): TermRecord[] {
  return prepared(db).list.all();
}

/** Makes `name` the only active term. Returns undefined when no such term exists. */
export function activateTerm(db: Db, name: string): TermRecord | undefined {
  return db.$client.transaction(() => {
    const term = db.select().from(terms).where(eq(terms.name, name)).get();
    if (!term) return undefined;
    db.update(terms).set({ active: false }).run();
    return db.update(terms).set({ active: true }).where(eq(terms.id, term.id)).returning().get();
  })();
}

export function activeTerm(db: Db): TermRecord | undefined {
  return prepared(db).active.get();
}
