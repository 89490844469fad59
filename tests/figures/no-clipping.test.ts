import { describe, expect, it } from "vitest";
import { heatmap, histogram, linePlot, numbersChart, smallMultiples, timeSlider, trajectories } from "../../src/figures";
import { bundleOf } from "./helpers";

/** Every y (or x) scale domain of a vega-lite spec, wherever it sits in layers and concatenations. */
function domains(spec: unknown, channel: "x" | "y", out: number[][] = []): number[][] {
  if (!spec || typeof spec !== "object") return out;
  for (const [k, v] of Object.entries(spec as Record<string, unknown>)) {
    if (k === channel && v && typeof v === "object") {
      const d = (v as { scale?: { domain?: number[] } }).scale?.domain;
      if (Array.isArray(d)) out.push(d);
    }
    if (typeof v === "object") domains(v, channel, out);
  }
  return out;
}
const vl = (fig: unknown) => bundleOf(fig as never)["application/vnd.vegalite.v5+json"];

// A spike: 30 % of the samples in one 0.05 bin, so the bar is about 6 density units high.
const spiky = Float64Array.from({ length: 10_000 }, (_, i) => (i % 10 < 3 ? -1.875 : -3 + (6 * i) / 10_000));
const tallPdf = (x: number) => 2.5 * Math.exp(-((x + 1.875) ** 2) / (2 * 0.01)) ;

describe("figures never clip their own data: a requested range is a floor, not a ceiling", () => {
  it("histogram: the y axis grows past yRange to the highest bar and the overlay's peak", () => {
    const [y] = domains(vl(histogram(spiky, { binWidth: 0.05, range: [-3, 3], yRange: [0, 0.8] })), "y");
    expect(y[1]).toBeGreaterThan(5.5);
    const [y2] = domains(vl(histogram(Float64Array.from([0, 1, 2]), { binWidth: 0.05, range: [-3, 3], yRange: [0, 0.8], density: tallPdf })), "y");
    expect(y2[1]).toBeGreaterThanOrEqual(2.5);
  });

  it("histogram: a yRange above the data is kept (the book's limits as a floor)", () => {
    const low = Float64Array.from({ length: 1000 }, (_, i) => -3 + (6 * i) / 1000);
    expect(domains(vl(histogram(low, { binWidth: 0.05, range: [-3, 3], yRange: [0, 0.8] })), "y")[0]).toEqual([0, 0.8]);
  });

  it("smallMultiples, linePlot, numbersChart and trajectories widen their ranges too", () => {
    const sm = domains(vl(smallMultiples([spiky, spiky], { binWidth: 0.05, range: [-3, 3], yRange: [0, 1] })), "y");
    expect(Math.min(...sm.map((d) => d[1]))).toBeGreaterThan(5.5);
    expect(domains(vl(linePlot(tallPdf, { xRange: [-3, 3], yRange: [0, 1] })), "y")[0][1]).toBeGreaterThanOrEqual(2.5);
    expect(domains(vl(numbersChart([{ k: 1, v: 0.5 }, { k: 2, v: 3 }], { x: "k", y: "v", yRange: [0, 1], xLabel: "k", yLabel: "v" })), "y")[0][1]).toBeGreaterThanOrEqual(3);
    const rows = [Float64Array.from([-4, 0, 1]), Float64Array.from([-3.5, 3.8, 1])];
    expect(domains(vl(trajectories(rows, { layout: "rows", count: 3, xRange: [-3, 3] })), "x")[0]).toSatisfy((d: number[]) => d[0] <= -4 && d[1] >= 3.8);
  });

  it("timeSlider: the fixed y axis covers every frame, and a per-frame pdf is labelled q(z_t)", () => {
    const fig = timeSlider([spiky, spiky], { binWidth: 0.05, range: [-3, 3], yRange: [0, 0.8], densityAt: () => tallPdf });
    const spec = bundleOf(fig as never)["application/vnd.plotly.v1+json"] as { data: Array<{ name: string }>; layout: { yaxis: { range: number[] } } };
    expect(spec.layout.yaxis.range[1]).toBeGreaterThan(5.5);
    expect(spec.data[1].name).toBe("q(z_t)");
  });
});

describe("trajectories with spread", () => {
  it("picks paths at quantiles of where they end (row 0), so they end in different places", () => {
    // 1000 samples; row 0 holds their end values 0, 1, …, 999 in shuffled order
    const end = Float64Array.from({ length: 1000 }, (_, i) => (i * 389) % 1000);
    const rows = [end, Float64Array.from(end, (v) => v / 2)];
    const spec = vl(trajectories(rows, { layout: "rows", count: 5, spread: true })) as { data: { values: Array<{ z: number; t: number }> } };
    expect(spec.data.values.filter((r) => r.t === 0).map((r) => r.z)).toEqual([100, 300, 500, 700, 900]);
    expect(() => trajectories([end], { spread: true })).toThrow(/layout: "rows"/);
  });
});

describe("heatmap overlays", () => {
  it("the x axis widens past xRange where a path on top leaves the grid", () => {
    const grid = Array.from({ length: 3 }, () => Float64Array.from({ length: 10 }, (_, i) => i));
    const spec = vl(heatmap(grid, { xRange: [-3, 3], trajectories: [Float64Array.from([-2, -3.4, -2.5])] }));
    const [x] = domains(spec, "x");
    expect(x[0]).toBeLessThanOrEqual(-3.4);
    expect(x[1]).toBe(3);
  });
});
