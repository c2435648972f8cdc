import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeIndicators } from "../../src/domain/indicators.js";
import type { Answers } from "../../src/domain/forms/types.js";
import {
  combineFigures,
  emptyFigures,
  hamletFigures,
  indicatorsFromFigures,
  statusFromFigures,
  tallyFromFigures,
  type Figures,
  type ReportFacts,
  childrenWorstFirst,
  emptyTally,
  hamletStatuses,
  pct,
  rollUp,
  type ReportHead,
  type Tally,
  type UnitNode,
} from "../../src/domain/coverage.js";

type Level = UnitNode["level"];

/** Builds units from [id, parentId, level, name]; paths follow the parents (parents listed first). */
function tree(...specs: [number, number | null, Level, string][]): UnitNode[] {
  const paths = new Map<number, string>();
  return specs.map(([id, parentId, level, name]) => {
    const path = `${parentId === null ? "/" : paths.get(parentId)!}${id}/`;
    paths.set(id, path);
    return { id, parentId, path, name, type: level === "hamlet" ? "thôn" : level, level };
  });
}

const head = (unitId: number, kind: ReportHead["kind"], outcome: ReportHead["outcome"], conflict = false, confirmed = false): ReportHead => ({ unitId, kind, outcome, conflict, confirmed });
const unconfirmed = { electionConfirmed: false, congressConfirmed: false };

describe("hamletStatuses", () => {
  it("marks hamlets without reports as missing: the registry says what is expected", () => {
    const s = hamletStatuses([1, 2], [head(1, "election", "valid")]);
    expect(s.get(1)).toEqual({ unitId: 1, election: "reported", congress: "missing", finished: false, ...unconfirmed });
    expect(s.get(2)).toEqual({ unitId: 2, election: "missing", congress: "missing", finished: false, ...unconfirmed });
  });

  it("lets a conflict win over the outcome", () => {
    const s = hamletStatuses([1, 2], [head(1, "election", "valid", true), head(1, "congress", "valid", true), head(2, "election", "revote", true), head(2, "congress", "not_quorate", true)]);
    expect(s.get(1)).toMatchObject({ election: "conflict", congress: "conflict", finished: false });
    expect(s.get(2)).toMatchObject({ election: "conflict", congress: "conflict", finished: false });
  });

  it("finishes a hamlet only with a valid election and a valid congress, neither in conflict", () => {
    const s = hamletStatuses(
      [1, 2, 3, 4, 5],
      [
        head(1, "election", "valid"),
        head(1, "congress", "valid"),
        head(2, "election", "revote"),
        head(2, "congress", "valid"),
        head(3, "election", "valid"),
        head(3, "congress", "not_quorate"),
        head(4, "election", "valid"),
        head(4, "congress", "valid", true),
        head(5, "congress", "valid"),
      ],
    );
    expect([...s.values()].map((h) => [h.unitId, h.election, h.congress, h.finished])).toEqual([
      [1, "reported", "reported", true],
      [2, "revote", "reported", false],
      [3, "reported", "not_quorate", false],
      [4, "reported", "conflict", false],
      [5, "missing", "reported", false],
    ]);
  });

  it("counts a sign-off only on a reported head: not on a revote, a non-quorate congress or a conflict", () => {
    const s = hamletStatuses(
      [1, 2, 3],
      [
        head(1, "election", "valid", false, true),
        head(1, "congress", "valid", false, false),
        head(2, "election", "revote", false, true),
        head(2, "congress", "not_quorate", false, true),
        head(3, "election", "valid", true, true),
        head(3, "congress", "valid", false, true),
      ],
    );
    expect([...s.values()].map((h) => [h.unitId, h.electionConfirmed, h.congressConfirmed])).toEqual([
      [1, true, false],
      [2, false, false],
      [3, false, true],
    ]);
    const units = tree([1, null, "commune", "C"], [2, 1, "hamlet", "A"], [3, 1, "hamlet", "B"], [4, 1, "hamlet", "D"]);
    const tallies = rollUp(units, hamletStatuses([2, 3, 4], [head(2, "election", "valid", false, true), head(3, "election", "valid"), head(4, "congress", "valid", false, true)]));
    expect(tallies.get(1)).toMatchObject({ hamlets: 3, electionReported: 2, electionConfirmed: 1, congressReported: 1, congressConfirmed: 1 });
  });

  it("ignores reports of units that are not expected hamlets", () => {
    const s = hamletStatuses([1], [head(1, "election", "valid"), head(99, "election", "valid")]);
    expect([...s.keys()]).toEqual([1]);
  });
});

describe("rollUp", () => {
  const fourLevels = tree(
    [1, null, "province", "Quảng Ninh"],
    [2, 1, "district", "Bình Liêu"],
    [3, 2, "commune", "Húc Động"],
    [4, 3, "hamlet", "Bản Nà Ếch"],
    [5, 3, "hamlet", "Thôn Khe Mạ"],
    [6, 2, "commune", "Đồng Văn"],
    [7, 6, "hamlet", "Thôn 1"],
    [8, 1, "district", "Cô Tô"],
    [9, 8, "commune", "Thanh Lân"],
    [10, 9, "hamlet", "Thôn 1"],
    [11, 9, "hamlet", "Thôn 2"],
  );
  const heads = [
    head(4, "election", "valid"),
    head(4, "congress", "valid"),
    head(5, "election", "revote"),
    head(7, "election", "valid", true),
    head(10, "congress", "not_quorate"),
  ];

  it("sums the subtree's hamlets for every unit, with a district level", () => {
    const tallies = rollUp(fourLevels, hamletStatuses([4, 5, 7, 10, 11], heads));
    expect(tallies.size).toBe(11);
    expect(tallies.get(1)).toEqual({ hamlets: 5, electionReported: 1, electionRevote: 1, electionConflict: 1, congressReported: 1, congressNotQuorate: 1, congressConflict: 0, finished: 1, electionConfirmed: 0, congressConfirmed: 0 });
    expect(tallies.get(2)).toEqual({ hamlets: 3, electionReported: 1, electionRevote: 1, electionConflict: 1, congressReported: 1, congressNotQuorate: 0, congressConflict: 0, finished: 1, electionConfirmed: 0, congressConfirmed: 0 });
    expect(tallies.get(3)).toMatchObject({ hamlets: 2, finished: 1, electionRevote: 1 });
    expect(tallies.get(6)).toMatchObject({ hamlets: 1, electionConflict: 1, finished: 0 });
    expect(tallies.get(8)).toMatchObject({ hamlets: 2, congressNotQuorate: 1, electionReported: 0 });
    expect(tallies.get(4)).toEqual({ ...emptyTally(), hamlets: 1, electionReported: 1, congressReported: 1, finished: 1 });
    expect(tallies.get(11)).toEqual({ ...emptyTally(), hamlets: 1 });
  });

  it("works the same without a district level (since 1 July 2025)", () => {
    const threeLevels = tree(
      [1, null, "province", "Quảng Ninh"],
      [3, 1, "commune", "Húc Động"],
      [4, 3, "hamlet", "Bản Nà Ếch"],
      [5, 3, "hamlet", "Thôn Khe Mạ"],
      [6, 1, "commune", "Đồng Văn"],
      [7, 6, "hamlet", "Thôn 1"],
      [9, 1, "commune", "Thanh Lân"],
      [10, 9, "hamlet", "Thôn 1"],
      [11, 9, "hamlet", "Thôn 2"],
    );
    const tallies = rollUp(threeLevels, hamletStatuses([4, 5, 7, 10, 11], heads));
    expect(tallies.get(1)).toEqual(rollUp(fourLevels, hamletStatuses([4, 5, 7, 10, 11], heads)).get(1));
    expect(tallies.get(3)).toMatchObject({ hamlets: 2, finished: 1 });
    expect(tallies.get(9)).toMatchObject({ hamlets: 2, congressNotQuorate: 1 });
  });

  it("rolls up a subtree on its own (its root's parent is not in the list), in any order", () => {
    const commune = fourLevels.filter((u) => u.path.startsWith("/1/2/3/")).reverse();
    const tallies = rollUp(commune, hamletStatuses([4, 5], heads));
    expect([...tallies.keys()].sort()).toEqual([3, 4, 5]);
    expect(tallies.get(3)).toMatchObject({ hamlets: 2, finished: 1, electionReported: 1, electionRevote: 1 });
  });

  it("gives an empty commune an empty tally, and counts a hamlet absent from the statuses as missing", () => {
    const units = tree([1, null, "province", "P"], [2, 1, "commune", "Empty"], [3, 1, "commune", "C"], [4, 3, "hamlet", "H"]);
    const tallies = rollUp(units, new Map());
    expect(tallies.get(2)).toEqual(emptyTally());
    expect(tallies.get(1)).toEqual({ ...emptyTally(), hamlets: 1 });
  });
});

describe("pct", () => {
  it("is a percentage and 0 for an empty denominator", () => {
    expect(pct(1421, 1452)).toBeCloseTo(97.865, 2);
    expect(pct(3, 3)).toBe(100);
    expect(pct(0, 0)).toBe(0);
  });
});

describe("childrenWorstFirst", () => {
  it("puts the lowest finished share first, ties by Vietnamese name, empty units last", () => {
    const units = tree(
      [1, null, "province", "P"],
      [2, 1, "commune", "Đồng Văn"],
      [3, 1, "commune", "Dương Huy"],
      [4, 1, "commune", "Ấp Bắc"],
      [5, 1, "commune", "An Lạc"],
      [6, 1, "commune", "Bình Liêu"],
      [7, 1, "commune", "Cô Tô"],
    );
    const t = (hamlets: number, finished: number): Tally => ({ ...emptyTally(), hamlets, finished });
    const tallies = new Map<number, Tally>([
      [2, t(4, 1)], // 25%
      [3, t(2, 1)], // 50%
      [4, t(8, 2)], // 25%
      [5, t(3, 3)], // 100%
      [6, t(0, 0)], // nothing expected
      [7, t(10, 0)], // 0%
    ]);
    expect(childrenWorstFirst(1, units, tallies).map((u) => u.name)).toEqual(["Cô Tô", "Ấp Bắc", "Đồng Văn", "Dương Huy", "An Lạc", "Bình Liêu"]);
  });

  it("orders numbered hamlets by number", () => {
    const units = tree([1, null, "commune", "X"], [2, 1, "hamlet", "Thôn 10"], [3, 1, "hamlet", "Thôn 2"], [4, 1, "hamlet", "Thôn 1"]);
    const tallies = rollUp(units, new Map());
    expect(childrenWorstFirst(1, units, tallies).map((u) => u.name)).toEqual(["Thôn 1", "Thôn 2", "Thôn 10"]);
  });
});

// ---------------------------------------------------------------------------
// Property: every unit's tally equals a direct recount.

interface Registry {
  units: UnitNode[];
  hamletIds: number[];
}

const NAMES = ["Thôn 1", "Thôn 2", "Thôn 10", "Bản Nà Ếch", "Khe Mạ", "Đồng Văn", "Ấp Bắc", "An Lạc", "Húc Động", "Cô Tô", "Thanh Lân", "Dương Huy"];

/** A registry of 3 levels (province → commune → hamlet) or 4 (with districts), random fan-out (0 allowed), ids shuffled. */
const registryArb: fc.Arbitrary<Registry> = fc
  .record({
    withDistrict: fc.boolean(),
    provinces: fc.integer({ min: 1, max: 2 }),
    fanOut: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 200, maxLength: 200 }),
    names: fc.array(fc.constantFrom(...NAMES), { minLength: 200, maxLength: 200 }),
    idSeed: fc.integer({ min: 0, max: 1000 }),
    shuffle: fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
  })
  .map(({ withDistrict, provinces, fanOut, names, idSeed, shuffle }) => {
    const levels: Level[] = withDistrict ? ["province", "district", "commune", "hamlet"] : ["province", "commune", "hamlet"];
    const units: UnitNode[] = [];
    let draw = 0;
    const next = () => fanOut[draw++ % fanOut.length]!;
    const add = (parent: UnitNode | null, depth: number) => {
      // Ids are not in creation order: nothing may rely on parents having smaller ids.
      const id = ((units.length * 7919 + idSeed) % 100_003) + 1;
      const level = levels[depth]!;
      const unit: UnitNode = { id, parentId: parent?.id ?? null, path: `${parent?.path ?? "/"}${id}/`, name: names[units.length % names.length]!, type: level, level };
      units.push(unit);
      if (depth + 1 < levels.length) for (let k = next(); k > 0; k--) add(unit, depth + 1);
    };
    for (let p = 0; p < provinces; p++) add(null, 0);
    // Shuffle the list order too.
    const keyed = units.map((u, i) => ({ u, k: shuffle[i % shuffle.length]! * 1000 + i }));
    keyed.sort((a, b) => a.k - b.k);
    const shuffled = keyed.map((x) => x.u);
    return { units: shuffled, hamletIds: shuffled.filter((u) => u.level === "hamlet").map((u) => u.id) };
  });

type Pick = null | { outcome: "valid" | "bad"; conflict: boolean; confirmed: boolean };
const pickArb: fc.Arbitrary<Pick> = fc.option(
  fc.record({ outcome: fc.constantFrom("valid" as const, "bad" as const), conflict: fc.boolean(), confirmed: fc.boolean() }),
  { nil: null },
);

const scenarioArb = registryArb.chain((registry) =>
  fc
    .record({
      election: fc.array(pickArb, { minLength: registry.hamletIds.length, maxLength: registry.hamletIds.length }),
      congress: fc.array(pickArb, { minLength: registry.hamletIds.length, maxLength: registry.hamletIds.length }),
    })
    .map(({ election, congress }) => {
      const heads: ReportHead[] = [];
      registry.hamletIds.forEach((id, i) => {
        const e = election[i];
        if (e) heads.push({ unitId: id, kind: "election", outcome: e.outcome === "valid" ? "valid" : "revote", conflict: e.conflict, confirmed: e.confirmed });
        const c = congress[i];
        if (c) heads.push({ unitId: id, kind: "congress", outcome: c.outcome === "valid" ? "valid" : "not_quorate", conflict: c.conflict, confirmed: c.confirmed });
      });
      return { ...registry, heads };
    }),
);

/** Counts straight from the heads, per unit, by path prefix: shares no code with rollUp or hamletStatuses. */
function recount(units: UnitNode[], heads: ReportHead[], unit: UnitNode): Tally {
  const t = emptyTally();
  for (const h of units) {
    if (h.level !== "hamlet" || !h.path.startsWith(unit.path)) continue;
    const e = heads.find((x) => x.unitId === h.id && x.kind === "election");
    const c = heads.find((x) => x.unitId === h.id && x.kind === "congress");
    t.hamlets++;
    if (e && e.conflict) t.electionConflict++;
    if (e && !e.conflict && e.outcome === "valid") t.electionReported++;
    if (e && !e.conflict && e.outcome === "revote") t.electionRevote++;
    if (c && c.conflict) t.congressConflict++;
    if (c && !c.conflict && c.outcome === "valid") t.congressReported++;
    if (c && !c.conflict && c.outcome === "not_quorate") t.congressNotQuorate++;
    if (e && c && !e.conflict && !c.conflict && e.outcome === "valid" && c.outcome === "valid") t.finished++;
    if (e && !e.conflict && e.outcome === "valid" && e.confirmed) t.electionConfirmed++;
    if (c && !c.conflict && c.outcome === "valid" && c.confirmed) t.congressConfirmed++;
  }
  return t;
}

describe("rollUp — property", () => {
  it("every unit's tally equals an independent recount, and every share is within 0..100", () => {
    fc.assert(
      fc.property(scenarioArb, ({ units, hamletIds, heads }) => {
        const statuses = hamletStatuses(hamletIds, heads);
        const tallies = rollUp(units, statuses);
        expect(tallies.size).toBe(units.length);
        for (const u of units) {
          const t = tallies.get(u.id)!;
          expect(t).toEqual(recount(units, heads, u));
          for (const n of [t.electionReported, t.electionRevote, t.electionConflict, t.congressReported, t.congressNotQuorate, t.congressConflict, t.finished]) {
            const p = pct(n, t.hamlets);
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(100);
          }
          expect(t.electionReported + t.electionRevote + t.electionConflict).toBeLessThanOrEqual(t.hamlets);
          expect(t.congressReported + t.congressNotQuorate + t.congressConflict).toBeLessThanOrEqual(t.hamlets);
          expect(t.electionConfirmed).toBeLessThanOrEqual(t.electionReported);
          expect(t.congressConfirmed).toBeLessThanOrEqual(t.congressReported);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a subtree rolled up alone gives the same tallies as the whole registry", () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), ({ units, hamletIds, heads }, pick) => {
        const whole = rollUp(units, hamletStatuses(hamletIds, heads));
        const root = units[pick % units.length]!;
        const sub = units.filter((u) => u.path.startsWith(root.path));
        const alone = rollUp(sub, hamletStatuses(sub.filter((u) => u.level === "hamlet").map((u) => u.id), heads));
        for (const u of sub) expect(alone.get(u.id)).toEqual(whole.get(u.id));
      }),
      { numRuns: 100 },
    );
  });

  it("childrenWorstFirst returns exactly the children, finished share never decreasing", () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), ({ units, hamletIds, heads }, pick) => {
        const tallies = rollUp(units, hamletStatuses(hamletIds, heads));
        const parent = units[pick % units.length]!;
        const ordered = childrenWorstFirst(parent.id, units, tallies);
        expect(ordered.map((u) => u.id).sort()).toEqual(units.filter((u) => u.parentId === parent.id).map((u) => u.id).sort());
        const shares = ordered.filter((u) => tallies.get(u.id)!.hamlets > 0).map((u) => pct(tallies.get(u.id)!.finished, tallies.get(u.id)!.hamlets));
        for (let i = 1; i < shares.length; i++) expect(shares[i]!).toBeGreaterThanOrEqual(shares[i - 1]! - 1e-9);
        const firstEmpty = ordered.findIndex((u) => tallies.get(u.id)!.hamlets === 0);
        if (firstEmpty >= 0) expect(ordered.slice(firstEmpty).every((u) => tallies.get(u.id)!.hamlets === 0)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Property: figures (what the database keeps per hamlet and per unit) combine up the tree into
// exactly the tallies and indicators of a direct computation.

const electionOf = (i: number): Answers => ({
  voters: 100 + (i % 7) * 37,
  participants: 60 + (i % 5) * 9,
  votes: 30 + (i % 11) * 3,
  ...(i % 4 === 0 ? {} : { gender: i % 3 ? "male" : "female" }),
  ...(i % 6 === 0 ? { birthYear: "1980" } : { birthYear: 1955 + (i % 40) }),
  education: ["university", "college", "secondary", "other"][i % 4]!,
  ...(i % 5 === 0 ? {} : { theory: ["advanced", "intermediate", "elementary", "none"][i % 4]! }),
});
const congressOf = (i: number): Answers => ({
  ...(i % 7 === 0 ? {} : { secretaryShare: 50 + ((i * 13) % 51) + (i % 3) / 4 }),
  secretaryIsChief: i % 3 !== 0,
  ...(i % 4 === 0 ? { secretaryTenure: 5 } : { secretaryTenure: i % 2 ? "new" : "reelected" }),
  committeeSize: i % 6,
  committeeWomen: Math.min(i % 3, i % 6),
});

describe("figures", () => {
  it("combined children first up the tree, equal the roll-up and the indicators computed directly", () => {
    fc.assert(
      fc.property(scenarioArb, ({ units, hamletIds, heads }) => {
        const facts = (h: ReportHead, i: number): ReportFacts => ({ ...h, answers: h.kind === "election" ? electionOf(i) : congressOf(i) });
        const withAnswers = heads.map(facts);
        const figures = new Map<number, Figures>();
        for (const id of hamletIds) {
          const e = withAnswers.find((h) => h.unitId === id && h.kind === "election");
          const c = withAnswers.find((h) => h.unitId === id && h.kind === "congress");
          figures.set(id, hamletFigures(id, e, c, 2024));
        }
        // Deepest units first: each unit's figures are its children's, combined.
        const byDepth = [...units].sort((a, b) => b.path.length - a.path.length);
        for (const u of byDepth) {
          if (u.level === "hamlet") continue;
          const f = emptyFigures();
          for (const child of units) if (child.parentId === u.id && figures.has(child.id)) combineFigures(f, figures.get(child.id)!);
          figures.set(u.id, f);
        }
        const statuses = hamletStatuses(hamletIds, heads);
        const tallies = rollUp(units, statuses);
        for (const u of units) {
          expect(tallyFromFigures(tallies.get(u.id)!.hamlets, figures.get(u.id)!)).toEqual(tallies.get(u.id));
          const inside = new Set(units.filter((h) => h.level === "hamlet" && h.path.startsWith(u.path)).map((h) => h.id));
          const counted = withAnswers.filter((h) => inside.has(h.unitId) && !h.conflict && h.outcome === "valid");
          const direct = computeIndicators({
            elections: counted.filter((h) => h.kind === "election").map((h) => h.answers),
            congresses: counted.filter((h) => h.kind === "congress").map((h) => h.answers),
            electionYear: 2024,
          });
          const combined = indicatorsFromFigures(figures.get(u.id)!);
          expect({ ...combined, averageTurnout: null }).toEqual({ ...direct, averageTurnout: null });
          expect(combined.averageTurnout?.reports).toBe(direct.averageTurnout?.reports);
          expect(combined.averageTurnout?.pct ?? 0).toBeCloseTo(direct.averageTurnout?.pct ?? 0, 9);
        }
        for (const id of hamletIds) expect(statusFromFigures(id, figures.get(id))).toEqual(statuses.get(id));
      }),
      { numRuns: 100 },
    );
  });

  it("a hamlet with nothing reported has empty figures and reads as missing", () => {
    expect(hamletFigures(7, undefined, undefined, 2024)).toEqual(emptyFigures());
    expect(statusFromFigures(7, undefined)).toEqual({ unitId: 7, election: "missing", congress: "missing", finished: false, electionConfirmed: false, congressConfirmed: false });
  });
});
