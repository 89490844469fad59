/**
 * Ancestral sampling with per-step models (UDL §18.4):
 *   mean form (book eq. 18.16, notebook 18.2):  z_{t−1} = f_t[z_t] + σ_t ε
 *   ε form (book algorithm 18.2, notebook 18.3, lecture Algorithm 2):
 *       z_{t−1} = (z_t − β_t/√(1−α_t)·g_t[z_t]) / √(1−β_t) + σ_t ε
 * Noise is added for t > 1 only; the last step returns the prediction itself (as in algorithm 18.2; the book's
 * notebooks also add noise at the last step — `finalNoise: true` reproduces that).
 */
import type { Rng } from "../random";
import { noiseArray, type NoiseSource } from "./noise";
import { checkPredictor, predictAt, type StepPredictor } from "./predictor";
import { alphaBar, alphaBars, betaAt, checkBeta, type Beta } from "./schedule";
import { TrajectoryRecorder, type SampleOptions, type SampleResult } from "./trajectories";
import { checkArray, checkFinite, checkInt, checkRng, describe, type NumericArray } from "./validate";

/** σ_t for every step: one number for all steps, or an array whose element t − 1 is σ_t. */
export type Sigma = number | NumericArray;

/** Options of the ancestral samplers. */
export interface AncestralOptions extends SampleOptions {
  /** Add σ_1 ε at the last step too, as the book's notebooks do (default false, as algorithm 18.2). */
  finalNoise?: boolean;
}

function checkSigma(sigma: unknown, T: number, fn: string): asserts sigma is Sigma {
  if (typeof sigma === "number") {
    if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new Error(`${fn}: sigma must be a finite number ≥ 0; got ${sigma}.`);
    return;
  }
  checkArray(sigma, "sigma", fn, { length: T });
  for (let i = 0; i < T; i++) {
    if (!(sigma[i] >= 0)) throw new Error(`${fn}: sigma[${i}] (σ_${i + 1}) must be ≥ 0; got ${sigma[i]}.`);
  }
  void describe;
}

function sigmaAt(sigma: Sigma, t: number): number {
  return typeof sigma === "number" ? sigma : sigma[t - 1];
}

/**
 * One reverse step of the ε form (book algorithm 18.2): z_{t−1} = (z_t − β_t/√(1−α_t)·g)/√(1−β_t) + σ·ε.
 * `g` is the predicted noise g_t[z_t]; `noise` (Rng or ε values) is used only when σ > 0. Returns a new array.
 */
export function epsReverseStep(zT: NumericArray, g: NumericArray, t: number, beta: Beta, sigma: number, noise?: NoiseSource): Float64Array {
  const fn = "epsReverseStep(zT, g, t, beta, sigma, noise)";
  checkArray(zT, "zT", fn);
  checkArray(g, "g", fn, { length: zT.length });
  checkInt(t, "t", fn, 1);
  checkFinite(sigma, "sigma", fn);
  if (sigma < 0) throw new Error(`${fn}: sigma must be ≥ 0; got ${sigma}.`);
  const alphaT = alphaBar(beta, t);
  const bt = betaAt(beta, t);
  const c = bt / Math.sqrt(1 - alphaT);
  const inv = 1 / Math.sqrt(1 - bt);
  const out = new Float64Array(zT.length);
  for (let i = 0; i < zT.length; i++) out[i] = (zT[i] - c * g[i]) * inv;
  if (sigma > 0) {
    if (noise === undefined) throw new Error(`${fn}: sigma > 0 needs noise (an Rng or ${zT.length} standard-normal values).`);
    const eps = noiseArray(noise, zT.length, fn);
    for (let i = 0; i < out.length; i++) out[i] += sigma * eps[i];
  }
  return out;
}

/**
 * Samples n values with the 18.2 decoder models (book eq. 18.16): z_T ~ N(0, 1), then
 * z_{t−1} = models[t−1].predict(z_t) + σ_t ε for t = T..1 (no noise at the last step unless `finalNoise`).
 */
export function sampleMean(models: StepPredictor, T: number, sigma: Sigma, n: number, rng: Rng, opts: AncestralOptions = {}): SampleResult {
  const fn = "sampleMean(models, T, sigma, n, rng)";
  checkInt(T, "T", fn, 1);
  checkPredictor(models, T, fn);
  checkSigma(sigma, T, fn);
  checkInt(n, "n", fn, 1);
  checkRng(rng, fn);
  const rec = new TrajectoryRecorder(opts.keepTrajectories, n, fn);
  let z = rng.normals(n);
  rec.record(z);
  const pred = new Float64Array(n);
  const eps = new Float64Array(n);
  const times = [T];
  for (let t = T; t >= 1; t--) {
    const f = predictAt(models, z, t, pred, fn);
    const next = new Float64Array(n);
    const s = sigmaAt(sigma, t);
    if (s > 0 && (t > 1 || opts.finalNoise)) {
      rng.fillNormal(eps);
      for (let i = 0; i < n; i++) next[i] = f[i] + s * eps[i];
    } else {
      next.set(f);
    }
    z = next;
    rec.record(z);
    times.push(t - 1);
    opts.onStep?.(t - 1);
  }
  return rec.finish(z, times);
}

/**
 * Samples n values with ε models (book algorithm 18.2 / lecture Algorithm 2): z_T ~ N(0, 1), then for t = T..1
 * z_{t−1} = (z_t − β_t/√(1−α_t)·g_t[z_t])/√(1−β_t) + σ_t ε (no noise at the last step unless `finalNoise`).
 * Book: σ_t = 0.12288 for all t; DDPM's choices are σ_t² = β_t or the posterior variance β_t(1−α_{t−1})/(1−α_t).
 */
export function sampleEps(models: StepPredictor, T: number, beta: Beta, sigma: Sigma, n: number, rng: Rng, opts: AncestralOptions = {}): SampleResult {
  const fn = "sampleEps(models, T, beta, sigma, n, rng)";
  checkInt(T, "T", fn, 1);
  checkPredictor(models, T, fn);
  checkBeta(beta, fn, T);
  checkSigma(sigma, T, fn);
  checkInt(n, "n", fn, 1);
  checkRng(rng, fn);
  const alphas = alphaBars(beta, T);
  const rec = new TrajectoryRecorder(opts.keepTrajectories, n, fn);
  let z = rng.normals(n);
  rec.record(z);
  const pred = new Float64Array(n);
  const eps = new Float64Array(n);
  const times = [T];
  for (let t = T; t >= 1; t--) {
    const g = predictAt(models, z, t, pred, fn);
    const bt = betaAt(beta, t);
    const c = bt / Math.sqrt(1 - alphas[t]);
    const inv = 1 / Math.sqrt(1 - bt);
    const s = sigmaAt(sigma, t);
    const next = new Float64Array(n);
    if (s > 0 && (t > 1 || opts.finalNoise)) {
      rng.fillNormal(eps);
      for (let i = 0; i < n; i++) next[i] = (z[i] - c * g[i]) * inv + s * eps[i];
    } else {
      for (let i = 0; i < n; i++) next[i] = (z[i] - c * g[i]) * inv;
    }
    z = next;
    rec.record(z);
    times.push(t - 1);
    opts.onStep?.(t - 1);
  }
  return rec.finish(z, times);
}

/** σ_t² = β_t(1−α_{t−1})/(1−α_t) for t = 1..T (DDPM's "posterior" choice; 0 at t = 1) as σ_t values. */
export function posteriorSigmas(beta: Beta, T: number): Float64Array {
  const fn = "posteriorSigmas(beta, T)";
  checkInt(T, "T", fn, 1);
  const a = alphaBars(beta, T);
  const out = new Float64Array(T);
  for (let t = 1; t <= T; t++) out[t - 1] = Math.sqrt((betaAt(beta, t) * (1 - a[t - 1])) / (1 - a[t]));
  return out;
}
