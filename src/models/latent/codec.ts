/**
 * Between pixels and the standardised latent space the diffusion model lives in:
 *   z = (E(x) − μ_c) / s_c,   x̂ = D(z·s_c + μ_c),
 * with per-channel mean μ_c and scale s_c of the training latents (Rombach et al. 2022 rescale by
 * one factor 0.18215; per-channel is the same idea) so that z has unit variance like N(0, I).
 */
import { tf } from "../../backend";
import type { Tensor4D } from "@tensorflow/tfjs";
import type { Autoencoder } from "../autoencoder";

/** Per-channel statistics of the training latents. */
export interface LatentStats {
  /** Mean of each latent channel. */
  mean: number[];
  /** Standard deviation of each latent channel. */
  std: number[];
}

function checkStats(stats: LatentStats, c: number, fn: string): void {
  if (!stats || !Array.isArray(stats.mean) || !Array.isArray(stats.std) || stats.mean.length !== c || stats.std.length !== c) {
    throw new Error(`${fn}: stats must have mean and std arrays of length ${c} (one per latent channel).`);
  }
  if (stats.std.some((s) => !(s > 0))) throw new Error(`${fn}: every stats.std must be > 0, got ${stats.std}.`);
}

function batched(images: Tensor4D, batchSize: number, f: (x: Tensor4D) => Tensor4D): Tensor4D {
  const n = images.shape[0];
  const parts: Tensor4D[] = [];
  for (let s = 0; s < n; s += batchSize) {
    parts.push(tf.tidy(() => f(images.slice([s, 0, 0, 0], [Math.min(batchSize, n - s), -1, -1, -1]))));
  }
  const out = tf.concat(parts, 0);
  tf.dispose(parts);
  return out;
}

/** Raw (unstandardised) latents E(x) of images [n, 28, 28, 1], computed in batches. */
export function encodeRaw(ae: Autoencoder, images: Tensor4D, batchSize = 500): Tensor4D {
  const s = ae.config.imageSize;
  if (!(images instanceof tf.Tensor) || images.rank !== 4 || images.shape[1] !== s || images.shape[2] !== s || images.shape[3] !== 1) {
    throw new Error(`encodeRaw: images must have shape [n, ${s}, ${s}, 1] with values in [0, 1].`);
  }
  return batched(images, batchSize, (x) => ae.encoder.apply(x, { training: false }) as Tensor4D);
}

/** Per-channel mean and std of the latents of `images`. */
export function computeLatentStats(ae: Autoencoder, images: Tensor4D): LatentStats {
  const z = encodeRaw(ae, images);
  const { mean, variance } = tf.moments(z, [0, 1, 2]);
  const stats = { mean: Array.from(mean.dataSync()), std: Array.from(variance.dataSync()).map((v) => Math.sqrt(v)) };
  tf.dispose([z, mean, variance]);
  return stats;
}

/** Standardised latents (E(x) − μ)/s of images [n, 28, 28, 1]. */
export function encodeImages(ae: Autoencoder, stats: LatentStats, images: Tensor4D): Tensor4D {
  checkStats(stats, ae.config.latentChannels, "encodeImages");
  const z = encodeRaw(ae, images);
  const out = tf.tidy(() => tf.div(tf.sub(z, tf.tensor1d(stats.mean)), tf.tensor1d(stats.std))) as Tensor4D;
  z.dispose();
  return out;
}

/** Images D(z·s + μ), clipped to [0, 1], [n, 28, 28, 1], from standardised latents [n, 7, 7, c]. */
export function decodeLatents(ae: Autoencoder, stats: LatentStats, latents: Tensor4D, batchSize = 500): Tensor4D {
  const c = ae.config.latentChannels;
  checkStats(stats, c, "decodeLatents");
  const s = ae.config.imageSize / 4;
  if (!(latents instanceof tf.Tensor) || latents.rank !== 4 || latents.shape[1] !== s || latents.shape[2] !== s || latents.shape[3] !== c) {
    throw new Error(`decodeLatents: latents must have shape [n, ${s}, ${s}, ${c}].`);
  }
  return batched(latents, batchSize, (z) =>
    tf.clipByValue(ae.decoder.apply(tf.add(tf.mul(z, tf.tensor1d(stats.std)), tf.tensor1d(stats.mean)), { training: false }) as Tensor4D, 0, 1),
  );
}
