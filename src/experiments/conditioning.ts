/**
 * The measurements of the conditioning lesson (latent-7), each one call that returns plain rows for
 * `numbersTable` / `numbersChart` and keeps its sample tensors in one place with one `dispose()`:
 *   - how well the noisy-latent classifier reads the digit from z_t at several t;
 *   - classifier-free vs classifier guidance at several strengths (accuracy, Fréchet distance, time);
 *   - the quality of cascaded samples.
 */
import { tf } from "../backend";
import type { Tensor4D } from "@tensorflow/tfjs";
import type { MnistDataset } from "../data/mnist";
import { splitImages, splitLabels } from "../data/tensors";
import { encodeImages } from "../models/latent/codec";
import { latentScheduler, type LatentModels } from "../models/latent/weightsBundle";
import { noisyClassifierLogits } from "../models/noisyClassifier";
import type { CascadeResult } from "../pipelines/cascade";
import { classifierFrechetDistance, predictDigits } from "../pipelines/quality";
import { sampleDigits } from "../pipelines/tasks";

function fractionEqual(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let hit = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) hit++;
  return hit / a.length;
}

/** Requested digits 0, 1, …, 9, 0, 1, … (`perDigit` of each). */
export function digitsInTurn(perDigit: number): Int32Array {
  if (!Number.isInteger(perDigit) || perDigit < 1) throw new Error(`digitsInTurn: perDigit must be a positive integer, got ${perDigit}.`);
  return Int32Array.from({ length: 10 * perDigit }, (_, i) => i % 10);
}

/**
 * Fraction of `count` test latents, noised to each t in `steps` (z_t = √ᾱ_t z₀ + √(1−ᾱ_t) ε, seeded ε),
 * that the noisy-latent classifier reads as their digit. Rows { t, accuracy }.
 */
export function noisyClassifierAccuracyByStep(m: LatentModels, data: MnistDataset, o: { steps: number[]; count?: number; seed?: number }): { t: number; accuracy: number }[] {
  if (!m.noisyClassifier) throw new Error("noisyClassifierAccuracyByStep: these weights have no noisy-latent classifier; retrain with `npm run train`.");
  const count = o.count ?? 500;
  if (!Array.isArray(o.steps) || o.steps.length < 1) throw new Error("noisyClassifierAccuracyByStep: steps must be a non-empty array of time steps.");
  const abar = latentScheduler(m).alphasCumprod;
  for (const t of o.steps) if (!Number.isInteger(t) || t < 0 || t >= abar.length) throw new Error(`noisyClassifierAccuracyByStep: time step ${t} is outside 0..${abar.length - 1}.`);
  const images = splitImages(data.test, 0, count);
  const z0 = encodeImages(m.autoencoder, m.stats, images);
  images.dispose();
  const labels = splitLabels(data.test, 0, count);
  try {
    return o.steps.map((t, k) => {
      const read = tf.tidy(() => {
        const zt = tf.add(tf.mul(z0, Math.sqrt(abar[t])), tf.mul(tf.randomNormal(z0.shape, 0, 1, "float32", (o.seed ?? 0) + k), Math.sqrt(1 - abar[t]))) as Tensor4D;
        return tf.argMax(noisyClassifierLogits(m.noisyClassifier!, zt, t), -1).dataSync();
      });
      return { t, accuracy: fractionEqual(read, labels) };
    });
  } finally {
    z0.dispose();
  }
}

/** One guidance setting: the method and its strength (w for classifier-free, s for classifier guidance). */
export interface GuidanceSetting {
  method: "cfg" | "classifier";
  strength: number;
}

/** One row of `compareGuidance`. */
export interface GuidanceComparisonRow extends Record<string, string | number> {
  guidance: string;
  strength: number;
  "read as requested": number;
  "Fréchet distance": number;
  seconds: number;
}

/** What `compareGuidance` returns: the rows, each setting's samples, and one call to free them. */
export interface GuidanceComparison {
  rows: GuidanceComparisonRow[];
  /** The requested digit of each sample. */
  classes: Int32Array;
  /** Samples per setting, keyed "cfg 3", "classifier 10", … */
  samples: Record<string, Tensor4D>;
  /** The first `count` samples of each listed setting, one block after another (for an image grid). */
  firstOf(keys: string[], count?: number): Tensor4D;
  dispose(): void;
}

/**
 * Samples `perDigit` of each digit with every setting (same starting noise), reads them with the digit
 * classifier and measures their Fréchet distance to the first `referenceCount` test digits.
 */
export async function compareGuidance(
  m: LatentModels,
  data: MnistDataset,
  o: { settings: GuidanceSetting[]; perDigit?: number; steps?: number; seed?: number; referenceCount?: number },
): Promise<GuidanceComparison> {
  if (!Array.isArray(o.settings) || o.settings.length < 1) throw new Error("compareGuidance: settings must be a non-empty array of { method, strength }.");
  const classes = digitsInTurn(o.perDigit ?? 10);
  const reference = splitImages(data.test, 0, o.referenceCount ?? classes.length);
  const samples: Record<string, Tensor4D> = {};
  const rows: GuidanceComparisonRow[] = [];
  try {
    for (const g of o.settings) {
      if (g.method !== "cfg" && g.method !== "classifier") throw new Error(`compareGuidance: method must be "cfg" or "classifier", got ${String(g.method)}.`);
      const key = `${g.method} ${g.strength}`;
      const t0 = performance.now();
      const x = await sampleDigits(m, { classes, method: g.method, guidance: g.strength, steps: o.steps ?? 50, seed: o.seed ?? 0 });
      const seconds = (performance.now() - t0) / 1000;
      samples[key] = x;
      rows.push({
        guidance: g.method === "cfg" ? "classifier-free" : "classifier",
        strength: g.strength,
        "read as requested": fractionEqual(predictDigits(m.classifier, x), classes),
        "Fréchet distance": classifierFrechetDistance(m.classifier, x, reference),
        seconds,
      });
    }
  } catch (e) {
    tf.dispose(Object.values(samples));
    throw e;
  } finally {
    reference.dispose();
  }
  return {
    rows,
    classes,
    samples,
    firstOf(keys, count = 10) {
      for (const k of keys) if (!samples[k]) throw new Error(`compareGuidance: no samples for "${k}" (have: ${Object.keys(samples).join(", ")}).`);
      return tf.tidy(() => tf.concat(keys.map((k) => samples[k].slice([0, 0, 0, 0], [count, -1, -1, -1])))) as Tensor4D;
    },
    dispose: () => tf.dispose(Object.values(samples)),
  };
}

/** Accuracy and Fréchet distance of cascaded samples, against the first `referenceCount` test digits. */
export function cascadeQuality(m: LatentModels, data: MnistDataset, cascade: CascadeResult, classes: Int32Array, referenceCount = classes.length): { "read as requested": number; "Fréchet distance": number } {
  if (classes.length !== cascade.images.shape[0]) throw new Error(`cascadeQuality: ${classes.length} classes for ${cascade.images.shape[0]} samples.`);
  const reference = splitImages(data.test, 0, referenceCount);
  try {
    return {
      "read as requested": fractionEqual(predictDigits(m.classifier, cascade.images), classes),
      "Fréchet distance": classifierFrechetDistance(m.classifier, cascade.images, reference),
    };
  } finally {
    reference.dispose();
  }
}

/** The first `count` cascade samples as two blocks (stage 1's 7×7 digits enlarged to 28×28, then stage 2's), for an image grid. */
export function cascadeStages(cascade: CascadeResult, count = 10): Tensor4D {
  const n = cascade.images.shape[0];
  if (!Number.isInteger(count) || count < 1 || count > n) throw new Error(`cascadeStages: count must be an integer in 1..${n}, got ${count}.`);
  return tf.tidy(() => {
    const small = tf.tensor4d(cascade.lowRes.subarray(0, count * 49), [count, 7, 7, 1]);
    return tf.concat([tf.image.resizeNearestNeighbor(small, [28, 28]), cascade.images.slice([0, 0, 0, 0], [count, -1, -1, -1])]);
  }) as Tensor4D;
}
