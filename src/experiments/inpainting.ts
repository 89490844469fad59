/**
 * The measurements of the inpainting lesson (latent-5), one call: how much the kept pixels change
 * (blending only, blending + refinement, and the autoencoder's own reconstruction), what the refinement
 * does to the regenerated pixels, and how often the classifier reads the original digit.
 */
import { tf } from "../backend";
import type { Tensor4D } from "@tensorflow/tfjs";
import { decodeLatents, encodeImages } from "../models/latent/codec";
import type { LatentModels } from "../models/latent/weightsBundle";
import { maskedMeanSquaredError } from "../models/metrics/psnr";
import { predictDigits } from "../pipelines/quality";

/** What `inpaintingErrors` returns. */
export interface InpaintingErrors {
  /** MSE on the kept pixels: blending only, blending + refinement, autoencoder D(E(x)). */
  rows: { output: string; "kept pixels": number }[];
  /** What the refinement changed, and how the classifier reads the results. */
  refinementEffect: Record<string, number>;
  /** Kept-pixel error of blending only / of the autoencoder, and of the refined output / of the autoencoder. */
  ratios: { blendingOnly: number; refined: number };
}

function fractionEqual(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let hit = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) hit++;
  return hit / a.length;
}

/** Compares inpainted digits (`refined`, `unrefined`) with their `originals`; `known` is the pixel mask (1 = kept). */
export function inpaintingErrors(m: LatentModels, originals: Tensor4D, labels: ArrayLike<number>, known: Float32Array, refined: Tensor4D, unrefined: Tensor4D): InpaintingErrors {
  const [n, h, w] = originals.shape;
  if (known.length !== h * w) throw new Error(`inpaintingErrors: known must have ${h}×${w} entries, got ${known.length}.`);
  if (labels.length !== n || refined.shape[0] !== n || unrefined.shape[0] !== n) throw new Error(`inpaintingErrors: labels, refined and unrefined must all have ${n} entries / images.`);
  const kept = new Float32Array(n * known.length);
  for (let i = 0; i < n; i++) kept.set(known, i * known.length);
  const hidden = kept.map((k) => 1 - k);
  const reconstruction = tf.tidy(() => decodeLatents(m.autoencoder, m.stats, encodeImages(m.autoencoder, m.stats, originals)));
  const x = originals.dataSync();
  const r = refined.dataSync();
  const u = unrefined.dataSync();
  const rows = [
    { output: "blending only", "kept pixels": maskedMeanSquaredError(u, x, kept) },
    { output: "blending + refinement", "kept pixels": maskedMeanSquaredError(r, x, kept) },
    { output: "autoencoder D(E(x))", "kept pixels": maskedMeanSquaredError(reconstruction.dataSync(), x, kept) },
  ];
  reconstruction.dispose();
  const readRefined = predictDigits(m.classifier, refined);
  const readUnrefined = predictDigits(m.classifier, unrefined);
  return {
    rows,
    refinementEffect: {
      "mean squared change of the regenerated pixels": maskedMeanSquaredError(r, u, hidden),
      "mean squared change of the kept pixels": maskedMeanSquaredError(r, u, kept),
      "digits read the same before and after": fractionEqual(readRefined, readUnrefined),
      "read as the original digit, no refinement": fractionEqual(readUnrefined, labels),
      "read as the original digit, refined": fractionEqual(readRefined, labels),
    },
    ratios: { blendingOnly: rows[0]["kept pixels"] / rows[2]["kept pixels"], refined: rows[1]["kept pixels"] / rows[2]["kept pixels"] },
  };
}

/** The first `count` images of each batch, one block after another (rows of an image grid). */
export function firstOfEach(batches: Tensor4D[], count = 10): Tensor4D {
  if (!Array.isArray(batches) || batches.length < 1) throw new Error("firstOfEach: batches must be a non-empty array of image tensors.");
  for (const b of batches) if (!(b instanceof tf.Tensor) || b.rank !== 4 || b.shape[0] < count) throw new Error(`firstOfEach: every batch must be a rank-4 tensor of at least ${count} images.`);
  return tf.tidy(() => tf.concat(batches.map((b) => b.slice([0, 0, 0, 0], [count, -1, -1, -1])))) as Tensor4D;
}
