import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { paginateGroups, TELEGRAM_TEXT_LIMIT } from "../../src/domain/paginate.js";

describe("paginateGroups", () => {
  it("keeps one page when everything fits", () => {
    expect(paginateGroups("H", [{ heading: "xã A", lines: ["• Thôn 1"] }])).toEqual(["H\n\nxã A\n• Thôn 1"]);
  });

  it("repeats a group's heading when it continues on the next page", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `• Thôn ${i + 1}: chưa báo cáo bầu cử, chưa đại hội`);
    const pages = paginateGroups("Chưa xong: 400", [{ heading: "<b>xã Húc Động</b>", lines }]);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[1]).toContain("<b>xã Húc Động</b> (tiếp)");
  });

  it("keeps every page under the limit and loses or repeats no line (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            heading: fc.string({ minLength: 1, maxLength: 60 }).map((s) => `H:${s.replace(/\n/g, " ")}`),
            lines: fc.array(fc.string({ minLength: 1, maxLength: 300 }).map((s) => `• ${s.replace(/\n/g, " ")}`), { maxLength: 80 }),
          }),
          { maxLength: 30 },
        ),
        (groups) => {
          const pages = paginateGroups("Header", groups);
          for (const page of pages) expect(page.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT - 40);
          const seen = pages.flatMap((p) => p.split("\n")).filter((l) => l.startsWith("• "));
          expect(seen).toEqual(groups.flatMap((g) => g.lines));
        },
      ),
      { numRuns: 200 },
    );
  });
});
