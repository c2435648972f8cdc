import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseUnitCsv, validateUnitRows, type UnitLevel, type ValidUnit } from "../../src/domain/units.js";

const sample = (file: string): string =>
  readFileSync(fileURLToPath(new URL(`../../data/sample/${file}`, import.meta.url)), "utf8");

function load(file: string): ValidUnit[] {
  const parsed = parseUnitCsv(sample(file));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
  const valid = validateUnitRows(parsed.rows, []);
  if (!valid.ok) throw new Error(valid.errors.map((e) => e.message).join("\n"));
  return valid.units;
}

function countByLevel(units: ValidUnit[]): Record<UnitLevel, number> {
  const c: Record<UnitLevel, number> = { province: 0, district: 0, commune: 0, hamlet: 0 };
  for (const u of units) c[u.level]++;
  return c;
}

function expectCleanNames(units: ValidUnit[]): void {
  for (const u of units) {
    expect(u.name.trim(), u.code).not.toBe("");
    expect(u.name, u.code).toBe(u.name.normalize("NFC"));
    expect(u.type, u.code).toBe(u.type.normalize("NFC"));
    expect(u.code, u.code).toMatch(/^[A-Z0-9-]+$/);
  }
}

describe("data/sample/quang-ninh.csv (pre-2025 shape)", () => {
  const units = load("quang-ninh.csv");
  const byCode = new Map(units.map((u) => [u.code, u]));

  it("has 1 province, 13 districts, 170–185 communes, 1,450–1,560 hamlets", () => {
    const c = countByLevel(units);
    expect(c.province).toBe(1);
    expect(c.district).toBe(13);
    expect(c.commune).toBeGreaterThanOrEqual(170);
    expect(c.commune).toBeLessThanOrEqual(185);
    expect(c.hamlet).toBeGreaterThanOrEqual(1450);
    expect(c.hamlet).toBeLessThanOrEqual(1560);
  });

  it("is Quảng Ninh with its 13 district-level units", () => {
    const province = units.find((u) => u.level === "province")!;
    expect(province).toMatchObject({ code: "QN", name: "Quảng Ninh", type: "tỉnh" });
    const districts = units.filter((u) => u.level === "district").map((u) => `${u.type} ${u.name}`);
    expect(districts).toEqual(
      expect.arrayContaining([
        "thành phố Hạ Long", "thành phố Cẩm Phả", "thành phố Uông Bí", "thành phố Móng Cái",
        "thị xã Quảng Yên", "huyện Vân Đồn", "huyện Cô Tô", "huyện Tiên Yên", "huyện Đầm Hà",
        "huyện Hải Hà", "huyện Bình Liêu", "huyện Ba Chẽ",
      ]),
    );
    expect(districts.some((d) => /^(thị xã|thành phố) Đông Triều$/.test(d))).toBe(true);
  });

  it("has xã Húc Động under huyện Bình Liêu, with hamlets", () => {
    const hd = units.find((u) => u.name === "Húc Động");
    expect(hd).toMatchObject({ code: "QN-BL-HUCDONG", type: "xã", level: "commune", parentCode: "QN-BL" });
    expect(byCode.get("QN-BL")).toMatchObject({ name: "Bình Liêu", type: "huyện" });
    const hamlets = units.filter((u) => u.parentCode === "QN-BL-HUCDONG");
    expect(hamlets.length).toBeGreaterThan(0);
    expect(hamlets.map((u) => u.name)).toContain("Thôn Nà Ếch");
    expect(byCode.get("QN-BL-HUCDONG-01")?.level).toBe("hamlet");
  });

  it("has the Bình Liêu and Cô Tô communes", () => {
    const under = (d: string) => units.filter((u) => u.parentCode === d).map((u) => `${u.type} ${u.name}`);
    expect(under("QN-BL").sort()).toEqual(
      ["xã Húc Động", "xã Đồng Văn", "xã Hoành Mô", "xã Đồng Tâm", "xã Lục Hồn", "xã Tình Húc", "xã Vô Ngại", "thị trấn Bình Liêu"].sort(),
    );
    expect(under("QN-CT").sort()).toEqual(["thị trấn Cô Tô", "xã Đồng Tiến", "xã Thanh Lân"].sort());
    expect(under("QN-HL")).toEqual(expect.arrayContaining(["phường Bãi Cháy", "phường Hồng Gai", "phường Hà Khẩu"]));
  });

  it("has NFC, non-empty names, ASCII codes, and unique hamlet names within a commune", () => {
    expectCleanNames(units);
    const seen = new Set<string>();
    for (const u of units.filter((x) => x.level === "hamlet")) {
      const key = `${u.parentCode}/${u.name}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it("names hamlets with their type word, mountain districts using bản/thôn", () => {
    for (const u of units.filter((x) => x.level === "hamlet")) {
      expect(u.name.toLowerCase().startsWith(`${u.type} `), u.code).toBe(true);
    }
    for (const d of ["QN-BL", "QN-BC", "QN-TY"]) {
      const communes = new Set(units.filter((u) => u.parentCode === d && u.type === "xã").map((u) => u.code));
      const types = new Set(units.filter((u) => u.parentCode !== null && communes.has(u.parentCode)).map((u) => u.type));
      expect([...types].every((t) => t === "bản" || t === "thôn"), d).toBe(true);
    }
  });
});

describe("data/sample/post-2025.csv (post-2025 shape)", () => {
  const units = load("post-2025.csv");

  it("has no district level: province → commune → hamlet", () => {
    const c = countByLevel(units);
    expect(c.province).toBe(1);
    expect(c.district).toBe(0);
    expect(c.commune).toBeGreaterThanOrEqual(4);
    expect(c.hamlet).toBeGreaterThanOrEqual(30);
    const province = units.find((u) => u.level === "province")!;
    for (const u of units.filter((x) => x.level === "commune")) expect(u.parentCode).toBe(province.code);
  });

  it("includes đặc khu units and has NFC, non-empty names", () => {
    expect(units.filter((u) => u.type === "đặc khu").map((u) => u.name).sort()).toEqual(["Cô Tô", "Vân Đồn"]);
    expectCleanNames(units);
  });

  it("uses codes that do not clash with quang-ninh.csv (both can be loaded together)", () => {
    const pre = new Set(load("quang-ninh.csv").map((u) => u.code));
    for (const u of units) expect(pre.has(u.code), u.code).toBe(false);
  });
});
