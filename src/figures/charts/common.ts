/** Options and helpers shared by the Vega-Lite chart functions. */
import type { VegaFigureOptions } from "../render/VegaFigure";
import { FigureInputError } from "../errors";
import { checkPositiveInt, checkRange, formatNumber } from "../validate";

/** Options every chart accepts. */
export interface ChartOptions extends VegaFigureOptions {
  /** Title above the chart. */
  title?: string;
  /** Second title line (smaller, grey). */
  subtitle?: string;
  /** Plot width in pixels (without axes). */
  width?: number;
  /** Plot height in pixels (without axes). */
  height?: number;
  /** Label of the x axis. */
  xLabel?: string;
  /** Label of the y axis. */
  yLabel?: string;
  /** x-axis range [lo, hi] (default: fitted to the data). A floor, never a ceiling: the axis grows to show all data. */
  xRange?: [number, number];
  /** y-axis range [lo, hi] (default: fitted to the data). A floor, never a ceiling: the axis grows to show all data. */
  yRange?: [number, number];
}

/** A measure of fit shown in the subtitle: a number (shown as TV = …), a text, or a labelled number. */
export type FitLabel = number | string | { label: string; value: number };

/** Formats a fit for a subtitle, e.g. "TV = 0.0831". */
export function formatFit(figure: string, fit: FitLabel): string {
  if (typeof fit === "number") {
    if (!Number.isFinite(fit)) throw new FigureInputError(figure, `fit must be a finite number; got ${fit}`);
    return `TV = ${formatNumber(fit)}`;
  }
  if (typeof fit === "string") return fit;
  if (fit && typeof fit === "object" && typeof fit.label === "string" && Number.isFinite(fit.value)) {
    return `${fit.label} = ${formatNumber(fit.value)}`;
  }
  throw new FigureInputError(figure, `fit must be a number, a string or { label, value }; got ${JSON.stringify(fit)}`);
}

/** Vega-Lite title block, or undefined when there is neither title nor subtitle. */
export function titleBlock(title?: string, subtitle?: string): Record<string, unknown> | undefined {
  if (title === undefined && subtitle === undefined) return undefined;
  const block: Record<string, unknown> = { text: title ?? "", anchor: "start" };
  if (subtitle !== undefined) block.subtitle = subtitle;
  return block;
}

/** Joins subtitle parts that are present. */
export function joinSubtitle(...parts: Array<string | undefined>): string | undefined {
  const present = parts.filter((p): p is string => typeof p === "string" && p.length > 0);
  return present.length > 0 ? present.join(" · ") : undefined;
}

/** Checks width/height options and returns them with defaults. */
export function chartSize(figure: string, options: ChartOptions, defaults: { width: number; height: number }): { width: number; height: number } {
  const width = options.width === undefined ? defaults.width : checkPositiveInt(figure, "width", options.width, 4000);
  const height = options.height === undefined ? defaults.height : checkPositiveInt(figure, "height", options.height, 4000);
  return { width, height };
}

/** Checks xRange/yRange options (undefined stays undefined). */
export function optionalRange(figure: string, name: string, value: unknown): [number, number] | undefined {
  return value === undefined ? undefined : checkRange(figure, name, value);
}

/**
 * The axis range to draw: the requested range widened, with 5 % headroom, wherever the data (bars, curves,
 * overlays) reach beyond it, so a figure never clips its own evidence. Undefined stays undefined (fitted).
 */
export function coverRange(requested: [number, number] | undefined, values: Iterable<number>): [number, number] | undefined {
  if (requested === undefined) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return requested;
  const pad = 0.05 * Math.max(hi - lo, Math.abs(hi), Math.abs(lo), 1e-12);
  return [lo < requested[0] ? lo - pad : requested[0], hi > requested[1] ? hi + pad : requested[1]];
}

/** Rejects options objects that are not objects (e.g. a number passed where options belong). */
export function checkOptions<T>(figure: string, options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new FigureInputError(figure, `options must be an object such as { title: "..." }; got ${Array.isArray(options) ? "array" : typeof options}`);
  }
  return options;
}

/** Quantitative scale with an optional fixed domain (values outside are clipped by the mark). */
export function scale(domain?: [number, number], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return domain ? { domain, nice: false, ...extra } : { zero: false, ...extra };
}

/** Our specs are built as plain objects; this marks one as a Vega-Lite top-level spec. */
export function asSpec(spec: Record<string, unknown>): import("vega-lite").TopLevelSpec {
  return spec as unknown as import("vega-lite").TopLevelSpec;
}
