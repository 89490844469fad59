/**
 * Noise schedules β_1..β_T and their cumulative products.
 *
 * Notation (book = UDL ch. 18, lecture = latent-diffusion lecture): t runs 1..T, and
 *   α_t (book) = ᾱ_t (lecture) = Π_{s=1..t} (1 − β_s),  α_0 = 1.
 * A schedule is either one number (the book's constant β = 0.01511) or an array whose element t−1 is β_t.
 */
import { checkArray, checkFinite, checkInt, describe, type NumericArray } from "./validate";

/** A constant β (book) or β_1..β_T as an array (index t−1 holds β_t). */
export type Beta = number | NumericArray;

/** The schedules `betaSchedule` knows. */
export type BetaScheduleKind = "constant" | "linear" | "scaled_linear" | "cosine";

/** Options for `betaSchedule`. */
export interface BetaScheduleOptions {
  /** β for "constant" (default 0.01511, the book's value for T = 100). */
  beta?: number;
  /** First β for "linear"/"scaled_linear". Default: DDPM's 1e-4 (linear) or Stable Diffusion's 8.5e-4 (scaled_linear), times 1000/T. */
  betaStart?: number;
  /** Last β for "linear"/"scaled_linear". Default: DDPM's 0.02 (linear) or 0.012 (scaled_linear), times 1000/T. */
  betaEnd?: number;
  /** Offset s of the cosine schedule (improved DDPM, eq. 17); default 0.008. */
  cosineOffset?: number;
  /** Largest β the cosine schedule may produce (improved DDPM clips at 0.999). */
  maxBeta?: number;
}

/**
 * β_1..β_T for a named schedule, as a Float64Array of length T (index t−1 holds β_t).
 * - "constant": every β_t = opts.beta (book: 0.01511).
 * - "linear": evenly spaced from betaStart to betaEnd (DDPM, Ho et al. 2020, §4). Without explicit values the
 *   DDPM endpoints (1e-4, 0.02 for T = 1000) are scaled by 1000/T, as improved DDPM does, so any T ends near noise.
 * - "scaled_linear": evenly spaced in √β, then squared (latent/Stable Diffusion); defaults 8.5e-4, 0.012, scaled by 1000/T.
 * - "cosine": ᾱ(t) = f(t)/f(0), f(t) = cos²(((t/T + s)/(1 + s))·π/2); β_t = min(1 − ᾱ(t)/ᾱ(t−1), maxBeta)
 *   (improved DDPM, Nichol & Dhariwal 2021, eq. 17).
 */
export function betaSchedule(kind: BetaScheduleKind, T: number, opts: BetaScheduleOptions = {}): Float64Array {
  const fn = "betaSchedule(kind, T, opts)";
  checkInt(T, "T", fn, 1);
  const out = new Float64Array(T);
  switch (kind) {
    case "constant": {
      const beta = opts.beta ?? 0.01511;
      checkBetaValue(beta, "opts.beta", fn);
      out.fill(beta);
      break;
    }
    case "linear":
    case "scaled_linear": {
      const scale = 1000 / T;
      const start = opts.betaStart ?? (kind === "linear" ? 1e-4 : 8.5e-4) * scale;
      const end = opts.betaEnd ?? (kind === "linear" ? 0.02 : 0.012) * scale;
      checkBetaValue(start, "opts.betaStart", fn);
      checkBetaValue(end, "opts.betaEnd", fn);
      for (let i = 0; i < T; i++) {
        const frac = T === 1 ? 0 : i / (T - 1);
        out[i] = kind === "linear"
          ? start + frac * (end - start)
          : (Math.sqrt(start) + frac * (Math.sqrt(end) - Math.sqrt(start))) ** 2;
      }
      break;
    }
    case "cosine": {
      const s = opts.cosineOffset ?? 0.008;
      const maxBeta = opts.maxBeta ?? 0.999;
      checkFinite(s, "opts.cosineOffset", fn);
      checkBetaValue(maxBeta, "opts.maxBeta", fn);
      const f = (t: number) => Math.cos(((t / T + s) / (1 + s)) * (Math.PI / 2)) ** 2;
      for (let t = 1; t <= T; t++) out[t - 1] = Math.min(1 - f(t) / f(t - 1), maxBeta);
      break;
    }
    default:
      throw new Error(`${fn}: unknown kind ${describe(kind)}; use "constant", "linear", "scaled_linear" or "cosine".`);
  }
  return out;
}

function checkBetaValue(b: unknown, name: string, fn: string): void {
  if (typeof b !== "number" || !(b > 0 && b < 1)) {
    throw new Error(`${fn}: ${name} must be a number with 0 < β < 1; got ${describe(b)}.`);
  }
}

/**
 * Checks a schedule: a number with 0 < β < 1, or an array of such numbers with at least `tMax` entries.
 * Returns the number of steps the schedule covers (Infinity for a constant β).
 */
export function checkBeta(beta: unknown, fn: string, tMax = 0): number {
  if (typeof beta === "number") {
    checkBetaValue(beta, "beta", fn);
    return Infinity;
  }
  checkArray(beta, "beta", fn, { nonEmpty: true });
  for (let i = 0; i < beta.length; i++) {
    if (!(beta[i] > 0 && beta[i] < 1)) {
      throw new Error(`${fn}: beta[${i}] (β_${i + 1}) must satisfy 0 < β < 1; got ${beta[i]}.`);
    }
  }
  if (beta.length < tMax) {
    throw new Error(`${fn}: the schedule has ${beta.length} steps but step t = ${tMax} was asked for; pass a longer beta array.`);
  }
  return beta.length;
}

/** β_t (t in 1..T) of a constant or per-step schedule (no checks: internal). */
export function betaAt(beta: Beta, t: number): number {
  return typeof beta === "number" ? beta : beta[t - 1];
}

/** Book α_t = lecture ᾱ_t = Π_{s=1..t}(1 − β_s), with α_0 = 1. `t` is an integer ≥ 0. */
export function alphaBar(beta: Beta, t: number): number {
  const fn = "alphaBar(beta, t)";
  checkInt(t, "t", fn, 0);
  checkBeta(beta, fn, t);
  if (typeof beta === "number") return Math.pow(1 - beta, t);
  let a = 1;
  for (let s = 0; s < t; s++) a *= 1 - beta[s];
  return a;
}

/** α_0..α_T (book notation; lecture ᾱ) as a Float64Array of length T + 1, with α_0 = 1. */
export function alphaBars(beta: Beta, T: number): Float64Array {
  const fn = "alphaBars(beta, T)";
  checkInt(T, "T", fn, 0);
  checkBeta(beta, fn, T);
  const out = new Float64Array(T + 1);
  out[0] = 1;
  for (let t = 1; t <= T; t++) {
    out[t] = typeof beta === "number" ? Math.pow(1 - beta, t) : out[t - 1] * (1 - beta[t - 1]);
  }
  return out;
}
