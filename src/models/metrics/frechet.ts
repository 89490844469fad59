/**
 * Fréchet distance between two sets of feature vectors, each summarised as a Gaussian
 * (Heusel et al. 2017, the formula behind FID):
 *   FD = ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁^{½} Σ₂ Σ₁^{½})^{½}).
 * tr((Σ₁Σ₂)^{½}) is computed as tr((Σ₁^{½} Σ₂ Σ₁^{½})^{½}), which is symmetric PSD.
 * Here the features come from this repo's small MNIST classifier, NOT Inception-v3: values are
 * comparable with each other, never with published FID numbers.
 */
import { matMul, sqrtPsd } from "./linalg";

/** Mean and covariance (divisor n − 1) of n feature rows of dimension d. */
export function featureMoments(features: Float32Array | Float64Array, n: number, d: number): { mean: Float64Array; cov: Float64Array } {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 2 || d < 1 || features.length !== n * d) {
    throw new Error(`featureMoments: expected n ≥ 2 rows of d values (n·d = ${n * d}), got ${features.length} values for n=${n}, d=${d}.`);
  }
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += features[i * d + j] / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const dj = features[i * d + j] - mean[j];
      if (dj === 0) continue;
      for (let k = 0; k < d; k++) cov[j * d + k] += (dj * (features[i * d + k] - mean[k])) / (n - 1);
    }
  }
  return { mean, cov };
}

/** Fréchet distance between feature sets a [na, d] and b [nb, d]. */
export function frechetDistance(a: Float32Array | Float64Array, na: number, b: Float32Array | Float64Array, nb: number, d: number): number {
  for (const [x, name] of [[a, "a"], [b, "b"]] as const) {
    for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) throw new Error(`frechetDistance: features ${name} contain ${x[i]} at ${i}.`);
  }
  const A = featureMoments(a, na, d);
  const B = featureMoments(b, nb, d);
  let meanTerm = 0;
  for (let j = 0; j < d; j++) meanTerm += (A.mean[j] - B.mean[j]) ** 2;
  const s1 = sqrtPsd(A.cov, d);
  const cross = sqrtPsd(matMul(matMul(s1, B.cov, d), s1, d), d);
  let trace = 0;
  for (let j = 0; j < d; j++) trace += A.cov[j * d + j] + B.cov[j * d + j] - 2 * cross[j * d + j];
  return Math.max(meanTerm + trace, 0);
}
