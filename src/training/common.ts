/**
 * Shared checks and small helpers for the trainers.
 */
import { tf } from "../backend";
import type { Tensor, Tensor4D } from "@tensorflow/tfjs";

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
