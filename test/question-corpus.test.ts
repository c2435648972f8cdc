/**
 * Issue 11's corpus (test/corpus/questions.ts), case by case: the intent, the
 * unit meant (answered, or offered in a question asking back), and never an
 * answer about another place; values read as meant or refused, never misread.
 * `npm run eval:questions` prints the same corpus as accuracy per class.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveQuestion } from "../src/domain/question.js";
import { foldVietnamese } from "../src/domain/text.js";
import { unitLabel } from "../src/domain/unit-label.js";
import { CLASSES, loadRegistry, questionCases, runQuestion, scoreCorpus, typo, valueCases, type ClassId } from "./corpus/questions.js";

const reg = loadRegistry();
const cases = questionCases(reg);
const values = valueCases();

describe("the corpus", () => {
  it("has many variants per class, with and without diacritics", () => {
    const count = (cls: ClassId) => cases.filter((c) => c.cls === cls).length + values.filter((c) => c.cls === cls).length;
    for (const { id } of CLASSES) expect(count(id), id).toBeGreaterThanOrEqual(60);
    for (const cls of ["typo", "abbrev", "scope"] as const) {
      const texts = cases.filter((c) => c.cls === cls).map((c) => c.text);
      const plain = texts.filter((t) => foldVietnamese(t) === t.toLowerCase()).length;
      expect(plain, cls).toBeGreaterThan(texts.length * 0.2);
      expect(texts.length - plain, cls).toBeGreaterThan(texts.length * 0.2);
    }
  });
});

describe("1 misspelt place: the place meant, or a question offering it; never another place", () => {
  const typos = cases.filter((c) => c.cls === "typo");
  let results: (ReturnType<typeof runQuestion> & { c: (typeof typos)[number] })[] = [];
  beforeAll(() => {
    results = typos.map((c) => ({ c, ...runQuestion(reg, c) }));
  }, 120_000);

  it("no case answers about another unit, or about the scope as if no place was named", () => {
    const wrong = results.filter(({ outcome }) => outcome.verdict === "wrongPlace");
    expect(wrong.map(({ c, outcome }) => `${c.text} → ${JSON.stringify(outcome)}`)).toEqual([]);
  });

  it("a typo is never answered at once: it is confirmed first", () => {
    const direct = results.filter(({ resolution }) => resolution.kind === "unit");
    expect(direct.map(({ c }) => c.text)).toEqual([]);
  });

  it("at least 98 % offer the place meant, with the intent asked", () => {
    const offered = results.filter(({ outcome }) => outcome.verdict === "offered").length;
    expect(offered / typos.length).toBeGreaterThanOrEqual(0.98);
    const rightIntent = results.filter(({ c, resolution }) => resolution.kind !== "notQuestion" && resolution.intent === c.intent).length;
    expect(rightIntent / typos.length).toBeGreaterThanOrEqual(0.99);
  });

  it("property: one typo anywhere in any commune's or district's name never answers another unit", () => {
    const places = reg.units.filter((u) => u.level === "commune" || u.level === "district");
    const province = reg.byCode.get("QN")!;
    const scope = reg.scope(province);
    const exact = new Set(scope.flatMap((u) => [foldVietnamese(u.name), foldVietnamese(unitLabel(u))]));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: places.length - 1 }),
        fc.constantFrom("start" as const, "middle" as const, "end" as const),
        fc.constantFrom("substitute" as const, "delete" as const, "insert" as const, "transpose" as const),
        fc.boolean(),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.constantFrom("tiến độ {p}", "{p} xong chưa", "cb nao chua dh o {p}", "td {p} ntn"),
        (i, where, op, marks, seed, template) => {
          const u = places[i]!;
          let s = seed;
          const r = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
          const typed = typo(marks ? u.name : foldVietnamese(u.name), where, op, r);
          const resolution = resolveQuestion(template.replace("{p}", `${u.type} ${typed}`), scope);
          if (resolution.kind === "unit") {
            // Answered at once only when what was typed is exactly that unit's name.
            expect(exact.has(foldVietnamese(typed)) || exact.has(foldVietnamese(`${u.type} ${typed}`))).toBe(true);
            expect(foldVietnamese(unitLabel(resolution.unit))).toBe(foldVietnamese(`${u.type} ${typed}`));
          }
        },
      ),
      { numRuns: 400 },
    );
  }, 120_000);
});

describe.each([
  ["abbrev", "2 abbreviations and fillers around exact names"],
  ["scope", "3 no unit: the asker's own scope, saying which words were not recognised"],
] as const)("%s: %s", (cls, _title) => {
  it.each(cases.filter((c) => c.cls === cls).map((c) => [c.text, c.asker, c] as const))("%j (%s)", (_text, _asker, c) => {
    const { resolution, outcome } = runQuestion(reg, c);
    expect(resolution.kind === "notQuestion" ? "notQuestion" : resolution.intent).toBe(c.intent);
    expect(outcome.verdict === "answered" || outcome.verdict === "offered", JSON.stringify({ resolution, outcome })).toBe(true);
    if (c.unit === undefined) {
      expect(resolution.kind).toBe("scope");
      if (resolution.kind === "scope") expect(resolution.unrecognised !== undefined).toBe(Boolean(c.unrecognised));
    }
  });
});

describe("4 values and 5 notes: read as meant, or refused with the reason; never misread", () => {
  it.each(values.map((c) => [c.cls, c.what, c] as const))("%s: %s", (_cls, _what, c) => {
    expect(c.run()).toEqual({ verdict: "answered" });
  });
});

describe("the scores the evaluation prints", () => {
  it("≥ 98 % understood in every class, nothing answered about another place, no value misread", () => {
    for (const s of scoreCorpus(reg)) {
      expect(s.understood / s.cases, `${s.cls}: ${s.failures.join("; ")}`).toBeGreaterThanOrEqual(0.98);
      expect(s.wrongPlace, s.cls).toBe(0);
      expect(s.wrongValue, s.cls).toBe(0);
    }
  }, 120_000);
});
