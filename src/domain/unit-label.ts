import { foldVietnamese } from "./text.js";

/**
 * "Húc Động" of type "xã" reads "xã Húc Động"; "Thôn 1" of type "thôn" already
 * carries its type word and stays "Thôn 1".
 */
export function unitLabel(unit: { name: string; type: string }): string {
  const name = foldVietnamese(unit.name);
  const type = foldVietnamese(unit.type);
  return name.startsWith(`${type} `) || name === type ? unit.name : `${unit.type} ${unit.name}`;
}

/** "Thôn 1, xã Húc Động, huyện Bình Liêu" — nearest first, without the province. */
export function unitPathLabel(chain: readonly { name: string; type: string; level: string }[]): string {
  return chain
    .filter((u) => u.level !== "province")
    .reverse()
    .map(unitLabel)
    .join(", ");
}
