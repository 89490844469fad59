/**
 * While a submission is graded (DL4DS_GRADING=1) figures send only their spec and description, and render no
 * SVG/PNG/HTML; DL4DS_GRADING_FIGURES=full, or not grading, gives the full bundle.
 */
import { afterEach, describe, expect, it } from "vitest";
import { linePlot, PLOTLY_MIME, setPlotlySent, timeSlider, VEGALITE_MIME } from "../../src/figures";
import { bundleOf, forwardRows, mixPdf, mixSamples } from "./helpers";

const saved = { grading: process.env.DL4DS_GRADING, figures: process.env.DL4DS_GRADING_FIGURES };

function setEnv(grading: string | undefined, figures: string | undefined): void {
  for (const [k, v] of [["DL4DS_GRADING", grading], ["DL4DS_GRADING_FIGURES", figures]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

afterEach(() => {
  setEnv(saved.grading, saved.figures);
  setPlotlySent(false);
});

const line = () => linePlot({ x: [0, 1, 2], y: [1, 0, 1], name: "y" }, { title: "a line" });
const slider = () => timeSlider(forwardRows(mixSamples(500), 10), { binWidth: 0.2, range: [-3, 3], density: mixPdf });

describe("figure bundles while grading", () => {
  it("a Vega-Lite figure sends its spec and description only", () => {
    setEnv("1", undefined);
    const b = bundleOf(line());
    expect(Object.keys(b).sort()).toEqual([VEGALITE_MIME, "text/plain"].sort());
    expect((b[VEGALITE_MIME] as { $schema?: string }).$schema).toMatch(/vega-lite/);
  });

  it("a Plotly figure sends its JSON and description only", () => {
    setEnv("1", undefined);
    const b = bundleOf(slider());
    expect(Object.keys(b).sort()).toEqual([PLOTLY_MIME, "text/plain"].sort());
  });

  it("renders the full bundle when not grading or with DL4DS_GRADING_FIGURES=full", () => {
    for (const [grading, figures] of [[undefined, undefined], ["1", "full"]] as const) {
      setEnv(grading, figures);
      expect(Object.keys(bundleOf(line()))).toEqual(expect.arrayContaining([VEGALITE_MIME, "image/svg+xml", "image/png", "text/plain"]));
      expect(Object.keys(bundleOf(slider()))).toEqual(expect.arrayContaining([PLOTLY_MIME, "text/html", "image/png", "text/plain"]));
    }
  });
});
