import { desc, eq } from "drizzle-orm";
import type { Db } from "./client.js";
import { terms } from "./schema.js";

export type TermRecord = typeof terms.$inferSelect;
export type NewTerm = typeof terms.$inferInsert;

export function createTerm(db: Db, term: NewTerm): TermRecord {
  return db.insert(terms).values(term).returning().get();
}

export function listTerms(db: Db): TermRecord[] {
  return db.select().from(terms).orderBy(desc(terms.electionDate)).all();
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
  return db.select().from(terms).where(eq(terms.active, true)).get();
}
