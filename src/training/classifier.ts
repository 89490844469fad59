/**
 * Training the digit classifier used for quality metrics: softmax cross-entropy with Adam.
 */
import { tf } from "../backend";
import type { LayersModel, Scalar, Tensor, Tensor4D } from "@tensorflow/tfjs";
import { checkCommon, checkImages, gatherRows, type CommonTrainOptions } from "./common";
import type { TrainingReport } from "./loop";
import { trainMinibatches } from "./minibatch";

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
  const labelTensor = tf.tensor1d(labels, "int32");
  try {
    return await trainMinibatches({
      ...o,
      fn: "trainClassifier",
      models: [model],
      count: images.shape[0],
      batchLoss: (idx) => {
        const x = gatherRows(images, idx);
        const y = tf.tidy(() => tf.oneHot(tf.gather(labelTensor, tf.tensor1d(idx, "int32")), numClasses));
        return { loss: () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as Tensor) as Scalar, tensors: [x, y] };
      },
    });
  } finally {
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
