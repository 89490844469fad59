/** A grid of values → PNG (data URL) coloured with the book's warm colormap, decimated by block averages. */
import { PNG } from "pngjs";
import { warmColor } from "../colormap";

/** A dense row-major grid. */
export interface Grid {
  rows: number;
  cols: number;
  /** values[r * cols + c] */
  values: Float64Array;
}

/** Averages blocks so the grid has at most maxRows × maxCols cells (keeps the picture, shrinks the spec). */
export function decimateGrid(grid: Grid, maxRows: number, maxCols: number): Grid {
  const fr = Math.ceil(grid.rows / maxRows);
  const fc = Math.ceil(grid.cols / maxCols);
  if (fr === 1 && fc === 1) return grid;
  const rows = Math.ceil(grid.rows / fr);
  const cols = Math.ceil(grid.cols / fc);
  const values = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      let n = 0;
      for (let rr = r * fr; rr < Math.min(grid.rows, (r + 1) * fr); rr++) {
        for (let cc = c * fc; cc < Math.min(grid.cols, (c + 1) * fc); cc++) {
          sum += grid.values[rr * grid.cols + cc];
          n++;
        }
      }
      values[r * cols + c] = sum / n;
    }
  }
  return { rows, cols, values };
}

/** Colours a grid (value range [lo, hi] → colormap 0..1) into PNG bytes; row 0 at the top unless flipped. */
export function gridToPng(grid: Grid, lo: number, hi: number, flipRows = false): Buffer {
  const png = new PNG({ width: grid.cols, height: grid.rows });
  const span = hi > lo ? hi - lo : 1;
  for (let r = 0; r < grid.rows; r++) {
    const srcRow = flipRows ? grid.rows - 1 - r : r;
    for (let c = 0; c < grid.cols; c++) {
      const [R, G, B] = warmColor((grid.values[srcRow * grid.cols + c] - lo) / span);
      const o = (r * grid.cols + c) * 4;
      png.data[o] = R;
      png.data[o + 1] = G;
      png.data[o + 2] = B;
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** PNG bytes as a data URL for image marks. */
export function pngDataUrl(png: Buffer): string {
  return "data:image/png;base64," + png.toString("base64");
}
