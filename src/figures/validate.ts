/**
 * Input checks shared by the figure functions. Every check throws a FigureInputError that names the
 * figure, the argument, what was wrong and how to fix it.
 */
import { FigureInputError } from "./errors";

/** Numbers as the figure functions accept them: plain arrays or any typed array. */
export type NumericArray = ArrayLike<number>;

/** A function of one number, such as a probability density. */
export type PdfFunction = (x: number) => number;

function isNumericArrayLike(value: unknown): value is NumericArray {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return true;
  return Array.isArray(value);
}

/**
 * Copies `value` into a Float64Array after checking it is a non-empty array of finite numbers.
 * `allowEmpty` lets empty arrays through (for optional series).
 */
export function toFiniteArray(figure: string, name: string, value: unknown, allowEmpty = false): Float64Array {
  if (!isNumericArrayLike(value)) {
    const got = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
    throw new FigureInputError(figure, `${name} must be an array of numbers or a typed array (Float32Array, Float64Array, ...); got ${got}`);
  }
  const n = value.length;
  if (n === 0 && !allowEmpty) throw new FigureInputError(figure, `${name} is empty; pass at least one number`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = value[i];
    if (typeof v !== "number" && typeof v !== "bigint") {
      throw new FigureInputError(figure, `${name}[${i}] is ${typeof v}, not a number`);
    }
    const x = Number(v);
    if (!Number.isFinite(x)) {
      throw new FigureInputError(figure, `${name}[${i}] is ${x}; remove NaN/Infinity values (e.g. filter with Number.isFinite) before plotting`);
    }
    out[i] = x;
  }
  return out;
}

/** Checks that two arrays have the same length. */
export function checkSameLength(figure: string, aName: string, a: ArrayLike<unknown>, bName: string, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) {
    throw new FigureInputError(figure, `${aName} has ${a.length} values but ${bName} has ${b.length}; they must have the same length`);
  }
}

/** Checks a `[lo, hi]` pair of finite numbers with lo < hi. */
export function checkRange(figure: string, name: string, value: unknown): [number, number] {
  if (!isNumericArrayLike(value) || value.length !== 2) {
    throw new FigureInputError(figure, `${name} must be a pair [lo, hi]; got ${JSON.stringify(value)}`);
  }
  const lo = Number(value[0]);
  const hi = Number(value[1]);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
    throw new FigureInputError(figure, `${name} must be [lo, hi] with finite lo < hi; got [${lo}, ${hi}]`);
  }
  return [lo, hi];
}

/** Checks a positive integer option. */
export function checkPositiveInt(figure: string, name: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new FigureInputError(figure, `${name} must be an integer between 1 and ${max}; got ${String(value)}`);
  }
  return value;
}

/** Checks a positive finite number option. */
export function checkPositive(figure: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new FigureInputError(figure, `${name} must be a positive number; got ${String(value)}`);
  }
  return value;
}

/** Checks that `fn` is a function and evaluates it on `xs`, requiring finite results. */
export function evaluateFunction(figure: string, name: string, fn: unknown, xs: Float64Array): Float64Array {
  if (typeof fn !== "function") {
    throw new FigureInputError(figure, `${name} must be a function (x: number) => number; got ${typeof fn}`);
  }
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const y = Number((fn as PdfFunction)(xs[i]));
    if (!Number.isFinite(y)) {
      throw new FigureInputError(figure, `${name}(${xs[i]}) returned ${y}; the function must return finite numbers on the plotted range`);
    }
    out[i] = y;
  }
  return out;
}

/** Evenly spaced grid `lo, lo+step, ...` below `hi` (like numpy.arange), at most `maxPoints` long. */
export function arange(lo: number, hi: number, step: number, maxPoints = 1_000_000): Float64Array {
  const n = Math.max(0, Math.ceil((hi - lo) / step - 1e-9));
  if (n > maxPoints) throw new RangeError(`arange: ${n} points exceeds ${maxPoints}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + i * step;
  return out;
}

/** Evenly spaced grid of `n` points from lo to hi inclusive. */
export function linspace(lo: number, hi: number, n: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 1) out[0] = lo;
  else for (let i = 0; i < n; i++) out[i] = lo + ((hi - lo) * i) / (n - 1);
  return out;
}

/** Rounds for specs: keeps JSON small without visible loss (6 significant digits). */
export function round6(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(6));
}

/** Min and max of a non-empty array. */
export function extent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Formats a number for titles and one-line descriptions (4 significant digits, no trailing zeros). */
export function formatNumber(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}
