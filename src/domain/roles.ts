export const ROLES = ["reporter", "staff", "leader", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** A role held over a unit subtree. */
export interface ScopedRole {
  role: Role;
  unitId: number;
  unitPath: string;
  unitName: string;
  unitType: string;
  unitLevel: string;
}

/** The person behind an update, as every feature sees them. */
export interface Actor {
  personId: number;
  fullName: string;
  accountId: number;
  roles: ScopedRole[];
}

export function hasRole(actor: Actor | undefined, ...wanted: Role[]): boolean {
  return !!actor && actor.roles.some((r) => wanted.includes(r.role));
}

/** Scopes (unit paths) in which the actor may read progress. */
export function readScopes(actor: Actor): string[] {
  return actor.roles.map((r) => r.unitPath);
}
