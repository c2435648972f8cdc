/**
 * The chart's rendering engine: ECharts (SSR, SVG renderer) and resvg. It runs
 * in the renderer child process (./chart-process.ts, started by
 * renderProgressChart in ./chart.ts), never in the bot's own process; see
 * ./chart.ts for the pipeline and why.
 *
 * ECharts is loaded from its single-file CommonJS build ("echarts" under
 * require): the same code as the ES modules of "echarts/core" (the SVG and PNG
 * come out byte for byte the same) but one file instead of ~300, so the
 * renderer starts several times faster (~0.5 s instead of ~2 s under tsx).
 * It registers every chart type and component itself, hence no echarts.use().
 */
import { createRequire } from "node:module";
import { renderAsync, type ResvgRenderOptions } from "@resvg/resvg-js";
import type * as EChartsCore from "echarts/core";
import type { BarSeriesOption } from "echarts/charts";
import type { GraphicComponentOption, GridComponentOption, MarkLineComponentOption, TitleComponentOption } from "echarts/components";
import { formatCount } from "../domain/parse/number.js";
import {
  CHART_FONT_FAMILY,
  DEFAULT_CHART_WIDTH,
  FONT_REGULAR,
  FONT_SEMIBOLD,
  formatPercentVi,
  loadFonts,
  MAX_WIDTH,
  measureTextWidth,
  MIN_WIDTH,
  progressPercent,
  type ProgressChartInput,
} from "./chart.js";

const echarts = createRequire(import.meta.url)("echarts") as typeof EChartsCore;

type ChartOption = EChartsCore.ComposeOption<
  BarSeriesOption | GridComponentOption | TitleComponentOption | MarkLineComponentOption | GraphicComponentOption
>;

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

/** The chart as PNG bytes; rasterised off the main thread (resvg's async API). */
export async function renderProgressChartPng(input: ProgressChartInput): Promise<Buffer> {
  const image = await renderAsync(renderProgressChartSvg(input), RESVG_OPTIONS);
  return image.asPng();
}
