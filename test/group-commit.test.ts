import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { durably, openDatabase } from "../db/client.js";
import { createGroupCommit } from "../db/group-commit.js";

function freshDb() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "group-commit-")), "test.sqlite"));
  db.$client.exec("create table t (v text not null unique)");
  return db;
}

describe("group commit (durable report saves)", () => {
  it("runs the writes of one tick in one fsynced transaction; a failing write is rolled back and rejected alone", async () => {
    const db = freshDb();
    const commits = createGroupCommit(db);
    const insert = db.$client.prepare("insert into t (v) values (?)");
    const events: string[] = [];
    const write = (v: string) =>
      commits.run(() => {
        events.push(`run ${v} sync=${db.$client.pragma("synchronous", { simple: true })}`);
        insert.run(v);
        if (v === "bad") throw new Error("rule broken after the insert");
        return v;
      });
    const results = await Promise.allSettled([write("a"), write("bad"), write("b")].map((p) => p.then((v) => (events.push(`acked ${v}`), v))));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    // Every write ran (at synchronous = FULL) before the first acknowledgement: one commit for all.
    expect(events).toEqual(["run a sync=2", "run bad sync=2", "run b sync=2", "acked a", "acked b"]);
    expect(db.$client.prepare("select v from t order by v").pluck().all()).toEqual(["a", "b"]);
    expect(db.$client.pragma("synchronous", { simple: true })).toBe(1);
    expect(commits.pending()).toBe(0);
    expect(commits.stats()).toEqual({ commits: 1, writes: 3 });
  });

  it("refuses durably() inside a plain transaction, whose commit would not be fsynced", () => {
    const db = freshDb();
    expect(() => db.$client.transaction(() => durably(db, () => 1))()).toThrow(/not durable/);
  });
});
