/**
 * Small multiples: histograms at several time steps side by side, sharing their axes, e.g. the forward
 * process at t = 0, 5, 10, 20, 40, 80, 100 (book notebook 18.1) becoming Gaussian.
 */
import { VegaFigure } from "../render/VegaFigure";
import { FigureInputError } from "../errors";
import { checkPositiveInt, formatNumber, type NumericArray } from "../validate";
import { barHeights, histogramLayers, resolveBinning, type HistogramPlotOptions } from "./histogram";
import { binSamples } from "./bins";
import type { CurveInput } from "./densityCurve";
import { asSpec, checkOptions, coverRange, formatFit, joinSubtitle, optionalRange, titleBlock, type FitLabel } from "./common";

/** One panel: its samples, and optionally a title, a pdf to overlay and a fit. */
export interface SmallMultiplesPanel {
  /** Samples of this panel (binned before they enter the spec). */
  samples: NumericArray;
  /** Panel title (default "t = step" or "panel i"). */
  title?: string;
  /** Pdf drawn over this panel's bars. */
  density?: CurveInput;
  /** Fit shown under the panel title. */
  fit?: FitLabel;
}

/** Options of `smallMultiples` (histogram options apply to every panel). */
export interface SmallMultiplesOptions extends Omit<HistogramPlotOptions, "fit"> {
  /** With time-major rows as data: the row indices (time steps) to show, e.g. [0, 5, 10, 20, 40, 80, 100]. */
  steps?: number[];
  /** Pdf per step (steps mode), e.g. (t) => (x) => marginal(x, t). */
  densityAt?: (step: number) => CurveInput;
  /** Panels per row (default 2). */
  columns?: number;
}

const FIG = "smallMultiples";

function panelsFrom(data: ArrayLike<NumericArray> | SmallMultiplesPanel[], opts: SmallMultiplesOptions): SmallMultiplesPanel[] {
  if (!data || typeof data !== "object" || typeof data.length !== "number") {
    throw new FigureInputError(FIG, "data must be an array of panels { samples } or of time rows (with { steps })");
  }
  if (data.length === 0) throw new FigureInputError(FIG, "data is empty; pass at least one panel");
  if (opts.steps !== undefined) {
    if (!Array.isArray(opts.steps) || opts.steps.length === 0) throw new FigureInputError(FIG, "steps must be a non-empty array of row indices");
    return opts.steps.map((s) => {
      if (!Number.isInteger(s) || s < 0 || s >= data.length) {
        throw new FigureInputError(FIG, `step ${s} is not a row of data (rows 0…${data.length - 1})`);
      }
      const row = (data as ArrayLike<NumericArray>)[s];
      return { samples: row, title: `t = ${s}`, density: opts.densityAt ? opts.densityAt(s) : opts.density };
    });
  }
  return Array.from(data as ArrayLike<unknown>, (p, i) => {
    if (p && typeof p === "object" && "samples" in (p as object)) {
      const panel = p as SmallMultiplesPanel;
      return { ...panel, title: panel.title ?? `panel ${i + 1}`, density: panel.density ?? opts.density };
    }
    return { samples: p as NumericArray, title: `panel ${i + 1}`, density: opts.density };
  });
}

/**
 * Histograms of several sample sets (or rows of a process at `steps`) on shared axes.
 *
 * @example smallMultiples(rows, { steps: [0, 5, 10, 20, 40, 80, 100], binWidth: 0.1, range: [-3, 3], yRange: [0, 1] })
 */
export function smallMultiples(data: ArrayLike<NumericArray> | SmallMultiplesPanel[], options?: SmallMultiplesOptions): VegaFigure {
  const opts = checkOptions(FIG, options);
  const panels = panelsFrom(data, opts);
  if (panels.length > 24) throw new FigureInputError(FIG, `${panels.length} panels is too many to read; show at most 24`);
  const columns = opts.columns === undefined ? Math.min(2, panels.length) : checkPositiveInt(FIG, "columns", opts.columns, 12);
  const width = opts.width === undefined ? 320 : checkPositiveInt(FIG, "width", opts.width, 2000);
  const height = opts.height === undefined ? 100 : checkPositiveInt(FIG, "height", opts.height, 2000);
  // One binning for every panel, so bars line up; one y range, so heights compare across panels.
  const first = panels[0].samples;
  const { range, bins } = resolveBinning(FIG, first, opts);
  // The shared y range covers every panel's bars (a requested yRange is a floor, never a ceiling).
  let top = 0;
  for (const p of panels) {
    const h = barHeights(binSamples(FIG, p.samples, range[0], range[1], bins), opts.normalize ?? "density");
    for (const v of h) top = Math.max(top, v);
  }
  const yRange = coverRange(optionalRange(FIG, "yRange", opts.yRange), [0, top]) ?? [0, top > 0 ? top * 1.05 : 1];
  const concat = panels.map((p, i) => {
    const { spec } = histogramLayers(FIG, p.samples, { ...opts, range, bins, binWidth: undefined, yRange, density: p.density }, { width, height });
    const fit = p.fit === undefined ? undefined : formatFit(FIG, p.fit);
    const showLegend = i === 0;
    for (const layer of spec.layer as Array<{ encoding: { color: Record<string, unknown> } }>) {
      layer.encoding.color.legend = showLegend && panels.some((q) => q.density !== undefined) ? { title: null, orient: "top", direction: "horizontal" } : null;
    }
    return { title: titleBlock(p.title, fit), ...spec };
  });
  const title = titleBlock(opts.title, joinSubtitle(opts.subtitle));
  const spec = asSpec({ ...(title ? { title } : {}), columns, concat, resolve: { scale: { color: "shared" } } });
  const description =
    `Small multiples${opts.title ? ` "${opts.title}"` : ""}: ${panels.length} histograms (${panels.map((p) => p.title).join(", ")}), ` +
    `${bins} bins on [${formatNumber(range[0])}, ${formatNumber(range[1])}]`;
  return new VegaFigure(spec, description, opts);
}
