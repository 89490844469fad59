/**
 * The lesson's quality numbers, computed the same way by tests, benchmark and notebooks:
 * classifier accuracy, how often guided samples show the requested digit, Fréchet distances on
 * the classifier's 32-d features (NOT Inception FID), super-resolution vs bicubic PSNR, and how
 * much inpainting changes the known pixels compared with the autoencoder's own reconstruction error.
 */
import { tf } from "../../backend";
import type { LayersModel, Tensor4D } from "@tensorflow/tfjs";
import type { MnistDataset } from "../../data/mnist";
import { splitImages, splitLabels } from "../../data/tensors";
import { classifierFeatureModel, CLASSIFIER_FEATURE_DIM } from "../classifier";
import { frechetDistance } from "../metrics/frechet";
import { maskedMeanSquaredError, meanPsnr } from "../metrics/psnr";
import { decodeLatents, encodeImages } from "./codec";
import type { LatentModels } from "./weightsBundle";
import { decodeRandomLatents, inpaintDigits, lowerPartMask, sampleDigits, superResolve } from "./pipelines";
import { lowResCondition } from "./superres";

/** Predicted digit per image. */
export function predictDigits(classifier: LayersModel, images: Tensor4D): Int32Array {
  const p = tf.tidy(() => tf.argMax(classifier.apply(images, { training: false }) as import("@tensorflow/tfjs").Tensor, -1));
  const out = Int32Array.from(p.dataSync());
  p.dispose();
  return out;
}

/** The classifier's 32-d penultimate features, [n·32]. */
export function classifierFeatures(classifier: LayersModel, images: Tensor4D): Float32Array {
  const fm = classifierFeatureModel(classifier);
  const f = tf.tidy(() => fm.apply(images, { training: false }) as import("@tensorflow/tfjs").Tensor);
  const out = Float32Array.from(f.dataSync());
  f.dispose();
  return out;
}

/** Fréchet distance between two image batches on the classifier's features. */
export function classifierFrechetDistance(classifier: LayersModel, a: Tensor4D, b: Tensor4D): number {
  return frechetDistance(classifierFeatures(classifier, a), a.shape[0], classifierFeatures(classifier, b), b.shape[0], CLASSIFIER_FEATURE_DIM);
}

/** The lesson's quality numbers on one set of samples. */
export interface LatentQualityReport {
  /** Classifier accuracy on all 2 000 test digits. */
  classifierTestAccuracy: number;
  /** Fraction of CFG samples at w = 1 that the classifier reads as the requested digit. */
  cfgAccuracyW1: number;
  /** The same at w = 3. */
  cfgAccuracyW3: number;
  /** FD(CFG samples at w = 1, test digits). */
  fdCfgW1: number;
  /** FD(CFG samples at w = 3, test digits). */
  fdCfgW3: number;
  /** Fraction of classifier-guided samples (scale `classifierGuidanceScale`) read as the requested digit. */
  classifierGuidanceAccuracy: number;
  /** FD(classifier-guided samples, test digits). */
  fdClassifierGuidance: number;
  /** Scale s of classifier guidance. */
  classifierGuidanceScale: number;
  /** FD(unconditional samples, test digits) on classifier features. */
  fdUnconditional: number;
  /** FD(decoded N(0, I) latents, test digits): expected far worse. */
  fdRandomLatents: number;
  /** FD(other real digits, test digits): the floor for this n. */
  fdRealReference: number;
  /** Mean PSNR (dB) of super-resolved images vs originals. */
  psnrSuperRes: number;
  /** Mean PSNR (dB) of bicubic upsampling vs originals. */
  psnrBicubic: number;
  /** MSE over the known pixels between the inpainted output without the final latent refinement and the original. */
  inpaintKnownMseRaw: number;
  /** The same after the refinement (which minimises this very error). */
  inpaintKnownMse: number;
  /** MSE over the same pixels between the autoencoder's reconstruction and the original. */
  reconstructionKnownMse: number;
  /** Fraction of inpainted digits the classifier reads as the original digit (the fill is plausible). */
  inpaintLabelAgreement: number;
  /** Samples per measurement. */
  n: number;
  /** DDIM steps. */
  steps: number;
}

/** Scale of classifier guidance used by the quality report and the lesson. */
export const CLASSIFIER_GUIDANCE_SCALE = 10;

function agreement(read: Int32Array, wanted: ArrayLike<number>): number {
  let hit = 0;
  for (let i = 0; i < read.length; i++) if (read[i] === wanted[i]) hit++;
  return hit / read.length;
}

/** Computes the quality report on `n` test digits / samples (n ≤ 1000, multiple of 10). */
export async function evaluateLatentModels(
  m: LatentModels,
  data: MnistDataset,
  o: { n?: number; steps?: number; seed?: number; classifierGuidanceScale?: number } = {},
): Promise<LatentQualityReport> {
  const n = o.n ?? 100;
  const steps = o.steps ?? 50;
  const seed = o.seed ?? 7;
  const scale = o.classifierGuidanceScale ?? CLASSIFIER_GUIDANCE_SCALE;
  if (!Number.isInteger(n) || n < 10 || n > 1000 || n % 10 !== 0) throw new Error(`evaluateLatentModels: n must be a multiple of 10 in 10..1000, got ${n}.`);
  if (!m.noisyClassifier) throw new Error("evaluateLatentModels: these weights have no noisy-latent classifier; retrain with `npm run train`.");
  const owned: Tensor4D[] = [];
  const keep = <T extends Tensor4D>(t: T): T => {
    owned.push(t);
    return t;
  };
  try {
    const testAll = keep(splitImages(data.test));
    const testLabels = splitLabels(data.test);
    const classifierTestAccuracy = agreement(predictDigits(m.classifier, testAll), testLabels);

    const test = keep(splitImages(data.test, 0, n));
    const reference = keep(splitImages(data.train, 0, n));
    const fd = (x: Tensor4D): number => classifierFrechetDistance(m.classifier, x, test);
    // Guided samples, n/10 per digit: CFG at w = 1 and 3, classifier guidance at scale s.
    const classes = Int32Array.from({ length: n }, (_, i) => i % 10);
    const w1 = keep(await sampleDigits(m, { classes, guidance: 1, steps, seed }));
    const w3 = keep(await sampleDigits(m, { classes, guidance: 3, steps, seed }));
    const cg = keep(await sampleDigits(m, { classes, method: "classifier", guidance: scale, steps, seed }));
    const uncond = keep(await sampleDigits(m, { n, steps, seed: seed + 1 }));
    const random = keep(decodeRandomLatents(m, n, seed + 2));

    // Super-resolution vs bicubic.
    const low = lowResCondition(m.autoencoder, m.stats, test);
    owned.push(low.bicubic, low.cond);
    const sr = keep(await superResolve(m, low, { steps, seed: seed + 3 }));
    const target = test.dataSync();

    // Inpainting: known pixels vs the autoencoder's reconstruction error on the same pixels, with and without refinement.
    const known = lowerPartMask();
    const inp = await inpaintDigits(m, test, known, { steps, seed: seed + 4 });
    owned.push(inp.images, inp.masked);
    const raw = await inpaintDigits(m, test, known, { steps, seed: seed + 4, refineSteps: 0 });
    owned.push(raw.images, raw.masked);
    const zTest = keep(encodeImages(m.autoencoder, m.stats, test));
    const recon = keep(decodeLatents(m.autoencoder, m.stats, zTest));
    const weight = new Float32Array(n * known.length);
    for (let i = 0; i < n; i++) weight.set(known, i * known.length);

    return {
      classifierTestAccuracy,
      cfgAccuracyW1: agreement(predictDigits(m.classifier, w1), classes),
      cfgAccuracyW3: agreement(predictDigits(m.classifier, w3), classes),
      fdCfgW1: fd(w1),
      fdCfgW3: fd(w3),
      classifierGuidanceAccuracy: agreement(predictDigits(m.classifier, cg), classes),
      fdClassifierGuidance: fd(cg),
      classifierGuidanceScale: scale,
      fdUnconditional: fd(uncond),
      fdRandomLatents: fd(random),
      fdRealReference: fd(reference),
      psnrSuperRes: meanPsnr(sr.dataSync(), target, n),
      psnrBicubic: meanPsnr(low.bicubic.dataSync(), target, n),
      inpaintKnownMseRaw: maskedMeanSquaredError(raw.images.dataSync(), target, weight),
      inpaintKnownMse: maskedMeanSquaredError(inp.images.dataSync(), target, weight),
      reconstructionKnownMse: maskedMeanSquaredError(recon.dataSync(), target, weight),
      inpaintLabelAgreement: agreement(predictDigits(m.classifier, inp.images), testLabels),
      n,
      steps,
    };
  } finally {
    tf.dispose(owned);
  }
}
