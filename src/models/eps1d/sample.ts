/**
 * Sampling from the 1-D ε-network without blocking the notebook: the same updates as sampleEps (book algorithm
 * 18.2) and sampleDdim (DDIM eq. 12) in src/diffusion, one network call per step, yielding to the host after each
 * step so an interrupt stops it. With the same Rng it returns exactly what the synchronous samplers return for
 * `model.predictor()`.
 */
import type { Rng } from "../../random";
import {
  betaAt, ddimStep, ddimTimes, epsReverseStep, type DdimTimesOptions, type NumericArray, type SampleOptions, type SampleResult,
} from "../../diffusion";
import { ddimJumpSigma } from "../../diffusion/ddimCore";
import { yieldToHost } from "../../notebook";
import type { Eps1dModel } from "./model";

/** Options of `sampleEps1d`. */
export interface Eps1dSampleOptions extends SampleOptions {
  /** "ancestral" (algorithm 18.2, default) or "ddim" (eq. 12). */
  sampler?: "ancestral" | "ddim";
  /** σ: ancestral default √β_t (the book's 0.12288 ≈ √0.01511); DDIM: a fixed σ (lowered at the last step). */
  sigma?: number | NumericArray;
  /** DDIM η (eq. 16), instead of sigma. Default for DDIM: η = 0. */
  eta?: number;
  /** DDIM: number of steps. */
  steps?: number;
  /** DDIM: stride between visited steps. */
  stride?: number;
  /** DDIM: "linear" (default) or "quadratic" time spacing (see `ddimTimes`). */
  spacing?: DdimTimesOptions["spacing"];
  /** DDIM: false (default) lands the last jump on α₁ with its noise; true on α₀ = 1 (see `ddimTimes`). */
  setAlphaToOne?: boolean;
}

function keepRows(keep: boolean | number | undefined, n: number): number {
  if (keep === undefined || keep === false) return 0;
  if (keep === true) return n;
  if (!Number.isInteger(keep) || keep < 0) throw new Error(`sampleEps1d: keepTrajectories must be true, false or a count ≥ 0; got ${keep}.`);
  return Math.min(keep, n);
}

/** Draws n samples from the trained network (async; see the file header). */
export async function sampleEps1d(model: Eps1dModel, n: number, rng: Rng, opts: Eps1dSampleOptions = {}): Promise<SampleResult> {
  const fn = "sampleEps1d(model, n, rng, opts)";
  if (!model || typeof (model as Partial<Eps1dModel>).predict !== "function") throw new Error(`${fn}: model must come from createEps1dModel(...).`);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${fn}: n must be an integer ≥ 1; got ${n}.`);
  if (!rng || typeof rng.fillNormal !== "function") throw new Error(`${fn}: rng must be an Rng from createRng(seed).`);
  const sampler = opts.sampler ?? "ancestral";
  if (sampler !== "ancestral" && sampler !== "ddim") throw new Error(`${fn}: sampler must be "ancestral" or "ddim"; got ${String(sampler)}.`);
  const T = model.T;
  const keep = keepRows(opts.keepTrajectories, n);
  const rowsDesc: Float64Array[] = [];
  const times =
    sampler === "ddim" ? ddimTimes(T, { steps: opts.steps, stride: opts.stride, spacing: opts.spacing, setAlphaToOne: opts.setAlphaToOne }) : Int32Array.from({ length: T + 1 }, (_, i) => i);
  if (sampler === "ddim" && opts.sigma !== undefined && opts.eta !== undefined) throw new Error(`${fn}: give sigma or eta, not both.`);
  if (sampler === "ddim" && opts.sigma !== undefined && typeof opts.sigma !== "number") throw new Error(`${fn}: DDIM takes one number for sigma.`);
  let z = rng.normals(n);
  if (keep) rowsDesc.push(z.slice(0, keep));
  for (let k = times.length - 1; k >= 1; k--) {
    const t = times[k];
    const tPrev = times[k - 1];
    const g = model.predict(z, t);
    if (sampler === "ancestral") {
      const s = opts.sigma === undefined ? Math.sqrt(betaAt(model.beta, t)) : typeof opts.sigma === "number" ? opts.sigma : opts.sigma[t - 1];
      z = epsReverseStep(z, g, t, model.beta, t > 1 ? s : 0, rng);
    } else {
      const aT = model.alphas[t];
      const aPrev = model.alphas[tPrev];
      z = ddimStep(z, g, aT, aPrev, ddimJumpSigma({ sigma: opts.sigma as number | undefined, eta: opts.eta }, aT, aPrev), rng);
    }
    if (keep) rowsDesc.push(z.slice(0, keep));
    opts.onStep?.(tPrev);
    await yieldToHost();
  }
  const result: SampleResult = { samples: z, times };
  if (keep) result.rows = rowsDesc.reverse();
  return result;
}
