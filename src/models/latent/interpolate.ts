/**
 * Straight-line interpolation between two latent codes, z(α) = (1 − α)·z_a + α·z_b, the reference for the
 * autoencoder lesson's exercise: walking between two encoded digits in latent space.
 */

/** Returns (1 − alpha)·za + alpha·zb element by element. */
export function interpolateLatents(za: Float32Array, zb: Float32Array, alpha: number): Float32Array {
  const fn = "interpolateLatents(za, zb, alpha)";
  if (!(za instanceof Float32Array) || !(zb instanceof Float32Array)) {
    throw new TypeError(`${fn}: za and zb must be Float32Arrays (e.g. tensor.dataSync() of one encoded image)`);
  }
  if (za.length !== zb.length) throw new RangeError(`${fn}: za has ${za.length} values but zb has ${zb.length}; encode both with the same autoencoder`);
  if (typeof alpha !== "number" || !Number.isFinite(alpha)) throw new RangeError(`${fn}: alpha must be a finite number such as 0.5; got ${String(alpha)}`);
  const out = new Float32Array(za.length);
  for (let i = 0; i < za.length; i++) out[i] = za[i] + alpha * (zb[i] - za[i]);
  return out;
}
