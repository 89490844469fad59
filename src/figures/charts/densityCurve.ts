/** A density curve given as a function or as sampled points, turned into decimated {x, y} rows. */
import { FigureInputError } from "../errors";
import { checkSameLength, evaluateFunction, linspace, round6, toFiniteArray, type NumericArray, type PdfFunction } from "../validate";

/** A curve: a function of x (evaluated on a grid) or points { x, y }. */
export type CurveInput = PdfFunction | { x: NumericArray; y: NumericArray };

/** Default number of points a function is evaluated on. */
export const CURVE_POINTS = 400;

/** Keeps at most `max` points of a polyline by taking evenly spaced indices (ends kept). */
export function decimateIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(Math.round((k * (n - 1)) / (max - 1)));
  return out;
}

/** Evaluates or copies a curve into rows {x, y}, at most `maxPoints` of them. */
export function curveRows(figure: string, name: string, curve: CurveInput, range: [number, number], maxPoints = 1000): Array<{ x: number; y: number }> {
  let xs: Float64Array;
  let ys: Float64Array;
  if (typeof curve === "function") {
    xs = linspace(range[0], range[1], CURVE_POINTS);
    ys = evaluateFunction(figure, name, curve, xs);
  } else if (curve && typeof curve === "object" && "x" in curve && "y" in curve) {
    xs = toFiniteArray(figure, `${name}.x`, curve.x);
    ys = toFiniteArray(figure, `${name}.y`, curve.y);
    checkSameLength(figure, `${name}.x`, xs, `${name}.y`, ys);
  } else {
    throw new FigureInputError(figure, `${name} must be a function (x) => y or { x: number[], y: number[] }`);
  }
  return decimateIndices(xs.length, maxPoints).map((i) => ({ x: round6(xs[i]), y: round6(ys[i]) }));
}
