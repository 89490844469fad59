/**
 * Trajectories z_t of a few samples through the diffusion: value across, time step down (the book's
 * figure 18.2 layout; t = 0 at the top). Only a handful of paths go into the spec.
 */
import { VegaFigure } from "../render/VegaFigure";
import { FigureInputError } from "../errors";
import { checkPositiveInt, checkSameLength, round6, toFiniteArray, type NumericArray } from "../validate";
import { SQUARE, TRAJECTORY_COLORS } from "../style";
import { asSpec, chartSize, checkOptions, coverRange, joinSubtitle, optionalRange, scale, titleBlock, type ChartOptions } from "./common";

/** Options of `trajectories`. */
export interface TrajectoriesOptions extends ChartOptions {
  /**
   * "paths" (default): data[i] is one path, its values over time. "rows": data[t][i] is sample i at
   * time index t (time-major, as a forward process or sampler returns all rows).
   */
  layout?: "paths" | "rows";
  /** Number of paths drawn, the first ones (default 5, at most 12). */
  count?: number;
  /**
   * With time-major rows: instead of the first paths, the paths at evenly spaced quantiles of their value in row 0
   * (where a sampler's paths end), so they end across the whole distribution, in different modes.
   */
  spread?: boolean;
  /** Time step of each point (default 0, 1, 2, …); e.g. [100, 95, …, 0] for 20 accelerated steps. */
  times?: NumericArray;
  /** Draw a dot at every point (the book's accelerated-sampling figure). */
  points?: boolean;
  /** Time increases downward (default true, as in the book). */
  timeDown?: boolean;
}

const FIG = "trajectories";

/** Trajectory plots: a little narrower than histogram strips and taller, so paths can be followed. */
const STRIP_TRAJ = { width: SQUARE.width + 160, height: 300 } as const;
const MAX_POINTS_PER_PATH = 2000;

/** Indices of the samples at quantiles (j + ½)/k of `row`'s values, j = 0…k − 1, in increasing order of value. */
function spreadIndices(figure: string, row: NumericArray, k: number): number[] {
  const order = Array.from({ length: row.length }, (_, i) => i).filter((i) => Number.isFinite(Number(row[i])));
  if (order.length < k) throw new FigureInputError(figure, `spread needs ${k} finite values in data[0]; it has ${order.length}`);
  order.sort((a, b) => Number(row[a]) - Number(row[b]));
  return Array.from({ length: k }, (_, j) => order[Math.floor(((j + 0.5) / k) * order.length)]);
}

/** Extracts up to `count` paths from paths-major or time-major data, validated. */
export function extractPaths(figure: string, data: ArrayLike<NumericArray>, layout: "paths" | "rows", count: number, spread = false): Float64Array[] {
  if (!data || typeof data !== "object" || typeof data.length !== "number") {
    throw new FigureInputError(figure, "data must be an array of arrays (paths, or time rows with { layout: \"rows\" })");
  }
  if (data.length === 0) throw new FigureInputError(figure, "data is empty; pass at least one path");
  if (layout === "paths") {
    const paths: Float64Array[] = [];
    for (let i = 0; i < Math.min(count, data.length); i++) {
      const p = toFiniteArray(figure, `data[${i}]`, data[i]);
      if (p.length > MAX_POINTS_PER_PATH) {
        throw new FigureInputError(
          figure,
          `path ${i} has ${p.length} points; if your data is time-major (data[t][i], e.g. all rows of a forward process) pass { layout: "rows" }`,
        );
      }
      paths.push(p);
    }
    return paths;
  }
  if (layout !== "rows") throw new FigureInputError(figure, `layout must be "paths" or "rows"; got ${String(layout)}`);
  const steps = data.length;
  if (steps > MAX_POINTS_PER_PATH) throw new FigureInputError(figure, `${steps} time rows is too many; pass at most ${MAX_POINTS_PER_PATH}`);
  const width = data[0]?.length;
  if (typeof width !== "number" || width === 0) throw new FigureInputError(figure, "data[0] must be a non-empty array of samples");
  const k = Math.min(count, width);
  const picked = spread ? spreadIndices(figure, data[0], k) : Array.from({ length: k }, (_, i) => i);
  const need = Math.max(...picked) + 1;
  const paths = Array.from({ length: k }, () => new Float64Array(steps));
  for (let t = 0; t < steps; t++) {
    const row = data[t];
    if (!row || typeof row.length !== "number" || row.length < need) {
      throw new FigureInputError(figure, `data[${t}] has ${row?.length ?? 0} samples; every row needs at least ${need}`);
    }
    for (let i = 0; i < k; i++) {
      const v = Number(row[picked[i]]);
      if (!Number.isFinite(v)) throw new FigureInputError(figure, `data[${t}][${picked[i]}] is ${v}; remove NaN/Infinity values before plotting`);
      paths[i][t] = v;
    }
  }
  return paths;
}

/** Time steps of the points: `times` checked against the path length, or 0, 1, 2, …. */
export function resolveTimes(figure: string, times: NumericArray | undefined, length: number): Float64Array {
  if (times === undefined) return Float64Array.from({ length }, (_, i) => i);
  const t = toFiniteArray(figure, "times", times);
  checkSameLength(figure, "times", t, "each path", { length });
  return t;
}

/** Vega-Lite layer drawing paths (value across, time step down), shared with `heatmap`. */
export function trajectoryLayer(paths: Float64Array[], times: Float64Array, options: { points?: boolean; colors?: readonly string[]; strokeWidth?: number }): Record<string, unknown> {
  const rows: Array<{ z: number; t: number; path: number; i: number }> = [];
  paths.forEach((p, k) => p.forEach((z, i) => rows.push({ z: round6(z), t: round6(times[i]), path: k + 1, i })));
  const colors = options.colors ?? TRAJECTORY_COLORS;
  return {
    data: { values: rows },
    mark: { type: "line", clip: true, aria: false, strokeWidth: options.strokeWidth ?? 1.5, ...(options.points ? { point: { size: 18 } } : {}) },
    encoding: {
      x: { field: "z", type: "quantitative" },
      y: { field: "t", type: "quantitative" },
      order: { field: "i", type: "quantitative" },
      color: {
        field: "path",
        type: "nominal",
        scale: { domain: paths.map((_, k) => k + 1), range: paths.map((_, k) => colors[k % colors.length]) },
        legend: null,
      },
    },
  };
}

/**
 * A few trajectories through time: value on x, time step on y increasing downward.
 *
 * @example trajectories(rows, { layout: "rows", count: 5, xRange: [-3, 3], title: "Forward diffusion" })
 * @example trajectories(paths, { times: stepsOf20, points: true })
 */
export function trajectories(data: ArrayLike<NumericArray>, options?: TrajectoriesOptions): VegaFigure {
  const opts = checkOptions(FIG, options);
  const size = chartSize(FIG, opts, { width: STRIP_TRAJ.width, height: STRIP_TRAJ.height });
  const count = opts.count === undefined ? 5 : checkPositiveInt(FIG, "count", opts.count, 12);
  if (opts.spread && (opts.layout ?? "paths") !== "rows") throw new FigureInputError(FIG, 'spread picks paths from time-major rows; pass { layout: "rows" } too');
  const paths = extractPaths(FIG, data, opts.layout ?? "paths", count, opts.spread === true);
  const length = paths[0].length;
  paths.forEach((p, i) => {
    if (p.length !== length) throw new FigureInputError(FIG, `path ${i} has ${p.length} points but path 0 has ${length}; paths must have the same length`);
  });
  const times = resolveTimes(FIG, opts.times, length);
  const xDomain = coverRange(optionalRange(FIG, "xRange", opts.xRange), paths.flatMap((p) => Array.from(p)));
  const tMin = Math.min(...times);
  const tMax = Math.max(...times);
  const yDomain = optionalRange(FIG, "yRange", opts.yRange) ?? (tMin < tMax ? [tMin, tMax] : undefined);
  const layer = trajectoryLayer(paths, times, { points: opts.points });
  const enc = layer.encoding as Record<string, Record<string, unknown>>;
  enc.x = { ...enc.x, scale: scale(xDomain), title: opts.xLabel ?? "value z_t" };
  enc.y = { ...enc.y, scale: scale(yDomain, { reverse: opts.timeDown ?? true }), title: opts.yLabel ?? "time step t" };
  const title = titleBlock(opts.title, joinSubtitle(opts.subtitle));
  const spec = asSpec({ ...(title ? { title } : {}), width: size.width, height: size.height, ...layer });
  const description =
    `Trajectories${opts.title ? ` "${opts.title}"` : ""}: ${paths.length} paths over ${length} time points ` +
    `(t from ${tMin} to ${tMax}, increasing ${(opts.timeDown ?? true) ? "downward" : "upward"})`;
  return new VegaFigure(spec, description, opts);
}
