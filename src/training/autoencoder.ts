/**
 * Training the autoencoder (the "perceptual compression" stage of Rombach et al. 2022, §3.1):
 *   L = ‖D(E(x)) − x‖² + λ·‖E(x)‖²,
 * mean squared reconstruction error plus a small L2 penalty λ that keeps latent codes near the
 * origin (a cheap stand-in for the paper's KL regularisation). With `latentNoise` σ > 0 the decoder
 * reconstructs from E(x) + σ·ε (ε ~ N(0, I), fresh each step): it learns to tolerate small latent
 * errors, like a VAE's decoder, which is what a diffusion model's imperfect latents need.
 */
import { tf } from "../backend";
import type { Scalar, Tensor4D } from "@tensorflow/tfjs";
import type { Autoencoder } from "../models/autoencoder";
import { checkCommon, checkImages, gatherRows, type CommonTrainOptions } from "./common";
import type { TrainingReport } from "./loop";
import { trainMinibatches } from "./minibatch";

/** Options of `trainAutoencoder`. */
export interface AutoencoderTrainOptions extends CommonTrainOptions {
  /** Weight λ of the latent L2 penalty (default 1e-3). */
  latentPenalty?: number;
  /** Standard deviation σ of the noise added to latents before decoding during training (default 0). */
  latentNoise?: number;
}

/** Defaults: 6 epochs of batch 64 at 2e-3. */
export const AUTOENCODER_TRAIN_DEFAULTS: AutoencoderTrainOptions = { epochs: 6, batchSize: 64, learningRate: 2e-3, seed: 1, latentPenalty: 1e-3 };

/** Trains `ae` on images [n, 28, 28, 1] in [0, 1]; returns the per-epoch losses and times. */
export async function trainAutoencoder(ae: Autoencoder, images: Tensor4D, options: Partial<AutoencoderTrainOptions> = {}): Promise<TrainingReport> {
  const o = { ...AUTOENCODER_TRAIN_DEFAULTS, ...options };
  const size = ae.config.imageSize;
  checkImages(images, "trainAutoencoder", size, size, 1);
  checkCommon(o, "trainAutoencoder", images.shape[0]);
  const lambda = o.latentPenalty ?? 1e-3;
  if (!(lambda >= 0)) throw new Error(`trainAutoencoder: latentPenalty must be ≥ 0, got ${lambda}.`);
  const sigma = o.latentNoise ?? 0;
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new Error(`trainAutoencoder: latentNoise must be a finite number ≥ 0, got ${sigma}.`);
  const [, h, w, c] = ae.encoder.outputs[0].shape as number[];
  return trainMinibatches({
    ...o,
    fn: "trainAutoencoder",
    models: [ae.encoder, ae.decoder],
    count: images.shape[0],
    batchLoss: (idx, rng) => {
      const x = gatherRows(images, idx);
      const shape: [number, number, number, number] = [x.shape[0], h, w, c];
      const noise = sigma > 0 ? tf.tensor4d(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape) : null;
      const loss = (): Scalar => {
        const z = ae.encoder.apply(x, { training: true }) as Tensor4D;
        const xHat = ae.decoder.apply(noise ? tf.add(z, tf.mul(noise, sigma)) : z, { training: true }) as Tensor4D;
        return tf.add(tf.losses.meanSquaredError(x, xHat), tf.mul(lambda, tf.mean(tf.square(z)))) as Scalar;
      };
      return { loss, tensors: noise ? [x, noise] : [x] };
    },
  });
}
