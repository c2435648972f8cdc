import type { UnitRecord } from "../db/units.js";
import type { Actor } from "./domain/roles.js";
import { isWithinAny } from "./domain/scope.js";
import type { UnitLevel } from "./domain/units.js";
import type { Services } from "./services.js";

/**
 * The one place that decides what an actor may see: every status query,
 * button, free-text answer and export asks here first. A reporter sees their
 * own hamlet; staff, leaders and admins see their unit's subtree.
 */
export function createScopeService(services: Services) {
  const readScopes = (actor: Actor) => actor.roles.map((r) => r.unitPath);

  return {
    readScopes,
    canRead(actor: Actor, unit: Pick<UnitRecord, "path">): boolean {
      return isWithinAny(unit.path, readScopes(actor));
    },
    /** The unit by id, only if the actor may read it (forged button data gets undefined). */
    readableUnit(actor: Actor, unitId: number): UnitRecord | undefined {
      const unit = services.units.byId(unitId);
      return unit && isWithinAny(unit.path, readScopes(actor)) ? unit : undefined;
    },
    /** The actor's top units: where "/tiendo" without argument starts. */
    rootUnits(actor: Actor): UnitRecord[] {
      const scopes = readScopes(actor);
      // A scope inside another scope of the same person is not a root of its own.
      const roots = scopes.filter((s) => !scopes.some((other) => other !== s && s.startsWith(other)));
      return [...new Set(roots)].map((path) => actor.roles.find((r) => r.unitPath === path)!.unitId).map((id) => services.units.byId(id)!);
    },
    /** Units inside the actor's scope whose folded name contains the query. */
    search(actor: Actor, foldedQuery: string, level?: UnitLevel, limit = 20): UnitRecord[] {
      const found = new Map<number, UnitRecord>();
      for (const scope of readScopes(actor)) {
        for (const unit of services.units.search(scope, foldedQuery, level, limit)) found.set(unit.id, unit);
      }
      return [...found.values()].slice(0, limit);
    },
  };
}

export type ScopeService = ReturnType<typeof createScopeService>;
