import { describe, expect, it } from "vitest";
import * as vega from "vega";
import { compileVegaLite, makeIdsUnique, renderVegaSvg } from "../../src/figures/render/vegaSvg";
import { figureFontStatus, svgToPng } from "../../src/figures/render/rasterize";
import { VegaFigure, VEGALITE_MIME } from "../../src/figures";
import { asSpec } from "../../src/figures/charts/common";
import { bundleOf, darkPixels, decodePng, parseXml } from "./helpers";

/** Renumbers ids in order of appearance so two renders can be compared despite vega's global counters. */
function normalizeIds(svg: string): string {
  const ids = new Map<string, number>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1])) ids.set(m[1], ids.size);
  return svg.replace(/(id="|url\(#|href="#)([^")]+)/g, (m, a: string, id: string) => (ids.has(id) ? `${a}ID${ids.get(id)}` : m));
}

const values = Array.from({ length: 120 }, (_, i) => ({ x: Math.sin(i) * 3, y: Math.cos(i * 0.7), g: "abc"[i % 3], t: i % 6 }));
const specs: Record<string, Record<string, unknown>> = {
  layered: {
    title: { text: "Layers", subtitle: "with a gradient legend" },
    width: 300,
    height: 150,
    data: { values },
    layer: [
      { mark: "rect", encoding: { x: { field: "x", bin: true }, y: { field: "t", bin: true }, color: { field: "y", aggregate: "mean", scale: { range: ["#2a0902", "#ffffe0"] } } } },
      { mark: "line", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "t", type: "quantitative", scale: { reverse: true } } } },
    ],
  },
  concat: {
    columns: 2,
    concat: [
      { width: 120, height: 60, data: { values }, mark: "point", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, color: { field: "g" } } },
      { width: 120, height: 60, data: { values }, mark: "bar", encoding: { x: { field: "g" }, y: { aggregate: "count" } } },
      { width: 120, height: 60, data: { values }, mark: "line", encoding: { x: { field: "x", type: "quantitative", title: "a long axis title that changes the padding" }, y: { field: "y", type: "quantitative" } } },
    ],
  },
};

describe("synchronous vega rendering", () => {
  for (const [name, spec] of Object.entries(specs)) {
    it(`gives the same SVG as vega's async View.toSVG (${name})`, async () => {
      const vg = compileVegaLite(asSpec(spec));
      const ours = renderVegaSvg(vg);
      const view = new vega.View(vega.parse(vg), { renderer: "none" });
      view.logLevel(vega.None);
      const theirs = await view.toSVG();
      view.finalize();
      expect(normalizeIds(ours)).toBe(normalizeIds(theirs));
      expect(parseXml(ours)[0]).toBe("svg");
    });
  }

  it("gives identical SVG for the same chart and distinct ids for different charts", () => {
    const a1 = renderVegaSvg(compileVegaLite(asSpec(specs.layered)));
    const a2 = renderVegaSvg(compileVegaLite(asSpec(specs.layered)));
    const b = renderVegaSvg(compileVegaLite(asSpec(specs.concat)));
    expect(a1).toBe(a2);
    const idsOf = (svg: string) => new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const shared = [...idsOf(a1)].filter((id) => idsOf(b).has(id));
    expect(idsOf(a1).size).toBeGreaterThan(0);
    expect(shared).toEqual([]);
  });

  it("rewrites every reference to a renamed id", () => {
    const svg = '<svg><defs><clipPath id="clip3"><rect/></clipPath></defs><g clip-path="url(#clip3)"/><use href="#clip3"/></svg>';
    const out = makeIdsUnique(svg);
    const id = /id="([^"]+)"/.exec(out)![1];
    expect(id).not.toBe("clip3");
    expect(out).toContain(`url(#${id})`);
    expect(out).toContain(`href="#${id}"`);
  });
});

describe("rasterizing", () => {
  it("finds a font, so PNGs show axis labels", () => {
    expect(figureFontStatus().found).toBe(true);
    const png = decodePng(svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="white"/><text x="10" y="28" font-family="sans-serif" font-size="20" fill="black">Axis label</text></svg>').toString("base64"));
    expect(png.width).toBe(200);
    expect(darkPixels(png, 0, 0, 200, 40)).toBeGreaterThan(100);
  });

  it("scales the PNG by pngScale", () => {
    const fig = new VegaFigure(asSpec({ width: 100, height: 50, data: { values }, mark: "point", encoding: { x: { field: "x", type: "quantitative" } } }), "points", { pngScale: 2 });
    const png = decodePng(bundleOf(fig)["image/png"]);
    const m = /<svg[^>]*width="(\d+)" height="(\d+)"/.exec(fig.toSVG())!;
    expect(png.width).toBe(2 * Number(m[1]));
    expect(png.height).toBe(2 * Number(m[2]));
    expect(() => new VegaFigure(asSpec({ mark: "point" }), "x", { pngScale: 0 })).toThrow(/pngScale/);
  });
});

describe("VegaFigure bundle", () => {
  it("holds exactly the spec, SVG, PNG and one line of text — no text/html", () => {
    const fig = new VegaFigure(asSpec(specs.layered), "A layered test chart\nwith a newline");
    const bundle = bundleOf(fig);
    expect(Object.keys(bundle).sort()).toEqual(["application/vnd.vegalite.v5+json", "image/png", "image/svg+xml", "text/plain"]);
    expect(bundle["text/html"]).toBeUndefined();
    const spec = bundle[VEGALITE_MIME] as Record<string, unknown>;
    expect(typeof spec).toBe("object");
    expect(spec.$schema).toMatch(/vega-lite\/v5/);
    expect(bundle["text/plain"]).toBe("A layered test chart with a newline");
    expect(String(fig)).toBe("A layered test chart with a newline");
  });
});
