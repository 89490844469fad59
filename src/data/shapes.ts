/**
 * A procedural image set for fast tests: filled discs, squares, triangles and crosses at random
 * positions and sizes on a black canvas. Same layout as an MNIST split (uint8 pixels + labels),
 * generated in milliseconds and fully determined by the seed.
 */
import type { MnistSplit } from "./mnist";
import { createRng } from "../random";

/** Class names of the shapes set, by label. */
export const SHAPE_NAMES = ["disc", "square", "triangle", "cross"] as const;

/** Makes `count` shape images of `size`×`size` (default 28) pixels. */
export function makeShapes(count: number, seed: number, size = 28): MnistSplit {
  if (!Number.isInteger(count) || count < 1) throw new Error(`makeShapes: count must be a positive integer, got ${count}.`);
  if (!Number.isInteger(size) || size < 8 || size > 256) throw new Error(`makeShapes: size must be an integer in 8..256, got ${size}.`);
  if (!Number.isFinite(seed)) throw new Error(`makeShapes: seed must be a finite number, got ${seed}.`);
  const rng = createRng(seed);
  const rand = (): number => rng.uniform();
  const px = size * size;
  const pixels = new Uint8Array(count * px);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const label = Math.floor(rand() * SHAPE_NAMES.length);
    labels[n] = label;
    const r = size * (0.18 + 0.14 * rand()); // half-size
    const cx = r + 1 + rand() * (size - 2 * r - 2);
    const cy = r + 1 + rand() * (size - 2 * r - 2);
    const level = 160 + Math.floor(95 * rand());
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const dx = x + 0.5 - cx;
        const dy = y + 0.5 - cy;
        let inside = false;
        if (label === 0) inside = dx * dx + dy * dy <= r * r;
        else if (label === 1) inside = Math.abs(dx) <= r * 0.85 && Math.abs(dy) <= r * 0.85;
        else if (label === 2) inside = dy <= r * 0.8 && dy >= -r && Math.abs(dx) <= ((dy + r) / (1.8 * r)) * r;
        else inside = (Math.abs(dx) <= r * 0.3 && Math.abs(dy) <= r) || (Math.abs(dy) <= r * 0.3 && Math.abs(dx) <= r);
        if (inside) pixels[n * px + y * size + x] = level;
      }
    }
  }
  return { count, rows: size, cols: size, pixels, labels };
}
