/**
 * Latent DDPM training — Algorithm 1 of Ho et al. 2020 (the lecture's "Training" slide) with the
 * image x₀ replaced by its standardised latent z₀ = (E(x₀) − μ)/s:
 *   1. z₀ ~ training latents (a batch)
 *   2. t ~ Uniform{0, …, T−1}               (diffusers' indexing: the book's step t+1)
 *   3. ε ~ N(0, I)
 *   4. z_t = √ᾱ_t z₀ + √(1−ᾱ_t) ε            (the closed form q(z_t | z₀))
 *   5. gradient step on ‖ε − ε_θ(z_t, t, y, c)‖²
 * A v-prediction denoiser (parameterisation.ts) regresses v = √ᾱ_t ε − √(1−ᾱ_t) z₀ instead, and with
 * `minSnrGamma` each sample's squared error is weighted by min-SNR-γ (Hang et al. 2023).
 * For classifier-free guidance the label y is replaced by the null class with probability
 * `labelDropout` (Ho & Salimans 2022, Algorithm 1), so one network learns ε(z_t, t, y) and ε(z_t, t).
 * For super-resolution, c is the latent of the bicubic-upsampled low-resolution image.
 */
import { tf } from "../backend";
import type { Scalar, Tensor4D } from "@tensorflow/tfjs";
import { predictModelOutput, type LatentDenoiser } from "../models/latent/denoiser";
import { minSnrWeights, velocityTarget } from "../models/latent/parameterisation";
import { checkCommon, checkImages, drawNoiseLevels, gatherRows, type CommonTrainOptions } from "./common";
import type { TrainingReport } from "./loop";
import { trainMinibatches, type LearningRateSchedule } from "./minibatch";

/** The part of a src/schedulers scheduler training needs: ᾱ_t for t = 0..T−1. */
export interface NoiseSchedule {
  /** ᾱ_t = Π_{i≤t} (1 − β_i). */
  alphasCumprod: Float64Array;
}

/** Options of `trainLatentDenoiser`. */
export interface LatentDenoiserTrainOptions extends CommonTrainOptions {
  /** The noise schedule (a DDIMScheduler / DDPMScheduler). */
  scheduler: NoiseSchedule;
  /** Class of each latent; required iff the denoiser is class-conditional. */
  labels?: Int32Array;
  /** Probability of replacing a label by the null class (default 0.15). */
  labelDropout?: number;
  /** Conditioning latents, one per training latent; required iff condChannels > 0. */
  cond?: Tensor4D;
  /** Decay of the weight EMA copied into the model at the end (default 0.995; 0 = none). */
  emaDecay?: number;
  /** Learning rate over the run: "constant", or "cosine" (decays to 0 by the last step; default). */
  learningRateSchedule?: LearningRateSchedule;
  /** EMA decay warm-up min(d, (1 + k)/(10 + k)) (default false, see WeightEma). */
  emaWarmup?: boolean;
  /** γ of min-SNR-γ loss weighting (default 0 = unweighted). */
  minSnrGamma?: number;
}

/** Defaults: batch 128, Adam 2e-3 with cosine decay, 15 % label dropout, EMA 0.995. */
export const LATENT_DENOISER_TRAIN_DEFAULTS = {
  epochs: 30, batchSize: 128, learningRate: 2e-3, seed: 3, labelDropout: 0.15, emaDecay: 0.995, learningRateSchedule: "cosine" as LearningRateSchedule,
  emaWarmup: false, minSnrGamma: 0,
};

/** Trains `denoiser` on standardised latents [n, 7, 7, c]; the model ends with the EMA weights. */
export async function trainLatentDenoiser(denoiser: LatentDenoiser, latents: Tensor4D, options: Partial<LatentDenoiserTrainOptions> & { scheduler: NoiseSchedule }): Promise<TrainingReport> {
  const o = { ...LATENT_DENOISER_TRAIN_DEFAULTS, ...options };
  const c = denoiser.config;
  checkImages(latents, "trainLatentDenoiser", c.size, c.size, c.channels);
  const n = latents.shape[0];
  checkCommon(o, "trainLatentDenoiser", n);
  const abar = o.scheduler?.alphasCumprod;
  if (!(abar instanceof Float64Array) || abar.length < 2) throw new Error("trainLatentDenoiser: options.scheduler must be a DDIMScheduler/DDPMScheduler (needs alphasCumprod).");
  const T = abar.length;
  if (c.numClasses > 0 && (!(o.labels instanceof Int32Array) || o.labels.length !== n)) {
    throw new Error(`trainLatentDenoiser: the denoiser is class-conditional; pass labels (Int32Array of ${n}).`);
  }
  if (c.condChannels > 0) checkImages(o.cond, "trainLatentDenoiser (cond)", c.size, c.size, c.condChannels);
  if (c.condChannels > 0 && o.cond!.shape[0] !== n) throw new Error(`trainLatentDenoiser: cond has ${o.cond!.shape[0]} rows for ${n} latents.`);
  if (!(o.labelDropout >= 0 && o.labelDropout < 1)) throw new Error(`trainLatentDenoiser: labelDropout must be in [0, 1), got ${o.labelDropout}.`);
  if (!(o.minSnrGamma >= 0) || !Number.isFinite(o.minSnrGamma)) throw new Error(`trainLatentDenoiser: minSnrGamma must be a number ≥ 0 (0 = off), got ${o.minSnrGamma}.`);
  const prediction = denoiser.prediction ?? "epsilon";
  if (prediction === "v" && denoiser.alphasCumprod !== abar && denoiser.alphasCumprod?.join() !== abar.join()) {
    throw new Error("trainLatentDenoiser: the v-prediction denoiser's alphasCumprod differs from options.scheduler's; build it with the same scheduler.");
  }

  const B = o.batchSize;
  const per = c.size * c.size * c.channels;
  return trainMinibatches({
    ...o,
    fn: "trainLatentDenoiser",
    models: [denoiser.model],
    count: n,
    batchLoss: (idx, rng) => {
      // 2.–3. time steps and noise, from the seeded generator
      const { ts, sa, sb } = drawNoiseLevels(B, T, abar, rng);
      const noise = rng.fillNormal(new Float32Array(B * per));
      let classes: Int32Array | undefined;
      if (c.numClasses > 0) {
        classes = new Int32Array(B);
        for (let b = 0; b < B; b++) classes[b] = rng.uniform() < o.labelDropout ? c.numClasses : o.labels![idx[b]];
      }
      const z0 = gatherRows(latents, idx);
      const cond = c.condChannels > 0 ? gatherRows(o.cond!, idx) : undefined;
      const eps = tf.tensor4d(noise, [B, c.size, c.size, c.channels]);
      // 4. z_t = √ᾱ_t z₀ + √(1−ᾱ_t) ε
      const zt = tf.tidy(() => tf.add(tf.mul(z0, tf.tensor4d(sa, [B, 1, 1, 1])), tf.mul(eps, tf.tensor4d(sb, [B, 1, 1, 1])))) as Tensor4D;
      // 5. ‖target − network output‖², target = ε or v, optionally min-SNR weighted per sample
      const target = prediction === "v" ? velocityTarget(z0, eps, ts, abar) : eps;
      const weights = o.minSnrGamma > 0 ? tf.tensor4d(minSnrWeights(ts, abar, o.minSnrGamma, prediction), [B, 1, 1, 1]) : undefined;
      const loss = (): Scalar => {
        const sq = tf.square(tf.sub(target, predictModelOutput(denoiser, { zt, t: ts, classes, cond, training: true })));
        return tf.mean(weights ? tf.mul(sq, weights) : sq) as Scalar;
      };
      const tensors = [z0, eps, zt, ...(target !== eps ? [target] : []), ...(weights ? [weights] : []), ...(cond ? [cond] : [])];
      return { loss, tensors };
    },
  });
}
