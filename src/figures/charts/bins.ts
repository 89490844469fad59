/** Histogram binning that happens before a spec is built: specs carry bins, never raw samples. */
import { FigureInputError } from "../errors";
import { extent } from "../validate";

/** Result of binning samples on a fixed grid. */
export interface Bins {
  /** Left edges of the bins. */
  x0: Float64Array;
  /** Right edges of the bins. */
  x1: Float64Array;
  /** Sample counts per bin. */
  counts: Float64Array;
  /** Number of samples outside [lo, hi]. */
  outside: number;
  /** Number of samples. */
  total: number;
}

/**
 * Bins `samples` on `bins` equal bins over [lo, hi] (the last bin includes hi, as numpy does). Every
 * value must be finite: NaN or ±Infinity throws.
 */
export function binSamples(figure: string, samples: ArrayLike<number>, lo: number, hi: number, bins: number): Bins {
  const counts = new Float64Array(bins);
  const width = (hi - lo) / bins;
  let outside = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new FigureInputError(figure, `samples[${i}] is ${String(v)}; remove NaN/Infinity values before plotting`);
    }
    if (v < lo || v > hi) {
      outside++;
      continue;
    }
    const k = v === hi ? bins - 1 : Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[k]++;
  }
  const x0 = new Float64Array(bins);
  const x1 = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    x0[k] = lo + k * width;
    x1[k] = lo + (k + 1) * width;
  }
  return { x0, x1, counts, outside, total: samples.length };
}

/** Range for a histogram when none is given: the data's extent, widened if all samples are equal. */
export function defaultBinRange(samples: ArrayLike<number>): [number, number] {
  const [lo, hi] = extent(samples);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}
