/**
 * Shared checks and small helpers for the trainers.
 */
import { tf } from "../backend";
import type { Tensor, Tensor4D } from "@tensorflow/tfjs";
import type { Rng } from "../random";

/** Settings every trainer accepts. */
export interface CommonTrainOptions {
  /** Passes over the data (≥ 1). */
  epochs: number;
  /** Examples per step. */
  batchSize: number;
  /** Adam learning rate. */
  learningRate: number;
  /** Seed of every random choice (batch order, noise, time steps, label dropout). */
  seed: number;
  /** Progress after each step (e.g. a figures progress bar's update). */
  onProgress?: (p: import("./loop").TrainingProgress) => void;
  /** Called after each epoch (checkpoints). */
  onEpochEnd?: (epoch: number, meanLoss: number) => void | Promise<void>;
}

/** Throws unless `x` is a rank-4 tensor with the given trailing shape and no NaN. */
export function checkImages(x: unknown, fn: string, h?: number, w?: number, c?: number): asserts x is Tensor4D {
  if (!(x instanceof tf.Tensor) || x.rank !== 4) throw new Error(`${fn}: expected a rank-4 tensor [n, h, w, c], got ${x instanceof tf.Tensor ? `shape [${x.shape}]` : typeof x}.`);
  const [, hh, ww, cc] = x.shape;
  if ((h !== undefined && hh !== h) || (w !== undefined && ww !== w) || (c !== undefined && cc !== c)) {
    throw new Error(`${fn}: expected shape [n, ${h ?? "h"}, ${w ?? "w"}, ${c ?? "c"}], got [${x.shape}].`);
  }
}

/** Throws unless the common options are sensible. */
export function checkCommon(o: CommonTrainOptions, fn: string, count: number): void {
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new Error(`${fn}: epochs must be a positive integer, got ${o.epochs}.`);
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1 || o.batchSize > count) throw new Error(`${fn}: batchSize must be an integer in 1..${count}, got ${o.batchSize}.`);
  if (!(o.learningRate > 0) || !Number.isFinite(o.learningRate)) throw new Error(`${fn}: learningRate must be a positive number, got ${o.learningRate}.`);
  if (!Number.isFinite(o.seed)) throw new Error(`${fn}: seed must be a finite number, got ${o.seed}.`);
}

/** Rows `idx` of `x` (a new tensor). */
export function gatherRows<T extends Tensor>(x: T, idx: Int32Array): T {
  return tf.tidy(() => tf.gather(x, tf.tensor1d(idx, "int32"))) as T;
}

/**
 * Algorithm 1's steps 2–3 for a batch: t ~ Uniform{0, …, T−1} from the seeded generator and the two scales of
 * z_t = √ᾱ_t z₀ + √(1−ᾱ_t) ε (`sa` = √ᾱ_t, `sb` = √(1−ᾱ_t)).
 */
export function drawNoiseLevels(batch: number, T: number, alphaBar: ArrayLike<number>, rng: Rng): { ts: Int32Array; sa: Float32Array; sb: Float32Array } {
  const ts = new Int32Array(batch);
  const sa = new Float32Array(batch);
  const sb = new Float32Array(batch);
  for (let b = 0; b < batch; b++) {
    ts[b] = rng.integer(T);
    sa[b] = Math.sqrt(alphaBar[ts[b]]);
    sb[b] = Math.sqrt(1 - alphaBar[ts[b]]);
  }
  return { ts, sa, sb };
}
