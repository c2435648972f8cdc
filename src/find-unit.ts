import type { UnitRecord } from "../db/units.js";
import type { Actor } from "./domain/roles.js";
import { foldVietnamese } from "./domain/text.js";
import { unitLabel, unitPathLabel } from "./domain/unit-label.js";
import { unitQueryVariants } from "./domain/unit-query.js";
import type { ScopeService } from "./scope-service.js";
import type { Services } from "./services.js";

/** What a typed unit name found in the asker's scope: one unit, several to choose from, or none. */
export type UnitLookup = { kind: "one"; unit: UnitRecord } | { kind: "several"; units: UnitRecord[] } | { kind: "none" };

/** At most this many candidates are offered when a name fits several units. */
export const MAX_UNIT_CHOICES = 8;

/**
 * The unit a person names in a command ("/nguoi Húc Động", "/moi xã Đồng Văn"), inside their
 * scope: exact names first, else the units that contain it; hamlets first when `preferHamlets`.
 * Several that fit equally are returned as such, for the caller to ask back: a command never
 * acts on a unit the person may not have meant.
 */
export function findUnitInScope(scope: ScopeService, actor: Actor, text: string, preferHamlets = false): UnitLookup {
  for (const query of unitQueryVariants(text)) {
    const found = scope.search(actor, query, undefined, 20);
    if (found.length === 0) continue;
    const exact = found.filter((u) => [foldVietnamese(u.name), foldVietnamese(unitLabel(u))].includes(foldVietnamese(text).trim()) || foldVietnamese(u.name) === query);
    let pool = exact.length ? exact : found;
    if (preferHamlets && pool.some((u) => u.level === "hamlet")) pool = pool.filter((u) => u.level === "hamlet");
    return pool.length === 1 ? { kind: "one", unit: pool[0]! } : { kind: "several", units: pool.slice(0, MAX_UNIT_CHOICES) };
  }
  return { kind: "none" };
}

/** "1. Thôn Nà Ếch, xã Húc Động, huyện Bình Liêu" for each candidate (plain text, not escaped). */
export function numberedUnitLines(services: Services, units: readonly UnitRecord[]): string[] {
  return units.map((u, i) => `${i + 1}. ${unitPathLabel(services.units.ancestors(u)) || unitLabel(u)}`);
}
