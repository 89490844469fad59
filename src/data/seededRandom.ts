/**
 * A tiny seeded uniform generator (mulberry32) for data shuffling and procedural images.
 * Kept private to src/data and src/training so their results never depend on Math.random.
 */

/** Returns a function giving uniform numbers in [0, 1), fully determined by `seed`. */
export function seededUniform(seed: number): () => number {
  if (!Number.isFinite(seed)) throw new Error(`seededUniform: seed must be a finite number, got ${seed}.`);
  let a = Math.floor(seed) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded permutation of 0..n-1 (Fisher–Yates). */
export function seededPermutation(n: number, seed: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`seededPermutation: n must be a non-negative integer, got ${n}.`);
  const rand = seededUniform(seed);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = idx[i];
    idx[i] = idx[j];
    idx[j] = tmp;
  }
  return idx;
}
