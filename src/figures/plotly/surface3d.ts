/**
 * Interactive 3-D surface over (x, t), e.g. the diffusion kernel q(z_t | x) (book eq. 18.7) as a
 * landscape you can turn. Coloured with the book's warm colormap; grid decimated to about 100 × 100.
 * Static fallback: the same grid as a heat map.
 */
import { FigureInputError } from "../errors";
import { checkRange, extent, formatNumber, round6 } from "../validate";
import type { NumericArray } from "../validate";
import { warmColorStops } from "../colormap";
import { decimateGrid } from "../images/heatmapPng";
import { gridFromRows } from "../charts/gridInput";
import { heatmap } from "../charts/heatmap";
import { PlotlyFigure } from "./PlotlyFigure";

/** Options of `surface3d`. */
export interface Surface3dOptions {
  /** x extent of the columns, edge to edge (default [0, columns]). */
  xRange?: [number, number];
  /** Time step of the first and last row (default [0, rows − 1]). */
  tRange?: [number, number];
  /** Title. */
  title?: string;
  /** Axis titles. */
  xLabel?: string;
  /** Axis titles. */
  tLabel?: string;
  /** Axis titles. */
  zLabel?: string;
  /** Most cells [columns, rows] (default [100, 101]: the book's 101 time steps stay whole). */
  maxCells?: [number, number];
  /** Size in pixels (default 650 × 550). */
  width?: number;
  /** Size in pixels. */
  height?: number;
}

const FIG = "surface3d";

/**
 * A 3-D surface of grid[t][x].
 *
 * @example surface3d(kernels, { xRange: [-3, 3], title: "q(z_t | x = -2)", zLabel: "density" })
 */
export function surface3d(grid: ArrayLike<NumericArray>, options: Surface3dOptions = {}): PlotlyFigure {
  if (options === null || typeof options !== "object") throw new FigureInputError(FIG, "options must be an object");
  const full = gridFromRows(FIG, "grid", grid);
  const xRange = options.xRange === undefined ? ([0, full.cols] as [number, number]) : checkRange(FIG, "xRange", options.xRange);
  const tRange = options.tRange === undefined ? ([0, Math.max(1, full.rows - 1)] as [number, number]) : checkRange(FIG, "tRange", options.tRange);
  const [maxCols, maxRows] = options.maxCells ?? [100, 101];
  if (!(Number.isInteger(maxCols) && maxCols >= 2 && Number.isInteger(maxRows) && maxRows >= 2)) {
    throw new FigureInputError(FIG, `maxCells must be two integers ≥ 2; got ${JSON.stringify(options.maxCells)}`);
  }
  const cells = decimateGrid(full, maxRows, maxCols);
  const dx = (xRange[1] - xRange[0]) / cells.cols;
  const xs = Array.from({ length: cells.cols }, (_, c) => round6(xRange[0] + (c + 0.5) * dx));
  const ts = Array.from({ length: cells.rows }, (_, r) => round6(cells.rows === 1 ? tRange[0] : tRange[0] + ((tRange[1] - tRange[0]) * r) / (cells.rows - 1)));
  const z = Array.from({ length: cells.rows }, (_, r) => Array.from(cells.values.subarray(r * cells.cols, (r + 1) * cells.cols), round6));
  const stops = warmColorStops(11);
  const spec = {
    data: [{ type: "surface", x: xs, y: ts, z, colorscale: stops.map((c, i) => [round6(i / 10), c]), showscale: true }],
    layout: {
      title: { text: options.title ?? "" },
      width: options.width ?? 650,
      height: options.height ?? 550,
      scene: {
        xaxis: { title: { text: options.xLabel ?? "x" } },
        yaxis: { title: { text: options.tLabel ?? "time step t" } },
        zaxis: { title: { text: options.zLabel ?? "value" } },
        camera: { eye: { x: 1.6, y: -1.6, z: 1.0 } },
      },
      margin: { l: 0, r: 0, t: 40, b: 0 },
    },
  };
  const [vmin, vmax] = extent(full.values);
  const fallback = () => heatmap(grid, { xRange, tRange, title: options.title, xLabel: options.xLabel, legend: options.zLabel ?? "value", maxCells: [200, 120] }).toPNG();
  const description =
    `3-D surface${options.title ? ` "${options.title}"` : ""}: ${full.rows} × ${full.cols} grid (shown as ${cells.rows} × ${cells.cols}) ` +
    `over x ∈ [${formatNumber(xRange[0])}, ${formatNumber(xRange[1])}] and t ∈ [${formatNumber(tRange[0])}, ${formatNumber(tRange[1])}], values ${formatNumber(vmin)}…${formatNumber(vmax)}`;
  return new PlotlyFigure(spec, description, fallback);
}
