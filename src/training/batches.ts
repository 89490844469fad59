/**
 * Seeded mini-batch indices: a fresh permutation of the data each epoch, cut into batches
 * (the last partial batch is dropped so every step has the same shape).
 */
import type { Rng } from "../random";

/** Index batches for one epoch, drawn from `rng`. */
export function epochBatches(count: number, batchSize: number, rng: Rng): Int32Array[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`epochBatches: count must be a positive integer, got ${count}.`);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > count) {
    throw new Error(`epochBatches: batchSize must be an integer in 1..${count}, got ${batchSize}.`);
  }
  const perm = new Int32Array(count);
  for (let i = 0; i < count; i++) perm[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = rng.integer(i + 1);
    const tmp = perm[i];
    perm[i] = perm[j];
    perm[j] = tmp;
  }
  const out: Int32Array[] = [];
  for (let b = 0; b + batchSize <= count; b += batchSize) out.push(perm.subarray(b, b + batchSize));
  return out;
}
