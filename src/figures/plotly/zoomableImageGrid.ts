/**
 * Interactive image grid: the same PNG grid as `imageGrid`, shown as a Plotly image trace so students
 * can zoom into samples (drag a box; double-click to reset). Static fallback: the grid PNG.
 */
import { PlotlyFigure } from "./PlotlyFigure";
import { describeGrid, prepareGrid, type ImageGridOptions } from "../images/imageGrid";
import type { ImageBatch } from "../images/imageData";

const FIG = "zoomableImageGrid";

/**
 * A zoomable grid of images (Plotly); takes the same input and options as `imageGrid`.
 *
 * @example zoomableImageGrid(decoded, { cols: 8, title: "Latent diffusion samples" })
 */
export function zoomableImageGrid(images: ImageBatch, options: ImageGridOptions = {}): PlotlyFigure {
  // Labels are drawn into the fallback PNG only; the interactive view shows the bare grid.
  const bare = prepareGrid(FIG, images, { ...options, title: undefined, rowLabels: undefined, colLabels: undefined });
  const labelled = options.title || options.rowLabels || options.colLabels ? prepareGrid(FIG, images, options).png : bare.png;
  const { width, height } = bare.grid;
  const spec = {
    data: [{ type: "image", source: "data:image/png;base64," + bare.grid.png.toString("base64"), hoverinfo: "skip" }],
    layout: {
      title: { text: options.title ?? "" },
      width: Math.min(1000, width + 40),
      height: Math.round(Math.min(1000, width + 40) * (height / width)) + (options.title ? 60 : 30),
      margin: { l: 20, r: 20, t: options.title ? 50 : 10, b: 20 },
      xaxis: { visible: false, range: [0, width] },
      yaxis: { visible: false, range: [height, 0], scaleanchor: "x" },
      dragmode: "zoom",
    },
  };
  return new PlotlyFigure(spec, "Zoomable " + describeGrid(bare, options.title).replace(/^Image grid/, "image grid"), () => labelled);
}
