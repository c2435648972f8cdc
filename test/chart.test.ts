import { describe, expect, it } from "vitest";
import {
  formatPercentVi,
  progressPercent,
  renderProgressChart,
  unsupportedChars,
  type ProgressBar,
} from "../src/digest/chart.js";
import { renderProgressChartSvg } from "../src/digest/chart-engine.js";

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Checks the PNG signature, the IHDR and the IEND chunks; returns the size. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(Buffer.isBuffer(png)).toBe(true);
  expect(png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
  expect(png.readUInt32BE(8)).toBe(13); // IHDR length
  expect(png.toString("latin1", 12, 16)).toBe("IHDR");
  expect(png.toString("latin1", png.length - 8, png.length - 4)).toBe("IEND");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const NAMES = [
  "thành phố Hạ Long",
  "thị xã Quảng Yên",
  "huyện Bình Liêu",
  "xã Húc Động",
  "Bản Nà Ếch",
  "phường Hồng Hải",
  "thị trấn Quảng Hà",
  "xã Đồng Tâm & Vĩnh Thực <mới>",
  "thôn Khe Lặc {a|b} \"x\" 'y'",
  "xã Thống Nhất — một cái tên rất dài để kiểm tra việc cắt bớt chữ khi quá khổ",
];

function bars(n: number): ProgressBar[] {
  return Array.from({ length: n }, (_, i) => ({
    label: `${NAMES[i % NAMES.length]} ${i + 1}`,
    done: (i * 7) % 24,
    total: 23,
  }));
}

const TITLE = "Tiến độ đại hội chi bộ — tỉnh Quảng Ninh (17:00 15/12/2024)";

describe("renderProgressChart", () => {
  it("renders valid PNGs at the requested width whose height grows with the bar count", async () => {
    const sizes = [];
    for (const n of [1, 13, 40]) {
      const png = await renderProgressChart({ title: TITLE, subtitle: `${n} đơn vị`, bars: bars(n) });
      const size = pngSize(png);
      expect(size.width).toBe(1000);
      sizes.push(size.height);
    }
    expect(sizes[0]!).toBeLessThan(sizes[1]!);
    expect(sizes[1]!).toBeLessThan(sizes[2]!);
    // Telegram photo limits: width + height <= 10000, aspect ratio <= 20
    expect(1000 + sizes[2]!).toBeLessThanOrEqual(10_000);

    const narrow = pngSize(await renderProgressChart({ title: TITLE, bars: bars(13), width: 640 }));
    expect(narrow.width).toBe(640);
  });

  it("renders 13 bars in reasonable time", async () => {
    const input = { title: TITLE, subtitle: "Toàn tỉnh: 938/1.348 chi bộ", bars: bars(13) };
    let t = performance.now();
    await renderProgressChart(input);
    const cold = performance.now() - t;
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      await renderProgressChart(input);
      warm.push(performance.now() - t);
    }
    console.log(
      `[chart] 13 bars: first ${cold.toFixed(0)} ms, then ${warm.map((ms) => ms.toFixed(0)).join(" / ")} ms`,
    );
  });

  it("escapes markup characters in names and titles instead of breaking the SVG", async () => {
    const input = {
      title: "Tiến độ <b>x</b> & y",
      subtitle: "a < b && c > d",
      bars: [
        { label: "xã A & B <script>", done: 1, total: 2 },
        { label: "</text></svg>", done: 2, total: 2 },
        { label: "thôn \u0001lạ\u0007\nxuống dòng\ttab", done: 0, total: 3 },
        { label: "lẻ \ud800 surrogate \udfff 🌾", done: 1, total: 3 },
      ],
    };
    const svg = renderProgressChartSvg(input);
    expect(svg).toContain("&amp;");
    expect(svg).toContain("&lt;script&gt;");
    expect(svg).not.toContain("<script>");
    expect(svg).not.toContain("<b>");
    expect(svg.match(/<\/svg>/g)).toHaveLength(1);
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    // resvg parses the SVG as XML: a broken document would throw here
    const png = await renderProgressChart(input);
    expect(pngSize(png).width).toBe(1000);
  });

  it("keeps Vietnamese text intact (NFC) and the bundled font covers all of it", () => {
    const decomposed = "huyện Bình Liêu".normalize("NFD");
    const svg = renderProgressChartSvg({ title: TITLE, bars: [{ label: decomposed, done: 47, total: 48 }] });
    expect(svg).toContain("huyện Bình Liêu".normalize("NFC"));
    expect(svg).toContain("Tiến độ đại hội chi bộ — tỉnh Quảng Ninh");
    expect(svg).toContain("97,9%");
    expect(svg).toContain("(47/48)");

    const lower = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ";
    expect(unsupportedChars(lower + lower.toUpperCase() + "0123456789%()/—–…<>&\"'{}|:.,-")).toEqual([]);
  });

  it("draws the target line by default and hides it with target: null", () => {
    const input = { title: "t", bars: bars(3) };
    expect(renderProgressChartSvg(input)).toContain("Mục tiêu 100%");
    expect(renderProgressChartSvg({ ...input, target: null })).not.toContain("Mục tiêu");
  });

  it("handles no bars, zero totals and out-of-range counts", async () => {
    expect(pngSize(await renderProgressChart({ title: "Trống", bars: [] })).width).toBe(1000);
    const svg = renderProgressChartSvg({
      title: "t",
      bars: [
        { label: "a", done: 0, total: 0 },
        { label: "b", done: 12, total: 10 },
        { label: "c", done: Number.NaN, total: 5 },
      ],
    });
    expect(svg).toContain("—");
    expect(svg).toContain("100%");
  });

  it("rejects a silly width", () => {
    expect(() => renderProgressChartSvg({ title: "t", bars: [], width: 10 })).toThrow(RangeError);
    expect(() => renderProgressChartSvg({ title: "t", bars: [], width: 1000.5 })).toThrow(RangeError);
  });
});

describe("progressPercent / formatPercentVi", () => {
  it("formats with a Vietnamese decimal comma", () => {
    expect(formatPercentVi(progressPercent(47, 48))).toBe("97,9%");
    expect(formatPercentVi(progressPercent(96, 96))).toBe("100%");
    expect(formatPercentVi(progressPercent(1, 2))).toBe("50%");
    expect(formatPercentVi(progressPercent(0, 71))).toBe("0%");
    expect(formatPercentVi(progressPercent(5, 0))).toBe("—");
  });

  it("never shows 100% for an unfinished unit nor 0% for a started one", () => {
    expect(progressPercent(2999, 3000)).toBe(99.9);
    expect(progressPercent(1, 5000)).toBe(0.1);
    expect(progressPercent(12, 10)).toBe(100);
    expect(progressPercent(-3, 10)).toBe(0);
  });
});
