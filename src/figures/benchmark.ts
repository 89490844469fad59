/**
 * Render-time measurement for the figure layer (for `dl4ds bench figures`): builds each figure kind
 * on lesson-sized data (100 000 samples, 101 × 600 grids, 64 digits) and times build + full bundle
 * (SVG + PNG, or Plotly JSON + HTML + PNG). Medians over `repeats` runs, in milliseconds.
 */
import { performance } from "node:perf_hooks";
import { toMimeBundle } from "../notebook/display";
import { histogram } from "./charts/histogram";
import { linePlot } from "./charts/linePlot";
import { trajectories } from "./charts/trajectories";
import { heatmap } from "./charts/heatmap";
import { smallMultiples } from "./charts/smallMultiples";
import { numbersChart } from "./charts/numbersChart";
import { timeSlider } from "./plotly/timeSlider";
import { surface3d } from "./plotly/surface3d";
import { imageGrid } from "./images/imageGrid";
import { setPlotlySent } from "./plotly/plotlySource";
import { createRng } from "../random";

/** Median milliseconds and bundle size per figure kind. */
export type FigureTimings = Record<string, { ms: number; bytes: number }>;

/** Times every figure kind; `repeats` ≥ 1 (default 5). */
export function measureFigureRendering(repeats = 5): FigureTimings {
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be a positive integer; got ${repeats}`);
  const rng = createRng(7);
  const u = () => rng.uniform();
  const normal = () => rng.normal();
  const beta = 0.01511;
  const rows: Float64Array[] = [Float64Array.from({ length: 100_000 }, () => (u() < 0.5 ? -1.875 + 0.075 * normal() : 0.45 + 0.525 * normal()))];
  for (let t = 1; t <= 100; t++) rows.push(rows[t - 1].map((z) => Math.sqrt(1 - beta) * z + Math.sqrt(beta) * normal()));
  const pdf = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  const xs = Array.from({ length: 600 }, (_, i) => -3 + i * 0.01);
  const grid = Array.from({ length: 101 }, (_, t) => {
    const a = (1 - beta) ** t;
    const s = Math.max(Math.sqrt(1 - a), 0.02);
    return xs.map((x) => Math.exp(-0.5 * ((x + 2 * Math.sqrt(a)) / s) ** 2) / (s * Math.sqrt(2 * Math.PI)));
  });
  const digits = { data: Float32Array.from({ length: 64 * 784 }, () => u()), shape: [64, 28, 28] };
  const kinds: Record<string, () => unknown> = {
    histogram: () => histogram(rows[0], { binWidth: 0.05, range: [-3, 3], density: pdf, fit: 0.08 }),
    linePlot: () => linePlot(pdf, { xRange: [-3, 3] }),
    trajectories: () => trajectories(rows, { layout: "rows", count: 5 }),
    heatmap: () => heatmap(grid, { xRange: [-3, 3], curves: [{ x: grid.map(() => -1) }] }),
    smallMultiples: () => smallMultiples(rows, { steps: [0, 5, 10, 20, 40, 80, 100], binWidth: 0.1, range: [-3, 3] }),
    numbersChart: () => numbersChart([10, 20, 50, 100].flatMap((steps) => [0, 0.5, 1].map((eta) => ({ steps, eta, tv: 1 / steps + eta }))), { x: "steps", y: "tv", series: "eta" }),
    timeSlider: () => timeSlider(rows, { binWidth: 0.1, range: [-3, 3] }),
    surface3d: () => surface3d(grid, { xRange: [-3, 3] }),
    imageGrid: () => imageGrid(digits, { cols: 8 }),
  };
  const out: FigureTimings = {};
  for (const [name, build] of Object.entries(kinds)) {
    const times: number[] = [];
    let bytes = 0;
    for (let r = 0; r < repeats; r++) {
      setPlotlySent(true); // time figures, not the one-off plotly.js inlining
      const t0 = performance.now();
      bytes = JSON.stringify(toMimeBundle(build())).length;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    out[name] = { ms: Math.round(times[Math.floor(times.length / 2)] * 10) / 10, bytes };
  }
  setPlotlySent(false);
  return out;
}
