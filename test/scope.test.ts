import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.js";
import { openDatabase } from "../db/client.js";
import { units } from "../db/schema.js";
import { childPath, isWithin, isWithinAny } from "../src/domain/scope.js";
import { loadUnits, SMALL_PROVINCE, tempDbPath } from "./support/harness.js";

const QUANG_NINH = new URL("../data/sample/quang-ninh.csv", import.meta.url).pathname;

type Unit = typeof units.$inferSelect;
let temp: ReturnType<typeof tempDbPath>;
let db: Db;
let all: Unit[];
let byCode: Map<string, Unit>;
const path = (code: string) => byCode.get(code)!.path;

beforeAll(() => {
  temp = tempDbPath();
  db = openDatabase(temp.path);
  loadUnits(db, SMALL_PROVINCE);
  loadUnits(db, QUANG_NINH); // same codes: updates the fixture's units, adds the rest
  all = db.select().from(units).all();
  byCode = new Map(all.map((u) => [u.code, u]));
}, 30_000);
afterAll(() => {
  db.$client.close();
  temp.cleanup();
});

describe("isWithin on an imported registry", () => {
  it("puts a hamlet inside its commune, district and province, and inside itself", () => {
    const hamlet = path("QN-BL-HUCDONG-01");
    for (const scope of ["QN-BL-HUCDONG-01", "QN-BL-HUCDONG", "QN-BL", "QN"]) expect(isWithin(hamlet, path(scope)), scope).toBe(true);
  });

  it("keeps a hamlet out of sibling communes, other districts, and its own children's scopes", () => {
    const hamlet = path("QN-BL-HUCDONG-01");
    expect(isWithin(hamlet, path("QN-BL-DONGVAN"))).toBe(false);
    expect(isWithin(hamlet, path("QN-CT"))).toBe(false);
    expect(isWithin(hamlet, path("QN-BL-HUCDONG-02"))).toBe(false);
    // A commune is not inside one of its hamlets.
    expect(isWithin(path("QN-BL-HUCDONG"), hamlet)).toBe(false);
    // Nor is it inside a root that does not exist.
    expect(isWithin(hamlet, "/999999/")).toBe(false);
  });

  it("is not fooled by ids that share a prefix (/1/2/ vs /1/23/)", () => {
    expect(isWithin("/1/23/", "/1/2/")).toBe(false);
    expect(isWithin("/1/23/45/", "/1/2/")).toBe(false);
    expect(isWithin("/1/2/3/", "/1/2/")).toBe(true);
    // The same situation in the real registry: every pair whose paths share a
    // textual prefix without being nested.
    let lookalikes = 0;
    for (const scope of all) {
      const bare = scope.path.slice(0, -1); // "/1/2"
      for (const u of all) {
        if (u.path.startsWith(bare) && !u.path.startsWith(scope.path)) {
          lookalikes++;
          expect(isWithin(u.path, scope.path), `${u.code} in ${scope.code}`).toBe(false);
        }
      }
    }
    expect(lookalikes).toBeGreaterThan(100);
  });

  it("agrees with the parent links for every unit and every non-hamlet scope", () => {
    const byId = new Map(all.map((u) => [u.id, u]));
    const ancestorsOrSelf = (u: Unit): Set<number> => {
      const ids = new Set<number>();
      for (let cur: Unit | undefined = u; cur; cur = cur.parentId === null ? undefined : byId.get(cur.parentId)) ids.add(cur.id);
      return ids;
    };
    const scopes = all.filter((u) => u.level !== "hamlet");
    for (const u of all) {
      const up = ancestorsOrSelf(u);
      for (const s of scopes) {
        if (isWithin(u.path, s.path) !== up.has(s.id)) {
          expect.fail(`${u.code} (${u.path}) vs scope ${s.code} (${s.path})`);
        }
      }
    }
  });

  it("isWithinAny: inside if inside one of the scopes; nothing is inside no scope", () => {
    const hamlet = path("QN-BL-HUCDONG-01");
    expect(isWithinAny(hamlet, [path("QN-CT"), path("QN-BL-HUCDONG")])).toBe(true);
    expect(isWithinAny(hamlet, [path("QN-CT"), path("QN-BL-DONGVAN")])).toBe(false);
    expect(isWithinAny(hamlet, [])).toBe(false);
  });
});

describe("isWithin property", () => {
  const idChain = fc.array(fc.integer({ min: 1, max: 2_000 }), { minLength: 1, maxLength: 5 });
  const toPath = (ids: number[]) => ids.reduce<string | null>((p, id) => childPath(p, id), null)!;
  const isPrefix = (short: number[], long: number[]) => short.length <= long.length && short.every((id, i) => long[i] === id);

  it("a unit is inside a scope exactly when the scope's id chain is a prefix of the unit's", () => {
    fc.assert(
      fc.property(idChain, idChain, (unit, scope) => {
        expect(isWithin(toPath(unit), toPath(scope))).toBe(isPrefix(scope, unit));
      }),
      { numRuns: 2_000 },
    );
  });

  it("holds for nested chains and digit-sharing siblings", () => {
    fc.assert(
      fc.property(idChain, fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 9 }), (parent, id, digit) => {
        const scope = [...parent, id];
        expect(isWithin(toPath([...scope, 7]), toPath(scope))).toBe(true);
        expect(isWithin(toPath([...parent, Number(`${id}${digit}`)]), toPath(scope))).toBe(false);
      }),
    );
  });

  it("isWithinAny is `some` over isWithin", () => {
    fc.assert(
      fc.property(idChain, fc.array(idChain, { maxLength: 4 }), (unit, scopes) => {
        expect(isWithinAny(toPath(unit), scopes.map(toPath))).toBe(scopes.some((s) => isPrefix(s, unit)));
      }),
    );
  });
});
