/** Lays out a normalized image batch as one PNG grid (pngjs), each pixel scaled to an integer block. */
import { PNG } from "pngjs";
import { FigureInputError } from "../errors";
import type { NormalizedImages } from "./imageData";

/** How an image's channels become tiles: one colour tile (C = 1 or 3) or one grey tile per channel. */
export type ChannelMode = "auto" | "separate";

/** Grid geometry. */
export interface GridLayout {
  rows: number;
  cols: number;
  /** Integer pixel scale (each input pixel becomes scale × scale). */
  scale: number;
  /** Gap between tiles in output pixels. */
  gap: number;
  /** Channel handling (see ChannelMode). */
  channels: ChannelMode;
}

/** A composed grid: PNG bytes and the tile geometry (for labels). */
export interface ComposedGrid {
  png: Buffer;
  width: number;
  height: number;
  tileWidth: number;
  tileHeight: number;
  /** Tiles per image across (C when channels are shown separately, else 1). */
  tilesPerImage: number;
  /** Horizontal distance from one image's first tile to the next image's. */
  cellWidth: number;
}

const GAP_GREY = 200;
const MAX_SIDE = 8192;

/** Composes the grid; throws if it would be larger than 8192 px on a side. */
export function composeGrid(figure: string, imgs: NormalizedImages, layout: GridLayout): ComposedGrid {
  const { rows, cols, scale, gap } = layout;
  const separate = layout.channels === "separate" || (imgs.channels !== 1 && imgs.channels !== 3);
  const tilesPerImage = separate ? imgs.channels : 1;
  const tileWidth = imgs.width * scale;
  const tileHeight = imgs.height * scale;
  // Channels of one image sit `gap` apart; images sit 3 × gap apart so groups stay readable.
  const cellWidth = tilesPerImage * (tileWidth + gap) + (separate ? 2 * gap : 0);
  const width = cols * cellWidth + gap - (separate ? 2 * gap : 0);
  const height = rows * (tileHeight + gap) + gap;
  if (width > MAX_SIDE || height > MAX_SIDE) {
    throw new FigureInputError(figure, `the grid would be ${width} × ${height} px; lower scale or show fewer images (at most ${MAX_SIDE} px a side)`);
  }
  const png = new PNG({ width, height });
  png.data.fill(GAP_GREY);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  const { height: H, width: W, channels: C, values } = imgs;
  for (let n = 0; n < Math.min(imgs.n, rows * cols); n++) {
    const gridRow = Math.floor(n / cols);
    const gridCol = n % cols;
    for (let tile = 0; tile < tilesPerImage; tile++) {
      const x0 = gap + gridCol * cellWidth + tile * (tileWidth + gap);
      const y0 = gap + gridRow * (tileHeight + gap);
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const base = ((n * H + y) * W + x) * C;
          let r: number;
          let g: number;
          let b: number;
          if (separate) r = g = b = Math.round(values[base + tile] * 255);
          else if (C === 1) r = g = b = Math.round(values[base] * 255);
          else {
            r = Math.round(values[base] * 255);
            g = Math.round(values[base + 1] * 255);
            b = Math.round(values[base + 2] * 255);
          }
          for (let dy = 0; dy < scale; dy++) {
            let o = ((y0 + y * scale + dy) * width + x0 + x * scale) * 4;
            for (let dx = 0; dx < scale; dx++, o += 4) {
              png.data[o] = r;
              png.data[o + 1] = g;
              png.data[o + 2] = b;
            }
          }
        }
      }
    }
  }
  return { png: PNG.sync.write(png), width, height, tileWidth, tileHeight, tilesPerImage, cellWidth };
}
