/**
 * Image resizing for the super-resolution lesson, on batches stored as Float32Array [n, h, w]:
 * area (box) downsampling by an integer factor, and bicubic upsampling with the Keys kernel
 * (a = −0.5, the kernel of most image libraries), edges clamped.
 */

function checkBatch(name: string, images: Float32Array, n: number, h: number, w: number): void {
  if (!(images instanceof Float32Array)) throw new Error(`${name}: images must be a Float32Array, got ${typeof images}.`);
  for (const [k, v] of [["n", n], ["h", h], ["w", w]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name}: ${k} must be a positive integer, got ${v}.`);
  }
  if (images.length !== n * h * w) throw new Error(`${name}: images has ${images.length} values but n·h·w = ${n * h * w}.`);
}

/** Averages each `factor`×`factor` block: [n, h, w] → [n, h/factor, w/factor]. */
export function downsampleArea(images: Float32Array, n: number, h: number, w: number, factor: number): Float32Array {
  checkBatch("downsampleArea", images, n, h, w);
  if (!Number.isInteger(factor) || factor < 1 || h % factor !== 0 || w % factor !== 0) {
    throw new Error(`downsampleArea: factor must be a positive integer dividing ${h} and ${w}, got ${factor}.`);
  }
  const oh = h / factor;
  const ow = w / factor;
  const out = new Float32Array(n * oh * ow);
  const inv = 1 / (factor * factor);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        let s = 0;
        for (let dy = 0; dy < factor; dy++) {
          for (let dx = 0; dx < factor; dx++) s += images[b * h * w + (y * factor + dy) * w + x * factor + dx];
        }
        out[b * oh * ow + y * ow + x] = s * inv;
      }
    }
  }
  return out;
}

/** Keys' cubic convolution kernel with a = −0.5. */
function cubic(x: number): number {
  const a = -0.5;
  const ax = Math.abs(x);
  if (ax <= 1) return (a + 2) * ax ** 3 - (a + 3) * ax ** 2 + 1;
  if (ax < 2) return a * ax ** 3 - 5 * a * ax ** 2 + 8 * a * ax - 4 * a;
  return 0;
}

/** Bicubic upsampling by an integer factor (half-pixel centres): [n, h, w] → [n, h·f, w·f]. */
export function upsampleBicubic(images: Float32Array, n: number, h: number, w: number, factor: number): Float32Array {
  checkBatch("upsampleBicubic", images, n, h, w);
  if (!Number.isInteger(factor) || factor < 1 || factor > 16) throw new Error(`upsampleBicubic: factor must be an integer in 1..16, got ${factor}.`);
  const oh = h * factor;
  const ow = w * factor;
  const out = new Float32Array(n * oh * ow);
  // Precompute, per output coordinate, the 4 source indices and weights along one axis.
  const taps = (outSize: number, inSize: number): { idx: Int32Array; wt: Float32Array } => {
    const idx = new Int32Array(outSize * 4);
    const wt = new Float32Array(outSize * 4);
    for (let o = 0; o < outSize; o++) {
      const src = (o + 0.5) / factor - 0.5;
      const base = Math.floor(src);
      for (let k = 0; k < 4; k++) {
        const i = base - 1 + k;
        idx[o * 4 + k] = Math.min(inSize - 1, Math.max(0, i));
        wt[o * 4 + k] = cubic(src - i);
      }
    }
    return { idx, wt };
  };
  const ty = taps(oh, h);
  const tx = taps(ow, w);
  for (let b = 0; b < n; b++) {
    const inOff = b * h * w;
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        let s = 0;
        for (let ky = 0; ky < 4; ky++) {
          const row = inOff + ty.idx[y * 4 + ky] * w;
          const wy = ty.wt[y * 4 + ky];
          for (let kx = 0; kx < 4; kx++) s += wy * tx.wt[x * 4 + kx] * images[row + tx.idx[x * 4 + kx]];
        }
        out[b * oh * ow + y * ow + x] = s;
      }
    }
  }
  return out;
}
