/**
 * Sinusoidal time embedding (Vaswani et al. 2017, §3.5; used for diffusion time steps by Ho et al.
 * 2020 and UDL fig. 12.5): for k = 0 … d/2−1, frequency f_k = 10000^(−k/(d/2)), and
 *   emb(t) = [sin(t·f_0) … sin(t·f_{d/2−1}), cos(t·f_0) … cos(t·f_{d/2−1})].
 * Nearby steps get similar vectors; the network's dense layers turn it into per-stage offsets.
 */
import { tf } from "../backend";
import type { Tensor2D } from "@tensorflow/tfjs";

/** Embeds integer or real time steps into a [n, dim] tensor (dim even, ≥ 2). */
export function sinusoidalTimeEmbedding(timesteps: ArrayLike<number>, dim: number): Tensor2D {
  if (!Number.isInteger(dim) || dim < 2 || dim % 2 !== 0) throw new Error(`sinusoidalTimeEmbedding: dim must be an even integer ≥ 2, got ${dim}.`);
  if (!timesteps || typeof timesteps.length !== "number" || timesteps.length < 1) {
    throw new Error("sinusoidalTimeEmbedding: timesteps must be a non-empty array of numbers.");
  }
  const n = timesteps.length;
  const half = dim / 2;
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const t = Number(timesteps[i]);
    if (!Number.isFinite(t)) throw new Error(`sinusoidalTimeEmbedding: timestep ${i} is ${timesteps[i]}; use finite numbers.`);
    for (let k = 0; k < half; k++) {
      const f = Math.exp((-Math.log(10000) * k) / half);
      out[i * dim + k] = Math.sin(t * f);
      out[i * dim + half + k] = Math.cos(t * f);
    }
  }
  return tf.tensor2d(out, [n, dim]);
}
