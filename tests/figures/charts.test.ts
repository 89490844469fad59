import { describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import { FigureInputError, heatmap, histogram, linePlot, numbersChart, smallMultiples, trajectories, type VegaFigure } from "../../src/figures";
import { bundleOf, countMarkItems, darkPixels, decodePng, forwardRows, mixPdf, mixSamples, parseXml, svgSize } from "./helpers";

const VEGA_KEYS = ["application/vnd.vegalite.v5+json", "image/png", "image/svg+xml", "text/plain"];

/** Checks the bundle every Vega-Lite figure must send; returns it with the decoded PNG. */
function checkVegaBundle(fig: VegaFigure): { svg: string; spec: Record<string, unknown>; png: PNG; text: string } {
  const b = bundleOf(fig);
  expect(Object.keys(b).sort()).toEqual(VEGA_KEYS);
  const svg = b["image/svg+xml"] as string;
  expect(parseXml(svg)[0]).toBe("svg");
  const png = decodePng(b["image/png"]);
  const size = svgSize(svg);
  expect([png.width, png.height]).toEqual([Math.round(size.width), Math.round(size.height)]);
  const text = b["text/plain"] as string;
  expect(text).not.toContain("\n");
  return { svg, spec: b["application/vnd.vegalite.v5+json"] as Record<string, unknown>, png, text };
}

/** All inline data rows of a (possibly layered/concatenated) spec. */
function dataRows(spec: unknown): number {
  if (!spec || typeof spec !== "object") return 0;
  let n = 0;
  for (const [k, v] of Object.entries(spec as Record<string, unknown>)) {
    if (k === "data" && v && typeof v === "object" && Array.isArray((v as { values?: unknown[] }).values)) n += (v as { values: unknown[] }).values.length;
    else if (typeof v === "object") n += dataRows(v);
  }
  return n;
}

describe("histogram", () => {
  const samples = mixSamples(100_000);

  it("ships bins, not samples, and draws one bar per bin plus the pdf", () => {
    const fig = histogram(samples, { binWidth: 0.05, range: [-3, 3], density: mixPdf, fit: 0.0832, title: "Samples", yRange: [0, 1] });
    const { svg, spec, png, text } = checkVegaBundle(fig);
    expect(countMarkItems(svg, "mark-rect role-mark")).toBe(120);
    expect(countMarkItems(svg, "mark-line role-mark")).toBe(1);
    expect(dataRows(spec)).toBeLessThan(120 + 1001);
    expect(JSON.stringify(spec).length).toBeLessThan(40_000);
    expect(svg).toContain("TV = 0.0832");
    expect(text).toMatch(/100000 samples in 120 bins of width 0.05 on \[-3, 3\].*TV = 0.0832/);
    expect(png.width).toBeGreaterThan(2.5 * png.height); // the book's wide strip
    expect(darkPixels(png, 0, png.height - 30, png.width, png.height)).toBeGreaterThan(20); // x-axis labels drawn
  });

  it("bar heights are densities that integrate to the fraction inside the range", () => {
    const fig = histogram(Float32Array.from([0.1, 0.2, 0.3, 0.9, 5]), { bins: 2, range: [0, 1] });
    const layer = (fig.spec as unknown as { layer: Array<{ data: { values: Array<{ y: number }> } }> }).layer[0];
    const ys = layer.data.values.map((r) => r.y);
    expect(ys[0]).toBeCloseTo(3 / (5 * 0.5), 10);
    expect(ys[1]).toBeCloseTo(1 / (5 * 0.5), 10);
    expect(fig.description).toMatch(/1 samples outside the range/);
  });

  it("rejects bad input with a message that says what to fix", () => {
    expect(() => histogram([], {})).toThrow(FigureInputError);
    expect(() => histogram([1, NaN, 2])).toThrow(/samples\[1\] is NaN/);
    expect(() => histogram([1, 2], { bins: 10, binWidth: 0.1 })).toThrow(/either bins/);
    expect(() => histogram([1, 2], { range: [2, 1] })).toThrow(/lo < hi/);
    expect(() => histogram([1, 2], { density: (x) => (x > 0 ? NaN : 1), range: [-1, 1] })).toThrow(/density\(.*\) returned NaN/);
    expect(() => histogram("abc" as unknown as number[])).toThrow(/array of numbers/);
    expect(() => histogram([1, 2], 5 as unknown as object)).toThrow(/options must be an object/);
  });
});

describe("linePlot", () => {
  it("draws functions on the book's 0.01 grid and point series, one line each", () => {
    const xs = Array.from({ length: 601 }, (_, i) => -3 + i * 0.01);
    const fig = linePlot([{ f: mixPdf, name: "true pdf" }, { x: xs, y: xs.map((x) => Math.exp(-x * x / 2) / 2.5), name: "q", dashed: true }], { xRange: [-3, 3], yRange: [0, 1], title: "pdf" });
    const { svg, spec } = checkVegaBundle(fig);
    expect(countMarkItems(svg, "mark-line role-mark")).toBe(2);
    expect(svg).toContain("stroke-dasharray");
    const layers = (spec as { layer: Array<{ data: { values: unknown[] } }> }).layer;
    expect(layers[0].data.values.length).toBe(601);
  });

  it("decimates long series and checks lengths", () => {
    const n = 50_000;
    const fig = linePlot({ x: Float64Array.from({ length: n }, (_, i) => i), y: new Float64Array(n) }, { maxPoints: 500 });
    expect(JSON.stringify(fig.spec).length).toBeLessThan(20_000);
    expect(() => linePlot({ x: [1, 2, 3], y: [1, 2] })).toThrow(/same length/);
    expect(() => linePlot(mixPdf)).toThrow(/pass xRange/);
    expect(() => linePlot([{ x: [1], y: [1], name: "a" }, { x: [1], y: [2], name: "a" }])).toThrow(/names must be different/);
  });
});

describe("trajectories", () => {
  const rows = forwardRows(mixSamples(200), 100);

  it("takes a handful of paths from time-major rows, time increasing downward", () => {
    const fig = trajectories(rows, { layout: "rows", count: 5, xRange: [-3, 3] });
    const { svg, spec, text } = checkVegaBundle(fig);
    expect(countMarkItems(svg, "mark-line role-mark")).toBe(5);
    expect(dataRows(spec)).toBe(5 * 101);
    expect((spec as { encoding: { y: { scale: { reverse: boolean } } } }).encoding.y.scale.reverse).toBe(true);
    expect(text).toMatch(/5 paths over 101 time points.*downward/);
  });

  it("draws dots for accelerated sampling and checks times", () => {
    const paths = [0, 1, 2].map((k) => Array.from({ length: 21 }, (_, i) => Math.sin(i + k)));
    const times = Array.from({ length: 21 }, (_, i) => 100 - 5 * i);
    const { svg } = checkVegaBundle(trajectories(paths, { times, points: true }));
    expect(countMarkItems(svg, "mark-symbol role-mark")).toBe(3 * 21);
    expect(() => trajectories(paths, { times: [1, 2] })).toThrow(/times has 2 values/);
  });

  it("explains how to pass time-major rows when given them as paths", () => {
    const wide = [new Float64Array(5000), new Float64Array(5000)];
    expect(() => trajectories(wide)).toThrow(/layout: "rows"/);
    expect(() => trajectories([[1, 2, 3], [1, 2]])).toThrow(/same length/);
  });
});

describe("heatmap", () => {
  const T = 100;
  const beta = 0.01511;
  const xs = Array.from({ length: 600 }, (_, i) => -3 + i * 0.01);
  const kernel = (t: number) => {
    const a = (1 - beta) ** t;
    const m = Math.sqrt(a) * -2;
    const s = Math.max(Math.sqrt(1 - a), 0.02);
    return xs.map((x) => Math.exp(-0.5 * ((x - m) / s) ** 2) / (Math.sqrt(2 * Math.PI) * s));
  };
  const grid = Array.from({ length: T + 1 }, (_, t) => kernel(t));
  const band = (sign: number) => Array.from({ length: T + 1 }, (_, t) => Math.sqrt((1 - beta) ** t) * -2 + sign * 2 * Math.sqrt(1 - (1 - beta) ** t));
  const paths = forwardRows(Float64Array.from([-2, -2, -2, -2, -2]), T).reduce<number[][]>((acc, row, t) => {
    row.forEach((v, i) => ((acc[i] ??= [])[t] = v));
    return acc;
  }, []);

  it("ships the grid as a small PNG in the book's colormap with ±2σ curves and trajectories on top", () => {
    const fig = heatmap(grid, { xRange: [-3, 3], curves: [{ x: band(-1) }, { x: band(1) }], trajectories: paths, legend: "q(z_t | x)" });
    const { svg, spec, text } = checkVegaBundle(fig);
    const href = /<image[^>]*href="(data:image\/png;base64,[^"]+)"/.exec(svg);
    expect(href).not.toBeNull();
    const cells = PNG.sync.read(Buffer.from(href![1].split(",")[1], "base64"));
    expect(cells.width).toBeLessThanOrEqual(200);
    expect(cells.height).toBe(101);
    // Row 0 (t = 0) is the top row: its brightest cell is at x ≈ -2 (column 1/6 of the way across).
    let best = 0;
    for (let c = 1; c < cells.width; c++) if (cells.data[c * 4] > cells.data[best * 4]) best = c;
    expect(best / cells.width).toBeCloseTo(1 / 6, 1);
    // Dark cells use the colormap's dark end (#2a0902).
    expect([cells.data[(50 * cells.width + cells.width - 1) * 4], cells.data[(50 * cells.width + cells.width - 1) * 4 + 1]]).toEqual([0x2a, 0x09]);
    expect(countMarkItems(svg, "mark-line role-mark")).toBe(2 + 5);
    expect(svg).toContain("linearGradient");
    expect(JSON.stringify(spec).length).toBeLessThan(120_000);
    expect(text).toMatch(/101 time steps × 600 x values \(shown as 101 × 200 cells\).*2 curves, 5 trajectories/);
  });

  it("rejects ragged grids and curves of the wrong length", () => {
    expect(() => heatmap([[1, 2], [1]])).toThrow(/rows must have equal length/);
    expect(() => heatmap([[1, 2], [1, NaN]])).toThrow(/NaN/);
    expect(() => heatmap(grid, { curves: [{ x: [1, 2] }] })).toThrow(/one per grid row \(101\)/);
  });
});

describe("smallMultiples", () => {
  it("draws one histogram per requested step on shared axes", () => {
    const rows = forwardRows(mixSamples(5000), 100);
    const steps = [0, 5, 10, 20, 40, 80, 100];
    const fig = smallMultiples(rows, { steps, binWidth: 0.1, range: [-3, 3], yRange: [0, 1], densityAt: () => mixPdf });
    const { svg, text } = checkVegaBundle(fig);
    expect(countMarkItems(svg, "mark-rect role-mark")).toBe(7 * 60);
    expect(countMarkItems(svg, "mark-line role-mark")).toBe(7);
    for (const s of steps) expect(svg).toContain(`>t = ${s}<`);
    expect(text).toMatch(/7 histograms/);
    expect(() => smallMultiples(rows, { steps: [101] })).toThrow(/not a row/);
  });

  it("accepts panels with their own titles and fits", () => {
    const fig = smallMultiples([{ samples: mixSamples(1000, 2), title: "A", fit: 0.1 }, { samples: mixSamples(1000, 3), title: "B", fit: { label: "W1", value: 0.05 } }], { bins: 30, range: [-3, 3] });
    const { svg } = checkVegaBundle(fig);
    expect(svg).toContain("TV = 0.1");
    expect(svg).toContain("W1 = 0.05");
  });
});

describe("numbersChart", () => {
  it("draws fit vs steps, one line per η", () => {
    const rows = [0, 0.2, 0.5, 1].flatMap((eta) => [10, 20, 50, 100].map((steps) => ({ steps, eta, tv: 0.1 + 1 / steps + eta / 10 })));
    const { svg, text } = checkVegaBundle(numbersChart(rows, { x: "steps", y: "tv", series: "eta", logX: true }));
    expect(countMarkItems(svg, "mark-line role-mark")).toBe(4);
    expect(countMarkItems(svg, "mark-symbol role-mark")).toBe(16);
    expect(text).toMatch(/tv by steps for each eta \(0, 0.2, 0.5, 1\)/);
  });

  it("draws labelled bars for timings", () => {
    const { svg, text } = checkVegaBundle(numbersChart({ pixels: 41.2, latents: 6.3 }, { yLabel: "ms per step" }));
    expect(countMarkItems(svg, "mark-rect role-mark")).toBe(2);
    expect(svg).toContain(">41.2<");
    expect(text).toMatch(/pixels: 41.2, latents: 6.3/);
  });

  it("says which fields to plot when it cannot guess", () => {
    expect(() => numbersChart([{ a: 1, b: 2, c: 3 }])).toThrow(/say which to plot/);
    expect(() => numbersChart([{ a: 1, b: "x" }], { x: "a", y: "b" })).toThrow(/not a finite number/);
    expect(() => numbersChart([{ a: 1, b: 2 }], { x: "a", y: "zz" })).toThrow(/no field "zz"/);
    expect(() => numbersChart([])).toThrow(/empty/);
  });
});
