import { beforeEach, describe, expect, it } from "vitest";
import { PLOTLY_MIME, setPlotlySent, plotlyAlreadySent, surface3d, timeSlider, zoomableImageGrid, type PlotlyFigure } from "../../src/figures";
import { bundleOf, decodePng, forwardRows, mixPdf, mixSamples } from "./helpers";

const KEYS = ["application/vnd.plotly.v1+json", "image/png", "text/html", "text/plain"];

function checkPlotlyBundle(fig: PlotlyFigure) {
  const b = bundleOf(fig);
  expect(Object.keys(b).sort()).toEqual(KEYS);
  const spec = b[PLOTLY_MIME] as { data: unknown[]; layout: Record<string, unknown>; config: Record<string, unknown>; frames?: unknown[] };
  expect(Array.isArray(spec.data)).toBe(true);
  expect(typeof spec.layout).toBe("object");
  const png = decodePng(b["image/png"]);
  const html = b["text/html"] as string;
  // The static PNG is inside the HTML, so it shows where no JavaScript runs.
  expect(html).toContain(`<img src="data:image/png;base64,${b["image/png"]}"`);
  expect(html).not.toMatch(/<script[^>]+src=/); // nothing fetched from a CDN
  return { spec, png, html, text: b["text/plain"] as string };
}

describe("plotly figures", () => {
  const rows = forwardRows(mixSamples(3000), 100);
  beforeEach(() => setPlotlySent(false));

  it("inlines plotly.js once per session, not once per figure", () => {
    const first = checkPlotlyBundle(timeSlider(rows, { binWidth: 0.1, range: [-3, 3], density: mixPdf }));
    expect(plotlyAlreadySent()).toBe(true);
    const second = checkPlotlyBundle(timeSlider(rows, { show: "trajectories", xRange: [-3, 3] }));
    expect(first.html.length).toBeGreaterThan(3_000_000);
    expect(first.html).toContain("window.Plotly");
    expect(second.html.length).toBeLessThan(300_000);
    expect(second.html).not.toContain("plotly.js v");
    // The library cannot end its own <script> early.
    const lib = first.html.slice(0, first.html.indexOf("</script>"));
    expect(lib.length).toBeGreaterThan(3_000_000);
  });

  it("time slider: one frame per step, bins not samples, a static small-multiples PNG", () => {
    const { spec, png, text } = checkPlotlyBundle(timeSlider(rows, { steps: [0, 10, 50, 100], binWidth: 0.1, range: [-3, 3], density: mixPdf }));
    expect(spec.frames).toHaveLength(4);
    const frame = spec.frames![3] as { name: string; data: Array<{ y: number[] }>; traces: number[] };
    expect(frame.name).toBe("100");
    expect(frame.data[0].y).toHaveLength(60);
    expect(frame.traces).toEqual([0]);
    expect((spec.layout.sliders as Array<{ steps: unknown[] }>)[0].steps).toHaveLength(4);
    expect(JSON.stringify(spec).length).toBeLessThan(30_000);
    expect(png.width).toBeGreaterThan(300);
    expect(text).toMatch(/3000 samples at 4 time steps \(t = 0 … 100\)/);
  });

  it("trajectory slider: frames move only the markers", () => {
    const times = Array.from({ length: 101 }, (_, i) => 100 - i);
    const { spec } = checkPlotlyBundle(timeSlider(rows, { show: "trajectories", count: 3, times }));
    expect(spec.frames).toHaveLength(101);
    const frame = spec.frames![10] as { name: string; data: Array<{ x: number[]; y: number[] }> };
    expect(frame.name).toBe("90");
    expect(frame.data[0].x).toHaveLength(3);
    expect(frame.data[0].y).toEqual([90, 90, 90]);
    expect(JSON.stringify(spec).length).toBeLessThan(60_000);
  });

  it("3-D surface: warm colorscale, grid decimated to about 100 × 100, heat-map PNG fallback", () => {
    const grid = Array.from({ length: 101 }, (_, t) => Array.from({ length: 600 }, (_, c) => Math.exp(-(((c - 100) / (5 + t)) ** 2))));
    const { spec, png, text } = checkPlotlyBundle(surface3d(grid, { xRange: [-3, 3], title: "q(z_t | x)" }));
    const trace = spec.data[0] as { type: string; z: number[][]; colorscale: Array<[number, string]> };
    expect(trace.type).toBe("surface");
    expect(trace.z.length).toBe(101);
    expect(trace.z[0].length).toBe(100);
    expect(trace.colorscale[0][1]).toBe("#2a0902");
    expect(trace.colorscale[10][1]).toBe("#ffffe0");
    expect(png.height).toBeGreaterThan(300);
    expect(text).toMatch(/101 × 600 grid \(shown as 101 × 100\)/);
    expect(() => surface3d([[1, 2], [3]])).toThrow(/equal length/);
  });

  it("zoomable image grid: an image trace of the grid PNG", () => {
    const data = new Float32Array(6 * 28 * 28).fill(0.5);
    const { spec, png } = checkPlotlyBundle(zoomableImageGrid({ data, shape: [6, 28, 28] }, { cols: 3 }));
    const trace = spec.data[0] as { type: string; source: string };
    expect(trace.type).toBe("image");
    expect(trace.source.startsWith("data:image/png;base64,")).toBe(true);
    expect([png.width, png.height]).toEqual([3 * 86 + 2, 2 * 86 + 2]);
  });

  it("rejects bad input", () => {
    expect(() => timeSlider([])).toThrow(/non-empty/);
    expect(() => timeSlider(rows, { steps: [200] })).toThrow(/not a row/);
    expect(() => timeSlider(rows, { times: [1, 2] })).toThrow(/times has 2 values but there are 101 rows/);
    expect(() => timeSlider(rows, { show: "pie" as never })).toThrow(/show must be/);
  });
});
