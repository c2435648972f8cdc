import { afterEach, describe, expect, it } from "vitest";
import { coverageFor, pathRange, progressFor, refreshHamletFigures } from "../db/coverage.js";
import { reviewQueries } from "../db/review.js";
import { reportQueries } from "../db/reports.js";
import { createTerm } from "../db/terms.js";
import { existingUnits, importUnits } from "../db/units.js";
import { childrenWorstFirst, emptyTally, type Tally } from "../src/domain/coverage.js";
import { indicatorLines } from "../src/domain/indicators.js";
import { parseUnitCsv, validateUnitRows } from "../src/domain/units.js";
import type { Answers } from "../src/domain/forms/types.js";
import { createHarness, lastText, seedTerm, type Harness } from "./support/harness.js";
import { CONGRESS_ANSWERS, ELECTION_ANSWERS, registered } from "./reports/support.js";

let h: Harness;
afterEach(() => h?.close());

function unit(code: string): { id: number; path: string } {
  return h.db.$client.prepare("select id, path from units where code = ?").get(code) as { id: number; path: string };
}

function termId(): number {
  return (h.db.$client.prepare("select id from terms where active = 1").get() as { id: number }).id;
}

const tally = (t: Partial<Tally>): Tally => ({ ...emptyTally(), ...t });

describe("coverageFor — through the real bot (province → district → commune → hamlet)", () => {
  it("tallies every level, counting hamlets that never reported, and settles a conflict into the figures", async () => {
    h = createHarness();
    // Bản Nà Ếch: a valid election and a valid congress → finished.
    const a = await registered(h, 2001, "QN-BL-HUCDONG-01", "reporter", "Nguyễn Văn An");
    expect(lastText(await a.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]))).toContain("Đã lưu");
    expect(lastText(await a.script(["/daihoi", ...CONGRESS_ANSWERS, "tap:Lưu"]))).toContain("Đã lưu");
    // Thôn Khe Mạ: an election that must be held again.
    const b = await registered(h, 2002, "QN-BL-HUCDONG-02", "reporter", "Lò Văn Bình");
    expect(lastText(await b.script(["/baucu", "300\n150\n140", ...ELECTION_ANSWERS.slice(1), "tap:Lưu"]))).toContain("Đã lưu");
    // Đồng Văn, Thôn 1: two officials disagree → conflict.
    const c = await registered(h, 2003, "QN-BL-DONGVAN-01", "reporter", "Hoàng Văn Cường");
    await c.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);
    const staff = await registered(h, 2004, "QN-BL-DONGVAN", "staff", "Cán bộ Đồng Văn");
    await staff.send("/baucu");
    expect(lastText(await staff.script(["thon 1", "300\n270\n250", ...ELECTION_ANSWERS.slice(1), "tap:Lưu"]))).toContain(
      "khác với báo cáo trước đó của người khác",
    );
    // Thanh Lân, Thôn 1: a congress without quorum. Thanh Lân, Thôn 2 never reports.
    const d = await registered(h, 2005, "QN-CT-THANHLAN-01", "reporter", "Trần Văn Dũng");
    await d.script(["/daihoi", "hôm nay", "30\n19", "Trần Văn Ba, 90%", "tap:Không", "tap:Có", "tap:Bầu mới", "tap:Không có", "0\n0", "tap:Lưu"]);

    const province = coverageFor(h.db, termId(), unit("QN").path);
    expect(province.units).toHaveLength(11);
    expect(province.statuses.size).toBe(5);
    expect(province.statuses.get(unit("QN-CT-THANHLAN-02").id)).toEqual({ unitId: unit("QN-CT-THANHLAN-02").id, election: "missing", congress: "missing", finished: false, electionConfirmed: false, congressConfirmed: false });
    expect(province.statuses.get(unit("QN-BL-DONGVAN-01").id)).toMatchObject({ election: "conflict", congress: "missing" });

    const t = (code: string) => province.tallies.get(unit(code).id);
    expect(t("QN")).toEqual(tally({ hamlets: 5, electionReported: 1, electionRevote: 1, electionConflict: 1, congressReported: 1, congressNotQuorate: 1, finished: 1 }));
    expect(t("QN-BL")).toEqual(tally({ hamlets: 3, electionReported: 1, electionRevote: 1, electionConflict: 1, congressReported: 1, finished: 1 }));
    expect(t("QN-BL-HUCDONG")).toEqual(tally({ hamlets: 2, electionReported: 1, electionRevote: 1, congressReported: 1, finished: 1 }));
    expect(t("QN-BL-HUCDONG-01")).toEqual(tally({ hamlets: 1, electionReported: 1, congressReported: 1, finished: 1 }));
    expect(t("QN-BL-HUCDONG-02")).toEqual(tally({ hamlets: 1, electionRevote: 1 }));
    expect(t("QN-BL-DONGVAN")).toEqual(tally({ hamlets: 1, electionConflict: 1 }));
    expect(t("QN-CT")).toEqual(tally({ hamlets: 2, congressNotQuorate: 1 }));
    expect(t("QN-CT-THANHLAN")).toEqual(tally({ hamlets: 2, congressNotQuorate: 1 }));
    expect(t("QN-CT-THANHLAN-02")).toEqual(tally({ hamlets: 1 }));

    // Which units lag: Cô Tô (0 of 2 finished) before Bình Liêu (1 of 3).
    expect(childrenWorstFirst(unit("QN").id, province.units, province.tallies).map((u) => u.name)).toEqual(["Cô Tô", "Bình Liêu"]);

    // Indicators read only current, valid, non-conflict reports: Bản Nà Ếch's.
    expect(province.indicators.elections).toBe(1);
    expect(province.indicators.congresses).toBe(1);
    expect(province.indicators.secretaryIsChief).toEqual({ numerator: 1, denominator: 1, pct: 100 });
    expect(province.indicators.chiefUnder40).toEqual({ numerator: 0, denominator: 1, pct: 0 }); // 2024 − 1978 = 46
    expect(indicatorLines(province.indicators)).toContain("Tỷ lệ cử tri đi bầu bình quân: 93,3% (1 thôn)");

    // A narrower scope sees only its own subtree.
    const district = coverageFor(h.db, termId(), unit("QN-BL").path);
    expect(district.units.map((u) => u.id).sort((x, y) => x - y)).toEqual(["QN-BL", "QN-BL-HUCDONG", "QN-BL-HUCDONG-01", "QN-BL-HUCDONG-02", "QN-BL-DONGVAN", "QN-BL-DONGVAN-01"].map((code) => unit(code).id).sort((x, y) => x - y));
    expect(district.tallies.get(unit("QN-BL").id)).toEqual(t("QN-BL"));
    const commune = coverageFor(h.db, termId(), unit("QN-CT-THANHLAN").path);
    expect(commune.tallies.get(unit("QN-CT-THANHLAN").id)).toEqual(tally({ hamlets: 2, congressNotQuorate: 1 }));
    expect(commune.indicators.congresses).toBe(0);
    expect(commune.indicators.secretaryIsChief).toBeNull();
    const hamlet = coverageFor(h.db, termId(), unit("QN-CT-THANHLAN-02").path);
    expect([...hamlet.tallies.values()]).toEqual([tally({ hamlets: 1 })]);

    // Staff settle the conflict with a correction: the hamlet now counts as reported.
    await staff.script(["/sua baucu", "thon 1", "tap:Sửa mục", "tap:Số cử tri đi bầu", "270", "tap:Lưu", "tap:Bỏ qua"]);
    const after = coverageFor(h.db, termId(), unit("QN").path);
    expect(after.statuses.get(unit("QN-BL-DONGVAN-01").id)).toMatchObject({ election: "reported" });
    expect(after.tallies.get(unit("QN").id)).toEqual(tally({ hamlets: 5, electionReported: 2, electionRevote: 1, congressReported: 1, congressNotQuorate: 1, finished: 1 }));
    expect(after.indicators.elections).toBe(2);
    expect(after.indicators.averageTurnout!.pct).toBeCloseTo(((280 / 300 + 270 / 300) / 2) * 100, 9);

    // Commune sign-off counts only the current version of a reported head: confirming Bản Nà Ếch's
    // election and Khe Mạ's (must re-vote) election adds one confirmed election, not two.
    const currentVersion = h.db.$client.prepare("select current_version_id from reports r join units u on u.id = r.unit_id where u.code = ? and r.kind = ?").pluck();
    const review = reviewQueries(h.db);
    const reviewer = (h.db.$client.prepare("select id from people where full_name = 'Cán bộ Đồng Văn'").get() as { id: number }).id;
    for (const code of ["QN-BL-HUCDONG-01", "QN-BL-HUCDONG-02"]) {
      expect(review.decide({ versionId: currentVersion.get(code, "election") as number, status: "confirmed", reviewerPersonId: reviewer, note: null, now: 0 })).toBe(true);
    }
    const signedOff = coverageFor(h.db, termId(), unit("QN").path);
    expect(signedOff.statuses.get(unit("QN-BL-HUCDONG-01").id)).toMatchObject({ electionConfirmed: true, congressConfirmed: false });
    expect(signedOff.tallies.get(unit("QN").id)).toMatchObject({ electionReported: 2, electionConfirmed: 1, congressReported: 1, congressConfirmed: 0 });
    expect(signedOff.tallies.get(unit("QN-BL-HUCDONG").id)).toMatchObject({ electionConfirmed: 1 });
    expect(signedOff.tallies.get(unit("QN-CT").id)).toMatchObject({ electionConfirmed: 0 });
  });

  it("reads and maintains the figures through indexes only: the cost follows the subtree or the children, not the term", async () => {
    h = createHarness();
    const sqlite = h.db.$client;
    const prepare = sqlite.prepare.bind(sqlite);
    const plans = new Map<string, string[]>();
    (sqlite as { prepare: typeof sqlite.prepare }).prepare = ((source: string) => {
      const named = [...new Set([...source.matchAll(/@(\w+)/g)].map((m) => m[1]!))];
      const params = named.length ? [Object.fromEntries(named.map((n) => [n, 1]))] : Array.from({ length: (source.match(/\?/g) ?? []).length }, () => 1);
      plans.set(source, (prepare(`explain query plan ${source}`).all(...params) as { detail: string }[]).map((r) => r.detail));
      return prepare(source);
    }) as typeof sqlite.prepare;
    try {
      const a = await registered(h, 2001, "QN-BL-HUCDONG-01", "reporter", "Nguyễn Văn An");
      await a.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]); // the first save after the registry import rebuilds
      await a.script(["/daihoi", ...CONGRESS_ANSWERS, "tap:Lưu"]); // then changes go to the ancestors
      coverageFor(h.db, termId(), unit("QN-BL").path).indicators;
      progressFor(h.db, termId(), unit("QN").path);
      progressFor(h.db, termId(), unit("QN-BL-HUCDONG").path);
      const path = unit("QN-BL-HUCDONG-01").path;
      h.db.$client.prepare("update units set path = path where path = ?").run(path); // no registry change
      refreshHamletFigures(h.db, termId(), unit("QN-BL-HUCDONG-01").id);
    } finally {
      (sqlite as { prepare: typeof sqlite.prepare }).prepare = prepare;
    }
    const figureStatements = [...plans].filter(([source]) => /hamlet_figures|unit_figures|unit_sizes/.test(source));
    expect(figureStatements.some(([source]) => /^update unit_figures[\s\S]*unit_id in \(/.test(source))).toBe(true);
    expect(figureStatements.length).toBeGreaterThanOrEqual(12);
    for (const [source, plan] of figureStatements) {
      // The rebuild after a registry change reads everything on purpose; nothing else may scan a table.
      if (/json_each\(\'\[/.test(source) || /^delete from/.test(source)) continue;
      for (const step of plan) expect(step, `${source}\n${plan.join("\n")}`).not.toMatch(/^SCAN (units|reports|report_versions|hamlet_figures|unit_figures|unit_sizes)\b/);
      const units = plan.filter((step) => /\b(units|u|c)\b USING/.test(step) && / (u|c|units) USING/.test(step));
      for (const step of units) expect(step).toMatch(/units_path_idx|units_parent_idx|INTEGER PRIMARY KEY/);
    }
  });
});

describe("coverageFor — a registry without the district level", () => {
  const CSV = [
    "code,name,type,parent_code",
    "QN,Quảng Ninh,tỉnh,",
    "QN-HUCDONG,Húc Động,xã,QN",
    "QN-HUCDONG-01,Bản Nà Ếch,bản,QN-HUCDONG",
    "QN-HUCDONG-02,Thôn Khe Mạ,thôn,QN-HUCDONG",
    "QN-COTO,Cô Tô,đặc khu,QN",
    "QN-COTO-01,Thôn 1,thôn,QN-COTO",
  ].join("\n");

  it("rolls hamlets up to communes and the province, and only counts the given term", () => {
    h = createHarness({ seed: false });
    const parsed = parseUnitCsv(CSV);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const valid = validateUnitRows(parsed.rows, existingUnits(h.db));
    if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
    importUnits(h.db, valid.units);
    const term = seedTerm(h.db);
    const old = createTerm(h.db, { name: "2022-2024", electionDate: "2022-06-05", congressDeadline: "2022-07-03", windowStart: "2022-06-05", windowEnd: "2022-07-03" });
    const person = h.db.$client.prepare("insert into people (full_name) values ('Cán bộ') returning id").get() as { id: number };

    const reports = reportQueries(h.db);
    let key = 0;
    const save = (termId: number, code: string, kind: "election" | "congress", outcome: "valid" | "revote" | "not_quorate", answers: Answers) =>
      reports.save({ termId, unitId: unit(code).id, kind, answers, outcome, authorPersonId: person.id, channel: "test", submissionKey: `k${key++}`, correction: false, resolvesConflict: false, now: 0 });
    const el: Answers = { date: "2024-12-15", voters: 100, participants: 90, votes: 80, chiefName: "Lý Thị Mai", gender: "female", birthYear: 1990, partyStatus: "full", education: "college", theory: "elementary", tenure: "new" };
    const co: Answers = { date: "2024-12-20", summoned: 10, attending: 9, secretaryName: "Lý Thị Mai", secretaryShare: 88.5, electedAtCongress: true, secretaryIsChief: true, secretaryTenure: "new", deputyName: null, committeeSize: 3, committeeWomen: 2 };
    save(term.id, "QN-HUCDONG-01", "election", "valid", el);
    save(term.id, "QN-HUCDONG-01", "congress", "valid", co);
    save(term.id, "QN-COTO-01", "election", "valid", { ...el, birthYear: 1970 });
    // Last term's reports are not this term's.
    save(old.id, "QN-HUCDONG-02", "election", "valid", el);
    save(old.id, "QN-COTO-01", "congress", "valid", co);

    const cov = coverageFor(h.db, term.id, unit("QN").path);
    expect(new Set(cov.units.map((u) => u.level))).toEqual(new Set(["province", "commune", "hamlet"]));
    expect(cov.tallies.get(unit("QN").id)).toEqual(tally({ hamlets: 3, electionReported: 2, congressReported: 1, finished: 1 }));
    expect(cov.tallies.get(unit("QN-HUCDONG").id)).toEqual(tally({ hamlets: 2, electionReported: 1, congressReported: 1, finished: 1 }));
    expect(cov.tallies.get(unit("QN-COTO").id)).toEqual(tally({ hamlets: 1, electionReported: 1 }));
    expect(cov.indicators.chiefUnder40).toEqual({ numerator: 1, denominator: 2, pct: 50 });
    expect(cov.indicators.womenOnCommittees).toEqual({ numerator: 2, denominator: 3, pct: (2 / 3) * 100 });
    expect(cov.indicators.secretaryVoteShare).toEqual({ min: 88.5, max: 88.5, reports: 1 });

    // The old term's figures use its own election year (2022) and its own reports.
    const past = coverageFor(h.db, old.id, unit("QN").path);
    expect(past.tallies.get(unit("QN").id)).toEqual(tally({ hamlets: 3, electionReported: 1, congressReported: 1 }));
    expect(past.indicators.chiefUnder40).toEqual({ numerator: 1, denominator: 1, pct: 100 });

    expect(() => coverageFor(h.db, 999, unit("QN").path)).toThrow(/no term/);
  });
});

describe("pathRange", () => {
  it("holds exactly the paths that start with the given one", () => {
    const { lo, hi } = pathRange("/1/2/");
    expect({ lo, hi }).toEqual({ lo: "/1/2/", hi: "/1/20" });
    const inside = (p: string) => p >= lo && p < hi;
    expect(["/1/2/", "/1/2/3/", "/1/2/99/7/"].every(inside)).toBe(true);
    expect(["/1/", "/1/20/", "/1/3/", "/1/2"].some(inside)).toBe(false);
  });
});
