import { splitMessage, TELEGRAM_TEXT_LIMIT } from "./split.js";

export { TELEGRAM_TEXT_LIMIT };

export interface Group {
  heading: string;
  lines: readonly string[];
}

/**
 * Splits grouped lines into pages that each fit `limit` characters together
 * with the header and footer room. A group that continues on the next page
 * repeats its heading (marked "(tiếp)"); no line is lost or repeated.
 */
export function paginateGroups(header: string, groups: readonly Group[], limit = TELEGRAM_TEXT_LIMIT, footerRoom = 40): string[] {
  const budget = limit - footerRoom;
  const pages: string[][] = [];
  let page: string[] = [header];
  let size = header.length;
  const push = (line: string) => {
    page.push(line);
    size += line.length + 1;
  };
  const newPage = () => {
    pages.push(page);
    page = [header];
    size = header.length;
  };
  for (const group of groups) {
    // A group without a heading (one hamlet asked about) is only set off by a blank line.
    const heading = group.heading ? `\n${group.heading}` : "";
    if (size + heading.length + 1 + (group.lines[0]?.length ?? 0) + 1 > budget && page.length > 1) newPage();
    push(heading);
    for (const raw of group.lines) {
      // Cut where it is safe (never inside a tag, an entity or an emoji).
      const line = raw.length > budget - header.length - 100 ? `${splitMessage(raw, { html: true, limit: budget - header.length - 101 })[0]}…` : raw;
      if (size + line.length + 1 > budget) {
        newPage();
        push(group.heading ? `\n${group.heading} (tiếp)` : "");
      }
      push(line);
    }
  }
  pages.push(page);
  return pages.map((p) => p.join("\n"));
}
