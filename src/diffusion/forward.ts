/**
 * The forward (diffusion) process of UDL §18.2 (book eqs. 18.1–18.7):
 *   z_t = √(1−β_t)·z_{t−1} + √β_t·ε,     q(z_t | x) = N(√α_t·x, (1−α_t)),   α_t = Π_{s≤t}(1−β_s)
 * (the book's α_t is the lecture's ᾱ_t). t runs 1..T; t = 0 is the data itself.
 */
import { type Rng } from "../random";
import { normalPdf } from "./normal";
import { noiseArray, type NoiseSource } from "./noise";
import { alphaBar, betaAt, checkBeta, type Beta } from "./schedule";
import { checkArray, checkFinite, checkInt, checkRng, type NumericArray } from "./validate";

/**
 * One forward step (book eq. 18.1): z_t = √(1−β)·z_{t−1} + √β·ε. `noise` is an Rng or the ε values.
 * Returns a new Float64Array.
 */
export function diffuseOneStep(z: NumericArray, beta: number, noise: NoiseSource): Float64Array {
  const fn = "diffuseOneStep(z, beta, noise)";
  checkArray(z, "z", fn);
  checkBeta(beta, fn);
  const eps = noiseArray(noise, z.length, fn);
  const a = Math.sqrt(1 - beta);
  const b = Math.sqrt(beta);
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = a * z[i] + b * eps[i];
  return out;
}

/** Options for `forwardProcess`. */
export interface ForwardProcessOptions {
  /** Keep all T + 1 rows (default true). With false only [z_0, z_T] are returned (100 000 × 101 doubles is 80 MB). */
  keepRows?: boolean;
}

/**
 * Diffuses the data `x` for T steps (book eq. 18.1 applied T times). Returns rows[t] = z_t for t = 0..T
 * (rows[0] is a copy of x); with `keepRows: false` it returns only [z_0, z_T].
 */
export function forwardProcess(x: NumericArray, T: number, beta: Beta, rng: Rng, opts: ForwardProcessOptions = {}): Float64Array[] {
  const fn = "forwardProcess(x, T, beta, rng)";
  checkArray(x, "x", fn);
  checkInt(T, "T", fn, 1);
  checkBeta(beta, fn, T);
  checkRng(rng, fn);
  const keep = opts.keepRows ?? true;
  const n = x.length;
  const first = Float64Array.from(x);
  const rows: Float64Array[] = [first];
  const eps = new Float64Array(n);
  let prev = first;
  let work = keep ? first : Float64Array.from(x); // without keepRows, one buffer is updated in place
  for (let t = 1; t <= T; t++) {
    const bt = betaAt(beta, t);
    const a = Math.sqrt(1 - bt);
    const b = Math.sqrt(bt);
    rng.fillNormal(eps);
    const next = keep ? new Float64Array(n) : work;
    for (let i = 0; i < n; i++) next[i] = a * prev[i] + b * eps[i];
    if (keep) rows.push(next);
    prev = next;
    work = next;
  }
  if (!keep) rows.push(work);
  return rows;
}

/** Mean and standard deviation of a Gaussian (mean per element when the input was an array). */
export interface GaussianParams<M> {
  mean: M;
  std: number;
}

/**
 * The diffusion kernel q(z_t | x) = N(√α_t·x, 1 − α_t) (book eq. 18.7). `x` a number or an array, t ≥ 0
 * (t = 0 gives std 0: the data itself).
 */
export function diffusionKernel(x: number, t: number, beta: Beta): GaussianParams<number>;
export function diffusionKernel(x: NumericArray, t: number, beta: Beta): GaussianParams<Float64Array>;
export function diffusionKernel(x: number | NumericArray, t: number, beta: Beta): GaussianParams<number | Float64Array> {
  const fn = "diffusionKernel(x, t, beta)";
  checkInt(t, "t", fn, 0);
  const alpha = alphaBar(beta, t);
  const s = Math.sqrt(alpha);
  const std = Math.sqrt(1 - alpha);
  if (typeof x === "number") {
    checkFinite(x, "x", fn);
    return { mean: s * x, std };
  }
  checkArray(x, "x", fn);
  const mean = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) mean[i] = s * x[i];
  return { mean, std };
}

/**
 * The marginal q(z_t) = ∫ q(z_t|x) Pr(x) dx ≈ Σ_i Pr(x_i)·Δ·N(z; √α_t x_i, 1 − α_t) on an evenly spaced grid
 * (book §18.2.2; Δ = grid spacing, 0.01 in the book). Returns q(z_t) evaluated at the same grid points.
 * At t = 0 it returns a copy of `pdf`.
 */
export function diffusionMarginal(xGrid: NumericArray, pdf: NumericArray, t: number, beta: Beta): Float64Array {
  const fn = "diffusionMarginal(xGrid, pdf, t, beta)";
  checkArray(xGrid, "xGrid", fn, { nonEmpty: true });
  checkArray(pdf, "pdf", fn, { length: xGrid.length });
  checkInt(t, "t", fn, 0);
  const g = xGrid.length;
  if (g < 2) throw new Error(`${fn}: xGrid needs at least 2 evenly spaced points.`);
  const delta = (xGrid[g - 1] - xGrid[0]) / (g - 1);
  if (!(delta > 0)) throw new Error(`${fn}: xGrid must be increasing.`);
  for (let i = 1; i < g; i++) {
    if (Math.abs(xGrid[i] - xGrid[i - 1] - delta) > 1e-6 * Math.max(1, Math.abs(delta))) {
      throw new Error(`${fn}: xGrid must be evenly spaced (like arange(-3, 3, 0.01)); the step changes at index ${i}.`);
    }
  }
  for (let i = 0; i < g; i++) {
    if (pdf[i] < 0) throw new Error(`${fn}: pdf[${i}] is negative (${pdf[i]}); a density is ≥ 0.`);
  }
  const alpha = alphaBar(beta, t);
  if (t === 0) return Float64Array.from(pdf);
  const s = Math.sqrt(alpha);
  const std = Math.sqrt(1 - alpha);
  const out = new Float64Array(g);
  for (let i = 0; i < g; i++) {
    const w = pdf[i] * delta;
    if (w === 0) continue;
    const m = s * xGrid[i];
    for (let j = 0; j < g; j++) out[j] += w * normalPdf(xGrid[j], m, std);
  }
  return out;
}

