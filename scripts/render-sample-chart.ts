/**
 * Renders a sample progress chart (13 districts of Quảng Ninh) to
 * /tmp/chart-sample.png so it can be eyeballed.
 *
 *   npx tsx scripts/render-sample-chart.ts [out.png] [width]
 */
import { writeFileSync } from "node:fs";
import { renderProgressChart, type ProgressBar } from "../src/digest/chart.js";

const bars: ProgressBar[] = [
  { label: "thành phố Hạ Long", done: 281, total: 287 },
  { label: "thành phố Cẩm Phả", done: 118, total: 142 },
  { label: "thành phố Uông Bí", done: 96, total: 96 },
  { label: "thành phố Móng Cái", done: 71, total: 113 },
  { label: "thị xã Quảng Yên", done: 92, total: 127 },
  { label: "thị xã Đông Triều", done: 47, total: 148 },
  { label: "huyện Vân Đồn", done: 55, total: 57 },
  { label: "huyện Cô Tô", done: 17, total: 17 },
  { label: "huyện Tiên Yên", done: 40, total: 86 },
  { label: "huyện Đầm Hà", done: 12, total: 62 },
  { label: "huyện Hải Hà", done: 63, total: 95 },
  { label: "huyện Bình Liêu", done: 0, total: 71 },
  { label: "huyện Ba Chẽ", done: 46, total: 47 },
];

const out = process.argv[2] ?? "/tmp/chart-sample.png";
const width = process.argv[3] ? Number(process.argv[3]) : undefined;
const done = bars.reduce((s, b) => s + b.done, 0);
const total = bars.reduce((s, b) => s + b.total, 0);

const started = performance.now();
const png = await renderProgressChart({
  title: "Tiến độ đại hội chi bộ — tỉnh Quảng Ninh (17:00 15/12/2024)",
  subtitle: `Toàn tỉnh: ${done}/${total} chi bộ đã tổ chức đại hội`,
  bars,
  ...(width ? { width } : {}),
});
const ms = performance.now() - started;
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes, ${png.readUInt32BE(16)}x${png.readUInt32BE(20)}) in ${ms.toFixed(0)} ms`);
