/**
 * splitmix32: turns one 32-bit seed into well-mixed 32-bit words. Used only to seed xoshiro128**,
 * so that any seed (including 0 and neighbouring integers) gives an unrelated, non-zero state.
 */

/** Returns `count` seeding words derived from `seed` (an integer; only its low 32 bits matter). */
export function splitmix32Words(seed: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  let s = seed | 0;
  for (let i = 0; i < count; i++) {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    out[i] = (z ^ (z >>> 16)) >>> 0;
  }
  return out;
}
