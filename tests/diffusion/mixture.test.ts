import { describe, expect, it } from "vitest";
import { createRng } from "../../src/random";
import {
  bookMixture, densityHistogram, erf, histogramTV, mixtureCdf, mixturePdf, normalCdf, normalPdf, sampleMixture, wasserstein1,
} from "../../src/diffusion";

const mix = bookMixture();

describe("normal distribution helpers", () => {
  it("match tabulated values of erf and Φ", () => {
    // Abramowitz & Stegun table 7.1 / standard values
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 14);
    expect(1 - erf(3)).toBeCloseTo(2.209049699858544e-5, 15);
    expect(erf(-2)).toBeCloseTo(-0.9953222650189527, 14);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 9);
    expect(normalPdf(0)).toBeCloseTo(0.3989422804014327, 15);
  });
});

describe("the book's mixture", () => {
  it("has the book's parameters", () => {
    expect(mix.means).toEqual([1.5, -0.216, 0.45, -1.875]);
    expect(mix.sds).toEqual([0.3, 0.15, 0.525, 0.075]);
    expect(mix.weights).toEqual([0.2, 0.3, 0.35, 0.15]);
  });

  it("has a pdf that integrates to 1 and a cdf that is its integral", () => {
    const h = 0.001;
    let integral = 0;
    let cdfErr = 0;
    for (let x = -5; x < 5; x += h) {
      integral += mixturePdf(mix, x + h / 2) * h;
      cdfErr = Math.max(cdfErr, Math.abs(integral - mixtureCdf(mix, x + h)));
    }
    expect(integral).toBeCloseTo(1, 8);
    expect(cdfErr).toBeLessThan(1e-6);
    const grid = Float64Array.from({ length: 600 }, (_, i) => -3 + 0.01 * i);
    expect(mixturePdf(mix, grid).length).toBe(600);
    expect(mixturePdf(mix, grid)[300]).toBeCloseTo(mixturePdf(mix, 0), 12);
  });

  it("draws samples with the mixture's mean and variance", () => {
    const n = 200_000;
    const x = sampleMixture(mix, n, createRng(4));
    const mean = mix.weights.reduce((s, w, k) => s + w * mix.means[k], 0);
    const second = mix.weights.reduce((s, w, k) => s + w * (mix.means[k] ** 2 + mix.sds[k] ** 2), 0);
    let m = 0, m2 = 0;
    for (const v of x) { m += v; m2 += v * v; }
    m /= n; m2 /= n;
    const sd = Math.sqrt(second - mean * mean);
    expect(Math.abs(m - mean)).toBeLessThan(5 * sd / Math.sqrt(n));
    expect(Math.abs(m2 - m * m - sd * sd)).toBeLessThan(0.02);
  });
});

describe("fit measures", () => {
  it("histogramTV is ~0.01 for true samples, larger for a wrong density, and follows its definition", () => {
    const rng = createRng(12);
    const good = histogramTV(sampleMixture(mix, 100_000, rng), mix);
    expect(good).toBeLessThan(0.02);
    const shifted = sampleMixture(mix, 100_000, rng).map((v) => v + 0.3);
    expect(histogramTV(shifted, mix)).toBeGreaterThan(0.15);
    // Hand-computed: all 4 samples in bin [0, 0.05) → p_hist = 4/(4·0.05) = 20 there, 0 elsewhere;
    // TV = ½(|20 − p̄₀|·0.05 + Σ_{k≠0} p̄_k·0.05) = ½((1 − P₀) + (P_in − P₀)) with P₀ the true mass of the bin.
    const one = { means: [0], sds: [1], weights: [1] };
    const P0 = normalCdf(0.05) - normalCdf(0);
    const Pin = normalCdf(3) - normalCdf(-3);
    expect(histogramTV([0.01, 0.02, 0.03, 0.04], one)).toBeCloseTo(0.5 * (1 - P0 + Pin - P0), 12);
  });

  it("densityHistogram uses 0.05 bins on [−3, 3] normalised by all samples", () => {
    const h = densityHistogram([-3, -2.99, 0, 2.9999, 3, 7]);
    expect(h.counts.length).toBe(120);
    expect(h.edges[0]).toBe(-3);
    expect(h.edges[120]).toBeCloseTo(3, 12);
    expect(h.counts[0]).toBe(2);
    expect(h.counts[60]).toBe(1);
    expect(h.counts[119]).toBe(2); // 3 itself lands in the last bin
    expect(h.outside).toBe(1);
    expect(h.density[0]).toBeCloseTo(2 / (6 * 0.05), 12);
  });

  it("wasserstein1 is small for true samples and equals the shift for a shifted sample", () => {
    const rng = createRng(8);
    const x = sampleMixture(mix, 100_000, rng);
    expect(wasserstein1(x, mix)).toBeLessThan(0.01);
    const shifted = x.map((v) => v + 0.5);
    expect(wasserstein1(shifted, mix)).toBeGreaterThan(0.49);
    expect(wasserstein1(shifted, mix)).toBeLessThan(0.51);
    // one point at 0 vs N(0,1): W1 = E|Z| = √(2/π)
    expect(wasserstein1([0], { means: [0], sds: [1], weights: [1] })).toBeCloseTo(Math.sqrt(2 / Math.PI), 5);
  });

  it("reject bad input clearly", () => {
    expect(() => histogramTV([], mix)).toThrow(/empty/);
    expect(() => histogramTV([1, NaN], mix)).toThrow(/samples\[1\].*NaN/);
    expect(() => histogramTV([1], { means: [0], sds: [0], weights: [1] })).toThrow(/sds\[0\]/);
    expect(() => histogramTV([1], { means: [0, 1], sds: [1, 1], weights: [0.5, 0.6] })).toThrow(/sum to 1/);
    expect(() => densityHistogram([1], { lo: 1, hi: 0 })).toThrow(/lo < hi/);
    expect(() => sampleMixture(mix, 1.5, createRng(1))).toThrow(/n must be an integer/);
    expect(() => sampleMixture(mix, 10, {} as never)).toThrow(/createRng/);
    expect(() => mixturePdf(mix, NaN)).toThrow(/NaN/);
  });
});
