/**
 * Scope is a unit subtree. Units carry a materialised path of ids from the root
 * ("/1/7/42/"), so inclusion is a prefix test: pure, and the one rule every
 * query, button and export relies on.
 */
export function isWithin(unitPath: string, scopePath: string): boolean {
  return unitPath.startsWith(scopePath);
}

/** True when `unitPath` is inside any of the given scopes. */
export function isWithinAny(unitPath: string, scopePaths: readonly string[]): boolean {
  return scopePaths.some((scope) => isWithin(unitPath, scope));
}

export function childPath(parentPath: string | null, id: number): string {
  return `${parentPath ?? "/"}${id}/`;
}
