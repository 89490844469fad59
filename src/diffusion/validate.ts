/**
 * Input checks shared by the diffusion functions. Each throws an Error that says which argument was
 * wrong, what was received and what is expected.
 */
import type { Rng } from "../random";

/** A list of numbers the 1-D functions accept: typed arrays or plain arrays. */
export type NumericArray = Float64Array | Float32Array | number[];

/** Throws unless `x` is a finite number. */
export function checkFinite(x: unknown, name: string, fn: string): asserts x is number {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new Error(`${fn}: ${name} must be a finite number; got ${describe(x)}.`);
  }
}

/** Throws unless `x` is an integer in [lo, hi]. */
export function checkInt(x: unknown, name: string, fn: string, lo: number, hi = Number.MAX_SAFE_INTEGER): asserts x is number {
  if (typeof x !== "number" || !Number.isInteger(x) || x < lo || x > hi) {
    const range = hi === Number.MAX_SAFE_INTEGER ? `≥ ${lo}` : `in ${lo}..${hi}`;
    throw new Error(`${fn}: ${name} must be an integer ${range}; got ${describe(x)}.`);
  }
}

/** Throws unless `x` is an array of finite numbers (optionally non-empty / of a given length). */
export function checkArray(
  x: unknown,
  name: string,
  fn: string,
  opts: { length?: number; nonEmpty?: boolean } = {},
): asserts x is NumericArray {
  const ok = x instanceof Float64Array || x instanceof Float32Array || Array.isArray(x);
  if (!ok) throw new Error(`${fn}: ${name} must be a Float64Array, Float32Array or number[]; got ${describe(x)}.`);
  const arr = x as ArrayLike<unknown>;
  if (opts.length !== undefined && arr.length !== opts.length) {
    throw new Error(`${fn}: ${name} must have length ${opts.length}; got length ${arr.length}.`);
  }
  if (opts.nonEmpty && arr.length === 0) throw new Error(`${fn}: ${name} must not be empty.`);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${fn}: ${name}[${i}] must be a finite number; got ${describe(v)} (check for NaN or Infinity).`);
    }
  }
}

/** Throws unless `rng` looks like an `Rng` from createRng. */
export function checkRng(rng: unknown, fn: string): asserts rng is Rng {
  const r = rng as Partial<Rng> | null;
  if (r === null || typeof r !== "object" || typeof r.fillNormal !== "function" || typeof r.uniform !== "function") {
    throw new Error(`${fn}: rng must be a generator from createRng(seed), e.g. createRng(defaultSeed()); got ${describe(rng)}.`);
  }
}

/** Short description of a value for error messages. */
export function describe(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (typeof x === "number") return String(x);
  if (typeof x === "string") return JSON.stringify(x.length > 40 ? x.slice(0, 40) + "…" : x);
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name} of length ${(x as unknown as ArrayLike<unknown>).length}`;
  return typeof x === "object" ? `an object (${(x as object).constructor?.name ?? "Object"})` : typeof x;
}

/** Copies any numeric array into a new Float64Array. */
export function toFloat64(x: NumericArray): Float64Array {
  return x instanceof Float64Array ? x : Float64Array.from(x);
}
