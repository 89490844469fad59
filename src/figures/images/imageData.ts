/**
 * Image batches as the figure layer accepts them, normalized to N × H × W × C floats in [0, 1]:
 * a tf.Tensor (copied out with dataSync; the caller's tensor is not disposed), { data, shape },
 * a flat typed array with `shape`, or nested arrays (N × H × W, N × H × W × C, or N flat square images).
 */
import { FigureInputError } from "../errors";

/** Anything with a shape and a synchronous copy of its values: a tf.Tensor fits. */
export interface ImageTensorLike {
  readonly shape: readonly number[];
  dataSync(): ArrayLike<number>;
  readonly isDisposed?: boolean;
}

/** Images given as a flat array with an explicit shape [N, H, W] or [N, H, W, C]. */
export interface ShapedImages {
  data: ArrayLike<number>;
  shape: readonly number[];
}

/** Everything `imageGrid` accepts. */
export type ImageBatch = ImageTensorLike | ShapedImages | ArrayLike<number> | ReadonlyArray<ArrayLike<number> | ReadonlyArray<ArrayLike<number>> | ReadonlyArray<ReadonlyArray<ArrayLike<number>>>>;

/** A normalized batch: values in [0, 1], row-major N × H × W × C. */
export interface NormalizedImages {
  n: number;
  height: number;
  width: number;
  channels: number;
  values: Float32Array;
  /** The input value range that was mapped to [0, 1]. */
  range: [number, number];
}

function isTensorLike(x: unknown): x is ImageTensorLike {
  return !!x && typeof x === "object" && Array.isArray((x as ImageTensorLike).shape) && typeof (x as ImageTensorLike).dataSync === "function";
}

function isShaped(x: unknown): x is ShapedImages {
  return !!x && typeof x === "object" && "data" in (x as object) && Array.isArray((x as ShapedImages).shape);
}

function isArrayLikeNumber(x: unknown): x is ArrayLike<number> {
  return (ArrayBuffer.isView(x) && !(x instanceof DataView)) || (Array.isArray(x) && (x.length === 0 || typeof x[0] === "number"));
}

function checkShape(figure: string, shape: readonly number[], length: number): [number, number, number, number] {
  if ((shape.length !== 3 && shape.length !== 4) || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new FigureInputError(figure, `image shape must be [N, H, W] or [N, H, W, C] with positive integers; got [${shape.join(", ")}]`);
  }
  const [n, h, w, c = 1] = shape;
  if (n * h * w * c !== length) {
    throw new FigureInputError(figure, `shape [${shape.join(", ")}] needs ${n * h * w * c} values but the data has ${length}`);
  }
  return [n, h, w, c];
}

/** Flattens nested arrays into values + shape. */
function flattenNested(figure: string, images: ReadonlyArray<unknown>): { data: Float32Array; shape: number[] } {
  const n = images.length;
  if (n === 0) throw new FigureInputError(figure, "no images given; pass at least one image");
  const first = images[0];
  if (isArrayLikeNumber(first)) {
    // N flat images: square side inferred (e.g. 784 → 28 × 28).
    const len = first.length;
    const side = Math.round(Math.sqrt(len));
    if (side * side !== len) {
      throw new FigureInputError(figure, `each flat image has ${len} values, which is not a square; pass { data, shape: [N, H, W] } instead`);
    }
    const data = new Float32Array(n * len);
    images.forEach((img, i) => {
      if (!isArrayLikeNumber(img) || img.length !== len) throw new FigureInputError(figure, `image ${i} has ${(img as ArrayLike<number>)?.length ?? 0} values; image 0 has ${len}`);
      for (let k = 0; k < len; k++) data[i * len + k] = img[k];
    });
    return { data, shape: [n, side, side] };
  }
  // N × H × (W | W × C)
  const rows0 = first as ReadonlyArray<unknown>;
  if (!rows0 || typeof rows0 !== "object" || typeof rows0.length !== "number" || rows0.length === 0) {
    throw new FigureInputError(figure, "each image must be an array of rows (H × W) or a flat square array");
  }
  const h = rows0.length;
  const row0 = rows0[0];
  let w: number;
  let c: number;
  if (isArrayLikeNumber(row0)) {
    w = row0.length;
    c = 1;
  } else {
    const px = (row0 as ReadonlyArray<ArrayLike<number>>)?.[0];
    if (!isArrayLikeNumber(px)) throw new FigureInputError(figure, "image rows must hold numbers (H × W) or pixels (H × W × C)");
    w = (row0 as ReadonlyArray<unknown>).length;
    c = px.length;
  }
  const data = new Float32Array(n * h * w * c);
  let o = 0;
  images.forEach((img, i) => {
    const rows = img as ReadonlyArray<unknown>;
    if (!rows || rows.length !== h) throw new FigureInputError(figure, `image ${i} has ${rows?.length ?? 0} rows; image 0 has ${h}`);
    for (let y = 0; y < h; y++) {
      const row = rows[y] as ReadonlyArray<unknown>;
      if (!row || row.length !== w) throw new FigureInputError(figure, `image ${i} row ${y} has ${row?.length ?? 0} values; expected ${w}`);
      for (let x = 0; x < w; x++) {
        if (c === 1) data[o++] = Number(row[x]);
        else {
          const px = row[x] as ArrayLike<number>;
          if (!px || px.length !== c) throw new FigureInputError(figure, `image ${i} pixel (${y}, ${x}) has ${px?.length ?? 0} channels; expected ${c}`);
          for (let k = 0; k < c; k++) data[o++] = Number(px[k]);
        }
      }
    }
  });
  return { data, shape: c === 1 ? [n, h, w] : [n, h, w, c] };
}

/**
 * Normalizes an image batch. `range` fixes the input range mapped to [0, 1]; by default [0, 1] when all
 * values lie in it, [-1, 1] when they lie in that, [0, 255] for bytes, else the batch's min…max.
 */
export function normalizeImages(figure: string, images: unknown, options: { shape?: readonly number[]; range?: [number, number] } = {}): NormalizedImages {
  let data: ArrayLike<number>;
  let shape: readonly number[];
  if (isTensorLike(images)) {
    if (images.isDisposed) throw new FigureInputError(figure, "the tensor was already disposed; display images before disposing them");
    shape = options.shape ?? images.shape;
    data = images.dataSync();
  } else if (isShaped(images)) {
    shape = options.shape ?? images.shape;
    data = images.data;
  } else if (isArrayLikeNumber(images)) {
    if (!options.shape) throw new FigureInputError(figure, "a flat array of pixels needs its shape: pass { shape: [N, H, W] } in the options");
    shape = options.shape;
    data = images;
  } else if (Array.isArray(images)) {
    const flat = flattenNested(figure, images);
    data = flat.data;
    shape = options.shape ?? flat.shape;
  } else {
    throw new FigureInputError(figure, `images must be a tf.Tensor, { data, shape }, nested arrays or a flat array with { shape }; got ${images === null ? "null" : typeof images}`);
  }
  const [n, height, width, channels] = checkShape(figure, shape, data.length);
  const values = new Float32Array(data.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    if (!Number.isFinite(v)) throw new FigureInputError(figure, `pixel value ${i} is ${v}; images must hold finite numbers`);
    values[i] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  let range: [number, number];
  if (options.range) {
    const [a, b] = options.range;
    if (!Number.isFinite(a) || !Number.isFinite(b) || !(a < b)) throw new FigureInputError(figure, `range must be [lo, hi] with lo < hi; got [${a}, ${b}]`);
    range = [a, b];
  } else if (lo >= 0 && hi <= 1) range = [0, 1];
  else if (lo >= -1 && hi <= 1) range = [-1, 1];
  else if (lo >= 0 && hi <= 255) range = [0, 255];
  else range = lo < hi ? [lo, hi] : [lo - 0.5, lo + 0.5];
  const span = range[1] - range[0];
  for (let i = 0; i < values.length; i++) values[i] = Math.min(1, Math.max(0, (values[i] - range[0]) / span));
  return { n, height, width, channels, values, range };
}
