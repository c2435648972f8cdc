import { foldVietnamese } from "./text.js";

const TYPE_WORD = /^(xa|phuong|thi tran|dac khu|huyen|thi xa|thanh pho|tinh|thon|ban|khu pho|khu|to dan pho|ap|lang|xom) /;

/**
 * What to search for when someone names a unit: the folded text, then without a leading type
 * word ("xã Đồng Văn" → "dong van"), since unit names are stored without it.
 */
export function unitQueryVariants(text: string): string[] {
  const folded = foldVietnamese(text).trim();
  const bare = folded.replace(TYPE_WORD, "");
  return bare !== folded && bare ? [folded, bare] : [folded];
}
