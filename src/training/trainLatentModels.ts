/**
 * Trains every latent-diffusion model from scratch on the MNIST file, in order:
 *   1. autoencoder (x ↔ z), then the latent statistics μ, s;
 *   2. the digit classifier (for quality metrics only);
 *   3. the class-conditional denoiser with label dropout (CFG; its null class doubles as the
 *      unconditional model);
 *   4. the super-resolution denoiser, conditioned on the latent of the bicubic-upsampled 7×7 image
 *      and on the 7×7 image itself;
 *   5. the classifier of noisy latents (classifier guidance);
 *   6. the class-conditional 7×7 pixel denoiser (first stage of cascaded generation).
 * Used by `dl4ds train latent`, scripts/train/train-all.mjs and the notebooks' RETRAIN flag.
 */
import { tf } from "../backend";
import type { Tensor4D } from "@tensorflow/tfjs";
import { loadMnist, type MnistDataset } from "../data/mnist";
import { splitImages, splitLabels } from "../data/tensors";
import { createAutoencoder } from "../models/autoencoder";
import { createDigitClassifier } from "../models/classifier";
import { computeLatentStats, encodeImages } from "../models/latent/codec";
import { createLatentDenoiser, type LatentDenoiser } from "../models/latent/denoiser";
import type { DenoiserPrediction } from "../models/latent/parameterisation";
import { LATENT_SCHEDULER_CONFIG, latentScheduler, type LatentModels } from "../models/latent/weightsBundle";
import { lowResCondition } from "../models/latent/superres";
import { lowResTrainingImages } from "../pipelines/cascade";
import { createNoisyLatentClassifier } from "../models/noisyClassifier";
import { trainNoisyClassifier } from "./noisyClassifier";
import { trainAutoencoder } from "./autoencoder";
import { classifierAccuracy, trainClassifier } from "./classifier";
import { trainLatentDenoiser } from "./latentDenoiser";
import type { TrainingProgress } from "./loop";

/** Which model a progress report is about. */
export type LatentTrainingStage = "autoencoder" | "classifier" | "denoiser" | "superRes" | "noisyClassifier" | "lowRes";

/** Options of `trainLatentModels`. */
export interface TrainLatentModelsOptions {
  /** Epochs per model. */
  epochs: Record<LatentTrainingStage, number>;
  /** Base seed (each stage derives its own). */
  seed: number;
  /** Width of the U-Nets (base channels). */
  baseChannels: number;
  /** σ of the latent noise the autoencoder's decoder is trained with (see trainAutoencoder). */
  autoencoderLatentNoise: number;
  /** What the class-conditional denoiser's network predicts (see models/latent/parameterisation.ts). */
  denoiserPrediction: DenoiserPrediction;
  /** γ of its min-SNR loss weighting (0 = unweighted). */
  denoiserMinSnrGamma: number;
  /** The data (default: loadMnist()). */
  data?: MnistDataset;
  /** Progress per step, tagged with the stage. */
  onProgress?: (stage: LatentTrainingStage, p: TrainingProgress) => void;
  /** One line per finished stage. */
  log?: (line: string) => void;
}

/** Defaults sized for ≈ 10 minutes on two CPU cores. */
export const TRAIN_LATENT_DEFAULTS: TrainLatentModelsOptions = {
  epochs: { autoencoder: 8, classifier: 6, denoiser: 30, superRes: 15, noisyClassifier: 20, lowRes: 10 },
  seed: 42,
  baseChannels: 32,
  autoencoderLatentNoise: 0,
  denoiserPrediction: "v",
  denoiserMinSnrGamma: 0,
};

/** Stage 3 alone: the class-conditional denoiser with label dropout (CFG), on standardised latents. */
async function trainGuidedDenoiser(latents: Tensor4D, labels: Int32Array, o: TrainLatentModelsOptions): Promise<{ denoiser: LatentDenoiser; seconds: number; finalLoss: number }> {
  const scheduler = latentScheduler({ schedulerConfig: LATENT_SCHEDULER_CONFIG });
  const denoiser = createLatentDenoiser({ numClasses: 10, baseChannels: o.baseChannels }, "denoiser", { prediction: o.denoiserPrediction, alphasCumprod: scheduler.alphasCumprod });
  const r = await trainLatentDenoiser(denoiser, latents, {
    scheduler, labels, epochs: o.epochs.denoiser, seed: o.seed + 3, labelDropout: 0.2, emaDecay: 0.998, emaWarmup: true, minSnrGamma: o.denoiserMinSnrGamma,
    onProgress: (p) => o.onProgress?.("denoiser", p),
  });
  return { denoiser, seconds: r.seconds, finalLoss: r.epochLosses.at(-1) ?? NaN };
}

/**
 * Retrains only the class-conditional denoiser of `models` (same recipe and seed as `trainLatentModels`'
 * stage 3) on their own autoencoder; the other models are kept. Replaces and frees the old denoiser.
 */
export async function retrainGuidedDenoiser(
  models: LatentModels,
  options: Omit<Partial<TrainLatentModelsOptions>, "epochs"> & { epochs?: Partial<Record<LatentTrainingStage, number>> } = {},
): Promise<LatentModels> {
  const o = { ...TRAIN_LATENT_DEFAULTS, ...options, epochs: { ...TRAIN_LATENT_DEFAULTS.epochs, ...(options.epochs ?? {}) } };
  if (!Number.isInteger(o.epochs.denoiser) || o.epochs.denoiser < 1) throw new Error(`retrainGuidedDenoiser: epochs.denoiser must be a positive integer, got ${o.epochs.denoiser}.`);
  const data = o.data ?? loadMnist();
  const train = splitImages(data.train);
  const latents = encodeImages(models.autoencoder, models.stats, train);
  train.dispose();
  try {
    const trained = await trainGuidedDenoiser(latents, splitLabels(data.train), o);
    (o.log ?? (() => undefined))(`denoiser: ${trained.seconds.toFixed(1)} s, final loss ${trained.finalLoss.toFixed(4)}`);
    models.denoiser.model.dispose();
    const previous = (models.record.trainingSeconds ?? {}) as Record<string, number>;
    const record = {
      ...models.record,
      epochs: { ...(models.record.epochs as object), denoiser: o.epochs.denoiser },
      denoiserPrediction: o.denoiserPrediction,
      denoiserMinSnrGamma: o.denoiserMinSnrGamma,
      denoiserRetrainedAlone: { seed: o.seed, seconds: trained.seconds, backend: tf.getBackend() },
      trainingSeconds: { ...previous, denoiser: trained.seconds },
      trainingSecondsTotal: Object.values({ ...previous, denoiser: trained.seconds }).reduce((a, b) => a + b, 0),
    };
    return { ...models, denoiser: trained.denoiser, record };
  } finally {
    latents.dispose();
  }
}

/** Trains all models; returns them (not saved — use saveLatentModels). */
export async function trainLatentModels(options: Partial<TrainLatentModelsOptions> = {}): Promise<LatentModels> {
  const o = { ...TRAIN_LATENT_DEFAULTS, ...options, epochs: { ...TRAIN_LATENT_DEFAULTS.epochs, ...(options.epochs ?? {}) } };
  for (const [k, v] of Object.entries(o.epochs)) if (!Number.isInteger(v) || v < 1) throw new Error(`trainLatentModels: epochs.${k} must be a positive integer, got ${v}.`);
  const log = o.log ?? (() => undefined);
  const data = o.data ?? loadMnist();
  const train = splitImages(data.train);
  const test = splitImages(data.test);
  const trainLabels = splitLabels(data.train);
  const record: Record<string, unknown> = {
    seed: o.seed, epochs: o.epochs, trainCount: data.train.count, backend: tf.getBackend(), denoiserPrediction: o.denoiserPrediction, denoiserMinSnrGamma: o.denoiserMinSnrGamma,
  };
  const seconds: Record<string, number> = {};
  const tensors: Tensor4D[] = [train, test];
  try {
    // 1. autoencoder
    const autoencoder = createAutoencoder();
    let r = await trainAutoencoder(autoencoder, train, { epochs: o.epochs.autoencoder, seed: o.seed + 1, latentNoise: o.autoencoderLatentNoise, onProgress: (p) => o.onProgress?.("autoencoder", p) });
    seconds.autoencoder = r.seconds;
    const stats = computeLatentStats(autoencoder, train);
    log(`autoencoder: ${r.seconds.toFixed(1)} s, final loss ${r.epochLosses.at(-1)?.toFixed(5)}`);

    // 2. classifier
    const classifier = createDigitClassifier();
    r = await trainClassifier(classifier, train, trainLabels, { epochs: o.epochs.classifier, seed: o.seed + 2, onProgress: (p) => o.onProgress?.("classifier", p) });
    seconds.classifier = r.seconds;
    const acc = classifierAccuracy(classifier, test, splitLabels(data.test));
    record.classifierTestAccuracy = acc;
    log(`classifier: ${r.seconds.toFixed(1)} s, test accuracy ${(acc * 100).toFixed(2)} %`);

    // 3. class-conditional denoiser (CFG)
    const scheduler = latentScheduler({ schedulerConfig: LATENT_SCHEDULER_CONFIG });
    const latents = encodeImages(autoencoder, stats, train);
    tensors.push(latents);
    const trained = await trainGuidedDenoiser(latents, trainLabels, o);
    const denoiser = trained.denoiser;
    seconds.denoiser = trained.seconds;
    log(`denoiser: ${trained.seconds.toFixed(1)} s, final loss ${trained.finalLoss.toFixed(4)}`);

    // 4. super-resolution denoiser
    const low = lowResCondition(autoencoder, stats, train);
    tensors.push(low.bicubic, low.cond);
    const superRes = createLatentDenoiser({ numClasses: 0, condChannels: autoencoder.config.latentChannels + 1, baseChannels: o.baseChannels }, "superres");
    r = await trainLatentDenoiser(superRes, latents, {
      scheduler, cond: low.cond, epochs: o.epochs.superRes, seed: o.seed + 4, onProgress: (p) => o.onProgress?.("superRes", p),
    });
    seconds.superRes = r.seconds;
    log(`super-resolution: ${r.seconds.toFixed(1)} s, final loss ${r.epochLosses.at(-1)?.toFixed(4)}`);

    // 5. classifier of noisy latents (classifier guidance)
    const noisyClassifier = createNoisyLatentClassifier({ channels: autoencoder.config.latentChannels, width: 96 });
    r = await trainNoisyClassifier(noisyClassifier, latents, trainLabels, { scheduler, epochs: o.epochs.noisyClassifier, seed: o.seed + 5, onProgress: (p) => o.onProgress?.("noisyClassifier", p) });
    seconds.noisyClassifier = r.seconds;
    log(`noisy-latent classifier: ${r.seconds.toFixed(1)} s, final loss ${r.epochLosses.at(-1)?.toFixed(4)}`);

    // 6. 7×7 pixel denoiser (cascade stage 1), class-conditional with label dropout
    const small = lowResTrainingImages(train);
    tensors.push(small);
    const lowRes = createLatentDenoiser({ size: 7, channels: 1, numClasses: 10, baseChannels: o.baseChannels }, "lowres");
    r = await trainLatentDenoiser(lowRes, small, {
      scheduler, labels: trainLabels, epochs: o.epochs.lowRes, seed: o.seed + 6, onProgress: (p) => o.onProgress?.("lowRes", p),
    });
    seconds.lowRes = r.seconds;
    log(`7×7 pixel denoiser: ${r.seconds.toFixed(1)} s, final loss ${r.epochLosses.at(-1)?.toFixed(4)}`);

    record.trainingSeconds = seconds;
    record.trainingSecondsTotal = Object.values(seconds).reduce((a, b) => a + b, 0);
    return { autoencoder, stats, classifier, denoiser, superRes, noisyClassifier, lowRes, schedulerConfig: LATENT_SCHEDULER_CONFIG, record };
  } finally {
    tf.dispose(tensors);
  }
}
