/**
 * From uint8 splits to tfjs tensors and back: images as [n, rows, cols, 1] float32 in [0, 1].
 */
import { tf } from "../backend";
import type { MnistSplit } from "./mnist";

/** Pixels of images `start … start+count−1` scaled to [0, 1] as a Float32Array [count, rows, cols]. */
export function splitPixels01(split: MnistSplit, start = 0, count = split.count - start): Float32Array {
  checkRange("splitPixels01", split, start, count);
  const px = split.rows * split.cols;
  const out = new Float32Array(count * px);
  for (let i = 0; i < count * px; i++) out[i] = split.pixels[start * px + i] / 255;
  return out;
}

/** Images `start … start+count−1` as a tensor [count, rows, cols, 1] in [0, 1]. */
export function splitImages(split: MnistSplit, start = 0, count = split.count - start): import("@tensorflow/tfjs").Tensor4D {
  checkRange("splitImages", split, start, count);
  return tf.tensor4d(splitPixels01(split, start, count), [count, split.rows, split.cols, 1]);
}

/** Labels `start … start+count−1` as an Int32Array. */
export function splitLabels(split: MnistSplit, start = 0, count = split.count - start): Int32Array {
  checkRange("splitLabels", split, start, count);
  return Int32Array.from(split.labels.subarray(start, start + count));
}

function checkRange(name: string, split: MnistSplit, start: number, count: number): void {
  if (!split || !(split.pixels instanceof Uint8Array)) throw new Error(`${name}: expected an MnistSplit (from loadMnist() or makeShapes()).`);
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 1 || start + count > split.count) {
    throw new Error(`${name}: range start=${start}, count=${count} is outside the split's ${split.count} images.`);
  }
}
