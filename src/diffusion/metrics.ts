/**
 * Measures of fit between samples and the true 1-D density, printed under the lessons' histograms and asserted
 * by the tests: histogram total variation and the Wasserstein-1 distance.
 */
import { checkMixture, mixtureCdf, type GaussianMixture } from "./mixture";
import { checkArray, checkFinite, type NumericArray } from "./validate";

/** Binning of `densityHistogram`. */
export interface HistogramOptions {
  /** Left edge (default −3). */
  lo?: number;
  /** Right edge (default 3). */
  hi?: number;
  /** Bin width (default 0.05, the lessons' histograms); (hi − lo)/binWidth is rounded to a whole number of bins. */
  binWidth?: number;
}

/** A density histogram. */
export interface DensityHistogram {
  /** Bin edges (bins + 1 values). */
  edges: Float64Array;
  /** Bin centres. */
  centers: Float64Array;
  /** Samples per bin. */
  counts: Float64Array;
  /** counts / (n · width): the density, normalised by ALL n samples (those outside [lo, hi] lower it). */
  density: Float64Array;
  /** Number of samples, including those outside [lo, hi]. */
  n: number;
  /** Samples outside [lo, hi]. */
  outside: number;
  /** Bin width. */
  binWidth: number;
}

function histogramEdges(opts: HistogramOptions, fn: string): { lo: number; width: number; bins: number } {
  const lo = opts.lo ?? -3;
  const hi = opts.hi ?? 3;
  const w = opts.binWidth ?? 0.05;
  checkFinite(lo, "opts.lo", fn);
  checkFinite(hi, "opts.hi", fn);
  checkFinite(w, "opts.binWidth", fn);
  if (!(hi > lo) || !(w > 0) || w > hi - lo) throw new Error(`${fn}: need lo < hi and 0 < binWidth ≤ hi − lo; got lo=${lo}, hi=${hi}, binWidth=${w}.`);
  const bins = Math.round((hi - lo) / w);
  return { lo, width: (hi - lo) / bins, bins };
}

/**
 * Density histogram of `samples` on [lo, hi] (default [−3, 3], bin 0.05). The last bin includes hi.
 * The density is count / (n·width) with n = all samples, so it integrates to the fraction inside [lo, hi].
 */
export function densityHistogram(samples: NumericArray, opts: HistogramOptions = {}): DensityHistogram {
  const fn = "densityHistogram(samples, opts)";
  checkArray(samples, "samples", fn, { nonEmpty: true });
  const { lo, width, bins } = histogramEdges(opts, fn);
  const hi = lo + bins * width;
  const counts = new Float64Array(bins);
  let outside = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (v < lo || v > hi) {
      outside++;
      continue;
    }
    let k = Math.floor((v - lo) / width);
    if (k >= bins) k = bins - 1;
    counts[k]++;
  }
  const n = samples.length;
  const edges = Float64Array.from({ length: bins + 1 }, (_, k) => lo + k * width);
  const centers = Float64Array.from({ length: bins }, (_, k) => lo + (k + 0.5) * width);
  const density = counts.map((c) => c / (n * width));
  return { edges, centers, counts, density, n, outside, binWidth: width };
}

/**
 * Total variation between the samples' density histogram and the true mixture:
 *   TV = ½ · Σ_k |p_hist,k − p̄_true,k| · Δ,
 * with bins of width Δ = 0.05 on [−3, 3] (change with opts), p_hist,k = count_k/(n·Δ) over all n samples, and
 * p̄_true,k the true pdf AVERAGED over bin k, i.e. (F(b_k) − F(a_k))/Δ with the mixture's cdf F.
 * 0 is a perfect fit, 1 disjoint; two independent 100 000-sample histograms of the book's mixture differ by ≈ 0.01.
 */
export function histogramTV(samples: NumericArray, mix: GaussianMixture, opts: HistogramOptions = {}): number {
  const fn = "histogramTV(samples, mix, opts)";
  checkMixture(mix, fn);
  const h = densityHistogram(samples, opts);
  const cdf = mixtureCdf(mix, h.edges);
  let sum = 0;
  for (let k = 0; k < h.counts.length; k++) {
    const pTrue = (cdf[k + 1] - cdf[k]) / h.binWidth;
    sum += Math.abs(h.density[k] - pTrue) * h.binWidth;
  }
  return 0.5 * sum;
}

/**
 * Total variation between two mixtures with the binning of `histogramTV` (bins of 0.05 on [−3, 3] by default):
 * ½ Σ_k |P_a(bin k) − P_b(bin k)|, no sampling involved. E.g. the exact marginal q(z_t) (`diffusedMixture`) against
 * the data: the TV that perfect samples of z_t would score.
 */
export function mixtureTV(a: GaussianMixture, b: GaussianMixture, opts: HistogramOptions = {}): number {
  const fn = "mixtureTV(a, b, opts)";
  checkMixture(a, fn);
  checkMixture(b, fn);
  const { lo, width, bins } = histogramEdges(opts, fn);
  const edges = Float64Array.from({ length: bins + 1 }, (_, k) => lo + k * width);
  const ca = mixtureCdf(a, edges);
  const cb = mixtureCdf(b, edges);
  let sum = 0;
  for (let k = 0; k < bins; k++) sum += Math.abs(ca[k + 1] - ca[k] - (cb[k + 1] - cb[k]));
  return 0.5 * sum;
}

/** The bin of the samples' density histogram farthest from the true pdf (bin-averaged), as in `histogramTV`. */
export interface BinGap {
  /** Centre of the bin. */
  x: number;
  /** The samples' density in that bin. */
  density: number;
  /** The true pdf averaged over that bin. */
  pdf: number;
}

/** Where the samples' histogram misses the true pdf most: the bin with the largest |density − pdf| (binning of `histogramTV`). */
export function largestBinGap(samples: NumericArray, mix: GaussianMixture, opts: HistogramOptions = {}): BinGap {
  const fn = "largestBinGap(samples, mix, opts)";
  checkMixture(mix, fn);
  const h = densityHistogram(samples, opts);
  const cdf = mixtureCdf(mix, h.edges);
  let best: BinGap = { x: h.centers[0], density: h.density[0], pdf: (cdf[1] - cdf[0]) / h.binWidth };
  for (let k = 1; k < h.counts.length; k++) {
    const pdf = (cdf[k + 1] - cdf[k]) / h.binWidth;
    if (Math.abs(h.density[k] - pdf) > Math.abs(best.density - best.pdf)) best = { x: h.centers[k], density: h.density[k], pdf };
  }
  return best;
}

/** Slope of the least-squares line through the points (x[i], y[i]): cov(x, y)/var(x). */
export function linearFitSlope(x: NumericArray, y: NumericArray): number {
  const fn = "linearFitSlope(x, y)";
  checkArray(x, "x", fn, { nonEmpty: true });
  checkArray(y, "y", fn, { length: x.length });
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= x.length;
  my /= x.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  if (!(sxx > 0)) throw new Error(`${fn}: the x values are all equal; a slope needs at least two different x.`);
  return sxy / sxx;
}

/**
 * Wasserstein-1 distance between the samples' empirical distribution and the mixture, W₁ = ∫ |F_n(x) − F(x)| dx,
 * integrated with the midpoint rule on a grid of step ≤ 0.0005 covering all samples and the mixture's mass
 * (means ± 10 sds). Same units as x; 0 is a perfect fit.
 */
export function wasserstein1(samples: NumericArray, mix: GaussianMixture): number {
  const fn = "wasserstein1(samples, mix)";
  const m = checkMixture(mix, fn);
  checkArray(samples, "samples", fn, { nonEmpty: true });
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let lo = sorted[0];
  let hi = sorted[n - 1];
  for (let k = 0; k < m.means.length; k++) {
    lo = Math.min(lo, m.means[k] - 10 * m.sds[k]);
    hi = Math.max(hi, m.means[k] + 10 * m.sds[k]);
  }
  const cells = Math.min(2_000_000, Math.max(1000, Math.ceil((hi - lo) / 0.0005)));
  const h = (hi - lo) / cells;
  const mids = Float64Array.from({ length: cells }, (_, j) => lo + (j + 0.5) * h);
  const F = mixtureCdf(m, mids);
  let j = 0;
  let total = 0;
  for (let c = 0; c < cells; c++) {
    while (j < n && sorted[j] <= mids[c]) j++;
    total += Math.abs(j / n - F[c]);
  }
  return total * h;
}
