/**
 * Image grids (latent diffusion samples, decoded latents, MNIST digits) as PNG bytes, scaled up by an
 * integer factor so 28 × 28 digits are not postage stamps, with optional title and row/column labels.
 */
import { jupyterDisplay, type MimeBundle } from "../../notebook/display";
import { FigureInputError } from "../errors";
import { checkPositiveInt, formatNumber } from "../validate";
import { normalizeImages, type ImageBatch, type NormalizedImages } from "./imageData";
import { composeGrid, type ChannelMode, type ComposedGrid } from "./gridPng";
import { labelledGridPng } from "./labelledGrid";

/** Options of `imageGrid`. */
export interface ImageGridOptions {
  /** Grid rows (default: as many as needed for `cols`). */
  rows?: number;
  /** Grid columns (default: min(N, 8), or as many as needed for `rows`). */
  cols?: number;
  /** Integer scale per pixel (default: 84 px tiles, i.e. 3 for 28 × 28, 12 for 7 × 7 latents). */
  scale?: number;
  /** Gap between tiles in output pixels (default 2). */
  gap?: number;
  /** Labels left of each row. */
  rowLabels?: string[];
  /** Labels above each column. */
  colLabels?: string[];
  /** Title above the grid. */
  title?: string;
  /** Input value range mapped to black…white (default: [0,1], [-1,1] or [0,255] by the data, else min…max). */
  range?: [number, number];
  /** Shape [N, H, W] or [N, H, W, C] for flat arrays (or to reinterpret a tensor). */
  shape?: number[];
  /** "auto": C = 1 grey, C = 3 colour, other C one grey tile per channel; "separate": always per channel. */
  channels?: ChannelMode;
}

const FIG = "imageGrid";

/** A laid-out grid (shared by imageGrid and zoomableImageGrid). */
export interface PreparedGrid {
  images: NormalizedImages;
  grid: ComposedGrid;
  rows: number;
  cols: number;
  scale: number;
  gap: number;
  png: Buffer;
}

/** Validates options, normalizes the images and composes the PNG. */
export function prepareGrid(figure: string, images: unknown, options: ImageGridOptions = {}): PreparedGrid {
  if (options === null || typeof options !== "object") throw new FigureInputError(figure, "options must be an object such as { cols: 8 }");
  const imgs = normalizeImages(figure, images, { shape: options.shape, range: options.range });
  let cols = options.cols === undefined ? undefined : checkPositiveInt(figure, "cols", options.cols, 256);
  let rows = options.rows === undefined ? undefined : checkPositiveInt(figure, "rows", options.rows, 256);
  if (cols === undefined && rows === undefined) cols = Math.min(imgs.n, 8);
  if (cols === undefined) cols = Math.ceil(imgs.n / (rows as number));
  if (rows === undefined) rows = Math.ceil(imgs.n / cols);
  if (rows * cols < imgs.n) {
    throw new FigureInputError(figure, `rows × cols = ${rows} × ${cols} = ${rows * cols} cells for ${imgs.n} images; raise rows/cols or pass fewer images`);
  }
  const scale = options.scale === undefined ? Math.max(1, Math.round(84 / Math.max(imgs.height, imgs.width))) : checkPositiveInt(figure, "scale", options.scale, 64);
  const gap = options.gap === undefined ? 2 : options.gap === 0 ? 0 : checkPositiveInt(figure, "gap", options.gap, 64);
  const channels = options.channels ?? "auto";
  if (channels !== "auto" && channels !== "separate") throw new FigureInputError(figure, `channels must be "auto" or "separate"; got ${String(channels)}`);
  for (const [name, labels, count] of [["rowLabels", options.rowLabels, rows], ["colLabels", options.colLabels, cols]] as const) {
    if (labels === undefined) continue;
    if (!Array.isArray(labels) || labels.some((l) => typeof l !== "string")) throw new FigureInputError(figure, `${name} must be an array of strings`);
    if (labels.length !== count) throw new FigureInputError(figure, `${name} has ${labels.length} labels for ${count} ${name === "rowLabels" ? "rows" : "columns"}`);
  }
  const grid = composeGrid(figure, imgs, { rows, cols, scale, gap, channels });
  const png = labelledGridPng(grid, gap, { title: options.title, rowLabels: options.rowLabels, colLabels: options.colLabels }, rows, cols);
  return { images: imgs, grid, rows, cols, scale, gap, png };
}

/** Describes a grid in one line. */
export function describeGrid(prepared: PreparedGrid, title: string | undefined): string {
  const { images: im, rows, cols, scale } = prepared;
  return (
    `Image grid${title ? ` "${title}"` : ""}: ${im.n} image${im.n > 1 ? "s" : ""} of ${im.height}×${im.width}` +
    (im.channels > 1 ? `×${im.channels}` : "") +
    ` in ${rows} × ${cols}, scale ${scale}, values [${formatNumber(im.range[0])}, ${formatNumber(im.range[1])}] → black…white`
  );
}

/** A displayable grid of images: bundle image/png + text/plain. */
export class ImageGridFigure {
  /** PNG bytes of the grid (with labels if any). */
  readonly png: Buffer;
  /** One line saying what the grid shows. */
  readonly description: string;
  /** Pixel size of the PNG. */
  readonly width: number;
  /** Pixel size of the PNG. */
  readonly height: number;

  constructor(png: Buffer, description: string) {
    this.png = png;
    this.description = description;
    // Width and height sit in the PNG's IHDR chunk (bytes 16–23); no need to decode the image.
    this.width = png.readUInt32BE(16);
    this.height = png.readUInt32BE(20);
  }

  /** The PNG bytes. */
  toPNG(): Buffer {
    return this.png;
  }

  /** The Jupyter MIME bundle: image/png (base64) and text/plain. */
  [jupyterDisplay](): MimeBundle {
    return { "image/png": this.png.toString("base64"), "text/plain": this.description };
  }

  /** The one-line description. */
  toString(): string {
    return this.description;
  }

  /** Node's util.inspect shows the description. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `[ImageGridFigure: ${this.description}]`;
  }
}

/**
 * A grid of images as one PNG. Accepts a tf.Tensor (not disposed), { data, shape }, nested arrays or a
 * flat array with { shape }; values in [0,1] or [-1,1] (detected) or any range via { range }.
 *
 * @example imageGrid(samples, { cols: 8, rowLabels: ["w = 0", "w = 3"] })
 */
export function imageGrid(images: ImageBatch, options?: ImageGridOptions): ImageGridFigure {
  const prepared = prepareGrid(FIG, images, options ?? {});
  return new ImageGridFigure(prepared.png, describeGrid(prepared, options?.title));
}
