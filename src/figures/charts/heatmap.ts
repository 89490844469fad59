/**
 * Heat map over (x × t) in the book's warm colormap, time step down, with curves (the book's ±2σ lines
 * of q(z_t | x), eq. 18.7) and trajectories drawn on top (figures 18.3 and 18.4). The grid travels as a
 * small PNG inside the spec (an image mark), decimated to at most maxCells.
 */
import { VegaFigure } from "../render/VegaFigure";
import { FigureInputError } from "../errors";
import { checkPositiveInt, checkRange, extent, formatNumber, round6, toFiniteArray, type NumericArray } from "../validate";
import { warmColorStops } from "../colormap";
import { BAND_COLOR, SQUARE, TRAJECTORY_COLORS } from "../style";
import { decimateGrid, gridToPng, pngDataUrl } from "../images/heatmapPng";
import { gridFromRows } from "./gridInput";
import { trajectoryLayer, extractPaths } from "./trajectories";
import { asSpec, chartSize, checkOptions, coverRange, joinSubtitle, titleBlock, type ChartOptions } from "./common";

/** A curve over time drawn on a heat map: x position per grid row (e.g. mean − 2σ at each t). */
export interface HeatmapCurve {
  /** x value at each row of the grid (one per time step). */
  x: NumericArray;
  /** Name for the description. */
  name?: string;
  /** CSS colour (default the book's yellow). */
  color?: string;
  /** Dashed (default true, as the book's ±2σ lines). */
  dashed?: boolean;
}

/** Options of `heatmap`. */
export interface HeatmapOptions extends ChartOptions {
  /** x extent covered by the grid's columns, edge to edge (default [0, columns]); e.g. [-3, 3]. */
  xRange?: [number, number];
  /** Time step of the first and last row (default [0, rows − 1]). */
  tRange?: [number, number];
  /** Curves over time drawn on top (e.g. the ±2σ lines). */
  curves?: HeatmapCurve[];
  /** Trajectories drawn on top, each with one value per row (paths layout), at most 12. */
  trajectories?: NumericArray[];
  /** Value range mapped to the colormap (default the grid's min and max). */
  colorRange?: [number, number];
  /** Colour legend title (default "value"); false hides the legend. */
  legend?: string | false;
  /** Most cells shipped, [columns, rows] (default [200, 120]); larger grids are block-averaged. */
  maxCells?: [number, number];
  /** Time increases downward (default true). */
  timeDown?: boolean;
}

const FIG = "heatmap";

/**
 * Heat map of `grid[t][x]` (rows are time steps), e.g. q(z_t | x = −2) over z ∈ [−3, 3) and t = 0…100.
 *
 * @example heatmap(kernels, { xRange: [-3, 3], curves: [{ x: lower }, { x: upper }], trajectories: paths })
 */
export function heatmap(grid: ArrayLike<NumericArray>, options?: HeatmapOptions): VegaFigure {
  const opts = checkOptions(FIG, options);
  const size = chartSize(FIG, opts, SQUARE);
  const full = gridFromRows(FIG, "grid", grid);
  const xRange = opts.xRange === undefined ? ([0, full.cols] as [number, number]) : checkRange(FIG, "xRange", opts.xRange);
  const tRange = opts.tRange === undefined ? ([0, full.rows - 1] as [number, number]) : checkTimeRange(opts.tRange);
  const [maxCols, maxRows] = opts.maxCells === undefined ? [200, 120] : [checkPositiveInt(FIG, "maxCells[0]", opts.maxCells[0], 2000), checkPositiveInt(FIG, "maxCells[1]", opts.maxCells[1], 2000)];
  const cells = decimateGrid(full, maxRows, maxCols);
  const [vmin, vmax] = opts.colorRange === undefined ? extent(full.values) : checkRange(FIG, "colorRange", opts.colorRange);
  const timeDown = opts.timeDown ?? true;
  const times = Float64Array.from({ length: full.rows }, (_, r) => (full.rows === 1 ? tRange[0] : tRange[0] + ((tRange[1] - tRange[0]) * r) / (full.rows - 1)));
  const halfStep = full.rows > 1 ? (tRange[1] - tRange[0]) / (full.rows - 1) / 2 : 0.5;
  const tEdges: [number, number] = [tRange[0] - halfStep, tRange[1] + halfStep];
  const url = pngDataUrl(gridToPng(cells, vmin, vmax, !timeDown));

  // The image spans xRange; the axis widens where curves or paths on top reach beyond it (never clipped).
  const xScale: { domain: [number, number]; nice: boolean; zero: boolean } = { domain: xRange, nice: false, zero: false };
  const overlayX: number[] = [];
  const yScale = { domain: tEdges, nice: false, zero: false, reverse: timeDown };
  const layers: Record<string, unknown>[] = [
    {
      data: { values: [{ x: xRange[0], x2: xRange[1], t: timeDown ? tEdges[0] : tEdges[1], t2: timeDown ? tEdges[1] : tEdges[0], url }] },
      mark: { type: "image", aspect: false, smooth: false, aria: false },
      encoding: {
        x: { field: "x", type: "quantitative", scale: xScale, title: opts.xLabel ?? "x" },
        x2: { field: "x2" },
        y: { field: "t", type: "quantitative", scale: yScale, title: opts.yLabel ?? "time step t" },
        y2: { field: "t2" },
        url: { field: "url", type: "nominal" },
      },
    },
  ];
  if (opts.legend !== false) {
    layers.push({
      data: { values: [{ v: round6(vmin) }, { v: round6(vmax) }] },
      mark: { type: "point", opacity: 0, aria: false },
      encoding: {
        color: { field: "v", type: "quantitative", scale: { domain: [round6(vmin), round6(vmax)], range: warmColorStops(9) }, legend: { title: opts.legend ?? "value", gradientLength: Math.min(200, size.height) } },
      },
    });
  }
  const curves = opts.curves ?? [];
  if (!Array.isArray(curves)) throw new FigureInputError(FIG, "curves must be an array of { x: number[] }");
  curves.forEach((c, k) => {
    const xs = toFiniteArray(FIG, `curves[${k}].x`, c?.x);
    if (xs.length !== full.rows) throw new FigureInputError(FIG, `curves[${k}].x has ${xs.length} values; it needs one per grid row (${full.rows})`);
    overlayX.push(...xs);
    layers.push({
      data: { values: Array.from(xs, (x, i) => ({ x: round6(x), t: round6(times[i]), i })) },
      mark: { type: "line", clip: true, aria: false, color: c.color ?? BAND_COLOR, strokeWidth: 1.5, ...((c.dashed ?? true) ? { strokeDash: [5, 4] } : {}) },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "t", type: "quantitative" }, order: { field: "i", type: "quantitative" } },
    });
  });
  let pathCount = 0;
  if (opts.trajectories !== undefined) {
    const paths = extractPaths(FIG, opts.trajectories, "paths", 12);
    paths.forEach((p, i) => {
      if (p.length !== full.rows) throw new FigureInputError(FIG, `trajectories[${i}] has ${p.length} values; it needs one per grid row (${full.rows})`);
    });
    pathCount = paths.length;
    for (const p of paths) overlayX.push(...p);
    layers.push(trajectoryLayer(paths, times, { colors: TRAJECTORY_COLORS }));
  }
  xScale.domain = coverRange(xRange, overlayX) ?? xRange;
  const title = titleBlock(opts.title, joinSubtitle(opts.subtitle));
  const spec = asSpec({
    ...(title ? { title } : {}),
    width: size.width,
    height: size.height,
    layer: layers,
    resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
  });
  const description =
    `Heat map${opts.title ? ` "${opts.title}"` : ""}: ${full.rows} time steps × ${full.cols} x values` +
    (cells !== full ? ` (shown as ${cells.rows} × ${cells.cols} cells)` : "") +
    ` on x ∈ [${formatNumber(xRange[0])}, ${formatNumber(xRange[1])}], values ${formatNumber(vmin)}…${formatNumber(vmax)}` +
    (curves.length ? `, ${curves.length} curve${curves.length > 1 ? "s" : ""}` : "") +
    (pathCount ? `, ${pathCount} trajectories` : "");
  return new VegaFigure(spec, description, opts);
}

function checkTimeRange(value: unknown): [number, number] {
  const r = checkRange(FIG, "tRange", value);
  return r;
}
