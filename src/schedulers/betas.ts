/**
 * β and ᾱ tables for the schedulers (diffusers' `betas_for_alpha_bar` and schedule names).
 * Index k = diffusers time step k (the book's step k + 1); ᾱ_k = Π_{i≤k}(1 − β_i) (the book's α_{k+1}).
 */
import type { BaseSchedulerConfig } from "./config";

/**
 * β_k = min(1 − ᾱ((k+1)/T)/ᾱ(k/T), maxBeta) for a continuous ᾱ(·) on [0, 1]; default the cosine
 * ᾱ(τ) = cos²((τ + 0.008)/1.008 · π/2) of improved DDPM (Nichol & Dhariwal 2021, eq. 17).
 */
export function betasForAlphaBar(
  numDiffusionTimesteps: number,
  maxBeta = 0.999,
  alphaBarFn: (tau: number) => number = (tau) => Math.cos(((tau + 0.008) / 1.008) * (Math.PI / 2)) ** 2,
): Float64Array {
  if (!Number.isInteger(numDiffusionTimesteps) || numDiffusionTimesteps < 1) {
    throw new Error(`betasForAlphaBar: numDiffusionTimesteps must be an integer ≥ 1; got ${numDiffusionTimesteps}.`);
  }
  if (!(maxBeta > 0 && maxBeta < 1)) throw new Error(`betasForAlphaBar: maxBeta must be in (0, 1); got ${maxBeta}.`);
  const T = numDiffusionTimesteps;
  const out = new Float64Array(T);
  for (let i = 0; i < T; i++) out[i] = Math.min(1 - alphaBarFn((i + 1) / T) / alphaBarFn(i / T), maxBeta);
  return out;
}

/** The β_k of a scheduler config (trainedBetas, or the named schedule). */
export function schedulerBetas(c: BaseSchedulerConfig): Float64Array {
  const T = c.numTrainTimesteps;
  if (c.trainedBetas) return Float64Array.from(c.trainedBetas);
  const out = new Float64Array(T);
  const frac = (i: number) => (T === 1 ? 0 : i / (T - 1));
  switch (c.betaSchedule) {
    case "linear":
      for (let i = 0; i < T; i++) out[i] = c.betaStart + frac(i) * (c.betaEnd - c.betaStart);
      return out;
    case "scaled_linear": {
      const a = Math.sqrt(c.betaStart);
      const b = Math.sqrt(c.betaEnd);
      for (let i = 0; i < T; i++) out[i] = (a + frac(i) * (b - a)) ** 2;
      return out;
    }
    case "squaredcos_cap_v2":
      return betasForAlphaBar(T);
  }
}

/** ᾱ_k = Π_{i≤k} (1 − β_i) for k = 0..T−1. */
export function cumulativeProductOfAlphas(betas: Float64Array): Float64Array {
  const out = new Float64Array(betas.length);
  let p = 1;
  for (let i = 0; i < betas.length; i++) {
    p *= 1 - betas[i];
    out[i] = p;
  }
  return out;
}
