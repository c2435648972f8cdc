/**
 * Generate the SAMPLE unit registries in data/sample/ (NOT an official registry).
 *
 *   npx tsx scripts/make-sample-units.ts
 *
 * Deterministic: a fixed seed, no clock, no network. Re-running rewrites the same
 * bytes. Writes:
 *   data/sample/quang-ninh.csv  province → 13 districts → ~178 communes → 1,500 hamlets
 *                               (the pre-2025 shape)
 *   data/sample/post-2025.csv   province → 6 communes → 40 hamlets (the post-2025
 *                               shape, no district level)
 *
 * District and commune names below are hand-written from memory of Quảng Ninh's
 * 2020–2024 administrative map; hamlet names are generated (see README.md).
 * Both files are checked with parseUnitCsv + validateUnitRows before writing.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseUnitCsv, validateUnitRows } from "../src/domain/units.js";
import { mulberry32 } from "../src/domain/seeded-random.js";

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "data", "sample");
const SEED = 20220703; // the day 1,421 branches held their congress
const TARGET_HAMLETS = 1500;

// ---------------------------------------------------------------------------
// Seeded PRNG (mulberry32)

const rng = mulberry32(SEED);
const randInt = (lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
function shuffled<T>(xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

// ---------------------------------------------------------------------------
// Helpers

/** ASCII slug for codes: "Húc Động" → "HUCDONG". */
function slug(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
}
const pad2 = (n: number): string => String(n).padStart(2, "0");
const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

interface Row {
  code: string;
  name: string;
  type: string;
  parent: string;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function toCsv(rows: Row[]): string {
  const lines = ["code,name,type,parent_code"];
  for (const r of rows) lines.push([r.code, r.name, r.type, r.parent].map(csvField).join(","));
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------------------
// Hamlet name pools (generated names, not checked against any official list)

/** Lowland / coastal Kinh-style names: "Thôn Đồng Tâm", "Khu Vĩnh Xuân". */
const LOWLAND_NAMES = [
  "Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Đông Sơn", "Tây Sơn",
  "Tân Lập", "Tân Tiến", "Tân Hòa", "Tân Thành", "Tân Bình", "Tân Hợp", "Đồng Tâm",
  "Đoàn Kết", "Quyết Tiến", "Quyết Thắng", "Hợp Thành", "Hòa Bình", "Bình Minh",
  "Yên Hòa", "Yên Lập", "Yên Trung", "An Thịnh", "An Lạc", "Phú Hải", "Phú Lợi",
  "Thành Công", "Thắng Lợi", "Cống Mương", "Đầm Buôn", "Khe Cát", "Khe Lương",
  "Đồng Bống", "Đồng Cói", "Cái Tắt", "Vạn Hoa", "Xuân Bình", "Xuân Hòa", "Hải Tiến",
  "Hải Bình", "Nam Hải", "Bắc Hải", "Trại Mới", "Vĩnh Xuân", "Vĩnh Hòa", "Hồ Lao",
  "Đạm Thủy", "Bắc Mã", "Xuân Quang", "Hiệp Thanh", "Công Nông", "Vĩnh Thông",
  "Minh Khai", "Quang Trung", "Lê Lợi", "Đồng Mát", "Bãi Dài", "Cái Bầu", "Trà Bắc",
  "Hồng Tiến", "Thống Nhất", "Chiến Thắng", "Hưng Học", "Đình Trung", "Cầu Trắng",
];

/** Island flavour for Cô Tô and the outer communes of Vân Đồn. */
const ISLAND_NAMES = [
  "Nam Hà", "Bắc Vàn", "Hải Tiến", "Hồng Hải", "Hải Bình", "Trung Hà", "Đông Tiến",
  "Bãi Vàng", "Cái Lim", "Nam Hải", "Bắc Hải", "Thanh Hà", "Đông Nam", "Tây Bắc",
  "Sơn Hào", "Bến Cảng", "Hoa Sen", "Cầu Mỗ", "Vạn Hoa", "Thái Hòa",
];

/** Tày / Nùng / Dao-style syllables for mountain communes: "Bản Khe Mạ". */
const MOUNTAIN_FIRST = [
  "Nà", "Khe", "Pắc", "Pò", "Phai", "Khuổi", "Cốc", "Lục", "Sú", "Ngàn", "Tầm",
  "Co", "Lòng", "Pạc", "Nặm", "Cao", "Bắc", "Mốc", "Loòng", "Tình",
];
const MOUNTAIN_SECOND = [
  "Ếch", "Mạ", "Áng", "Lầu", "Vàng", "Cáu", "Phạ", "Nhì", "Mò", "Pộc", "Cắm",
  "Làng", "Tâm", "Dang", "Khoang", "Háng", "Moóc", "Lạn", "Sỏi", "Tẩu", "Lốc",
  "Phe", "Liềng", "Mìn", "Cậu", "Chè", "Xà", "Lùng", "Sâu", "Mằn",
];

// ---------------------------------------------------------------------------
// Pre-2025 Quảng Ninh: districts and communes (names from memory — see README)

type CommuneType = "xã" | "phường" | "thị trấn";
type RuralStyle = "lowland" | "mountain" | "island";
interface CommuneSpec {
  type: CommuneType;
  name: string;
  /** Code suffix when the name alone would collide (e.g. thị trấn and xã Đầm Hà). */
  slug?: string;
  /** Override the district's rural style for this commune. */
  style?: RuralStyle;
  /** Hand-written hamlets placed first (type word, name after the type). */
  fixed?: { type: string; name: string }[];
  /** Force a hamlet type word for this commune. */
  hamletType?: string;
}
interface DistrictSpec {
  code: string;
  type: "thành phố" | "thị xã" | "huyện";
  name: string;
  /** Type word for hamlets in phường / thị trấn. */
  urbanHamlet: "khu phố" | "khu" | "tổ dân phố";
  /** Named urban hamlets ("Khu Vĩnh Xuân") instead of numbered ("Khu 5"). */
  urbanNamed?: boolean;
  rural: RuralStyle;
  communes: CommuneSpec[];
}

const P = (name: string, extra: Partial<CommuneSpec> = {}): CommuneSpec => ({ type: "phường", name, ...extra });
const X = (name: string, extra: Partial<CommuneSpec> = {}): CommuneSpec => ({ type: "xã", name, ...extra });
const TT = (name: string, extra: Partial<CommuneSpec> = {}): CommuneSpec => ({ type: "thị trấn", name, ...extra });

const DISTRICTS: DistrictSpec[] = [
  {
    code: "HL", type: "thành phố", name: "Hạ Long", urbanHamlet: "khu phố", rural: "lowland",
    communes: [
      P("Bãi Cháy"), P("Bạch Đằng"), P("Cao Thắng"), P("Cao Xanh"), P("Đại Yên"), P("Giếng Đáy"),
      P("Hà Khánh"), P("Hà Khẩu"), P("Hà Lầm"), P("Hà Phong"), P("Hà Trung"), P("Hà Tu"),
      P("Hoành Bồ"), P("Hồng Gai"), P("Hồng Hà"), P("Hồng Hải"), P("Hùng Thắng"),
      P("Trần Hưng Đạo"), P("Tuần Châu"), P("Việt Hưng"), P("Yết Kiêu"),
      X("Bằng Cả"), X("Dân Chủ"), X("Đồng Lâm", { style: "mountain" }), X("Đồng Sơn", { style: "mountain" }),
      X("Hòa Bình", { style: "mountain" }), X("Kỳ Thượng", { style: "mountain" }), X("Lê Lợi"),
      X("Quảng La"), X("Sơn Dương"), X("Tân Dân"), X("Thống Nhất"), X("Vũ Oai"),
    ],
  },
  {
    code: "CP", type: "thành phố", name: "Cẩm Phả", urbanHamlet: "tổ dân phố", rural: "lowland",
    communes: [
      P("Cẩm Bình"), P("Cẩm Đông"), P("Cẩm Phú"), P("Cẩm Sơn"), P("Cẩm Tây"), P("Cẩm Thạch"),
      P("Cẩm Thành"), P("Cẩm Thịnh"), P("Cẩm Thủy"), P("Cẩm Trung"), P("Cửa Ông"), P("Mông Dương"),
      P("Quang Hanh"),
      X("Cẩm Hải"), X("Cộng Hòa"), X("Dương Huy", { style: "mountain", hamletType: "thôn" }),
    ],
  },
  {
    code: "UB", type: "thành phố", name: "Uông Bí", urbanHamlet: "khu", rural: "lowland",
    communes: [
      P("Bắc Sơn"), P("Nam Khê"), P("Phương Đông"), P("Phương Nam"), P("Quang Trung"),
      P("Thanh Sơn"), P("Trưng Vương"), P("Vàng Danh"), P("Yên Thanh"),
      X("Thượng Yên Công", { style: "mountain", hamletType: "thôn" }),
    ],
  },
  {
    code: "MC", type: "thành phố", name: "Móng Cái", urbanHamlet: "khu", rural: "lowland",
    communes: [
      P("Bình Ngọc"), P("Hải Hòa"), P("Hải Yên"), P("Hòa Lạc"), P("Ka Long"), P("Ninh Dương"),
      P("Trà Cổ"), P("Trần Phú"),
      X("Bắc Sơn", { style: "mountain" }), X("Hải Đông"), X("Hải Sơn", { style: "mountain" }),
      X("Hải Tiến"), X("Hải Xuân"), X("Quảng Nghĩa"), X("Vạn Ninh"),
      X("Vĩnh Thực", { style: "island" }), X("Vĩnh Trung", { style: "island" }),
    ],
  },
  {
    code: "QY", type: "thị xã", name: "Quảng Yên", urbanHamlet: "khu", rural: "lowland",
    communes: [
      P("Cộng Hòa"), P("Đông Mai"), P("Hà An"), P("Minh Thành"), P("Nam Hòa"), P("Phong Cốc"),
      P("Phong Hải"), P("Quảng Yên"), P("Tân An"), P("Yên Giang"), P("Yên Hải"),
      X("Cẩm La"), X("Hiệp Hòa"), X("Hoàng Tân"), X("Liên Hòa"), X("Liên Vị"), X("Sông Khoai"),
      X("Tiền An"), X("Tiền Phong"),
    ],
  },
  {
    // Đông Triều became a thành phố in 2024; this sample keeps the 2020–2024 "thị xã".
    code: "DT", type: "thị xã", name: "Đông Triều", urbanHamlet: "khu", urbanNamed: true, rural: "lowland",
    communes: [
      P("Đông Triều"), P("Đức Chính"), P("Hoàng Quế"), P("Hồng Phong"), P("Hưng Đạo"), P("Kim Sơn"),
      P("Mạo Khê"), P("Tràng An"), P("Xuân Sơn"), P("Yên Đức"), P("Yên Thọ"),
      X("An Sinh", { style: "mountain", hamletType: "thôn" }), X("Bình Dương"), X("Bình Khê"),
      X("Hồng Thái Đông"), X("Hồng Thái Tây"), X("Nguyễn Huệ"), X("Tân Việt"), X("Thủy An"),
      X("Tràng Lương", { style: "mountain", hamletType: "thôn" }), X("Việt Dân"),
    ],
  },
  {
    code: "VD", type: "huyện", name: "Vân Đồn", urbanHamlet: "khu", rural: "lowland",
    communes: [
      TT("Cái Rồng"),
      X("Bản Sen", { style: "island" }), X("Bình Dân"), X("Đài Xuyên"), X("Đoàn Kết"), X("Đông Xá"),
      X("Hạ Long"), X("Minh Châu", { style: "island" }), X("Ngọc Vừng", { style: "island" }),
      X("Quan Lạn", { style: "island" }), X("Thắng Lợi", { style: "island" }), X("Vạn Yên"),
    ],
  },
  {
    code: "CT", type: "huyện", name: "Cô Tô", urbanHamlet: "khu", rural: "island",
    communes: [TT("Cô Tô"), X("Đồng Tiến"), X("Thanh Lân")],
  },
  {
    code: "TY", type: "huyện", name: "Tiên Yên", urbanHamlet: "khu phố", rural: "mountain",
    communes: [
      TT("Tiên Yên"),
      X("Đại Dực"), X("Điền Xá"), X("Đông Hải"), X("Đông Ngũ"), X("Đồng Rui"), X("Hà Lâu"),
      X("Hải Lạng"), X("Phong Dụ"), X("Tiên Lãng"), X("Yên Than"),
    ],
  },
  {
    code: "DH", type: "huyện", name: "Đầm Hà", urbanHamlet: "khu phố", rural: "lowland",
    communes: [
      TT("Đầm Hà", { slug: "TTDAMHA" }),
      X("Đại Bình"), X("Dực Yên"), X("Đầm Hà"), X("Quảng An", { style: "mountain" }),
      X("Quảng Lâm", { style: "mountain" }), X("Quảng Tân"), X("Tân Bình"), X("Tân Lập"),
    ],
  },
  {
    code: "HH", type: "huyện", name: "Hải Hà", urbanHamlet: "khu phố", rural: "lowland",
    communes: [
      TT("Quảng Hà"),
      X("Cái Chiên", { style: "island" }), X("Đường Hoa"), X("Quảng Chính"),
      X("Quảng Đức", { style: "mountain" }), X("Quảng Long"), X("Quảng Phong"),
      X("Quảng Sơn", { style: "mountain" }), X("Quảng Thành"), X("Quảng Thịnh"), X("Tiến Tới"),
    ],
  },
  {
    code: "BL", type: "huyện", name: "Bình Liêu", urbanHamlet: "khu phố", rural: "mountain",
    communes: [
      TT("Bình Liêu"),
      X("Đồng Tâm"), X("Đồng Văn"), X("Hoành Mô"),
      // "Chi bộ thôn Nà Ếch, xã Húc Động (huyện Bình Liêu)" — named in the source articles.
      X("Húc Động", { hamletType: "thôn", fixed: [{ type: "thôn", name: "Nà Ếch" }] }),
      X("Lục Hồn"), X("Tình Húc"), X("Vô Ngại"),
    ],
  },
  {
    code: "BC", type: "huyện", name: "Ba Chẽ", urbanHamlet: "khu", rural: "mountain",
    communes: [
      TT("Ba Chẽ"),
      X("Đạp Thanh"), X("Đồn Đạc"), X("Lương Mông"), X("Minh Cầm"), X("Nam Sơn"), X("Thanh Lâm"),
      X("Thanh Sơn"),
    ],
  },
];

// ---------------------------------------------------------------------------
// Hamlet generation

interface HamletPlan {
  type: string; // type word
  named: boolean;
  pool: () => string[]; // candidate names (after the type word), in draw order
}

function mountainPool(): string[] {
  const all: string[] = [];
  for (const a of MOUNTAIN_FIRST) for (const b of MOUNTAIN_SECOND) all.push(`${a} ${b}`);
  return shuffled(all);
}

function planFor(d: DistrictSpec, c: CommuneSpec): HamletPlan {
  if (c.type !== "xã") {
    return { type: d.urbanHamlet, named: d.urbanNamed === true, pool: () => shuffled(LOWLAND_NAMES) };
  }
  const style = c.style ?? d.rural;
  if (style === "mountain") {
    const type = c.hamletType ?? (rng() < 0.6 ? "bản" : "thôn");
    return { type, named: true, pool: mountainPool };
  }
  if (style === "island") {
    return { type: c.hamletType ?? "thôn", named: rng() < 0.7, pool: () => shuffled(ISLAND_NAMES) };
  }
  return { type: c.hamletType ?? "thôn", named: rng() < 0.5, pool: () => shuffled(LOWLAND_NAMES) };
}

/** Relative size of a commune (hamlets), before scaling to TARGET_HAMLETS. */
function weightFor(d: DistrictSpec, c: CommuneSpec): number {
  if (d.code === "CT") return randInt(4, 7);
  if (c.type === "phường") return randInt(8, 16);
  if (c.type === "thị trấn") return randInt(6, 12);
  return randInt(6, 13);
}

/** Largest-remainder apportionment of `total` over `weights`, each at least `min`. */
function apportion(total: number, weights: number[], min: number): number[] {
  const free = total - min * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const quotas = weights.map((w) => (w * free) / sum);
  const counts = quotas.map((q) => min + Math.floor(q));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = quotas
    .map((q, i) => ({ i, frac: q - Math.floor(q) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) counts[order[k % order.length]!.i]!++;
  return counts;
}

function makeHamlets(communeCode: string, plan: HamletPlan, count: number, fixed: CommuneSpec["fixed"]): Row[] {
  const rows: Row[] = [];
  const used = new Set<string>();
  const pool = plan.named ? plan.pool() : [];
  let next = 0;
  for (let i = 1; i <= count; i++) {
    let type = plan.type;
    let suffix: string;
    const f = fixed?.[i - 1];
    if (f) {
      type = f.type;
      suffix = f.name;
    } else if (plan.named) {
      do suffix = pool[next++]!;
      while (used.has(suffix));
    } else {
      suffix = String(i);
    }
    used.add(suffix);
    rows.push({ code: `${communeCode}-${pad2(i)}`, name: `${capitalise(type)} ${suffix}`, type, parent: communeCode });
  }
  return rows;
}

function buildQuangNinh(): Row[] {
  // Plan every commune first (sizes are scaled over the whole province), then
  // write the file in reading order: district, its communes, each with its hamlets.
  const plans = DISTRICTS.map((d) => ({
    d,
    dCode: `QN-${d.code}`,
    communes: d.communes.map((c) => ({
      c,
      code: `QN-${d.code}-${c.slug ?? slug(c.name)}`,
      weight: weightFor(d, c),
      plan: planFor(d, c),
    })),
  }));
  const flat = plans.flatMap((p) => p.communes);
  const sizes = apportion(TARGET_HAMLETS, flat.map((x) => x.weight), 3);
  const counts = new Map<(typeof flat)[number], number>(flat.map((x, i) => [x, sizes[i]!]));

  const rows: Row[] = [{ code: "QN", name: "Quảng Ninh", type: "tỉnh", parent: "" }];
  for (const p of plans) {
    rows.push({ code: p.dCode, name: p.d.name, type: p.d.type, parent: "QN" });
    for (const x of p.communes) {
      rows.push({ code: x.code, name: x.c.name, type: x.c.type, parent: p.dCode });
      rows.push(...makeHamlets(x.code, x.plan, counts.get(x)!, x.c.fixed));
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------
// Post-2025 shape: province → commune / phường / đặc khu → hamlet (no district).
// Codes use the "QN25" prefix so both samples can be loaded side by side.

interface NewCommuneSpec {
  type: "xã" | "phường" | "đặc khu";
  name: string;
  hamlets: number;
  plan: () => HamletPlan;
}
const POST_2025: NewCommuneSpec[] = [
  { type: "phường", name: "Hạ Long", hamlets: 7, plan: () => ({ type: "khu phố", named: false, pool: () => [] }) },
  { type: "phường", name: "Bãi Cháy", hamlets: 7, plan: () => ({ type: "tổ dân phố", named: false, pool: () => [] }) },
  { type: "đặc khu", name: "Vân Đồn", hamlets: 7, plan: () => ({ type: "thôn", named: true, pool: () => shuffled(ISLAND_NAMES) }) },
  { type: "đặc khu", name: "Cô Tô", hamlets: 6, plan: () => ({ type: "thôn", named: true, pool: () => shuffled(ISLAND_NAMES) }) },
  { type: "xã", name: "Bình Liêu", hamlets: 7, plan: () => ({ type: "thôn", named: true, pool: mountainPool }) },
  { type: "xã", name: "Hoành Mô", hamlets: 6, plan: () => ({ type: "bản", named: true, pool: mountainPool }) },
];

function buildPost2025(): Row[] {
  const rows: Row[] = [{ code: "QN25", name: "Quảng Ninh", type: "tỉnh", parent: "" }];
  for (const c of POST_2025) {
    const code = `QN25-${slug(c.name)}`;
    rows.push({ code, name: c.name, type: c.type, parent: "QN25" });
    rows.push(...makeHamlets(code, c.plan(), c.hamlets, undefined));
  }
  return rows;
}

// ---------------------------------------------------------------------------
// Check and write

function check(file: string, rows: Row[]): string {
  const seen = new Set<string>();
  for (const r of rows) {
    r.name = r.name.normalize("NFC");
    if (seen.has(r.code)) throw new Error(`${file}: duplicate code ${r.code}`);
    seen.add(r.code);
    if (!/^[A-Z0-9-]+$/.test(r.code)) throw new Error(`${file}: non-ASCII code ${r.code}`);
  }
  const csv = toCsv(rows);
  const parsed = parseUnitCsv(csv);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.errors.map((e) => e.message).join("\n")}`);
  const valid = validateUnitRows(parsed.rows, []);
  if (!valid.ok) throw new Error(`${file}: ${valid.errors.map((e) => e.message).join("\n")}`);
  const byLevel = new Map<string, number>();
  for (const u of valid.units) byLevel.set(u.level, (byLevel.get(u.level) ?? 0) + 1);
  console.log(`${file}: ${[...byLevel].map(([k, v]) => `${v} ${k}`).join(", ")}`);
  return csv;
}

// Build in a fixed order: the PRNG stream is shared.
const quangNinh = check("quang-ninh.csv", buildQuangNinh());
const post2025 = check("post-2025.csv", buildPost2025());
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(join(OUT_DIR, "quang-ninh.csv"), quangNinh, "utf8");
writeFileSync(join(OUT_DIR, "post-2025.csv"), post2025, "utf8");
