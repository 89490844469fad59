/**
 * Super-resolution 7×7 → 28×28 (4×) as in the lecture and Rombach et al. 2022 §4.4: downsample
 * the image 4× (box average), upsample it back with bicubic interpolation, and let a latent
 * denoiser conditioned on the latent of that blurry image restore the detail. The condition enters
 * as extra input channels of the U-Net at every denoising step: the standardised latent of the
 * bicubic image (4 channels) and the 7×7 image itself, mapped to [−1, 1] (1 channel) — the small
 * image has exactly the latent's 7×7 layout, so it can be concatenated as is.
 */
import { tf } from "../../backend";
import type { Tensor4D } from "@tensorflow/tfjs";
import { downsampleArea, upsampleBicubic } from "../../data/resize";
import type { Autoencoder } from "../autoencoder";
import { encodeImages, type LatentStats } from "./codec";

/** The low-resolution version of a batch and what the SR model is conditioned on. */
export interface LowResCondition {
  /** 7×7 images, [n·7·7] in [0, 1]. */
  lowRes: Float32Array;
  /** Their bicubic upsampling to 28×28, [n, 28, 28, 1] (the baseline). */
  bicubic: Tensor4D;
  /** The SR model's condition [n, 7, 7, c+1]: standardised latent of the bicubic image ⊕ (2·lowRes − 1). */
  cond: Tensor4D;
}

/** Downsamples 4×, upsamples bicubically, encodes. `images` is [n, 28, 28, 1] in [0, 1]. */
export function lowResCondition(ae: Autoencoder, stats: LatentStats, images: Tensor4D, factor = 4): LowResCondition {
  const s = ae.config.imageSize;
  if (!(images instanceof tf.Tensor) || images.rank !== 4 || images.shape[1] !== s || images.shape[2] !== s || images.shape[3] !== 1) {
    throw new Error(`lowResCondition: images must have shape [n, ${s}, ${s}, 1].`);
  }
  const n = images.shape[0];
  const lowRes = downsampleArea(images.dataSync() as Float32Array, n, s, s, factor);
  return lowResFromSmall(ae, stats, lowRes, n, factor);
}

/** Same, starting from the small images themselves ([n·(s/f)²] in [0, 1]). */
export function lowResFromSmall(ae: Autoencoder, stats: LatentStats, lowRes: Float32Array, n: number, factor = 4): LowResCondition {
  const s = ae.config.imageSize;
  const small = s / factor;
  if (!Number.isInteger(small) || lowRes.length !== n * small * small) throw new Error(`lowResFromSmall: expected ${n} images of ${small}×${small}.`);
  const up = upsampleBicubic(lowRes, n, small, small, factor);
  for (let i = 0; i < up.length; i++) up[i] = Math.min(1, Math.max(0, up[i]));
  const bicubic = tf.tensor4d(up, [n, s, s, 1]);
  if (small !== s / 4) throw new Error(`lowResFromSmall: the low-resolution image must match the ${s / 4}×${s / 4} latent (factor 4), got factor ${factor}.`);
  const latent = encodeImages(ae, stats, bicubic);
  const cond = tf.tidy(() => tf.concat([latent, tf.sub(tf.mul(tf.tensor4d(lowRes, [n, small, small, 1]), 2), 1)], -1)) as Tensor4D;
  latent.dispose();
  return { lowRes, bicubic, cond };
}
