import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeIndicators, indicatorLines, type Indicators, type Ratio } from "../../src/domain/indicators.js";
import type { Answers } from "../../src/domain/forms/types.js";
import { electionAnswers } from "../fixtures/answers.js";

const election = (a: Partial<Answers>): Answers => electionAnswers(a);

const congress = (a: Partial<Answers>): Answers => ({
  date: "2024-12-18",
  summoned: 25,
  attending: 23,
  secretaryName: "Nguyễn Thị Hoa",
  secretaryShare: 95.5,
  electedAtCongress: true,
  secretaryIsChief: true,
  secretaryTenure: "reelected",
  deputyName: null,
  committeeSize: 3,
  committeeWomen: 1,
  ...a,
});

const ELECTIONS = [
  election({}),
  election({ voters: 200, participants: 150, votes: 120, gender: "male", birthYear: 1990, education: "college", theory: "advanced" }),
  election({ voters: 100, participants: 100, votes: 100, gender: "male", birthYear: 1985, education: "secondary", theory: "elementary" }),
  election({ voters: 400, participants: 300, votes: 160, birthYear: 1984, education: "other", theory: "none" }),
];
const CONGRESSES = [
  congress({}),
  congress({ secretaryShare: 85, secretaryTenure: "new", committeeSize: 5, committeeWomen: 2 }),
  congress({ secretaryShare: 100, secretaryIsChief: false, committeeSize: 0, committeeWomen: 0 }),
];

describe("computeIndicators", () => {
  it("computes every figure by hand on a small set", () => {
    const ind = computeIndicators({ elections: ELECTIONS, congresses: CONGRESSES, electionYear: 2024 });
    expect(ind.elections).toBe(4);
    expect(ind.congresses).toBe(3);
    expect(ind.secretaryIsChief).toEqual({ numerator: 2, denominator: 3, pct: (2 / 3) * 100 });
    expect(ind.newSecretary).toEqual({ numerator: 1, denominator: 3, pct: (1 / 3) * 100 });
    expect(ind.reelectedSecretary).toEqual({ numerator: 2, denominator: 3, pct: (2 / 3) * 100 });
    expect(ind.chiefUniversity).toEqual({ numerator: 1, denominator: 4, pct: 25 });
    expect(ind.chiefCollegeVocational).toEqual({ numerator: 1, denominator: 4, pct: 25 });
    expect(ind.chiefTheoryIntermediatePlus).toEqual({ numerator: 2, denominator: 4, pct: 50 });
    // 2024 − 1978 = 46, 34, 39, 40: "under 40" is strict.
    expect(ind.chiefUnder40).toEqual({ numerator: 2, denominator: 4, pct: 50 });
    expect(ind.chiefWomen).toEqual({ numerator: 2, denominator: 4, pct: 50 });
    expect(ind.womenOnCommittees).toEqual({ numerator: 3, denominator: 8, pct: 37.5 });
    // (93.33 + 75 + 100 + 75) / 4
    expect(ind.averageTurnout!.reports).toBe(4);
    expect(ind.averageTurnout!.pct).toBeCloseTo(((280 / 300 + 150 / 200 + 1 + 300 / 400) / 4) * 100, 10);
    expect(ind.secretaryVoteShare).toEqual({ min: 85, max: 100, reports: 3 });
    expect(ind.chiefVoteShare!.min).toBeCloseTo((160 / 300) * 100, 10);
    expect(ind.chiefVoteShare!.max).toBe(100);
  });

  it("is all nulls on empty input", () => {
    const ind = computeIndicators({ elections: [], congresses: [], electionYear: 2024 });
    const { elections, congresses, ...figures } = ind;
    expect(elections).toBe(0);
    expect(congresses).toBe(0);
    for (const v of Object.values(figures)) expect(v).toBeNull();
  });

  it("gives no committee share when no branch elected a committee", () => {
    const ind = computeIndicators({ elections: [], congresses: [congress({ committeeSize: 0, committeeWomen: 0 })], electionYear: 2024 });
    expect(ind.womenOnCommittees).toBeNull();
    expect(ind.secretaryIsChief).toEqual({ numerator: 1, denominator: 1, pct: 100 });
  });

  it("leaves a report lacking a field out of that figure's denominator only", () => {
    const partial: Answers = { voters: 100, participants: 80, votes: 60 }; // an old-format report without the chief's details
    const ind = computeIndicators({ elections: [election({}), partial], congresses: [], electionYear: 2024 });
    expect(ind.chiefWomen).toEqual({ numerator: 1, denominator: 1, pct: 100 });
    expect(ind.averageTurnout!.reports).toBe(2);
    expect(ind.chiefVoteShare).toEqual({ min: 75, max: (250 / 280) * 100, reports: 2 });
  });
});

describe("indicatorLines", () => {
  it("reads one Vietnamese line per figure", () => {
    expect(indicatorLines(computeIndicators({ elections: ELECTIONS, congresses: CONGRESSES, electionYear: 2024 }))).toEqual([
      "Bí thư đồng thời là trưởng thôn: 66,7% (2/3)",
      "Bí thư bầu mới: 33,3% (1/3)",
      "Bí thư tái cử: 66,7% (2/3)",
      "Trưởng thôn có trình độ đại học trở lên: 25% (1/4)",
      "Trưởng thôn có trình độ cao đẳng, trung cấp, nghề: 25% (1/4)",
      "Trưởng thôn có trình độ lý luận chính trị trung cấp trở lên: 50% (2/4)",
      "Trưởng thôn dưới 40 tuổi: 50% (2/4)",
      "Trưởng thôn là nữ: 50% (2/4)",
      "Nữ trong chi ủy: 37,5% (3/8)",
      "Tỷ lệ cử tri đi bầu bình quân: 85,8% (4 thôn)",
      "Tỷ lệ phiếu bầu bí thư thấp nhất / cao nhất: 85% / 100%",
      "Tỷ lệ phiếu bầu trưởng thôn thấp nhất / cao nhất: 53,3% / 100%",
    ]);
  });

  it("groups thousands and never rounds a short figure up to the 100% target", () => {
    const many = (n: number, yes: number) => Array.from({ length: n }, (_, i) => congress({ secretaryIsChief: i < yes }));
    expect(indicatorLines(computeIndicators({ elections: [], congresses: many(1452, 1421), electionYear: 2024 }))[0]).toBe(
      "Bí thư đồng thời là trưởng thôn: 97,9% (1.421/1.452)",
    );
    expect(indicatorLines(computeIndicators({ elections: [], congresses: many(2000, 1999), electionYear: 2024 }))[0]).toBe(
      "Bí thư đồng thời là trưởng thôn: 99,9% (1.999/2.000)",
    );
    expect(indicatorLines(computeIndicators({ elections: [], congresses: many(2000, 1), electionYear: 2024 }))[0]).toBe(
      "Bí thư đồng thời là trưởng thôn: 0,1% (1/2.000)",
    );
  });

  it("says there is no data yet rather than 0%", () => {
    const lines = indicatorLines(computeIndicators({ elections: [], congresses: [], electionYear: 2024 }));
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe("Bí thư đồng thời là trưởng thôn: chưa có số liệu");
    expect(lines[10]).toBe("Tỷ lệ phiếu bầu bí thư thấp nhất / cao nhất: chưa có số liệu");
  });
});

// ---------------------------------------------------------------------------
// Property: figures are coherent on any set of well-formed (or partly missing) answers.

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 8 });

const electionArb: fc.Arbitrary<Answers> = fc
  .record({
    voters: fc.integer({ min: 1, max: 5000 }),
    participantsShare: fc.double({ min: 0, max: 1, noNaN: true }),
    votesShare: fc.double({ min: 0, max: 1, noNaN: true }),
    gender: maybe(fc.constantFrom("male", "female")),
    birthYear: maybe(fc.integer({ min: 1940, max: 2006 })),
    education: maybe(fc.constantFrom("university", "college", "secondary", "other")),
    theory: maybe(fc.constantFrom("advanced", "intermediate", "elementary", "none")),
  })
  .map(({ voters, participantsShare, votesShare, ...rest }) => {
    const participants = Math.floor(voters * participantsShare);
    const votes = Math.floor(participants * votesShare);
    const a: Answers = { voters, participants, votes };
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) a[k] = v;
    return a;
  });

const congressArb: fc.Arbitrary<Answers> = fc
  .record({
    secretaryShare: maybe(fc.integer({ min: 0, max: 10000 }).map((x) => x / 100)),
    secretaryIsChief: maybe(fc.boolean()),
    secretaryTenure: maybe(fc.constantFrom("new", "reelected")),
    committeeSize: fc.integer({ min: 0, max: 9 }),
    womenShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ committeeSize, womenShare, ...rest }) => {
    const a: Answers = { committeeSize, committeeWomen: Math.floor(committeeSize * womenShare) };
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) a[k] = v;
    return a;
  });

function checkRatio(r: Ratio | null, reports: number): void {
  if (r === null) return;
  expect(Number.isInteger(r.numerator) && Number.isInteger(r.denominator)).toBe(true);
  expect(r.denominator).toBeGreaterThan(0);
  expect(r.numerator).toBeGreaterThanOrEqual(0);
  expect(r.numerator).toBeLessThanOrEqual(r.denominator);
  if (reports >= 0) expect(r.denominator).toBeLessThanOrEqual(reports);
  expect(r.pct).toBeCloseTo((r.numerator / r.denominator) * 100, 9);
  expect(r.pct).toBeGreaterThanOrEqual(0);
  expect(r.pct).toBeLessThanOrEqual(100);
}

describe("computeIndicators — property", () => {
  it("numerator ≤ denominator ≤ reports, pct within 0..100, min ≤ max, nulls exactly when nothing counts", () => {
    fc.assert(
      fc.property(fc.array(electionArb, { maxLength: 40 }), fc.array(congressArb, { maxLength: 40 }), fc.integer({ min: 2015, max: 2030 }), (elections, congresses, electionYear) => {
        const ind: Indicators = computeIndicators({ elections, congresses, electionYear });
        for (const k of ["secretaryIsChief", "newSecretary", "reelectedSecretary"] as const) checkRatio(ind[k], congresses.length);
        for (const k of ["chiefUniversity", "chiefCollegeVocational", "chiefTheoryIntermediatePlus", "chiefUnder40", "chiefWomen"] as const) checkRatio(ind[k], elections.length);
        checkRatio(ind.womenOnCommittees, -1);

        expect(ind.secretaryIsChief === null).toBe(!congresses.some((c) => typeof c.secretaryIsChief === "boolean"));
        expect(ind.chiefWomen === null).toBe(!elections.some((e) => typeof e.gender === "string"));
        expect(ind.averageTurnout === null).toBe(elections.length === 0);

        if (ind.newSecretary && ind.reelectedSecretary) {
          expect(ind.newSecretary.denominator).toBe(ind.reelectedSecretary.denominator);
          expect(ind.newSecretary.numerator + ind.reelectedSecretary.numerator).toBe(ind.newSecretary.denominator);
        }
        if (ind.chiefUniversity && ind.chiefCollegeVocational) {
          expect(ind.chiefUniversity.numerator + ind.chiefCollegeVocational.numerator).toBeLessThanOrEqual(ind.chiefUniversity.denominator);
        }
        for (const r of [ind.secretaryVoteShare, ind.chiefVoteShare]) {
          if (r === null) continue;
          expect(r.min).toBeLessThanOrEqual(r.max);
          expect(r.min).toBeGreaterThanOrEqual(0);
          expect(r.max).toBeLessThanOrEqual(100);
        }
        if (ind.averageTurnout) {
          expect(ind.averageTurnout.pct).toBeGreaterThanOrEqual(0);
          expect(ind.averageTurnout.pct).toBeLessThanOrEqual(100 + 1e-9);
        }
        expect(indicatorLines(ind)).toHaveLength(12);
      }),
      { numRuns: 300 },
    );
  });

  it("does not depend on the order of the reports", () => {
    fc.assert(
      fc.property(fc.array(electionArb, { maxLength: 20 }), fc.array(congressArb, { maxLength: 20 }), (elections, congresses) => {
        const a = computeIndicators({ elections, congresses, electionYear: 2024 });
        const b = computeIndicators({ elections: [...elections].reverse(), congresses: [...congresses].reverse(), electionYear: 2024 });
        expect(b.averageTurnout?.pct ?? 0).toBeCloseTo(a.averageTurnout?.pct ?? 0, 9);
        expect({ ...b, averageTurnout: null }).toEqual({ ...a, averageTurnout: null });
      }),
    );
  });
});
