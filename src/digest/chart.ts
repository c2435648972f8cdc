/**
 * Server-side progress chart for the leadership digest.
 *
 * Pipeline: ECharts (SSR, SVG renderer, no DOM/canvas) builds an SVG string,
 * then resvg rasterises it to PNG using the Be Vietnam Pro font bundled in
 * `assets/fonts/` (system fonts are never consulted, so output is the same on
 * every machine and Vietnamese diacritics always render).
 *
 * ECharts lays text out with `platformApi.measureText`; without a canvas its
 * fallback guesses one full em for every non-ASCII character, which makes
 * Vietnamese labels look ~30% wider than they are. We plug in exact advance
 * widths read from the bundled TTF (cmap + hmtx tables) instead.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderAsync, type ResvgRenderOptions } from "@resvg/resvg-js";
import * as echarts from "echarts/core";
import { BarChart, type BarSeriesOption } from "echarts/charts";
import {
  GraphicComponent,
  GridComponent,
  MarkLineComponent,
  TitleComponent,
  type GraphicComponentOption,
  type GridComponentOption,
  type MarkLineComponentOption,
  type TitleComponentOption,
} from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { formatCount } from "../domain/parse/number.js";
import { formatPercent } from "../domain/parse/percent.js";

echarts.use([BarChart, GridComponent, TitleComponent, MarkLineComponent, GraphicComponent, SVGRenderer]);

type ChartOption = echarts.ComposeOption<
  BarSeriesOption | GridComponentOption | TitleComponentOption | MarkLineComponentOption | GraphicComponentOption
>;

export interface ProgressBar {
  /** Unit name shown on the axis, e.g. "huyện Bình Liêu". */
  label: string;
  done: number;
  total: number;
}

export interface ProgressChartInput {
  title: string;
  subtitle?: string;
  /** Drawn top to bottom in the given order. Up to ~40 is the intended range. */
  bars: ProgressBar[];
  /** PNG width in px (default 1000). Every size in the chart scales with it. */
  width?: number;
  /** Percent (0–100] at which a dashed target line is drawn (default 100); `null` hides it. */
  target?: number | null;
}

export const DEFAULT_CHART_WIDTH = 1000;
const MIN_WIDTH = 320;
const MAX_WIDTH = 4000;

// ---------------------------------------------------------------------------
// Font
// ---------------------------------------------------------------------------

export const CHART_FONT_FAMILY = "Be Vietnam Pro";
const FONT_DIR = fileURLToPath(new URL("../../assets/fonts/", import.meta.url));
const FONT_REGULAR = `${FONT_DIR}BeVietnamPro-Regular.ttf`;
const FONT_SEMIBOLD = `${FONT_DIR}BeVietnamPro-SemiBold.ttf`;

interface FontMetrics {
  unitsPerEm: number;
  advances: Map<number, number>; // code point -> advance width in font units
  fallbackAdvance: number;
}

/** Reads advance widths for every code point in the font's BMP cmap (format 4). */
function readFontMetrics(path: string): FontMetrics {
  const buf = readFileSync(path);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tables = new Map<string, number>();
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    tables.set(buf.toString("latin1", rec, rec + 4), view.getUint32(rec + 8));
  }
  const table = (tag: string): number => {
    const off = tables.get(tag);
    if (off === undefined) throw new Error(`font ${path}: missing '${tag}' table`);
    return off;
  };
  const unitsPerEm = view.getUint16(table("head") + 18);
  const numberOfHMetrics = view.getUint16(table("hhea") + 34);
  const hmtx = table("hmtx");
  const advanceOf = (glyph: number) => view.getUint16(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  const cmap = table("cmap");
  let sub = -1;
  for (let i = 0; i < view.getUint16(cmap + 2); i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = view.getUint16(rec);
    const encoding = view.getUint16(rec + 2);
    const off = cmap + view.getUint32(rec + 4);
    if ((platform === 3 && encoding === 1) || platform === 0) {
      if (view.getUint16(off) === 4) {
        sub = off;
        break;
      }
    }
  }
  if (sub < 0) throw new Error(`font ${path}: no Unicode BMP cmap (format 4)`);

  const advances = new Map<number, number>();
  const segCount = view.getUint16(sub + 6) / 2;
  const endCodes = sub + 14;
  const startCodes = endCodes + 2 * segCount + 2;
  const idDeltas = startCodes + 2 * segCount;
  const idRangeOffsets = idDeltas + 2 * segCount;
  for (let s = 0; s < segCount; s++) {
    const end = view.getUint16(endCodes + 2 * s);
    const start = view.getUint16(startCodes + 2 * s);
    const delta = view.getUint16(idDeltas + 2 * s);
    const rangeOffsetPos = idRangeOffsets + 2 * s;
    const rangeOffset = view.getUint16(rangeOffsetPos);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) {
        glyph = (c + delta) & 0xffff;
      } else {
        glyph = view.getUint16(rangeOffsetPos + rangeOffset + 2 * (c - start));
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) advances.set(c, advanceOf(glyph));
    }
  }
  return { unitsPerEm, advances, fallbackAdvance: advanceOf(0) };
}

let fonts: { regular: FontMetrics; semibold: FontMetrics } | undefined;

function loadFonts(): { regular: FontMetrics; semibold: FontMetrics } {
  fonts ??= { regular: readFontMetrics(FONT_REGULAR), semibold: readFontMetrics(FONT_SEMIBOLD) };
  return fonts;
}

/** Width in px of `text` set in the bundled font (kerning ignored: within a few %). */
export function measureTextWidth(text: string, fontSize: number, bold = false): number {
  const f = bold ? loadFonts().semibold : loadFonts().regular;
  let units = 0;
  for (const ch of text) units += f.advances.get(ch.codePointAt(0) ?? 0) ?? f.fallbackAdvance;
  return (units * fontSize) / f.unitsPerEm;
}

/** Characters of `text` (after NFC) that the bundled font has no glyph for. */
export function unsupportedChars(text: string): string[] {
  const { regular, semibold } = loadFonts();
  const missing = new Set<string>();
  for (const ch of text.normalize("NFC")) {
    const cp = ch.codePointAt(0) ?? 0;
    if (/\s/.test(ch)) continue;
    if (!regular.advances.has(cp) || !semibold.advances.has(cp)) missing.add(ch);
  }
  return [...missing];
}

/** zrender font strings look like "600 26px Be Vietnam Pro" / "bold 30px sans-serif". */
function measureCssFont(text: string, font?: string): { width: number } {
  const css = font ?? "";
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(css)?.[1] ?? 12);
  const bold = /\b(bold|bolder|[6-9]00)\b/.test(css);
  return { width: measureTextWidth(text, size, bold) };
}

// Note: setPlatformAPI is process-wide; this module is the only ECharts user.
let platformReady = false;
function ensurePlatform(): void {
  if (platformReady) return;
  loadFonts(); // fail fast with a clear error if the font files are missing
  echarts.setPlatformAPI({ measureText: measureCssFont });
  platformReady = true;
}

const RESVG_OPTIONS: ResvgRenderOptions = {
  font: {
    fontFiles: [FONT_REGULAR, FONT_SEMIBOLD],
    loadSystemFonts: false,
    defaultFontFamily: CHART_FONT_FAMILY,
    sansSerifFamily: CHART_FONT_FAMILY,
  },
  fitTo: { mode: "original" },
  background: "#ffffff",
  logLevel: "error",
};

// ---------------------------------------------------------------------------
// Formatting helpers
// ---------------------------------------------------------------------------

/**
 * Percent finished, rounded to one decimal, clamped to [0, 100] — except that
 * an unfinished unit never shows 100% (capped at 99.9) and a started one never
 * shows 0% (at least 0.1). `null` when total is not positive.
 */
export function progressPercent(done: number, total: number): number | null {
  if (!Number.isFinite(total) || total <= 0) return null;
  const d = Number.isFinite(done) ? Math.max(0, done) : 0;
  if (d >= total) return 100;
  if (d === 0) return 0;
  return Math.min(99.9, Math.max(0.1, Math.round((d * 1000) / total) / 10));
}

/** 97.9 -> "97,9%", 100 -> "100%" (same style as the digest text), null -> "—". */
export function formatPercentVi(percent: number | null): string {
  return percent === null ? "—" : formatPercent(percent, 1);
}

/** NFC, no control characters / line breaks (they would break XML or the layout). */
function cleanText(s: string): string {
  return s
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]+/g, " ")
    // lone surrogates are not valid XML characters
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Greedy word wrap using real glyph widths; over-long words are hard-split.
 * A short parenthesised group such as "(17:00 15/12/2024)" is kept together.
 * `text` must come from cleanText (single spaces, no control characters).
 */
function wrapText(text: string, maxWidth: number, fontSize: number, bold: boolean): string[] {
  const GLUE = "\u0000";
  const words = text
    .replace(/\([^()]{1,40}\)/g, (group) => group.replaceAll(" ", GLUE))
    .split(" ")
    .map((w) => w.replaceAll(GLUE, " "));
  const fits = (s: string) => measureTextWidth(s, fontSize, bold) <= maxWidth;
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (!fits(line) && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && !fits(line.slice(0, cut))) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}

// ---------------------------------------------------------------------------
// Chart
// ---------------------------------------------------------------------------

const COLORS = {
  text: "#111827",
  muted: "#4b5563",
  faint: "#6b7280",
  grid: "#e5e7eb",
  track: "#eef1f5",
  bar: "#2563eb",
  barDone: "#16a34a",
  target: "#dc2626",
};

/** The SVG the PNG is rasterised from (useful for debugging and tests). */
export function renderProgressChartSvg(input: ProgressChartInput): string {
  const width = input.width ?? DEFAULT_CHART_WIDTH;
  if (!Number.isInteger(width) || width < MIN_WIDTH || width > MAX_WIDTH) {
    throw new RangeError(`chart width must be an integer in [${MIN_WIDTH}, ${MAX_WIDTH}], got ${width}`);
  }
  ensurePlatform();

  // All sizes are designed for a 1000 px wide image and scale with the width, so
  // the picture looks the same once Telegram fits it to a phone screen.
  const k = width / 1000;
  const px = (v: number) => Math.round(v * k);
  const pad = px(32);
  const titleMaxSize = px(38);
  const titleMinSize = px(33);
  const titleWrapSize = px(36);
  const subtitleSize = px(29);
  const subtitleLine = px(40);
  const labelSize = px(33);
  const valueSize = px(32);
  const countSize = px(27);
  const axisSize = px(24);
  const rowHeight = px(60);
  const barThickness = px(40);
  const labelGap = px(14);
  const valueGap = px(12);
  const countGap = px(8);

  const bars = input.bars.map((b) => {
    const percent = progressPercent(b.done, b.total);
    const done = Number.isFinite(b.done) ? Math.max(0, b.done) : 0;
    const total = Number.isFinite(b.total) ? Math.max(0, b.total) : 0;
    return {
      label: cleanText(String(b.label)),
      percent,
      valueText: formatPercentVi(percent),
      countText: `(${formatCount(done)}/${formatCount(total)})`,
    };
  });

  const contentWidth = width - 2 * pad;
  // Title: shrink a little to stay on one line if possible, otherwise wrap.
  const title = cleanText(input.title);
  let titleSize = titleMaxSize;
  while (titleSize > titleMinSize && measureTextWidth(title, titleSize, true) > contentWidth) titleSize--;
  if (measureTextWidth(title, titleSize, true) > contentWidth) titleSize = titleWrapSize;
  const titleLine = Math.round(titleSize * 1.3);
  const titleLines = wrapText(title, contentWidth, titleSize, true);
  const subtitle = input.subtitle === undefined ? "" : cleanText(input.subtitle);
  const subtitleLines = subtitle ? wrapText(subtitle, contentWidth, subtitleSize, false) : [];

  // Header: title + optional subtitle (+ room for the target caption).
  const target = input.target === undefined ? 100 : input.target;
  const showTarget = target !== null && Number.isFinite(target) && target > 0 && target <= 100 && bars.length > 0;
  const targetCaption = showTarget ? `Mục tiêu ${formatPercentVi(target)}` : "";
  const headerHeight =
    pad +
    titleLines.length * titleLine +
    (subtitleLines.length ? px(6) + subtitleLines.length * subtitleLine : 0) +
    px(showTarget ? 44 : 24);

  // Horizontal layout: [pad][labels][gap][bars 0..100%][gap][value labels][pad]
  const maxLabelWidth = Math.round(contentWidth * 0.4);
  const labelColumn = Math.min(
    maxLabelWidth,
    // +2: zrender truncates at (width - 1) and glyph sums can differ by rounding
    Math.ceil(Math.max(0, ...bars.map((b) => measureTextWidth(b.label, labelSize)))) + 2,
  );
  const valueColumn = Math.ceil(
    Math.max(
      // the last x-axis tick label and the target caption are centred on the right edge
      measureTextWidth("100%", axisSize) / 2,
      measureTextWidth(targetCaption, axisSize) / 2,
      ...bars.map(
        (b) => measureTextWidth(b.valueText, valueSize, true) + countGap + measureTextWidth(b.countText, countSize),
      ),
    ),
  );
  const gridLeft = pad + labelColumn + labelGap;
  const gridRight = pad + valueColumn + valueGap;
  const rows = Math.max(1, bars.length);
  const gridHeight = rows * rowHeight;
  const axisHeight = px(48);
  const height = headerHeight + gridHeight + axisHeight + pad;
  const xMax = 100;

  // Two overlapping bar series: a grey full-length track that carries the
  // value labels (so they form one aligned column right of the 100% end), and
  // the coloured progress bar drawn on top of it.
  const track: BarSeriesOption = {
    type: "bar",
    barWidth: barThickness,
    barGap: "-100%",
    silent: true,
    data: bars.map(() => xMax),
    itemStyle: { color: COLORS.track, borderRadius: px(4) },
    label: {
      show: true,
      position: "right",
      distance: valueGap,
      formatter: (p) => {
        const b = bars[p.dataIndex];
        return b ? `{v|${b.valueText}}{c|${b.countText}}` : "";
      },
      rich: {
        v: { fontSize: valueSize, fontWeight: 600, color: COLORS.text, fontFamily: CHART_FONT_FAMILY },
        c: {
          fontSize: countSize,
          color: COLORS.faint,
          fontFamily: CHART_FONT_FAMILY,
          padding: [0, 0, 0, countGap],
        },
      },
    },
  };
  const progress: BarSeriesOption = {
    type: "bar",
    barWidth: barThickness,
    barGap: "-100%",
    silent: true,
    data: bars.map((b) => ({
      value: b.percent ?? 0,
      itemStyle: { color: b.percent !== null && b.percent >= 100 ? COLORS.barDone : COLORS.bar },
    })),
    itemStyle: { borderRadius: px(4) },
  };
  if (showTarget) {
    progress.markLine = {
      silent: true,
      symbol: "none",
      lineStyle: { color: COLORS.target, type: [px(8), px(6)], width: Math.max(1, px(2.5)) },
      label: {
        show: true,
        // the category axis is inverted, so the line "starts" at the top
        position: "start",
        formatter: targetCaption,
        fontSize: axisSize,
        color: COLORS.target,
        fontFamily: CHART_FONT_FAMILY,
        distance: px(8),
      },
      data: [{ xAxis: target }],
    };
  }

  const option: ChartOption = {
    animation: false,
    backgroundColor: "#ffffff",
    textStyle: { fontFamily: CHART_FONT_FAMILY },
    title: {
      text: titleLines.join("\n"),
      subtext: subtitleLines.join("\n"),
      left: pad,
      top: pad,
      padding: 0,
      itemGap: px(6),
      textStyle: { fontSize: titleSize, lineHeight: titleLine, fontWeight: 600, color: COLORS.text },
      subtextStyle: { fontSize: subtitleSize, lineHeight: subtitleLine, color: COLORS.muted },
    },
    grid: {
      left: gridLeft,
      right: gridRight,
      top: headerHeight,
      height: gridHeight,
      outerBoundsMode: "none",
    },
    xAxis: {
      show: bars.length > 0,
      type: "value",
      min: 0,
      max: xMax,
      interval: 25,
      axisLabel: { formatter: (v: number) => `${v}%`, fontSize: axisSize, color: COLORS.faint, margin: px(12) },
      splitLine: { lineStyle: { color: COLORS.grid, width: Math.max(1, px(1.5)) } },
      axisLine: { show: false },
      axisTick: { show: false },
    },
    yAxis: {
      show: bars.length > 0,
      type: "category",
      inverse: true,
      data: bars.map((b) => b.label),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: "#9ca3af", width: Math.max(1, px(2)) } },
      axisLabel: {
        interval: 0,
        fontSize: labelSize,
        color: COLORS.text,
        margin: labelGap,
        width: labelColumn,
        overflow: "truncate",
        ellipsis: "…",
      },
    },
    series: [track, progress],
  };
  if (bars.length === 0) {
    option.graphic = {
      type: "text",
      left: "center",
      top: headerHeight + gridHeight / 2 - labelSize / 2,
      style: { text: "Chưa có dữ liệu", fontSize: labelSize, fill: COLORS.faint, fontFamily: CHART_FONT_FAMILY },
    };
  }

  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * Renders a horizontal "% finished" bar chart as PNG bytes. Rasterisation runs
 * off the main thread (resvg's async API), so the bot stays responsive.
 */
export async function renderProgressChart(input: ProgressChartInput): Promise<Buffer> {
  const image = await renderAsync(renderProgressChartSvg(input), RESVG_OPTIONS);
  return image.asPng();
}
