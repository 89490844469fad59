/** Validates a 2-D grid given as rows (grid[r][c]) and flattens it. */
import { FigureInputError } from "../errors";
import type { NumericArray } from "../validate";
import type { Grid } from "../images/heatmapPng";

/** Copies rows of equal length into a dense Grid, rejecting ragged rows and non-finite values. */
export function gridFromRows(figure: string, name: string, data: ArrayLike<NumericArray>): Grid {
  if (!data || typeof data !== "object" || typeof data.length !== "number") {
    throw new FigureInputError(figure, `${name} must be an array of rows (${name}[t][x]), each an array of numbers`);
  }
  const rows = data.length;
  if (rows === 0) throw new FigureInputError(figure, `${name} is empty; pass at least one row`);
  const first = data[0];
  if (!first || typeof first !== "object" || typeof first.length !== "number" || first.length === 0) {
    throw new FigureInputError(figure, `${name}[0] must be a non-empty array of numbers`);
  }
  const cols = first.length;
  const values = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = data[r];
    if (!row || typeof row.length !== "number" || row.length !== cols) {
      throw new FigureInputError(figure, `${name}[${r}] has ${row?.length ?? 0} values but ${name}[0] has ${cols}; rows must have equal length`);
    }
    for (let c = 0; c < cols; c++) {
      const v = Number(row[c]);
      if (!Number.isFinite(v)) throw new FigureInputError(figure, `${name}[${r}][${c}] is ${v}; remove NaN/Infinity values before plotting`);
      values[r * cols + c] = v;
    }
  }
  return { rows, cols, values };
}
