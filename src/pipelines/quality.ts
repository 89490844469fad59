/**
 * The lesson's quality numbers, computed the same way by tests, benchmark and notebooks:
 * classifier accuracy, how often guided samples show the requested digit, Fréchet distances on
 * the classifier's 32-d features (NOT Inception FID), super-resolution vs bicubic PSNR, and how
 * much inpainting changes the known pixels compared with the autoencoder's own reconstruction error.
 */
import { tf } from "../backend";
import type { LayersModel, Tensor4D } from "@tensorflow/tfjs";
import type { MnistDataset } from "../data/mnist";
import { splitImages, splitLabels } from "../data/tensors";
import { classifierFeatureModel, CLASSIFIER_FEATURE_DIM } from "../models/classifier";
import { frechetDistance } from "../models/metrics/frechet";
import { maskedMeanSquaredError, meanPsnr } from "../models/metrics/psnr";
import { decodeLatents, encodeImages } from "../models/latent/codec";
import type { LatentModels } from "../models/latent/weightsBundle";
import { DEFAULT_SAMPLE_ETA, decodeRandomLatents, inpaintDigits, lowerPartMask, sampleDigits, superResolve } from "./tasks";
import { lowResCondition } from "../models/latent/superres";
import { createRng, type Rng } from "../random";

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
  /** Images behind the super-resolution and inpainting numbers. */
  restorationN: number;
  /** DDIM steps. */
  steps: number;
  /** DDIM η of the generated samples. */
  eta: number;
  /** The seed of this report. */
  seed: number;
}

/** Scale of classifier guidance used by the quality report and the lesson. */
export const CLASSIFIER_GUIDANCE_SCALE = 10;

function agreement(read: Int32Array, wanted: ArrayLike<number>): number {
  let hit = 0;
  for (let i = 0; i < read.length; i++) if (read[i] === wanted[i]) hit++;
  return hit / read.length;
}

/** Settings of `evaluateLatentModels`. */
export interface EvaluateLatentOptions {
  /** Samples and test digits per measurement (multiple of 10 in 10..1000; default 100). */
  n?: number;
  /** Images for the super-resolution and inpainting numbers (default n; ≤ n). */
  restorationN?: number;
  /** DDIM steps (default 50). */
  steps?: number;
  /** DDIM η of the generated samples (default DEFAULT_SAMPLE_ETA). */
  eta?: number;
  /** Seed of the samples and of which test / training digits are compared (default 7). */
  seed?: number;
  /** Classifier-guidance scale s (default CLASSIFIER_GUIDANCE_SCALE). */
  classifierGuidanceScale?: number;
}

/** `count` distinct rows of 0..total−1 chosen by `rng`, in ascending order. */
function seededRows(total: number, count: number, rng: Rng): Int32Array {
  const perm = Int32Array.from({ length: total }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + rng.integer(total - i);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return perm.slice(0, count).sort();
}

/**
 * Computes the quality report: `n` samples per kind against `n` test digits and, as the floor,
 * `n` training digits against the same test digits. The seed picks the samples' noise and which
 * test and training digits take part, so several seeds give the spread of every number.
 */
export async function evaluateLatentModels(m: LatentModels, data: MnistDataset, o: EvaluateLatentOptions = {}): Promise<LatentQualityReport> {
  const n = o.n ?? 100;
  const restorationN = o.restorationN ?? n;
  const steps = o.steps ?? 50;
  const seed = o.seed ?? 7;
  const eta = o.eta ?? DEFAULT_SAMPLE_ETA;
  const scale = o.classifierGuidanceScale ?? CLASSIFIER_GUIDANCE_SCALE;
  if (!Number.isInteger(n) || n < 10 || n > 1000 || n % 10 !== 0) throw new Error(`evaluateLatentModels: n must be a multiple of 10 in 10..1000, got ${n}.`);
  if (!Number.isInteger(restorationN) || restorationN < 1 || restorationN > n) throw new Error(`evaluateLatentModels: restorationN must be an integer in 1..${n}, got ${restorationN}.`);
  if (!(eta >= 0 && eta <= 1)) throw new Error(`evaluateLatentModels: eta must be in [0, 1], got ${eta}.`);
  if (!Number.isInteger(seed)) throw new Error(`evaluateLatentModels: seed must be an integer, got ${seed}.`);
  if (!m.noisyClassifier) throw new Error("evaluateLatentModels: these weights have no noisy-latent classifier; retrain with `npm run train`.");
  if (data.test.count < n || data.train.count < n) throw new Error(`evaluateLatentModels: n = ${n} needs ${n} test and training digits; the data has ${data.test.count} / ${data.train.count}.`);
  const owned: Tensor4D[] = [];
  const keep = <T extends Tensor4D>(t: T): T => {
    owned.push(t);
    return t;
  };
  const rows = (x: Tensor4D, idx: Int32Array): Tensor4D => keep(tf.tidy(() => tf.gather(x, tf.tensor1d(idx, "int32"))) as Tensor4D);
  try {
    const testAll = keep(splitImages(data.test));
    const testLabelsAll = splitLabels(data.test);
    const classifierTestAccuracy = agreement(predictDigits(m.classifier, testAll), testLabelsAll);

    const rng = createRng(seed);
    const testRows = seededRows(data.test.count, n, rng);
    const test = rows(testAll, testRows);
    const testLabels = Int32Array.from(testRows, (i) => testLabelsAll[i]);
    const trainAll = keep(splitImages(data.train));
    const reference = rows(trainAll, seededRows(data.train.count, n, rng));
    const fd = (x: Tensor4D): number => classifierFrechetDistance(m.classifier, x, test);
    // Guided samples, n/10 per digit: CFG at w = 1 and 3, classifier guidance at scale s.
    const classes = Int32Array.from({ length: n }, (_, i) => i % 10);
    const w1 = keep(await sampleDigits(m, { classes, guidance: 1, steps, seed, eta }));
    const w3 = keep(await sampleDigits(m, { classes, guidance: 3, steps, seed, eta }));
    const cg = keep(await sampleDigits(m, { classes, method: "classifier", guidance: scale, steps, seed, eta }));
    const uncond = keep(await sampleDigits(m, { n, steps, seed: seed + 1, eta }));
    const random = keep(decodeRandomLatents(m, n, seed + 2));

    // Super-resolution vs bicubic, and inpainting, on the first restorationN of those test digits.
    const small = restorationN === n ? test : keep(test.slice([0, 0, 0, 0], [restorationN, -1, -1, -1]));
    const smallLabels = testLabels.subarray(0, restorationN);
    const low = lowResCondition(m.autoencoder, m.stats, small);
    owned.push(low.bicubic, low.cond);
    const sr = keep(await superResolve(m, low, { steps, seed: seed + 3 }));
    const target = small.dataSync();

    // Inpainting: known pixels vs the autoencoder's reconstruction error on the same pixels, with and without refinement.
    const known = lowerPartMask();
    const inp = await inpaintDigits(m, small, known, { steps, seed: seed + 4 });
    owned.push(inp.images, inp.masked);
    const raw = await inpaintDigits(m, small, known, { steps, seed: seed + 4, refineSteps: 0 });
    owned.push(raw.images, raw.masked);
    const zTest = keep(encodeImages(m.autoencoder, m.stats, small));
    const recon = keep(decodeLatents(m.autoencoder, m.stats, zTest));
    const weight = new Float32Array(restorationN * known.length);
    for (let i = 0; i < restorationN; i++) weight.set(known, i * known.length);

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
      psnrSuperRes: meanPsnr(sr.dataSync(), target, restorationN),
      psnrBicubic: meanPsnr(low.bicubic.dataSync(), target, restorationN),
      inpaintKnownMseRaw: maskedMeanSquaredError(raw.images.dataSync(), target, weight),
      inpaintKnownMse: maskedMeanSquaredError(inp.images.dataSync(), target, weight),
      reconstructionKnownMse: maskedMeanSquaredError(recon.dataSync(), target, weight),
      inpaintLabelAgreement: agreement(predictDigits(m.classifier, inp.images), smallLabels),
      n,
      restorationN,
      steps,
      eta,
      seed,
    };
  } finally {
    tf.dispose(owned);
  }
}
