/**
 * Training the digit classifier used for quality metrics: softmax cross-entropy with Adam.
 */
import { tf } from "../backend";
import type { LayersModel, Tensor, Tensor4D } from "@tensorflow/tfjs";
import { createRng } from "../random";
import { epochBatches } from "./batches";
import { checkCommon, checkImages, gatherRows, type CommonTrainOptions } from "./common";
import { runTrainingLoop, type TrainingReport } from "./loop";

/** Defaults: 4 epochs of batch 64 at 2e-3. */
export const CLASSIFIER_TRAIN_DEFAULTS: CommonTrainOptions = { epochs: 4, batchSize: 64, learningRate: 2e-3, seed: 2 };

/** Trains `model` (logits output) on images [n, 28, 28, 1] and integer labels. */
export async function trainClassifier(model: LayersModel, images: Tensor4D, labels: Int32Array, options: Partial<CommonTrainOptions> = {}): Promise<TrainingReport> {
  const o = { ...CLASSIFIER_TRAIN_DEFAULTS, ...options };
  checkImages(images, "trainClassifier");
  checkCommon(o, "trainClassifier", images.shape[0]);
  if (!(labels instanceof Int32Array) || labels.length !== images.shape[0]) {
    throw new Error(`trainClassifier: labels must be an Int32Array with one label per image (${images.shape[0]}), got ${labels?.length}.`);
  }
  const numClasses = (model.outputs[0].shape[1] as number) ?? 10;
  for (const l of labels) if (!(l >= 0 && l < numClasses)) throw new Error(`trainClassifier: label ${l} is outside 0..${numClasses - 1}.`);
  const rng = createRng(o.seed);
  const optimizer = tf.train.adam(o.learningRate);
  const vars = model.trainableWeights.map((w) => (w as unknown as { read(): import("@tensorflow/tfjs").Variable }).read());
  const labelTensor = tf.tensor1d(labels, "int32");
  let batches: Int32Array[] = [];
  try {
    return await runTrainingLoop({
      epochs: o.epochs,
      stepsPerEpoch: Math.floor(images.shape[0] / o.batchSize),
      onProgress: o.onProgress,
      onEpochEnd: o.onEpochEnd,
      step: (_epoch, i) => {
        if (i === 0) batches = epochBatches(images.shape[0], o.batchSize, rng);
        const x = gatherRows(images, batches[i]);
        const y = tf.tidy(() => tf.oneHot(tf.gather(labelTensor, tf.tensor1d(batches[i], "int32")), numClasses));
        const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as Tensor) as import("@tensorflow/tfjs").Scalar, true, vars);
        const value = loss!.dataSync()[0];
        tf.dispose([x, y, loss!]);
        return value;
      },
    });
  } finally {
    optimizer.dispose();
    labelTensor.dispose();
  }
}

/** Predicted class of each image (batched; no tensors left behind). */
export function classifyImages(model: LayersModel, images: Tensor4D, batchSize = 256): Int32Array {
  checkImages(images, "classifyImages");
  const n = images.shape[0];
  const out = new Int32Array(n);
  for (let s = 0; s < n; s += batchSize) {
    const pred = tf.tidy(() => tf.argMax(model.apply(images.slice([s, 0, 0, 0], [Math.min(batchSize, n - s), -1, -1, -1]), { training: false }) as Tensor, -1));
    out.set(pred.dataSync() as Int32Array, s);
    pred.dispose();
  }
  return out;
}

/** Fraction of images whose predicted class equals the label. */
export function classifierAccuracy(model: LayersModel, images: Tensor4D, labels: ArrayLike<number>): number {
  if (labels.length !== images.shape[0]) throw new Error(`classifierAccuracy: ${labels.length} labels for ${images.shape[0]} images.`);
  const pred = classifyImages(model, images);
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) ok++;
  return ok / pred.length;
}
