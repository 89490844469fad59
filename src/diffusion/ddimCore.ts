/**
 * The DDIM update (Song, Meng & Ermon 2020, arXiv 2010.02502), written once for every DDIM sampler of the project:
 * the 1-D `ddimStep` / `sampleDdim`, the ε-network's `sampleEps1d` and `DDIMScheduler.step` (src/schedulers).
 *   eq. 12:  z_{t'} = √α_{t'}·x̂₀ + √(1 − α_{t'} − σ²)·ε̂ + σ·ε,   x̂₀ = (z_t − √(1 − α_t)·ε̂)/√α_t
 *   eq. 16:  σ(η) = η·√((1 − α_{t'})/(1 − α_t))·√(1 − α_t/α_{t'})
 * α is the book's α (the lecture's ᾱ, diffusers' alphas_cumprod), t' < t the next time visited.
 */
import type { FloatArray } from "../random";

/**
 * Where the last jump lands unless told otherwise (`setAlphaToOne`). The 1-D samplers (sampleDdim, ddimTimes,
 * sampleEps1d): false, on the first training step (the book's α₁) with its noise, as the book's code and Stable
 * Diffusion's scheduler config do; true lands it on α = 1, where the step returns x̂₀ = E[x | z_t] and collapses
 * structure narrower than the noise left (notebook 18.4). `DDIMScheduler` keeps diffusers' default, true, because it
 * reads diffusers-style configs (and the shipped latent models' saved configs) the way diffusers does.
 */
export const DDIM_SET_ALPHA_TO_ONE = false;
/** diffusers' `set_alpha_to_one` default, used by `DDIMScheduler` (see DDIM_SET_ALPHA_TO_ONE). */
export const DIFFUSERS_SET_ALPHA_TO_ONE = true;

/** σ of DDIM eq. 16 for η between α_t and α_{t'} (no checks; 0 when α_t = 1). */
export function ddimEtaSigma(alphaT: number, alphaPrev: number, eta: number): number {
  if (alphaT === 1) return 0;
  return eta * Math.sqrt((1 - alphaPrev) / (1 - alphaT)) * Math.sqrt(Math.max(0, 1 - alphaT / alphaPrev));
}

/** σ of one jump: a fixed σ lowered to √(1 − α_{t'}) where it would not fit, or σ(η) of eq. 16 (η = 0 when neither). */
export function ddimJumpSigma(noise: { sigma?: number; eta?: number }, alphaT: number, alphaPrev: number): number {
  return noise.sigma !== undefined ? Math.min(noise.sigma, Math.sqrt(1 - alphaPrev)) : ddimEtaSigma(alphaT, alphaPrev, noise.eta ?? 0);
}

/**
 * Writes eq. 12 into `out`: out[i] = √α_{t'}·x̂₀[i] + √(max(0, 1 − α_{t'} − σ²))·ε̂[i] + σ·noise[i]. `predX0` is x̂₀,
 * or null to take x̂₀ = (z − √(1 − α_t)·ε̂)/√α_t from `sample` (the ε-prediction models of the 1-D lessons). `noise`
 * is read only when σ > 0. No checks: the callers validate their inputs. Returns `out`.
 */
export function ddimUpdate<A extends FloatArray>(
  out: A,
  sample: ArrayLike<number>,
  predEps: ArrayLike<number>,
  predX0: ArrayLike<number> | null,
  alphaT: number,
  alphaPrev: number,
  sigma: number,
  noise?: ArrayLike<number>,
): A {
  const n = out.length;
  const sqrtPrev = Math.sqrt(alphaPrev);
  const dir = Math.sqrt(Math.max(0, 1 - alphaPrev - sigma * sigma)); // "direction pointing to x_t"
  if (predX0) {
    for (let i = 0; i < n; i++) out[i] = sqrtPrev * predX0[i] + dir * predEps[i];
  } else {
    const sqrtT = Math.sqrt(alphaT);
    const sqrtNoiseT = Math.sqrt(1 - alphaT);
    for (let i = 0; i < n; i++) out[i] = (sqrtPrev * (sample[i] - sqrtNoiseT * predEps[i])) / sqrtT + dir * predEps[i];
  }
  if (sigma > 0) {
    if (!noise) throw new Error(`ddimUpdate: σ = ${sigma} > 0 needs ${n} standard-normal values.`);
    for (let i = 0; i < n; i++) out[i] += sigma * noise[i];
  }
  return out;
}
