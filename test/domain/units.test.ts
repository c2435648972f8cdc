import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  levelOfType,
  parseUnitCsv,
  validateUnitRows,
  type ExistingUnit,
  type UnitLevel,
  type UnitRow,
  type ValidUnit,
} from "../../src/domain/units.js";

/** Build rows from [code, name, type, parent] tuples; line = index + 2 (after the header). */
function rows(...specs: [string, string, string, string | null][]): UnitRow[] {
  return specs.map(([code, name, type, parentCode], i) => ({ line: i + 2, code, name, type, parentCode }));
}

function errorsOf(r: ReturnType<typeof validateUnitRows>): { line: number; message: string }[] {
  if (r.ok) throw new Error("expected validation to fail");
  return r.errors;
}

function unitsOf(r: ReturnType<typeof validateUnitRows>): ValidUnit[] {
  if (!r.ok) throw new Error(`expected validation to pass:\n${r.errors.map((e) => e.message).join("\n")}`);
  return r.units;
}

/** Every unit's in-batch parent comes before it. */
function expectParentsFirst(units: ValidUnit[]): void {
  const pos = new Map(units.map((u, i) => [u.code, i]));
  units.forEach((u, i) => {
    if (u.parentCode !== null && pos.has(u.parentCode)) expect(pos.get(u.parentCode)!).toBeLessThan(i);
  });
}

describe("levelOfType", () => {
  it.each<[string, boolean, UnitLevel | undefined]>([
    ["tỉnh", false, "province"],
    ["Tỉnh", false, "province"],
    ["tinh", false, "province"],
    ["thành phố", false, "province"],
    ["thành phố", true, "district"],
    ["THANH  PHO", true, "district"],
    ["huyện", true, "district"],
    ["Thị xã", true, "district"],
    ["quận", true, "district"],
    ["xã", true, "commune"],
    ["phường", true, "commune"],
    ["thị trấn", true, "commune"],
    ["Đặc khu", true, "commune"],
    ["dac khu", true, "commune"],
    ["thôn", true, "hamlet"],
    ["bản", true, "hamlet"],
    ["khu phố", true, "hamlet"],
    ["tổ dân phố", true, "hamlet"],
    ["To Dan Pho", true, "hamlet"],
    ["khu", true, "hamlet"],
    ["ấp", true, "hamlet"],
    ["làng", true, "hamlet"],
    ["  thôn ", true, "hamlet"],
    ["làng xã", true, undefined],
    ["village", true, undefined],
    ["", true, undefined],
  ])("%j (hasParent=%s) → %s", (type, hasParent, level) => {
    expect(levelOfType(type, hasParent)).toBe(level);
  });

  it("accepts decomposed (NFD) input", () => {
    expect(levelOfType("thị trấn".normalize("NFD"), true)).toBe("commune");
  });
});

describe("validateUnitRows: valid shapes", () => {
  it("accepts province → district → commune → hamlet (pre-2025)", () => {
    const units = unitsOf(
      validateUnitRows(
        rows(
          ["QN", "Quảng Ninh", "tỉnh", null],
          ["QN-BL", "Bình Liêu", "huyện", "QN"],
          ["QN-HL", "Hạ Long", "thành phố", "QN"],
          ["QN-BL-HUCDONG", "Húc Động", "xã", "QN-BL"],
          ["QN-HL-BAICHAY", "Bãi Cháy", "phường", "QN-HL"],
          ["QN-BL-HUCDONG-01", "Thôn Nà Ếch", "thôn", "QN-BL-HUCDONG"],
          ["QN-HL-BAICHAY-01", "Khu phố 1", "khu phố", "QN-HL-BAICHAY"],
        ),
        [],
      ),
    );
    expect(units.map((u) => [u.code, u.level])).toEqual([
      ["QN", "province"],
      ["QN-BL", "district"],
      ["QN-HL", "district"],
      ["QN-BL-HUCDONG", "commune"],
      ["QN-HL-BAICHAY", "commune"],
      ["QN-BL-HUCDONG-01", "hamlet"],
      ["QN-HL-BAICHAY-01", "hamlet"],
    ]);
  });

  it("accepts province → commune → hamlet (post-2025, no district level)", () => {
    const units = unitsOf(
      validateUnitRows(
        rows(
          ["QN", "Quảng Ninh", "tỉnh", null],
          ["QN-COTO", "Cô Tô", "đặc khu", "QN"],
          ["QN-HALONG", "Hạ Long", "phường", "QN"],
          ["QN-COTO-01", "Thôn 1", "thôn", "QN-COTO"],
          ["QN-HALONG-01", "Tổ dân phố 1", "tổ dân phố", "QN-HALONG"],
        ),
        [],
      ),
    );
    expect(units.map((u) => u.level)).toEqual(["province", "commune", "commune", "hamlet", "hamlet"]);
    expect(units.some((u) => u.level === "district")).toBe(false);
  });

  it("accepts a centrally-run city (thành phố with no parent) as a province", () => {
    const units = unitsOf(
      validateUnitRows(
        rows(["HN", "Hà Nội", "thành phố", null], ["HN-BD", "Ba Đình", "quận", "HN"], ["HN-BD-KM", "Kim Mã", "phường", "HN-BD"]),
        [],
      ),
    );
    expect(units.map((u) => u.level)).toEqual(["province", "district", "commune"]);
  });

  it("allows several provinces in one file", () => {
    unitsOf(validateUnitRows(rows(["QN", "Quảng Ninh", "tỉnh", null], ["LS", "Lạng Sơn", "tỉnh", null]), []));
  });

  it("accepts an empty batch", () => {
    expect(validateUnitRows([], [])).toEqual({ ok: true, units: [] });
  });
});

describe("validateUnitRows: ordering", () => {
  it("puts parents before children when the file lists children first", () => {
    const input = rows(
      ["QN-BL-HUCDONG-01", "Thôn Nà Ếch", "thôn", "QN-BL-HUCDONG"],
      ["QN-BL-HUCDONG", "Húc Động", "xã", "QN-BL"],
      ["QN-BL", "Bình Liêu", "huyện", "QN"],
      ["QN", "Quảng Ninh", "tỉnh", null],
      ["QN-BL-HUCDONG-02", "Thôn 2", "thôn", "QN-BL-HUCDONG"],
    );
    const units = unitsOf(validateUnitRows(input, []));
    expect(units.map((u) => u.code)).toEqual([
      "QN",
      "QN-BL",
      "QN-BL-HUCDONG",
      "QN-BL-HUCDONG-01",
      "QN-BL-HUCDONG-02",
    ]);
    // Line numbers travel with the unit.
    expect(units.find((u) => u.code === "QN")!.line).toBe(5);
  });

  it("keeps file order otherwise", () => {
    const input = rows(
      ["QN", "Quảng Ninh", "tỉnh", null],
      ["B", "Xã B", "xã", "QN"],
      ["A", "Xã A", "xã", "QN"],
      ["A-1", "Thôn 1", "thôn", "A"],
      ["B-1", "Thôn 1", "thôn", "B"],
    );
    expect(unitsOf(validateUnitRows(input, [])).map((u) => u.code)).toEqual(["QN", "B", "A", "A-1", "B-1"]);
  });
});

describe("validateUnitRows: re-import against existing units", () => {
  const existing: ExistingUnit[] = [
    { code: "QN", parentCode: null, level: "province" },
    { code: "QN-BL", parentCode: "QN", level: "district" },
    { code: "QN-BL-HUCDONG", parentCode: "QN-BL", level: "commune" },
    { code: "QN-BL-HUCDONG-01", parentCode: "QN-BL-HUCDONG", level: "hamlet" },
  ];

  it("treats rows whose code exists as updates, and parents may be existing units", () => {
    const units = unitsOf(
      validateUnitRows(
        rows(
          ["QN-BL-HUCDONG-01", "Thôn Nà Ếch (đổi tên)", "thôn", "QN-BL-HUCDONG"],
          ["QN-BL-HUCDONG-02", "Thôn Khe Mạ", "thôn", "QN-BL-HUCDONG"],
          ["QN-BL-DONGVAN", "Đồng Văn", "xã", "QN-BL"],
          ["QN-BL-DONGVAN-01", "Bản Sông Moóc", "bản", "QN-BL-DONGVAN"],
        ),
        existing,
      ),
    );
    expect(units).toHaveLength(4);
    expectParentsFirst(units);
  });

  it("rejects a parent that is neither in the file nor existing", () => {
    const errs = errorsOf(validateUnitRows(rows(["QN-BL-X-01", "Thôn 1", "thôn", "QN-BL-X"]), existing));
    expect(errs).toEqual([{ line: 2, message: expect.stringContaining('mã cha "QN-BL-X"') }]);
  });

  it("checks the level of an existing parent", () => {
    const errs = errorsOf(validateUnitRows(rows(["QN-BL-T", "Thôn T", "thôn", "QN-BL"]), existing));
    expect(errs).toHaveLength(1);
    expect(errs[0]!.message).toMatch(/^Dòng 2: "QN-BL-T" là cấp thôn.*"QN-BL" là cấp huyện/);
  });

  it("uses the file's version of a re-imported parent, not the stored one", () => {
    // Moving to the post-2025 shape: the commune is re-parented to the province and
    // the district stays as it is; a new hamlet under the commune is fine.
    unitsOf(
      validateUnitRows(
        rows(["QN-BL-HUCDONG", "Húc Động", "xã", "QN"], ["QN-BL-HUCDONG-09", "Thôn 9", "thôn", "QN-BL-HUCDONG"]),
        existing,
      ),
    );
  });

  it("rejects re-typing a unit when that strands its existing children", () => {
    const errs = errorsOf(validateUnitRows(rows(["QN-BL-HUCDONG", "Húc Động", "huyện", "QN"]), existing));
    expect(errs).toHaveLength(1);
    expect(errs[0]!.message).toContain('"QN-BL-HUCDONG-01" (cấp thôn)');
  });

  it("detects a cycle that goes through stored units", () => {
    // QN-BL (stored parent QN) is re-parented under the commune, whose stored parent is QN-BL.
    const errs = errorsOf(validateUnitRows(rows(["QN-BL", "Bình Liêu", "huyện", "QN-BL-HUCDONG"]), existing));
    expect(errs.map((e) => e.message)).toEqual([
      'Dòng 2: quan hệ cha – con bị vòng lặp: QN-BL → QN-BL-HUCDONG → QN-BL.',
    ]);
  });
});

describe("validateUnitRows: each kind of bad line", () => {
  const base: [string, string, string, string | null][] = [
    ["QN", "Quảng Ninh", "tỉnh", null],
    ["QN-BL", "Bình Liêu", "huyện", "QN"],
    ["QN-BL-HD", "Húc Động", "xã", "QN-BL"],
  ];
  const withBad = (...bad: [string, string, string, string | null][]) => validateUnitRows(rows(...base, ...bad), []);

  it("empty code", () => {
    expect(errorsOf(withBad(["  ", "Thôn 1", "thôn", "QN-BL-HD"]))).toEqual([
      { line: 5, message: "Dòng 5: thiếu mã đơn vị (cột code)." },
    ]);
  });

  it("empty name", () => {
    expect(errorsOf(withBad(["QN-BL-HD-01", "", "thôn", "QN-BL-HD"]))).toEqual([
      { line: 5, message: 'Dòng 5: đơn vị "QN-BL-HD-01" chưa có tên (cột name).' },
    ]);
  });

  it("unknown type word", () => {
    const errs = errorsOf(withBad(["QN-BL-HD-01", "Thôn 1", "xóm làng", "QN-BL-HD"]));
    expect(errs).toHaveLength(1);
    expect(errs[0]!.message).toMatch(/^Dòng 5: loại đơn vị "xóm làng" không hợp lệ\./);
  });

  it("empty type word", () => {
    const errs = errorsOf(withBad(["QN-BL-HD-01", "Thôn 1", "", "QN-BL-HD"]));
    expect(errs[0]!.message).toMatch(/^Dòng 5: đơn vị "QN-BL-HD-01" chưa có loại/);
  });

  it("duplicate code within the file", () => {
    expect(errorsOf(withBad(["QN-BL", "Bình Liêu 2", "huyện", "QN"]))).toEqual([
      { line: 5, message: 'Dòng 5: mã "QN-BL" bị trùng với dòng 3.' },
    ]);
  });

  it("unknown parent code", () => {
    expect(errorsOf(withBad(["QN-BL-HD-01", "Thôn 1", "thôn", "QN-BL-XX"]))).toEqual([
      {
        line: 5,
        message: 'Dòng 5: mã cha "QN-BL-XX" của "QN-BL-HD-01" không có trong tệp và cũng chưa có trong hệ thống.',
      },
    ]);
  });

  it("a unit that is its own parent", () => {
    expect(errorsOf(withBad(["QN-BL-HD-01", "Thôn 1", "thôn", "QN-BL-HD-01"]))).toEqual([
      { line: 5, message: 'Dòng 5: đơn vị "QN-BL-HD-01" không thể là đơn vị cha của chính nó.' },
    ]);
  });

  it("a cycle, naming the codes once", () => {
    const errs = errorsOf(
      withBad(["A", "Xã A", "xã", "C"], ["B", "Xã B", "xã", "A"], ["C", "Xã C", "xã", "B"], ["A-1", "Thôn 1", "thôn", "A"]),
    );
    expect(errs).toEqual([{ line: 5, message: "Dòng 5: quan hệ cha – con bị vòng lặp: A → C → B → A." }]);
  });

  it("hamlet under a district", () => {
    expect(errorsOf(withBad(["T", "Thôn 1", "thôn", "QN-BL"]))).toEqual([
      {
        line: 5,
        message:
          'Dòng 5: "T" là cấp thôn nên đơn vị cha phải là cấp xã (xã, phường, thị trấn, đặc khu), nhưng "QN-BL" là cấp huyện.',
      },
    ]);
  });

  it("hamlet under a hamlet", () => {
    const errs = errorsOf(withBad(["T1", "Thôn 1", "thôn", "QN-BL-HD"], ["T2", "Bản 2", "bản", "T1"]));
    expect(errs.map((e) => e.line)).toEqual([6]);
    expect(errs[0]!.message).toContain('"T1" là cấp thôn');
  });

  it("commune under a commune", () => {
    const errs = errorsOf(withBad(["X2", "Xã 2", "xã", "QN-BL-HD"]));
    expect(errs[0]!.message).toBe(
      'Dòng 5: "X2" là cấp xã nên đơn vị cha phải là cấp huyện hoặc cấp tỉnh, nhưng "QN-BL-HD" là cấp xã.',
    );
  });

  it("district under a district", () => {
    const errs = errorsOf(withBad(["H2", "Huyện 2", "huyện", "QN-BL"]));
    expect(errs[0]!.message).toMatch(/^Dòng 5: "H2" là cấp huyện nên đơn vị cha phải là cấp tỉnh/);
  });

  it("province with a parent", () => {
    expect(errorsOf(withBad(["LS", "Lạng Sơn", "tỉnh", "QN"]))).toEqual([
      { line: 5, message: 'Dòng 5: "LS" là cấp tỉnh nên không được có mã cha (đang ghi "QN").' },
    ]);
  });

  it("non-province without a parent", () => {
    expect(errorsOf(withBad(["X", "Xã X", "xã", null]))[0]!.message).toBe(
      'Dòng 5: "X" là cấp xã nên phải có mã cha (cấp huyện hoặc cấp tỉnh).',
    );
  });

  it("reports every bad line, sorted by line, without cascading", () => {
    const errs = errorsOf(
      validateUnitRows(
        rows(
          ["T-01", "Thôn 1", "thôn", "BAD"], // 2: its parent has an unknown type → no level error here
          ["QN", "Quảng Ninh", "tỉnh", null], // 3
          ["BAD", "Xã lạ", "xa lo", "QN"], // 4: unknown type
          ["", "Không mã", "xã", "QN"], // 5: empty code
          ["QN", "Trùng", "tỉnh", null], // 6: duplicate
          ["Z", "", "xã", "NOPE"], // 7: empty name + unknown parent
        ),
        [],
      ),
    );
    expect(errs.map((e) => e.line)).toEqual([4, 5, 6, 7, 7]);
    for (const e of errs) expect(e.message.startsWith(`Dòng ${e.line}: `)).toBe(true);
  });
});

describe("parseUnitCsv", () => {
  it("reads quotes, a BOM, CRLF, blank lines; trims; empty parent → null; NFC names", () => {
    const text =
      "\uFEFF Code ,NAME,Type, parent_code \r\n" +
      "QN,Quảng Ninh,tỉnh,\r\n" +
      "\r\n" +
      `QN-BL,"Bình Liêu, huyện",huyện,QN\r\n` +
      `QN-BL-HD,"Xã ""Húc Động""",${"xã".normalize("NFD")},QN-BL\r\n` +
      ",,,\r\n" +
      ` QN-BL-HD-01 , ${"Thôn Nà Ếch".normalize("NFD")} ,thôn, QN-BL-HD \r\n`;
    const r = parseUnitCsv(text);
    expect(r).toEqual({
      ok: true,
      rows: [
        { line: 2, code: "QN", name: "Quảng Ninh", type: "tỉnh", parentCode: null },
        { line: 4, code: "QN-BL", name: "Bình Liêu, huyện", type: "huyện", parentCode: "QN" },
        { line: 5, code: "QN-BL-HD", name: 'Xã "Húc Động"', type: "xã", parentCode: "QN-BL" },
        { line: 7, code: "QN-BL-HD-01", name: "Thôn Nà Ếch", type: "thôn", parentCode: "QN-BL-HD" },
      ],
    });
  });

  it("numbers lines from the start of a record when a quoted field spans lines", () => {
    const r = parseUnitCsv('code,name,type,parent_code\nQN,"Quảng\nNinh",tỉnh,\nX,Xã X,xã,QN\n');
    expect(r.ok && r.rows.map((x) => [x.line, x.name])).toEqual([
      [2, "Quảng Ninh"],
      [4, "Xã X"],
    ]);
  });

  it("rejects a wrong column count, naming the line and the count", () => {
    const r = parseUnitCsv("code,name,type,parent_code\nQN,Quảng Ninh,tỉnh,\nQN-BL,Bình Liêu,huyện\nA,B,C,D,E\n");
    expect(r).toEqual({
      ok: false,
      errors: [
        { line: 3, message: "Dòng 3: có 3 cột, cần đúng 4 cột (code,name,type,parent_code)." },
        { line: 4, message: "Dòng 4: có 5 cột, cần đúng 4 cột (code,name,type,parent_code)." },
      ],
    });
  });

  it("rejects a wrong header", () => {
    for (const header of ["code,name,type", "code,name,parent_code,type", "ma,ten,loai,ma_cha", "code,name,type,parent_code,x"]) {
      const r = parseUnitCsv(`${header}\nQN,Quảng Ninh,tỉnh,\n`);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]!.message).toMatch(/^Dòng 1: dòng tiêu đề phải là "code,name,type,parent_code"/);
    }
  });

  it("rejects an empty file", () => {
    expect(parseUnitCsv("")).toMatchObject({ ok: false, errors: [{ line: 1 }] });
    expect(parseUnitCsv("\uFEFF\r\n")).toMatchObject({ ok: false, errors: [{ line: 1 }] });
  });

  it("accepts a header-only file as zero rows", () => {
    expect(parseUnitCsv("code,name,type,parent_code\n")).toEqual({ ok: true, rows: [] });
  });

  it("reports an unclosed quote at the line where it opens", () => {
    const r = parseUnitCsv('code,name,type,parent_code\nQN,Quảng Ninh,tỉnh,\n\nX,"Xã X,xã,QN\nY,Xã Y,xã,QN\n');
    expect(r).toEqual({
      ok: false,
      errors: [{ line: 4, message: 'Dòng 4: dấu ngoặc kép (") được mở nhưng không được đóng.' }],
    });
  });

  it("reports an unclosed quote inside a multi-line file with CRLF", () => {
    const r = parseUnitCsv('code,name,type,parent_code\r\nQN,"Quảng\r\nNinh",tỉnh,\r\nX,Xã X,xã,QN\r\nY,Xã Y,"xã,QN\r\nZ,Xã Z,xã,QN\r\n');
    expect(r).toMatchObject({ ok: false, errors: [{ line: 5 }] });
  });

  it("keeps a stray quote inside an unquoted field as text", () => {
    const r = parseUnitCsv('code,name,type,parent_code\nQN,Quảng Ninh,tỉnh,\nK,Khu "A",khu,QN\n');
    expect(r.ok && r.rows[1]!.name).toBe('Khu "A"');
  });

  it("feeds validateUnitRows with file line numbers", () => {
    const r = parseUnitCsv("code,name,type,parent_code\nQN,Quảng Ninh,tỉnh,\nX,Xã X,xã,QN\nX,Xã X lần 2,xã,QN\n");
    if (!r.ok) throw new Error("parse failed");
    expect(errorsOf(validateUnitRows(r.rows, []))).toEqual([
      { line: 4, message: 'Dòng 4: mã "X" bị trùng với dòng 3.' },
    ]);
  });
});

// ---------------------------------------------------------------------------
// Property: random valid trees, shuffled, validate and come back parents-first.

interface TreeSpec {
  withDistricts: boolean;
  // per province: list of districts (or a single pseudo-district when none), each a list
  // of communes, each a hamlet count
  provinces: number[][][];
}

const treeArb: fc.Arbitrary<TreeSpec> = fc.record({
  withDistricts: fc.boolean(),
  provinces: fc.array(fc.array(fc.array(fc.nat({ max: 4 }), { maxLength: 4 }), { minLength: 1, maxLength: 3 }), {
    minLength: 1,
    maxLength: 3,
  }),
});

const PROVINCE_TYPES = ["tỉnh", "thành phố", "Tỉnh"];
const DISTRICT_TYPES = ["huyện", "thị xã", "thành phố", "quận", "Huyện"];
const COMMUNE_TYPES = ["xã", "phường", "thị trấn", "đặc khu", "Xã"];
const HAMLET_TYPES = ["thôn", "bản", "khu phố", "tổ dân phố", "khu", "ấp", "làng", "thon"];

function buildTree(spec: TreeSpec, pick: (n: number) => number): { code: string; name: string; type: string; parentCode: string | null; level: UnitLevel }[] {
  const out: { code: string; name: string; type: string; parentCode: string | null; level: UnitLevel }[] = [];
  const any = <T,>(xs: T[]): T => xs[pick(xs.length)]!;
  spec.provinces.forEach((districts, p) => {
    const pc = `P${p}`;
    out.push({ code: pc, name: `Tỉnh ${p}`, type: any(PROVINCE_TYPES), parentCode: null, level: "province" });
    districts.forEach((communes, d) => {
      let parentOfCommunes = pc;
      if (spec.withDistricts) {
        parentOfCommunes = `${pc}-D${d}`;
        out.push({ code: parentOfCommunes, name: `Huyện ${d}`, type: any(DISTRICT_TYPES), parentCode: pc, level: "district" });
      }
      communes.forEach((hamlets, c) => {
        const cc = `${pc}-D${d}-C${c}`;
        out.push({ code: cc, name: `Xã ${c}`, type: any(COMMUNE_TYPES), parentCode: parentOfCommunes, level: "commune" });
        for (let h = 0; h < hamlets; h++) {
          out.push({ code: `${cc}-H${h}`, name: `Thôn ${h + 1}`, type: any(HAMLET_TYPES), parentCode: cc, level: "hamlet" });
        }
      });
    });
  });
  return out;
}

describe("validateUnitRows: properties", () => {
  it("random valid trees, shuffled, validate and come back parents-first", () => {
    fc.assert(
      fc.property(treeArb, fc.infiniteStream(fc.nat()), fc.infiniteStream(fc.nat()), (spec, picks, keys) => {
        const it = picks[Symbol.iterator]();
        const tree = buildTree(spec, (n) => (it.next().value as number) % n);
        const kit = keys[Symbol.iterator]();
        const shuffledTree = tree
          .map((u) => ({ u, k: kit.next().value as number }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.u);
        const input: UnitRow[] = shuffledTree.map((u, i) => ({
          line: i + 2,
          code: u.code,
          name: u.name,
          type: u.type,
          parentCode: u.parentCode,
        }));
        const units = unitsOf(validateUnitRows(input, []));
        expect(units).toHaveLength(tree.length);
        expect(new Set(units.map((u) => u.code)).size).toBe(tree.length);
        expectParentsFirst(units);
        const want = new Map(tree.map((u) => [u.code, u.level]));
        for (const u of units) expect(u.level).toBe(want.get(u.code));
        if (!spec.withDistricts) expect(units.some((u) => u.level === "district")).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it("a valid tree split into stored units and a re-import validates", () => {
    fc.assert(
      fc.property(treeArb, fc.infiniteStream(fc.nat()), fc.nat(), (spec, picks, splitSeed) => {
        const it = picks[Symbol.iterator]();
        const tree = buildTree(spec, (n) => (it.next().value as number) % n);
        // Stored: a prefix of the tree (parents always precede children in buildTree);
        // the file holds the rest plus a few stored units again (updates), reversed.
        const cut = splitSeed % (tree.length + 1);
        const existing: ExistingUnit[] = tree.slice(0, cut).map((u) => ({ code: u.code, parentCode: u.parentCode, level: u.level }));
        const fileUnits = [...tree.slice(Math.max(0, cut - 2))].reverse();
        const input: UnitRow[] = fileUnits.map((u, i) => ({ line: i + 2, code: u.code, name: u.name, type: u.type, parentCode: u.parentCode }));
        const units = unitsOf(validateUnitRows(input, existing));
        expect(units).toHaveLength(fileUnits.length);
        expectParentsFirst(units);
      }),
      { numRuns: 200 },
    );
  });

  it("one row re-pointed at a random code never crashes and never returns children before parents", () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), fc.nat(), (spec, a, b) => {
        const tree = buildTree(spec, () => 0);
        const input: UnitRow[] = tree.map((u, i) => ({ line: i + 2, code: u.code, name: u.name, type: u.type, parentCode: u.parentCode }));
        const victim = input[a % input.length]!;
        victim.parentCode = input[b % input.length]!.code;
        const r = validateUnitRows(input, []);
        if (r.ok) expectParentsFirst(r.units);
        else for (const e of r.errors) expect(e.message.startsWith(`Dòng ${e.line}: `)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
