/**
 * Density histogram of samples as a wide, short strip (the book's 8 × 2.5 figures), optionally with the
 * true pdf drawn over it and a measure of fit in the subtitle. The spec carries bins, never samples.
 */
import { VegaFigure } from "../render/VegaFigure";
import { FigureInputError } from "../errors";
import { checkPositive, checkPositiveInt, formatNumber, round6, type NumericArray } from "../validate";
import { HISTOGRAM_COLOR, PDF_COLOR, STRIP } from "../style";
import { binSamples, defaultBinRange, type Bins } from "./bins";
import { curveRows, type CurveInput } from "./densityCurve";
import { asSpec, chartSize, checkOptions, coverRange, formatFit, joinSubtitle, optionalRange, scale, titleBlock, type ChartOptions, type FitLabel } from "./common";

/** Options of `histogram`. */
export interface HistogramPlotOptions extends ChartOptions {
  /** Number of equal bins over `range` (default 60, or derived from `binWidth`). */
  bins?: number;
  /** Width of one bin, e.g. 0.05 (the lessons' fit histograms) or 0.1 (the book's 18.1 figures). */
  binWidth?: number;
  /** Binning range [lo, hi]; default: the samples' extent. Also the x-axis range unless `xRange` is set. */
  range?: [number, number];
  /** The true pdf to draw over the bars: a function of x, or points { x, y }. */
  density?: CurveInput;
  /** Legend label of the pdf curve (default "true pdf"). */
  densityLabel?: string;
  /** A measure of fit for the subtitle: a number is shown as "TV = …", or pass { label, value } or a text. */
  fit?: FitLabel;
  /** "density" (area 1 over all samples; default) or "count". */
  normalize?: "density" | "count";
  /** Bar colour (CSS colour). */
  color?: string;
}

const FIG = "histogram";

/** Resolves bins/binWidth/range options for a set of samples. */
export function resolveBinning(figure: string, samples: ArrayLike<number>, options: Pick<HistogramPlotOptions, "bins" | "binWidth" | "range">): { range: [number, number]; bins: number } {
  const range = optionalRange(figure, "range", options.range) ?? defaultBinRange(samples);
  if (options.bins !== undefined && options.binWidth !== undefined) {
    throw new FigureInputError(figure, "give either bins (a count) or binWidth, not both");
  }
  let bins = 60;
  if (options.bins !== undefined) bins = checkPositiveInt(figure, "bins", options.bins, 2000);
  if (options.binWidth !== undefined) {
    const w = checkPositive(figure, "binWidth", options.binWidth);
    bins = Math.round((range[1] - range[0]) / w);
    if (bins < 1 || bins > 2000) {
      throw new FigureInputError(figure, `binWidth ${w} on [${range[0]}, ${range[1]}] gives ${bins} bins; choose a width giving 1–2000 bins`);
    }
  }
  return { range, bins };
}

/** Bar heights: density (count / (n · width)) or raw counts. */
export function barHeights(b: Bins, normalize: "density" | "count"): Float64Array {
  const out = new Float64Array(b.counts.length);
  for (let k = 0; k < out.length; k++) {
    const width = b.x1[k] - b.x0[k];
    out[k] = normalize === "count" ? b.counts[k] : b.counts[k] / (b.total * width);
  }
  return out;
}

/** Builds the layered spec (bars + optional pdf) used by `histogram` and `smallMultiples`. */
export function histogramLayers(
  figure: string,
  samples: NumericArray,
  options: HistogramPlotOptions,
  size: { width: number; height: number },
): { spec: Record<string, unknown>; bins: Bins; range: [number, number]; normalize: "density" | "count" } {
  if (!samples || typeof samples !== "object" || typeof (samples as NumericArray).length !== "number") {
    throw new FigureInputError(figure, "samples must be an array of numbers or a typed array");
  }
  if (samples.length === 0) throw new FigureInputError(figure, "samples is empty; pass at least one sample");
  const normalize = options.normalize ?? "density";
  if (normalize !== "density" && normalize !== "count") {
    throw new FigureInputError(figure, `normalize must be "density" or "count"; got ${String(normalize)}`);
  }
  const { range, bins } = resolveBinning(figure, samples, options);
  const b = binSamples(figure, samples, range[0], range[1], bins);
  const heights = barHeights(b, normalize);
  const xDomain = optionalRange(figure, "xRange", options.xRange) ?? range;
  const rows = Array.from(heights, (y, k) => ({ x0: round6(b.x0[k]), x1: round6(b.x1[k]), y: round6(y) }));
  const densityRows = options.density === undefined ? undefined : curveRows(figure, "density", options.density, xDomain);
  const yDomain = coverRange(optionalRange(figure, "yRange", options.yRange), [0, ...heights, ...(densityRows ?? []).map((r) => r.y)]);
  const series = ["samples"];
  const colors = [options.color ?? HISTOGRAM_COLOR];
  const label = options.densityLabel ?? "true pdf";
  if (options.density !== undefined) {
    series.push(label);
    colors.push(PDF_COLOR);
  }
  const color = (name: string) => ({
    datum: name,
    scale: { domain: series, range: colors },
    legend: series.length > 1 ? { title: null, orient: "top-right" } : null,
  });
  const layers: Record<string, unknown>[] = [
    {
      data: { values: rows },
      mark: { type: "rect", clip: true, aria: false, stroke: "white", strokeWidth: bins > 150 ? 0 : 0.5 },
      encoding: {
        x: { field: "x0", type: "quantitative", scale: scale(xDomain), title: options.xLabel ?? "x" },
        x2: { field: "x1" },
        y: { field: "y", type: "quantitative", scale: scale(yDomain, { zero: true }), title: options.yLabel ?? (normalize === "density" ? "density" : "count") },
        y2: { datum: 0 },
        color: color("samples"),
      },
    },
  ];
  if (densityRows !== undefined) {
    layers.push({
      data: { values: densityRows },
      mark: { type: "line", clip: true, aria: false, strokeWidth: 2 },
      encoding: {
        x: { field: "x", type: "quantitative" },
        y: { field: "y", type: "quantitative" },
        color: color(label),
      },
    });
  }
  return { spec: { width: size.width, height: size.height, layer: layers }, bins: b, range, normalize };
}

/**
 * Density histogram of `samples` (any length: the spec ships bins only).
 *
 * @example histogram(samples, { binWidth: 0.05, range: [-3, 3], density: (x) => mixturePdf(mix, x), fit: tv })
 */
export function histogram(samples: NumericArray, options?: HistogramPlotOptions): VegaFigure {
  const opts = checkOptions(FIG, options);
  const size = chartSize(FIG, opts, STRIP);
  const { spec, bins, range, normalize } = histogramLayers(FIG, samples, opts, size);
  const fit = opts.fit === undefined ? undefined : formatFit(FIG, opts.fit);
  const title = titleBlock(opts.title, joinSubtitle(opts.subtitle, fit));
  const full = asSpec({ ...(title ? { title } : {}), ...spec });
  const width = (range[1] - range[0]) / bins.counts.length;
  const description =
    `Histogram${opts.title ? ` "${opts.title}"` : ""}: ${bins.total} samples in ${bins.counts.length} bins of width ${formatNumber(width)} ` +
    `on [${formatNumber(range[0])}, ${formatNumber(range[1])}], ${normalize}` +
    (opts.density !== undefined ? `, with ${opts.densityLabel ?? "true pdf"}` : "") +
    (fit ? `; ${fit}` : "") +
    (bins.outside > 0 ? ` (${bins.outside} samples outside the range)` : "");
  return new VegaFigure(full, description, opts);
}
