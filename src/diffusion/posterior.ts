/**
 * The conditional q(z_{t−1} | z_t, x) (book eq. 18.15; DDPM eq. 7 with book α = DDPM ᾱ):
 *   mean = (1−α_{t−1})/(1−α_t)·√(1−β_t)·z_t + √α_{t−1}·β_t/(1−α_t)·x,
 *   var  = β_t·(1−α_{t−1})/(1−α_t).
 * At t = 1 the mean is x and the variance is 0.
 */
import { alphaBar, betaAt, type Beta } from "./schedule";
import { checkArray, checkFinite, checkInt, type NumericArray } from "./validate";
import type { GaussianParams } from "./forward";

/**
 * Mean and std of q(z_{t−1} | z_t, x), book eq. 18.15, for t ≥ 1. `x` and `zT` are both numbers or both arrays of
 * the same length (the mean is then an array; the std does not depend on them).
 */
export function conditionalDiffusionDistribution(x: number, zT: number, t: number, beta: Beta): GaussianParams<number>;
export function conditionalDiffusionDistribution(x: NumericArray, zT: NumericArray, t: number, beta: Beta): GaussianParams<Float64Array>;
export function conditionalDiffusionDistribution(
  x: number | NumericArray,
  zT: number | NumericArray,
  t: number,
  beta: Beta,
): GaussianParams<number | Float64Array> {
  const fn = "conditionalDiffusionDistribution(x, zT, t, beta)";
  checkInt(t, "t", fn, 1);
  const alphaT = alphaBar(beta, t);
  const alphaPrev = alphaBar(beta, t - 1);
  const bt = betaAt(beta, t);
  const cZ = ((1 - alphaPrev) / (1 - alphaT)) * Math.sqrt(1 - bt);
  const cX = (Math.sqrt(alphaPrev) * bt) / (1 - alphaT);
  const std = Math.sqrt((bt * (1 - alphaPrev)) / (1 - alphaT));
  if (typeof x === "number" && typeof zT === "number") {
    checkFinite(x, "x", fn);
    checkFinite(zT, "zT", fn);
    return { mean: cZ * zT + cX * x, std };
  }
  if (typeof x === "number" || typeof zT === "number") {
    throw new Error(`${fn}: x and zT must both be numbers or both be arrays of the same length.`);
  }
  checkArray(x, "x", fn);
  checkArray(zT, "zT", fn, { length: x.length });
  const mean = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) mean[i] = cZ * zT[i] + cX * x[i];
  return { mean, std };
}
