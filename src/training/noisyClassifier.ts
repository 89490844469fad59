/**
 * Training the noisy-latent classifier of classifier guidance: cross-entropy on
 *   z_t = √ᾱ_t z₀ + √(1−ᾱ_t) ε,  t ~ Uniform{0, …, T−1},  ε ~ N(0, I),
 * so that it reads the digit at every noise level the sampler visits (Dhariwal & Nichol 2021, §4).
 */
import { tf } from "../backend";
import type { Scalar, Tensor4D } from "@tensorflow/tfjs";
import { noisyClassifierLogits, type NoisyLatentClassifier } from "../models/noisyClassifier";
import { checkCommon, checkImages, drawNoiseLevels, gatherRows, type CommonTrainOptions } from "./common";
import type { NoiseSchedule } from "./latentDenoiser";
import type { TrainingReport } from "./loop";
import { trainMinibatches } from "./minibatch";

/** Defaults: 8 epochs of batch 128 at Adam 2e-3. */
export const NOISY_CLASSIFIER_TRAIN_DEFAULTS: CommonTrainOptions = { epochs: 8, batchSize: 128, learningRate: 2e-3, seed: 5 };

/** Trains `clf` on standardised latents [n, 7, 7, c] with their labels, noised by `scheduler`. */
export async function trainNoisyClassifier(
  clf: NoisyLatentClassifier,
  latents: Tensor4D,
  labels: Int32Array,
  options: Partial<CommonTrainOptions> & { scheduler: NoiseSchedule },
): Promise<TrainingReport> {
  const o = { ...NOISY_CLASSIFIER_TRAIN_DEFAULTS, ...options };
  const c = clf.config;
  checkImages(latents, "trainNoisyClassifier", c.size, c.size, c.channels);
  const n = latents.shape[0];
  checkCommon(o, "trainNoisyClassifier", n);
  if (!(labels instanceof Int32Array) || labels.length !== n) throw new Error(`trainNoisyClassifier: labels must be an Int32Array of ${n} ids.`);
  const abar = o.scheduler?.alphasCumprod;
  if (!(abar instanceof Float64Array) || abar.length < 2) throw new Error("trainNoisyClassifier: options.scheduler must be a DDIMScheduler/DDPMScheduler (needs alphasCumprod).");
  const T = abar.length;
  const B = o.batchSize;
  const per = c.size * c.size * c.channels;
  return trainMinibatches({
    ...o,
    fn: "trainNoisyClassifier",
    models: [clf.model],
    count: n,
    batchLoss: (idx, rng) => {
      const { ts, sa, sb } = drawNoiseLevels(B, T, abar, rng);
      const y = Int32Array.from(idx, (k) => labels[k]);
      const noise = rng.fillNormal(new Float32Array(B * per));
      const zt = tf.tidy(() => tf.add(tf.mul(gatherRows(latents, idx), tf.tensor4d(sa, [B, 1, 1, 1])), tf.mul(tf.tensor4d(noise, [B, c.size, c.size, c.channels]), tf.tensor4d(sb, [B, 1, 1, 1])))) as Tensor4D;
      const onehot = tf.tidy(() => tf.oneHot(tf.tensor1d(y, "int32"), c.numClasses));
      return { loss: () => tf.losses.softmaxCrossEntropy(onehot, noisyClassifierLogits(clf, zt, ts, true)) as Scalar, tensors: [zt, onehot] };
    },
  });
}
