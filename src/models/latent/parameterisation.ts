/**
 * What a denoiser's network outputs, and how ε and x̂₀ follow from it. With
 *   z_t = α_t z₀ + σ_t ε,   α_t = √ᾱ_t,  σ_t = √(1−ᾱ_t),
 * an ε-network outputs ε directly. A v-network (Salimans & Ho 2022, §4 and appendix D) outputs
 *   v = α_t ε − σ_t z₀,
 * from which, because α_t² + σ_t² = 1,
 *   ε  = σ_t z_t + α_t v,
 *   x̂₀ = α_t z_t − σ_t v.
 * v stays informative at every noise level: near t = T, where ε ≈ z_t tells nothing about z₀, the
 * v-network has to predict −z₀ itself, so the class and shape are learned at high noise too.
 */
import { tf } from "../../backend";
import type { Tensor4D } from "@tensorflow/tfjs";

/** "epsilon": the network predicts the noise; "v": it predicts v = √ᾱ ε − √(1−ᾱ) z₀. */
export type DenoiserPrediction = "epsilon" | "v";

function scales(t: number | ArrayLike<number>, n: number, alphasCumprod: Float64Array, fn: string): { a: Tensor4D; s: Tensor4D } {
  if (!(alphasCumprod instanceof Float64Array) || alphasCumprod.length < 2) throw new Error(`${fn}: alphasCumprod must be a scheduler's Float64Array of ᾱ_t.`);
  const ts = typeof t === "number" ? new Array<number>(n).fill(t) : Array.from(t);
  if (ts.length !== n) throw new Error(`${fn}: ${ts.length} time steps for ${n} samples.`);
  const a = new Float32Array(n);
  const s = new Float32Array(n);
  ts.forEach((k, i) => {
    if (!Number.isInteger(k) || k < 0 || k >= alphasCumprod.length) throw new Error(`${fn}: time step ${k} is outside 0..${alphasCumprod.length - 1}.`);
    a[i] = Math.sqrt(alphasCumprod[k]);
    s[i] = Math.sqrt(1 - alphasCumprod[k]);
  });
  return { a: tf.tensor4d(a, [n, 1, 1, 1]), s: tf.tensor4d(s, [n, 1, 1, 1]) };
}

function checkPair(x: Tensor4D, y: Tensor4D, fn: string, names: string): void {
  if (!(x instanceof tf.Tensor) || !(y instanceof tf.Tensor) || x.rank !== 4 || x.shape.join() !== y.shape.join()) {
    throw new Error(`${fn}: ${names} must be rank-4 tensors of the same shape.`);
  }
}

/** v = √ᾱ_t ε − √(1−ᾱ_t) z₀, the v-network's training target (a new tensor). */
export function velocityTarget(z0: Tensor4D, eps: Tensor4D, t: number | ArrayLike<number>, alphasCumprod: Float64Array): Tensor4D {
  checkPair(z0, eps, "velocityTarget", "z0 and eps");
  return tf.tidy(() => {
    const { a, s } = scales(t, z0.shape[0], alphasCumprod, "velocityTarget");
    return tf.sub(tf.mul(a, eps), tf.mul(s, z0)) as Tensor4D;
  });
}

/** ε = √(1−ᾱ_t) z_t + √ᾱ_t v (a new tensor). */
export function noiseFromVelocity(zt: Tensor4D, v: Tensor4D, t: number | ArrayLike<number>, alphasCumprod: Float64Array): Tensor4D {
  checkPair(zt, v, "noiseFromVelocity", "zt and v");
  return tf.tidy(() => {
    const { a, s } = scales(t, zt.shape[0], alphasCumprod, "noiseFromVelocity");
    return tf.add(tf.mul(s, zt), tf.mul(a, v)) as Tensor4D;
  });
}

/** x̂₀ = √ᾱ_t z_t − √(1−ᾱ_t) v (a new tensor). */
export function originalFromVelocity(zt: Tensor4D, v: Tensor4D, t: number | ArrayLike<number>, alphasCumprod: Float64Array): Tensor4D {
  checkPair(zt, v, "originalFromVelocity", "zt and v");
  return tf.tidy(() => {
    const { a, s } = scales(t, zt.shape[0], alphasCumprod, "originalFromVelocity");
    return tf.sub(tf.mul(a, zt), tf.mul(s, v)) as Tensor4D;
  });
}

/**
 * Per-sample loss weights of "min-SNR-γ" (Hang et al. 2023, eq. 8, written for each target):
 * the x₀-loss weight min(SNR_t, γ), i.e. min(SNR, γ)/SNR on the ε-loss and min(SNR, γ)/(SNR + 1) on the v-loss,
 * with SNR_t = ᾱ_t/(1−ᾱ_t). It stops the many low-noise steps from dominating training.
 */
export function minSnrWeights(ts: ArrayLike<number>, alphasCumprod: Float64Array, gamma: number, prediction: DenoiserPrediction): Float32Array {
  if (!(gamma > 0) || !Number.isFinite(gamma)) throw new Error(`minSnrWeights: gamma must be a positive number, got ${gamma}.`);
  const out = new Float32Array(ts.length);
  for (let i = 0; i < ts.length; i++) {
    const ab = alphasCumprod[ts[i]];
    const snr = ab / (1 - ab);
    out[i] = Math.min(snr, gamma) / (prediction === "v" ? snr + 1 : snr);
  }
  return out;
}
