import type { Db } from "../db/client.js";
import { createTerm, type TermRecord } from "../db/terms.js";
import { foldVietnamese } from "../src/domain/text.js";
import { personName } from "./scripts.js";

/** The 34 provinces and centrally-run cities after 1 July 2025 (names only; the units are synthetic). */
const PROVINCES: readonly [string, string][] = [
  ["Hà Nội", "thành phố"], ["Huế", "thành phố"], ["Lai Châu", "tỉnh"], ["Điện Biên", "tỉnh"], ["Sơn La", "tỉnh"],
  ["Lạng Sơn", "tỉnh"], ["Quảng Ninh", "tỉnh"], ["Thanh Hóa", "tỉnh"], ["Nghệ An", "tỉnh"], ["Hà Tĩnh", "tỉnh"],
  ["Cao Bằng", "tỉnh"], ["Tuyên Quang", "tỉnh"], ["Lào Cai", "tỉnh"], ["Thái Nguyên", "tỉnh"], ["Phú Thọ", "tỉnh"],
  ["Bắc Ninh", "tỉnh"], ["Hưng Yên", "tỉnh"], ["Hải Phòng", "thành phố"], ["Ninh Bình", "tỉnh"], ["Quảng Trị", "tỉnh"],
  ["Đà Nẵng", "thành phố"], ["Quảng Ngãi", "tỉnh"], ["Gia Lai", "tỉnh"], ["Khánh Hòa", "tỉnh"], ["Lâm Đồng", "tỉnh"],
  ["Đắk Lắk", "tỉnh"], ["Hồ Chí Minh", "thành phố"], ["Đồng Nai", "tỉnh"], ["Tây Ninh", "tỉnh"], ["Cần Thơ", "thành phố"],
  ["Vĩnh Long", "tỉnh"], ["Đồng Tháp", "tỉnh"], ["Cà Mau", "tỉnh"], ["An Giang", "tỉnh"],
];

export const HAMLETS_PER_COMMUNE = 30;
export const COMMUNES_PER_DISTRICT = 5;
/** Telegram user id (= private chat id) of hamlet i's reporter. */
export const reporterId = (i: number) => 1_000_000 + i;

export interface Registry {
  term: TermRecord;
  hamlets: number;
  provinces: { id: number; path: string }[];
  districts: { id: number; path: string }[];
  communes: number;
}

/**
 * A synthetic national registry: 34 provinces, each split into district-level
 * units of 5 communes, 30 hamlets per commune (about 3,300 communes and 680
 * districts for 100,000 hamlets: the commune size after the 2025 merger, the
 * district size before it). One registered reporter per hamlet, and the
 * active term around election day 15/12/2024. Written straight into the
 * tables in one transaction: setup, not measured.
 */
export function buildRegistry(db: Db, hamlets: number): Registry {
  const sqlite = db.$client;
  const insUnit = sqlite.prepare("insert into units (id, code, name, type, level, parent_id, path, search_name) values (?, ?, ?, ?, ?, ?, ?, ?)");
  const insPerson = sqlite.prepare("insert into people (id, full_name) values (?, ?)");
  const insAccount = sqlite.prepare("insert into accounts (person_id, channel, external_id, chat_id, display_name) values (?, 'telegram', ?, ?, ?)");
  const insRole = sqlite.prepare("insert into roles (person_id, role, unit_id) values (?, 'reporter', ?)");
  const communes = Math.ceil(hamlets / HAMLETS_PER_COMMUNE);
  const districtCount = Math.ceil(communes / COMMUNES_PER_DISTRICT);
  const provinces: Registry["provinces"] = [];
  const districts: Registry["districts"] = [];
  let id = 0;
  const unit = (code: string, name: string, type: string, level: string, parent: { id: number; path: string } | null) => {
    id++;
    const path = `${parent?.path ?? "/"}${id}/`;
    insUnit.run(id, code, name, type, level, parent?.id ?? null, path, foldVietnamese(name));
    return { id, path };
  };

  sqlite.transaction(() => {
    PROVINCES.forEach(([name, type], p) => provinces.push(unit(`P${String(p + 1).padStart(2, "0")}`, name, type, "province", null)));
    for (let d = 0; d < districtCount; d++) {
      const province = provinces[d % provinces.length]!;
      const n = Math.floor(d / provinces.length) + 1;
      districts.push(unit(`P${String((d % provinces.length) + 1).padStart(2, "0")}-D${n}`, `Khu vực ${n}`, "huyện", "district", province));
    }
    let hamlet = 0;
    for (let c = 0; c < communes; c++) {
      const district = districts[Math.floor(c / COMMUNES_PER_DISTRICT)]!;
      const commune = unit(`C${c + 1}`, `Xã ${c + 1}`, "xã", "commune", district);
      for (let h = 0; h < HAMLETS_PER_COMMUNE && hamlet < hamlets; h++, hamlet++) {
        const unitRow = unit(`C${c + 1}-H${h + 1}`, `Thôn ${h + 1}`, "thôn", "hamlet", commune);
        const person = hamlet + 1;
        const who = personName(hamlet);
        insPerson.run(person, who.name);
        insAccount.run(person, String(reporterId(hamlet)), String(reporterId(hamlet)), who.name);
        insRole.run(person, unitRow.id);
      }
    }
  })();
  const term = createTerm(db, {
    name: "2025-2027",
    electionDate: "2024-12-15",
    congressDeadline: "2025-01-15",
    windowStart: "2024-12-15",
    windowEnd: "2025-01-15",
    active: true,
  });
  return { term, hamlets, provinces, districts, communes };
}
