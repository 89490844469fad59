/**
 * Line plots of curves such as densities: the true pdf, q(z_t | x) at a few t, marginals q(z_t).
 * Series are given as points { x, y } or as functions evaluated on a grid (the book's 0.01 step).
 */
import { VegaFigure } from "../render/VegaFigure";
import { FigureInputError } from "../errors";
import { arange, checkPositive, checkSameLength, evaluateFunction, round6, toFiniteArray, type NumericArray, type PdfFunction } from "../validate";
import { STRIP, TRAJECTORY_COLORS } from "../style";
import { decimateIndices } from "./densityCurve";
import { asSpec, chartSize, checkOptions, coverRange, formatFit, joinSubtitle, optionalRange, scale, titleBlock, type ChartOptions, type FitLabel } from "./common";

/** One curve: points { x, y } or a function `f` evaluated on the x grid. */
export interface LineSeries {
  /** x coordinates (with `y`). */
  x?: NumericArray;
  /** y coordinates (with `x`). */
  y?: NumericArray;
  /** A function of x, evaluated on `xRange` with `step` (instead of x/y). */
  f?: PdfFunction;
  /** Legend name. */
  name?: string;
  /** CSS colour. */
  color?: string;
  /** Draw dashed. */
  dashed?: boolean;
}

/** Options of `linePlot`. */
export interface LinePlotOptions extends ChartOptions {
  /** Grid step for function series (default 0.01, as the book's x grid). */
  step?: number;
  /** A measure of fit for the subtitle. */
  fit?: FitLabel;
  /** Most points kept per series (evenly spaced); default 1000. */
  maxPoints?: number;
}

const FIG = "linePlot";

function seriesRows(s: LineSeries, index: number, opts: LinePlotOptions, maxPoints: number): Array<{ x: number; y: number }> {
  const label = `series ${index}`;
  if (!s || typeof s !== "object") throw new FigureInputError(FIG, `${label} must be { x, y } or { f }`);
  let xs: Float64Array;
  let ys: Float64Array;
  if (s.f !== undefined) {
    if (s.x !== undefined || s.y !== undefined) throw new FigureInputError(FIG, `${label}: give either f or x/y, not both`);
    const range = optionalRange(FIG, "xRange", opts.xRange);
    if (!range) throw new FigureInputError(FIG, `${label} is a function: pass xRange (e.g. { xRange: [-3, 3] }) so it can be evaluated`);
    const step = opts.step === undefined ? 0.01 : checkPositive(FIG, "step", opts.step);
    xs = arange(range[0], range[1] + step / 2, step, 200_000);
    ys = evaluateFunction(FIG, `${label}.f`, s.f, xs);
  } else {
    xs = toFiniteArray(FIG, `${label}.x`, s.x);
    ys = toFiniteArray(FIG, `${label}.y`, s.y);
    checkSameLength(FIG, `${label}.x`, xs, `${label}.y`, ys);
  }
  return decimateIndices(xs.length, maxPoints).map((i) => ({ x: round6(xs[i]), y: round6(ys[i]) }));
}

/** Normalizes the first argument of linePlot into a list of series. */
function toSeriesList(input: LineSeries | LineSeries[] | PdfFunction): LineSeries[] {
  if (typeof input === "function") return [{ f: input }];
  if (Array.isArray(input)) {
    if (input.length === 0) throw new FigureInputError(FIG, "no series given; pass { x, y }, { f }, a function or an array of them");
    return input.map((s) => (typeof s === "function" ? { f: s as PdfFunction } : s));
  }
  if (input && typeof input === "object") return [input];
  throw new FigureInputError(FIG, `series must be { x, y }, { f }, a function or an array of them; got ${typeof input}`);
}

/**
 * Line plot of one or more curves, as a wide strip by default.
 *
 * @example linePlot((x) => mixturePdf(mix, x), { xRange: [-3, 3], yRange: [0, 1], title: "True pdf" })
 * @example linePlot([{ x: xs, y: q20, name: "t = 20" }, { x: xs, y: q40, name: "t = 40" }], { xLabel: "z" })
 */
export function linePlot(series: LineSeries | LineSeries[] | PdfFunction, options?: LinePlotOptions): VegaFigure {
  const opts = checkOptions(FIG, options);
  const size = chartSize(FIG, opts, STRIP);
  const list = toSeriesList(series);
  const maxPoints = opts.maxPoints === undefined ? 1000 : Math.max(2, Math.floor(checkPositive(FIG, "maxPoints", opts.maxPoints)));
  const names = list.map((s, i) => s.name ?? (list.length === 1 ? "y" : `series ${i + 1}`));
  if (new Set(names).size !== names.length) throw new FigureInputError(FIG, `series names must be different; got ${names.join(", ")}`);
  const colors = list.map((s, i) => s.color ?? TRAJECTORY_COLORS[(i + 2) % TRAJECTORY_COLORS.length]);
  const showLegend = list.length > 1 || list[0].name !== undefined;
  const rowsList = list.map((s, i) => seriesRows(s, i, opts, maxPoints));
  const xDomain = coverRange(optionalRange(FIG, "xRange", opts.xRange), rowsList.flatMap((rows) => rows.map((r) => r.x)));
  const yDomain = coverRange(optionalRange(FIG, "yRange", opts.yRange), rowsList.flatMap((rows) => rows.map((r) => r.y)));
  const layers = list.map((s, i) => ({
    data: { values: rowsList[i] },
    mark: { type: "line", clip: true, aria: false, strokeWidth: 2, ...(s.dashed ? { strokeDash: [6, 4] } : {}) },
    encoding: {
      x: { field: "x", type: "quantitative", scale: scale(xDomain), title: opts.xLabel ?? "x" },
      y: { field: "y", type: "quantitative", scale: scale(yDomain), title: opts.yLabel ?? "y" },
      color: { datum: names[i], scale: { domain: names, range: colors }, legend: showLegend ? { title: null, orient: "top-right" } : null },
    },
  }));
  const fit = opts.fit === undefined ? undefined : formatFit(FIG, opts.fit);
  const title = titleBlock(opts.title, joinSubtitle(opts.subtitle, fit));
  const spec = asSpec({ ...(title ? { title } : {}), width: size.width, height: size.height, layer: layers });
  const description = `Line plot${opts.title ? ` "${opts.title}"` : ""}: ${list.length} curve${list.length > 1 ? "s" : ""} (${names.join(", ")})` + (fit ? `; ${fit}` : "");
  return new VegaFigure(spec, description, opts);
}
