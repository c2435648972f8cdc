/**
 * Server-side progress chart for the leadership digest: the light part.
 *
 * This module holds the chart's types, the font metrics and the formatting
 * helpers, and renderProgressChart, which hands the drawing to a child process
 * (./chart-process.ts) running the rendering engine (ECharts + resvg,
 * ./chart-engine.ts): the bot process itself never loads them (see
 * renderProgressChart for why).
 *
 * Pipeline (chart-engine.ts): ECharts (SSR, SVG renderer, no DOM/canvas)
 * builds an SVG string, then resvg rasterises it to PNG using the Be Vietnam
 * Pro font bundled in `assets/fonts/` (system fonts are never consulted, so
 * output is the same on every machine and Vietnamese diacritics always render).
 *
 * ECharts lays text out with `platformApi.measureText`; without a canvas its
 * fallback guesses one full em for every non-ASCII character, which makes
 * Vietnamese labels look ~30% wider than they are. We plug in exact advance
 * widths read from the bundled TTF (cmap + hmtx tables, measureTextWidth below)
 * instead.
 */
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { formatPercent } from "../domain/parse/percent.js";

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
export const MIN_WIDTH = 320;
export const MAX_WIDTH = 4000;

// ---------------------------------------------------------------------------
// Font
// ---------------------------------------------------------------------------

export const CHART_FONT_FAMILY = "Be Vietnam Pro";
const FONT_DIR = fileURLToPath(new URL("../../assets/fonts/", import.meta.url));
export const FONT_REGULAR = `${FONT_DIR}BeVietnamPro-Regular.ttf`;
export const FONT_SEMIBOLD = `${FONT_DIR}BeVietnamPro-SemiBold.ttf`;

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

/** The metrics of both bundled fonts, read once (also used by chart-engine.ts). */
export function loadFonts(): { regular: FontMetrics; semibold: FontMetrics } {
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

// ---------------------------------------------------------------------------
// Rendering, in a child process
// ---------------------------------------------------------------------------

/** An idle renderer process is stopped after this long; the next chart starts a new one. */
export const RENDERER_IDLE_MS = 15_000;
/** A render still unanswered after this long is abandoned and the renderer restarted. */
const RENDER_TIMEOUT_MS = 60_000;

/** The messages exchanged with ./chart-process.ts. */
export type RenderRequest = { id: number; input: ProgressChartInput };
export type RenderReply = { id: number; png: Uint8Array } | { id: number; error: { name: string; message: string } };

interface Pending {
  resolve: (png: Buffer) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

let renderer: { render: (input: ProgressChartInput) => Promise<Buffer> } | undefined;

/**
 * Renders a horizontal "% finished" bar chart as PNG bytes.
 *
 * The drawing (ECharts + resvg, ./chart-engine.ts) runs in a child process,
 * started on first use and stopped after RENDERER_IDLE_MS without work. In the
 * bot's own process it would stay for good after the first digest: ECharts'
 * modules enlarge the heap V8 has to keep (and it grows the old generation in
 * proportion), and resvg's allocator (mimalloc) keeps ~100 MB of freed pixmap
 * and font memory resident in its threads. Out of process the bot stays at
 * its working size, and the event loop is never blocked by a chart.
 */
export function renderProgressChart(input: ProgressChartInput): Promise<Buffer> {
  renderer ??= startRenderer();
  return renderer.render(input);
}

function startRenderer() {
  const self = import.meta.url.endsWith(".ts") ? "ts" : "js";
  const entry = fileURLToPath(new URL(`./chart-process.${self}`, import.meta.url));
  // Run from the TypeScript sources (tsx, vitest): the child needs tsx too, whatever loads this module.
  const execArgv = self === "ts" ? ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href] : [];
  // One chart at a time on one thread, and resvg's allocator (mimalloc) giving freed pages back at
  // once: the renderer peaks at ~250 MB instead of ~310 MB on a 40-bar chart (unless set otherwise).
  const env = { UV_THREADPOOL_SIZE: "1", MIMALLOC_PURGE_DELAY: "0", MIMALLOC_ARENA_EAGER_COMMIT: "0", ...process.env };
  const child = fork(entry, [], { execArgv, env, serialization: "advanced", stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let idleTimer: NodeJS.Timeout | undefined;

  const handle = { render };
  /** Forgets this process (the next chart starts another one) and fails what it still owed. */
  const retire = (error: Error) => {
    if (renderer === handle) renderer = undefined;
    clearTimeout(idleTimer);
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    pending.clear();
  };
  // While it has nothing to do, the renderer must not keep the bot or a CLI command alive.
  const keepAlive = (on: boolean) => {
    if (on) {
      child.ref();
      child.channel?.ref();
    } else {
      child.unref();
      child.channel?.unref();
    }
  };

  child.on("message", (reply: RenderReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    clearTimeout(p.timer);
    if ("png" in reply) p.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
    else p.reject(Object.assign(reply.error.name === "RangeError" ? new RangeError(reply.error.message) : new Error(reply.error.message), { name: reply.error.name }));
    if (pending.size === 0) {
      keepAlive(false);
      idleTimer = setTimeout(() => {
        retire(new Error("chart renderer stopped"));
        if (child.connected) child.disconnect(); // it exits when its channel closes
      }, RENDERER_IDLE_MS);
      idleTimer.unref();
    }
  });
  child.on("error", (error) => {
    retire(new Error(`chart renderer failed: ${error.message}`));
    child.kill();
  });
  child.on("exit", (code, signal) => retire(new Error(`chart renderer stopped (${signal ?? `exit code ${code}`})`)));

  function render(input: ProgressChartInput): Promise<Buffer> {
    clearTimeout(idleTimer);
    keepAlive(true);
    const id = nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => child.kill(), RENDER_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      child.send({ id, input } satisfies RenderRequest, (error) => {
        if (error) {
          retire(new Error(`chart renderer unreachable: ${error.message}`));
          child.kill();
        }
      });
    });
  }
  return handle;
}
