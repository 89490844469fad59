/** "Noise" arguments: either a generator to draw from, or the standard-normal draws themselves. */
import type { Rng } from "../random";
import { checkArray, describe, type NumericArray } from "./validate";

/** A source of standard-normal noise: an Rng (draws fresh noise) or given draws (for comparisons and tests). */
export type NoiseSource = Rng | NumericArray;

/** Returns `n` standard-normal values: drawn from the Rng, or the given array checked for length. */
export function noiseArray(source: NoiseSource, n: number, fn: string, name = "noise"): NumericArray {
  if (source instanceof Float64Array || source instanceof Float32Array || Array.isArray(source)) {
    checkArray(source, name, fn, { length: n });
    return source;
  }
  const r = source as Partial<Rng> | null;
  if (r === null || typeof r !== "object" || typeof r.fillNormal !== "function") {
    throw new Error(`${fn}: ${name} must be an Rng from createRng(seed) or an array of ${n} standard-normal draws; got ${describe(source)}.`);
  }
  return r.fillNormal(new Float64Array(n));
}
