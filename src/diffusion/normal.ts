/**
 * The normal distribution: pdf, cdf and erf, accurate to ~1e-14 (series and continued fraction,
 * no table look-ups). Used for the mixture's pdf/cdf, the fit measures and the tests.
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** Density of N(mean, std²) at x. */
export function normalPdf(x: number, mean = 0, std = 1): number {
  const z = (x - mean) / std;
  return Math.exp(-0.5 * z * z) / (SQRT_2PI * std);
}

/**
 * erf(x). For |x| < 3: the series erf(x) = 2/√π·e^{−x²}·Σ 2ⁿx^{2n+1}/(1·3·…·(2n+1)) (positive terms, no
 * cancellation); otherwise 1 − erfc(x) with erfc from its continued fraction.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 3) return Math.sign(x) * (1 - erfcLarge(ax));
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x ≥ 3 by the continued fraction erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
function erfcLarge(x: number): number {
  if (x > 27) return 0;
  // Evaluate the continued fraction bottom-up with a fixed depth (converges fast for x ≥ 3).
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Cumulative distribution of N(mean, std²) at x. */
export function normalCdf(x: number, mean = 0, std = 1): number {
  const z = (x - mean) / (std * Math.SQRT2);
  if (z < -3) return 0.5 * erfcLarge(-z);
  if (z > 3) return 1 - 0.5 * erfcLarge(z);
  return 0.5 * (1 + erf(z));
}
