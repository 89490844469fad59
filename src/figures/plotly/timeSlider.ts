/**
 * Interactive: a slider (and play button) that scrubs through time steps. "histogram" shows the
 * samples' histogram at each step (the forward process turning data into noise, or sampling turning
 * noise into data); "trajectories" draws a few paths up to the chosen step.
 */
import { FigureInputError } from "../errors";
import { checkPositiveInt, formatNumber, round6, toFiniteArray, type NumericArray } from "../validate";
import { HISTOGRAM_COLOR, PDF_COLOR, STRIP, TRAJECTORY_COLORS } from "../style";
import { barHeights, resolveBinning } from "../charts/histogram";
import { binSamples } from "../charts/bins";
import { curveRows, decimateIndices, type CurveInput } from "../charts/densityCurve";
import { coverRange, optionalRange } from "../charts/common";
import { extractPaths } from "../charts/trajectories";
import { smallMultiples } from "../charts/smallMultiples";
import { trajectories as trajectoriesChart } from "../charts/trajectories";
import { PlotlyFigure } from "./PlotlyFigure";

/** Options of `timeSlider`. */
export interface TimeSliderOptions {
  /** "histogram" (default) or "trajectories". */
  show?: "histogram" | "trajectories";
  /** Row indices to offer on the slider (default: every row, thinned to at most 101). */
  steps?: number[];
  /** Time step label of each row (default 0, 1, 2, …), e.g. [100, 99, …, 0] for a sampler's rows. */
  times?: NumericArray;
  /** Histogram: bin count (default 60). */
  bins?: number;
  /** Histogram: bin width (instead of bins). */
  binWidth?: number;
  /** Histogram: binning range and x axis (default: extent of all rows). */
  range?: [number, number];
  /** Histogram: a pdf drawn on every frame (e.g. the true data pdf). */
  density?: CurveInput;
  /** Histogram: a pdf per frame, by row index (e.g. the marginal q(z_t)). */
  densityAt?: (row: number) => CurveInput;
  /** Legend label of the pdf (default "true pdf" for `density`, "q(z_t)" for `densityAt`). */
  densityLabel?: string;
  /** y range (histogram), the same on every frame so the axis stays still while scrubbing; default: the highest bar or
   *  curve of any frame. A floor, never a ceiling: the axis grows to show every frame's bars and curves. */
  yRange?: [number, number];
  /** Trajectories: how many paths (default 5, at most 12). */
  count?: number;
  /** Trajectories: x range (default: extent). */
  xRange?: [number, number];
  /** Title. */
  title?: string;
  /** Width in pixels (default 700). */
  width?: number;
  /** Height in pixels (default 320 for histograms, 450 for trajectories). */
  height?: number;
}

const FIG = "timeSlider";

/** 4 significant digits: enough for bar heights, and frames stay small. */
function round4(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(4));
}

function sliderFor(labels: string[], prefix: string): Record<string, unknown> {
  return {
    active: 0,
    currentvalue: { prefix },
    pad: { t: 40 },
    steps: labels.map((label) => ({
      label,
      method: "animate",
      args: [[label], { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } }],
    })),
  };
}

const PLAY_BUTTON = {
  type: "buttons",
  showactive: false,
  x: 0,
  y: 0,
  xanchor: "right",
  yanchor: "top",
  pad: { t: 40, r: 10 },
  buttons: [
    { label: "Play", method: "animate", args: [null, { fromcurrent: true, frame: { duration: 60, redraw: true }, transition: { duration: 0 } }] },
    { label: "Pause", method: "animate", args: [[null], { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } }] },
  ],
};

function resolveSteps(rows: number, steps: number[] | undefined): number[] {
  if (steps === undefined) return decimateIndices(rows, 101);
  if (!Array.isArray(steps) || steps.length === 0) throw new FigureInputError(FIG, "steps must be a non-empty array of row indices");
  for (const s of steps) {
    if (!Number.isInteger(s) || s < 0 || s >= rows) throw new FigureInputError(FIG, `step ${s} is not a row (rows 0…${rows - 1})`);
  }
  return steps;
}

/**
 * Slider through time steps of time-major rows (rows[t] = all samples at step t).
 *
 * @example timeSlider(rows, { binWidth: 0.1, range: [-3, 3], density: truePdf, title: "Forward diffusion" })
 * @example timeSlider(sampleRows, { show: "trajectories", times: reversedSteps })
 */
export function timeSlider(rows: ArrayLike<NumericArray>, options: TimeSliderOptions = {}): PlotlyFigure {
  if (options === null || typeof options !== "object") throw new FigureInputError(FIG, "options must be an object");
  if (!rows || typeof rows !== "object" || typeof rows.length !== "number" || rows.length === 0) {
    throw new FigureInputError(FIG, "rows must be a non-empty array of time rows (rows[t] = samples at step t)");
  }
  const times = options.times === undefined ? Float64Array.from({ length: rows.length }, (_, i) => i) : toFiniteArray(FIG, "times", options.times);
  if (times.length !== rows.length) throw new FigureInputError(FIG, `times has ${times.length} values but there are ${rows.length} rows`);
  const steps = resolveSteps(rows.length, options.steps);
  const width = options.width === undefined ? 700 : checkPositiveInt(FIG, "width", options.width, 4000);
  const show = options.show ?? "histogram";
  if (show === "trajectories") return trajectorySlider(rows, steps, times, options, width);
  if (show !== "histogram") throw new FigureInputError(FIG, `show must be "histogram" or "trajectories"; got ${String(show)}`);
  const height = options.height === undefined ? 320 : checkPositiveInt(FIG, "height", options.height, 4000);

  let range = options.range;
  if (range === undefined) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of steps) for (const v of toFiniteArray(FIG, `rows[${s}]`, rows[s])) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
    range = lo < hi ? [lo, hi] : [lo - 0.5, lo + 0.5];
  }
  const binning = resolveBinning(FIG, rows[steps[0]], { bins: options.bins, binWidth: options.binWidth, range });
  const frames = steps.map((s) => {
    const b = binSamples(FIG, rows[s], binning.range[0], binning.range[1], binning.bins);
    const heights = Array.from(barHeights(b, "density"), round4);
    const pdfInput = options.densityAt ? options.densityAt(s) : options.density;
    const pdf = pdfInput === undefined ? undefined : curveRows(FIG, "density", pdfInput, binning.range, 200);
    return { s, b, heights, pdf };
  });
  let dataTop = 1e-9;
  for (const f of frames) for (const v of [...f.heights, ...(f.pdf ?? []).map((p) => p.y)]) dataTop = Math.max(dataTop, v);
  const yRange: [number, number] = coverRange(optionalRange(FIG, "yRange", options.yRange), [0, dataTop]) ?? [0, dataTop * 1.05];
  const pdfLabel = options.densityLabel ?? (options.densityAt ? "q(z_t)" : "true pdf");
  const centers = Array.from(frames[0].b.x0, (x0, k) => round6((x0 + frames[0].b.x1[k]) / 2));
  const binWidth = round6((binning.range[1] - binning.range[0]) / binning.bins);
  const hasPdf = frames[0].pdf !== undefined;
  const label = (s: number) => formatNumber(times[s]);
  const traceData = (f: (typeof frames)[number]) => [
    { type: "bar", x: centers, y: f.heights, width: binWidth, name: "samples", marker: { color: HISTOGRAM_COLOR } },
    ...(hasPdf ? [{ type: "scatter", mode: "lines", x: f.pdf!.map((p) => p.x), y: f.pdf!.map((p) => p.y), name: pdfLabel, line: { color: PDF_COLOR, width: 2 } }] : []),
  ];
  const spec = {
    data: traceData(frames[0]),
    layout: {
      title: { text: options.title ?? "" },
      width,
      height: height + 120,
      bargap: 0,
      xaxis: { range: binning.range, title: { text: "x" } },
      yaxis: { range: yRange, title: { text: "density" } },
      sliders: [sliderFor(steps.map(label), "t = ")],
      updatemenus: [PLAY_BUTTON],
      showlegend: hasPdf,
    },
    // A pdf that is the same on every frame is sent once; frames then update only the bars (trace 0).
    frames: frames.map((f) =>
      options.densityAt
        ? { name: label(f.s), data: traceData(f).map((t) => ({ y: t.y })) }
        : { name: label(f.s), data: [{ y: f.heights }], traces: [0] },
    ),
  };
  const fallbackSteps = decimateIndices(steps.length, Math.min(4, steps.length)).map((i) => steps[i]);
  const fallback = () =>
    smallMultiples(
      fallbackSteps.map((s) => ({
        samples: rows[s],
        title: `t = ${label(s)}`,
        density: options.densityAt ? options.densityAt(s) : options.density,
      })),
      { range: binning.range, bins: binning.bins, yRange, densityLabel: pdfLabel, title: options.title, columns: 2 },
    ).toPNG();
  const description =
    `Time slider${options.title ? ` "${options.title}"` : ""}: histograms of ${rows[steps[0]].length} samples at ${steps.length} time steps ` +
    `(t = ${label(steps[0])} … ${label(steps[steps.length - 1])}), ${binning.bins} bins on [${formatNumber(binning.range[0])}, ${formatNumber(binning.range[1])}]`;
  return new PlotlyFigure(spec, description, fallback);
}

function trajectorySlider(rows: ArrayLike<NumericArray>, steps: number[], times: Float64Array, options: TimeSliderOptions, width: number): PlotlyFigure {
  const height = options.height === undefined ? 450 : checkPositiveInt(FIG, "height", options.height, 4000);
  const count = options.count === undefined ? 5 : checkPositiveInt(FIG, "count", options.count, 12);
  const paths = extractPaths(FIG, rows, "rows", count);
  const label = (s: number) => formatNumber(times[s]);
  const t = Array.from(times, round6);
  // Whole paths drawn faintly once; frames move only one marker per path and a line at the current t,
  // so a 101-frame slider stays a few kilobytes.
  const faint = paths.map((p, k) => ({
    type: "scatter",
    mode: "lines",
    x: Array.from(p, round6),
    y: t,
    name: `path ${k + 1}`,
    opacity: 0.45,
    line: { color: TRAJECTORY_COLORS[k % TRAJECTORY_COLORS.length], width: 1.5 },
    hoverinfo: "skip",
  }));
  const extent: [number, number] = [Math.min(...paths.map((p) => Math.min(...p))), Math.max(...paths.map((p) => Math.max(...p)))];
  const xr = coverRange(optionalRange(FIG, "xRange", options.xRange), extent) ?? extent;
  const at = (s: number) => [
    { x: paths.map((p) => round6(p[s])), y: paths.map(() => t[s]) },
    { x: xr, y: [t[s], t[s]] },
  ];
  const [m0, l0] = at(steps[0]);
  const last = steps[steps.length - 1];
  const [tLo, tHi] = [Math.min(...t), Math.max(...t)];
  const spec = {
    data: [
      ...faint,
      { type: "scatter", mode: "markers", ...m0, name: "z_t", marker: { size: 10, color: paths.map((_, k) => TRAJECTORY_COLORS[k % TRAJECTORY_COLORS.length]), line: { color: "black", width: 1 } } },
      { type: "scatter", mode: "lines", ...l0, name: "t", line: { color: "#888", dash: "dot", width: 1 }, hoverinfo: "skip" },
    ],
    layout: {
      title: { text: options.title ?? "" },
      width,
      height: height + 120,
      xaxis: { title: { text: "value z_t" }, range: xr, zeroline: false },
      yaxis: { title: { text: "time step t" }, range: [tHi, tLo] },
      sliders: [sliderFor(steps.map(label), "t = ")],
      updatemenus: [PLAY_BUTTON],
      showlegend: false,
    },
    frames: steps.map((s) => ({ name: label(s), data: at(s), traces: [paths.length, paths.length + 1] })),
  };
  const fallback = () =>
    trajectoriesChart(
      paths.map((p) => p.subarray(0, last + 1)),
      { times: times.subarray(0, last + 1), xRange: options.xRange, title: options.title, timeDown: true },
    ).toPNG();
  const description =
    `Time slider${options.title ? ` "${options.title}"` : ""}: ${paths.length} trajectories marked step by step over ${steps.length} time steps ` +
    `(t = ${label(steps[0])} … ${label(last)})`;
  return new PlotlyFigure(spec, description, fallback);
}
