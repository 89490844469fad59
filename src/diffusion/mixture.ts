/**
 * The 1-D data of every lesson: a mixture of Gaussians (UDL notebooks 18.1–18.4 use four components).
 */
import type { Rng } from "../random";
import { normalCdf, normalPdf } from "./normal";
import { checkArray, checkInt, checkRng, describe, type NumericArray } from "./validate";

/** A mixture of 1-D Gaussians: component k has weight weights[k], mean means[k], std sds[k]. */
export interface GaussianMixture {
  readonly means: readonly number[];
  readonly sds: readonly number[];
  readonly weights: readonly number[];
}

/** The book's mixture (UDL notebooks 18.1–18.4): means [1.5, −0.216, 0.45, −1.875], sds [0.3, 0.15, 0.525, 0.075], weights [0.2, 0.3, 0.35, 0.15]. */
export function bookMixture(): GaussianMixture {
  return { means: [1.5, -0.216, 0.45, -1.875], sds: [0.3, 0.15, 0.525, 0.075], weights: [0.2, 0.3, 0.35, 0.15] };
}

/** Checks a mixture: equal lengths, sds > 0, weights ≥ 0 summing to 1 (±1e-6). Returns it. */
export function checkMixture(mix: unknown, fn = "checkMixture"): GaussianMixture {
  const m = mix as Partial<GaussianMixture> | null;
  if (m === null || typeof m !== "object" || !m.means || !m.sds || !m.weights) {
    throw new Error(`${fn}: mix must be { means, sds, weights } such as bookMixture(); got ${describe(mix)}.`);
  }
  const k = m.means.length;
  checkArray(m.means as NumericArray, "mix.means", fn, { nonEmpty: true });
  checkArray(m.sds as NumericArray, "mix.sds", fn, { length: k });
  checkArray(m.weights as NumericArray, "mix.weights", fn, { length: k });
  let total = 0;
  for (let i = 0; i < k; i++) {
    if (!(m.sds[i] > 0)) throw new Error(`${fn}: mix.sds[${i}] must be > 0; got ${m.sds[i]}.`);
    if (!(m.weights[i] >= 0)) throw new Error(`${fn}: mix.weights[${i}] must be ≥ 0; got ${m.weights[i]}.`);
    total += m.weights[i];
  }
  if (Math.abs(total - 1) > 1e-6) throw new Error(`${fn}: mix.weights must sum to 1; they sum to ${total}.`);
  return m as GaussianMixture;
}

/** Applies `f(x)` to a number or to each element of an array. */
function mapValues(x: number | NumericArray, f: (v: number) => number, fn: string): number | Float64Array {
  if (typeof x === "number") {
    if (Number.isNaN(x)) throw new Error(`${fn}: x is NaN; pass a number or an array of numbers.`);
    return f(x);
  }
  checkArray(x, "x", fn);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}

/** The mixture's density Σ w_k N(x; μ_k, σ_k²), at a number or at each element of an array. */
export function mixturePdf(mix: GaussianMixture, x: number): number;
export function mixturePdf(mix: GaussianMixture, x: NumericArray): Float64Array;
export function mixturePdf(mix: GaussianMixture, x: number | NumericArray): number | Float64Array {
  const m = checkMixture(mix, "mixturePdf(mix, x)");
  return mapValues(x, (v) => {
    let p = 0;
    for (let k = 0; k < m.means.length; k++) p += m.weights[k] * normalPdf(v, m.means[k], m.sds[k]);
    return p;
  }, "mixturePdf(mix, x)");
}

/** The mixture's cumulative distribution Σ w_k Φ((x − μ_k)/σ_k). */
export function mixtureCdf(mix: GaussianMixture, x: number): number;
export function mixtureCdf(mix: GaussianMixture, x: NumericArray): Float64Array;
export function mixtureCdf(mix: GaussianMixture, x: number | NumericArray): number | Float64Array {
  const m = checkMixture(mix, "mixtureCdf(mix, x)");
  return mapValues(x, (v) => {
    let c = 0;
    for (let k = 0; k < m.means.length; k++) c += m.weights[k] * normalCdf(v, m.means[k], m.sds[k]);
    return c;
  }, "mixtureCdf(mix, x)");
}

/** `n` samples of the mixture: pick a component by weight, then draw from its Gaussian. */
export function sampleMixture(mix: GaussianMixture, n: number, rng: Rng): Float64Array {
  const fn = "sampleMixture(mix, n, rng)";
  const m = checkMixture(mix, fn);
  checkInt(n, "n", fn, 0);
  checkRng(rng, fn);
  const which = rng.categorical(m.weights, n);
  const out = rng.fillNormal(new Float64Array(n));
  for (let i = 0; i < n; i++) out[i] = m.means[which[i]] + m.sds[which[i]] * out[i];
  return out;
}

/**
 * The exact marginal q(z_t) of mixture data under the kernel q(z_t | x) = N(√α_t x, 1 − α_t) (book eq. 18.7): again a
 * mixture, with means √α_t μ_k, variances α_t σ_k² + 1 − α_t and the same weights. `alpha` is the book's α_t in (0, 1].
 */
export function diffusedMixture(mix: GaussianMixture, alpha: number): GaussianMixture {
  const fn = "diffusedMixture(mix, alpha)";
  const m = checkMixture(mix, fn);
  if (typeof alpha !== "number" || !(alpha > 0 && alpha <= 1)) throw new Error(`${fn}: alpha must be the book's α_t with 0 < α_t ≤ 1; got ${describe(alpha)}.`);
  return {
    means: m.means.map((mu) => Math.sqrt(alpha) * mu),
    sds: m.sds.map((s) => Math.sqrt(alpha * s * s + 1 - alpha)),
    weights: m.weights.slice(),
  };
}

/** A local maximum of a density: where it is and how high. */
export interface MixtureMode {
  x: number;
  density: number;
}

/** The bumps of the mixture's density: its local maxima on a grid of step `step` (default 0.001) over [lo, hi] (default [−3, 3]). */
export function mixtureModes(mix: GaussianMixture, opts: { lo?: number; hi?: number; step?: number } = {}): MixtureMode[] {
  const fn = "mixtureModes(mix, opts)";
  const m = checkMixture(mix, fn);
  const lo = opts.lo ?? -3;
  const hi = opts.hi ?? 3;
  const step = opts.step ?? 0.001;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo) || !(step > 0 && step <= (hi - lo) / 2)) {
    throw new Error(`${fn}: need finite lo < hi and 0 < step ≤ (hi − lo)/2; got lo=${lo}, hi=${hi}, step=${step}.`);
  }
  const cells = Math.round((hi - lo) / step);
  const grid = Float64Array.from({ length: cells + 1 }, (_, i) => lo + (i * (hi - lo)) / cells);
  const p = mixturePdf(m, grid);
  const modes: MixtureMode[] = [];
  for (let i = 1; i < p.length - 1; i++) if (p[i] > p[i - 1] && p[i] >= p[i + 1]) modes.push({ x: grid[i], density: p[i] });
  return modes;
}

/** Mean and variance of the mixture: Σ w_k μ_k and Σ w_k (σ_k² + μ_k²) − mean². */
export function mixtureMoments(mix: GaussianMixture): { mean: number; variance: number } {
  const m = checkMixture(mix, "mixtureMoments(mix)");
  let mean = 0;
  let second = 0;
  for (let k = 0; k < m.means.length; k++) {
    mean += m.weights[k] * m.means[k];
    second += m.weights[k] * (m.sds[k] * m.sds[k] + m.means[k] * m.means[k]);
  }
  return { mean, variance: second - mean * mean };
}
