/**
 * DDIM sampling (Song, Meng & Ermon 2020, arXiv 2010.02502, eq. 12; UDL §18.6.2 and notebook 18.4):
 *   z_{t'} = √α_{t'}·(z_t − √(1−α_t)·g)/√α_t  +  √(1 − α_{t'} − σ²)·g  +  σ·ε,
 * with t' < t the previous time in the (possibly strided) sequence and g = g_t[z_t] the predicted noise.
 * σ is either given (the book: 0.001, or 0.11 for 20 steps) or set by η (DDIM eq. 16):
 *   σ_t(η) = η·√((1−α_{t'})/(1−α_t))·√(1 − α_t/α_{t'})   (η = 1: DDPM-like, η = 0: deterministic DDIM).
 * Symbols: α = the book's α (the lecture's ᾱ), t' = tPrev.
 */
import type { Rng } from "../random";
import { DDIM_SET_ALPHA_TO_ONE, ddimEtaSigma, ddimJumpSigma, ddimUpdate } from "./ddimCore";
import { noiseArray, type NoiseSource } from "./noise";
import { checkPredictor, predictAt, type StepPredictor } from "./predictor";
import { alphaBars, checkBeta, type Beta } from "./schedule";
import { TrajectoryRecorder, type SampleOptions, type SampleResult } from "./trajectories";
import { checkArray, checkFinite, checkInt, checkRng, type NumericArray } from "./validate";

function checkAlpha(a: unknown, name: string, fn: string): asserts a is number {
  checkFinite(a, name, fn);
  if (!(a > 0 && a <= 1)) throw new Error(`${fn}: ${name} must satisfy 0 < α ≤ 1; got ${a}.`);
}

/**
 * One DDIM step (eq. 12). `alphaT`, `alphaPrev` are the book's α_t and α_{t'} (α_{t'} ≥ α_t); σ² ≤ 1 − α_{t'}.
 * `noise` (Rng or ε values) is used only when σ > 0. Returns a new Float64Array.
 */
export function ddimStep(zT: NumericArray, g: NumericArray, alphaT: number, alphaPrev: number, sigma: number, noise?: NoiseSource): Float64Array {
  const fn = "ddimStep(zT, g, alphaT, alphaPrev, sigma, noise)";
  checkArray(zT, "zT", fn);
  checkArray(g, "g", fn, { length: zT.length });
  checkAlpha(alphaT, "alphaT", fn);
  checkAlpha(alphaPrev, "alphaPrev", fn);
  checkFinite(sigma, "sigma", fn);
  if (sigma < 0) throw new Error(`${fn}: sigma must be ≥ 0; got ${sigma}.`);
  if (sigma * sigma > 1 - alphaPrev + 1e-12) {
    throw new Error(`${fn}: sigma² = ${sigma * sigma} exceeds 1 − alphaPrev = ${1 - alphaPrev}; use sigma ≤ ${Math.sqrt(1 - alphaPrev)}.`);
  }
  if (alphaT === 1) throw new Error(`${fn}: alphaT must be < 1 (t ≥ 1): at α_t = 1 there is no noise to remove.`);
  if (sigma > 0 && noise === undefined) throw new Error(`${fn}: sigma > 0 needs noise (an Rng or ${zT.length} standard-normal values).`);
  const eps = sigma > 0 && noise !== undefined ? noiseArray(noise, zT.length, fn) : undefined;
  return ddimUpdate(new Float64Array(zT.length), zT, g, null, alphaT, alphaPrev, sigma, eps);
}

/** σ_t(η) of DDIM eq. 16 between book α_t and α_{t'} (t' < t). */
export function ddimSigma(alphaT: number, alphaPrev: number, eta: number): number {
  const fn = "ddimSigma(alphaT, alphaPrev, eta)";
  checkAlpha(alphaT, "alphaT", fn);
  checkAlpha(alphaPrev, "alphaPrev", fn);
  checkFinite(eta, "eta", fn);
  if (eta < 0) throw new Error(`${fn}: eta must be ≥ 0; got ${eta}.`);
  return ddimEtaSigma(alphaT, alphaPrev, eta);
}

/** Which time steps DDIM visits: every `stride`-th step, or `steps` steps spread over T; and where the last jump lands. */
export interface DdimTimesOptions {
  /** Number of sampling steps (1..T); times are round(T·k/steps), k = 0..steps (the book's accelerated sampler). */
  steps?: number;
  /** Visit T, T − stride, …, down to the end (T must be a multiple of stride). */
  stride?: number;
  /**
   * "linear" (default): evenly spaced times. "quadratic": t_k = end + k + round((T − end − steps)·(k/steps)²), small
   * steps near t = 0 where the data's fine structure forms, large ones near T (the DDIM paper's quadratic
   * sequence, its Appendix D.2). Needs `steps`.
   */
  spacing?: "linear" | "quadratic";
  /**
   * Where the last jump lands, as diffusers' `set_alpha_to_one`. false (default): on t = 1 (α₁ < 1), so the last jump
   * keeps its σ-noise like every other, and the sample is z₁ (the book's code does this through α_t = (1−β)^(t+1);
   * Stable Diffusion's scheduler config sets it too). true: on t = 0, where α₀ = 1 forces σ = 0, so the last jump
   * returns the model's guess x̂ = E[x | z_t], the average of every x that could have made z_t: it collapses any
   * structure narrower than the noise left at t (notebook 18.4).
   */
  setAlphaToOne?: boolean;
}

/**
 * The visited times in ascending order, from the end (0, or 1 when `setAlphaToOne` is false) to T: e.g.
 * [0, 5, …, 100] for { stride: 5, setAlphaToOne: true } and [1, 5, …, 100] for { stride: 5 }.
 */
export function ddimTimes(T: number, opts: DdimTimesOptions = {}): Int32Array {
  const fn = "ddimTimes(T, { steps | stride, spacing, setAlphaToOne })";
  checkInt(T, "T", fn, 1);
  if (opts.steps !== undefined && opts.stride !== undefined) throw new Error(`${fn}: give steps or stride, not both.`);
  if (opts.setAlphaToOne !== undefined && typeof opts.setAlphaToOne !== "boolean") throw new Error(`${fn}: setAlphaToOne must be true or false; got ${String(opts.setAlphaToOne)}.`);
  const spacing = opts.spacing ?? "linear";
  if (spacing !== "linear" && spacing !== "quadratic") throw new Error(`${fn}: spacing must be "linear" or "quadratic"; got ${String(spacing)}.`);
  const end = (opts.setAlphaToOne ?? DDIM_SET_ALPHA_TO_ONE) ? 0 : 1;
  let times: number[];
  if (opts.stride !== undefined) {
    if (spacing !== "linear") throw new Error(`${fn}: a stride is linear spacing; for quadratic spacing give steps instead.`);
    checkInt(opts.stride, "stride", fn, 1, T);
    if (T % opts.stride !== 0) throw new Error(`${fn}: T = ${T} is not a multiple of stride = ${opts.stride}; pick a divisor of T or use steps.`);
    times = Array.from({ length: T / opts.stride + 1 }, (_, i) => i * opts.stride!);
  } else {
    const steps = opts.steps ?? T;
    checkInt(steps, "steps", fn, 1, T);
    if (spacing === "quadratic") {
      if (steps > T - end) throw new Error(`${fn}: quadratic spacing of ${steps} steps needs steps ≤ ${T - end}.`);
      return Int32Array.from({ length: steps + 1 }, (_, k) => end + k + Math.round((T - end - steps) * (k / steps) ** 2));
    }
    times = Array.from({ length: steps + 1 }, (_, i) => Math.round((T * i) / steps));
  }
  // Landing on t = 1 instead of 0: when 1 is already visited, the jump 1 → 0 is simply not taken.
  if (end === 1) times = times[1] === 1 ? times.slice(1) : [1, ...times.slice(1)];
  return Int32Array.from(times);
}

/** Options for `sampleDdim`: the time steps (steps | stride) and the noise level (sigma | eta). */
export interface DdimOptions extends DdimTimesOptions, SampleOptions {
  /**
   * A fixed σ for every step (the book: 0.001, or 0.11 for 20 steps). Where σ² would exceed 1 − α_{t'} it is
   * lowered to √(1 − α_{t'}): on the last jump only, to 0.1229 at α₁ and to 0 at α₀ = 1 (`setAlphaToOne`).
   */
  sigma?: number;
  /** DDIM's η (eq. 16); η = 0 deterministic. Default: η = 0 when neither sigma nor eta is given. */
  eta?: number;
}

/**
 * DDIM sampling (eq. 12) from z_T ~ N(0, 1) with ε models (per-step models[t − 1] or a function (z, t)), visiting the
 * times of `ddimTimes(T, opts)`; by default the last jump lands on α₁ with its noise (see `setAlphaToOne`). Reuses the models trained for ancestral sampling: any process with the same
 * diffusion kernel q(z_t|x) shares them (UDL §18.6.2).
 */
export function sampleDdim(models: StepPredictor, T: number, beta: Beta, opts: DdimOptions, n: number, rng: Rng): SampleResult {
  const fn = "sampleDdim(models, T, beta, opts, n, rng)";
  checkInt(T, "T", fn, 1);
  checkPredictor(models, T, fn);
  checkBeta(beta, fn, T);
  if (opts === null || typeof opts !== "object") throw new Error(`${fn}: opts must be an object such as { sigma: 0.001 } or { steps: 20, eta: 0 }.`);
  if (opts.sigma !== undefined && opts.eta !== undefined) throw new Error(`${fn}: give sigma or eta, not both.`);
  if (opts.sigma !== undefined && (!Number.isFinite(opts.sigma) || opts.sigma < 0)) throw new Error(`${fn}: sigma must be a finite number ≥ 0; got ${opts.sigma}.`);
  if (opts.eta !== undefined && (!Number.isFinite(opts.eta) || opts.eta < 0)) throw new Error(`${fn}: eta must be a finite number ≥ 0; got ${opts.eta}.`);
  checkInt(n, "n", fn, 1);
  checkRng(rng, fn);
  const times = ddimTimes(T, opts);
  const alphas = alphaBars(beta, T);
  const rec = new TrajectoryRecorder(opts.keepTrajectories, n, fn);
  let z = rng.normals(n);
  rec.record(z);
  const pred = new Float64Array(n);
  const eps = new Float64Array(n);
  const visited = [T];
  for (let k = times.length - 1; k >= 1; k--) {
    const t = times[k];
    const tPrev = times[k - 1];
    const sigma = ddimJumpSigma(opts, alphas[t], alphas[tPrev]);
    const g = predictAt(models, z, t, pred, fn);
    if (sigma > 0) rng.fillNormal(eps);
    z = ddimUpdate(new Float64Array(n), z, g, null, alphas[t], alphas[tPrev], sigma, eps); // eq. 12
    rec.record(z);
    visited.push(tPrev);
    opts.onStep?.(tPrev);
  }
  return rec.finish(z, visited);
}
