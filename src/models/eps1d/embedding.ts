/**
 * The 1-D ε-network's time input: a sinusoidal embedding of the step t (Vaswani et al. 2017 §3.5, as used for
 * diffusion steps by DDPM and the lecture's U-Net): for k = 0..d/2−1, f_k = maxPeriod^(−k/(d/2)) and
 *   emb(t) = [sin(t f_0), …, sin(t f_{d/2−1}), cos(t f_0), …, cos(t f_{d/2−1})].
 * Computed on the CPU (one row per step), so training can look rows up from a table.
 */

/** A (T + 1) × dim table: row t is emb(t) for t = 0..T. */
export function eps1dEmbeddingTable(T: number, dim: number, maxPeriod = 10000): Float32Array {
  if (!Number.isInteger(T) || T < 1) throw new Error(`eps1dEmbeddingTable: T must be an integer ≥ 1; got ${T}.`);
  if (!Number.isInteger(dim) || dim < 2 || dim % 2 !== 0) throw new Error(`eps1dEmbeddingTable: dim must be an even integer ≥ 2; got ${dim}.`);
  if (!(maxPeriod > 1)) throw new Error(`eps1dEmbeddingTable: maxPeriod must be > 1; got ${maxPeriod}.`);
  const half = dim / 2;
  const out = new Float32Array((T + 1) * dim);
  for (let t = 0; t <= T; t++) {
    for (let k = 0; k < half; k++) {
      const f = Math.pow(maxPeriod, -k / half);
      out[t * dim + k] = Math.sin(t * f);
      out[t * dim + half + k] = Math.cos(t * f);
    }
  }
  return out;
}
