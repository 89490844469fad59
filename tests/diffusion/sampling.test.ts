import { describe, expect, it } from "vitest";
import { createRng } from "../../src/random";
import {
  alphaBar, bookMixture, ddimSigma, ddimStep, ddimTimes, epsReverseStep, histogramTV, sampleDdim, sampleEps, sampleMean,
  sampleMixture, trainEpsModels, trainMeanModels, wasserstein1, type LookupTableModel,
} from "../../src/diffusion";

const mix = bookMixture();
const beta = 0.01511;
const T = 100;
const n = 100_000;

describe("quality of the book's samplers at n = 100 000 (seeds 1–3)", () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: decoder ≤ 0.12, reparameterized ≤ 0.12, DDIM σ=0.001 ≤ 0.16, 20 steps ≤ 0.10 (≥ 0.15 when the last jump lands on α₀)`, () => {
      const rng = createRng(seed);
      const x = sampleMixture(mix, n, rng);
      const meanModels = trainMeanModels(x, T, beta, rng);
      const epsModels = trainEpsModels(x, T, beta, rng);
      const decoder = sampleMean(meanModels, T, 0.12288, n, rng, { keepTrajectories: 5 });
      const reparam = sampleEps(epsModels, T, beta, 0.12288, n, rng);
      const ddim = sampleDdim(epsModels, T, beta, { sigma: 0.001 }, n, rng);
      const fast = sampleDdim(epsModels, T, beta, { sigma: 0.12288, steps: 20, spacing: "quadratic" }, n, rng);
      const collapsed = sampleDdim(epsModels, T, beta, { sigma: 0.11, stride: 5, setAlphaToOne: true }, n, rng);
      const tv = [decoder, reparam, ddim, fast, collapsed].map((r) => histogramTV(r.samples, mix));
      expect(tv[0]).toBeLessThanOrEqual(0.12);
      expect(tv[1]).toBeLessThanOrEqual(0.12);
      expect(tv[2]).toBeLessThanOrEqual(0.16);
      // The accelerated band: 20 steps at least as good as the book's own code (TV ≈ 0.08–0.10) …
      expect(tv[3]).toBeLessThanOrEqual(0.1);
      // … while a deterministic last jump to α₀ = 1 returns E[x | z_5] and collapses the narrow mode.
      expect(tv[4]).toBeGreaterThanOrEqual(0.15);
      // far better than the starting noise, and the Wasserstein distance agrees
      expect(histogramTV(createRng(seed).normals(n), mix)).toBeGreaterThan(0.25);
      for (const r of [decoder, reparam, ddim, fast]) expect(wasserstein1(r.samples, mix)).toBeLessThan(0.1);
      expect(decoder.rows?.length).toBe(101);
      expect(decoder.rows?.[0].length).toBe(5);
      expect(Array.from(decoder.rows![0])).toEqual(Array.from(decoder.samples.slice(0, 5)));
      expect(fast.times.length).toBe(21);
      expect(Array.from(collapsed.times)).toEqual(Array.from({ length: 21 }, (_, i) => 5 * i));
    });
  }
});

describe("the notebooks' step functions reproduce the samplers", () => {
  const rngTrain = createRng(21);
  const x = sampleMixture(mix, 20_000, rngTrain);
  const models: LookupTableModel[] = trainEpsModels(x, T, beta, rngTrain);

  it("a loop of epsReverseStep with the same noise gives sampleEps's samples", () => {
    const m = 1000;
    const lib = sampleEps(models, T, beta, 0.12288, m, createRng(3), { keepTrajectories: true });
    const rng = createRng(3);
    let z = rng.normals(m);
    for (let t = T; t >= 1; t--) {
      const g = models[t - 1].predict(z);
      z = epsReverseStep(z, g, t, beta, t > 1 ? 0.12288 : 0, rng);
      expect(z[7]).toBeCloseTo(lib.rows![t - 1][7], 12);
    }
    for (let i = 0; i < m; i += 50) expect(z[i]).toBeCloseTo(lib.samples[i], 12);
  });

  it("a loop of ddimStep over strided times gives sampleDdim's samples (σ and η forms)", () => {
    const m = 1000;
    const cases: Array<{ sigma?: number; eta?: number; stride?: number; steps?: number; spacing?: "quadratic"; setAlphaToOne?: boolean }> = [
      { sigma: 0.11, stride: 5 }, { eta: 0.5, steps: 10 }, { sigma: 0.12288, steps: 20, spacing: "quadratic" }, { sigma: 0.11, stride: 5, setAlphaToOne: true },
    ];
    for (const opts of cases) {
      const lib = sampleDdim(models, T, beta, opts, m, createRng(4));
      const rng = createRng(4);
      const times = ddimTimes(T, opts);
      let z = rng.normals(m);
      for (let k = times.length - 1; k >= 1; k--) {
        const aT = alphaBar(beta, times[k]);
        const aPrev = alphaBar(beta, times[k - 1]);
        const s = opts.sigma !== undefined ? Math.min(opts.sigma, Math.sqrt(1 - aPrev)) : ddimSigma(aT, aPrev, opts.eta ?? 0);
        z = ddimStep(z, models[times[k] - 1].predict(z), aT, aPrev, s, rng);
      }
      for (let i = 0; i < m; i += 50) expect(z[i]).toBeCloseTo(lib.samples[i], 12);
    }
  });

  it("DDIM with σ = 0 is deterministic given z_T; η = 1 equals ancestral sampling with the posterior σ", () => {
    const a = sampleDdim(models, T, beta, { eta: 0 }, 500, createRng(8));
    const b = sampleDdim(models, T, beta, { sigma: 0 }, 500, createRng(8));
    expect(Array.from(a.samples)).toEqual(Array.from(b.samples));
    // η = 1, all steps: σ_t² = (1−α_{t−1})/(1−α_t)·β — the same update as the ε form with that σ
    const sig = Float64Array.from({ length: T }, (_, i) => ddimSigma(alphaBar(beta, i + 1), alphaBar(beta, i), 1));
    const ddpm = sampleEps(models, T, beta, sig, 500, createRng(9));
    const ddimEta1 = sampleDdim(models, T, beta, { eta: 1, setAlphaToOne: true }, 500, createRng(9));
    for (let i = 0; i < 500; i += 25) expect(ddimEta1.samples[i]).toBeCloseTo(ddpm.samples[i], 9);
  });

  it("ddimTimes spaces steps like the book's accelerated sampler", () => {
    expect(Array.from(ddimTimes(100, { stride: 5, setAlphaToOne: true }))).toEqual(Array.from({ length: 21 }, (_, i) => 5 * i));
    expect(Array.from(ddimTimes(100, { stride: 5 }))).toEqual([1, ...Array.from({ length: 20 }, (_, i) => 5 * (i + 1))]);
    expect(Array.from(ddimTimes(100, { steps: 3, setAlphaToOne: true }))).toEqual([0, 33, 67, 100]);
    // every step, landing on α₁: the jump 1 → 0 is not taken
    expect(Array.from(ddimTimes(100))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const quad = Array.from(ddimTimes(100, { steps: 20, spacing: "quadratic" }));
    expect(quad.length).toBe(21);
    expect([quad[0], quad[20]]).toEqual([1, 100]);
    quad.slice(1).forEach((t, k) => expect(t - quad[k]).toBeGreaterThanOrEqual(1));
    expect(quad[1] - quad[0]).toBeLessThan(quad[20] - quad[19]);
    expect(() => ddimTimes(100, { stride: 5, spacing: "quadratic" })).toThrow(/give steps instead/);
    expect(() => ddimTimes(100, { steps: 100, spacing: "quadratic" })).toThrow(/steps ≤ 99/);
    expect(() => ddimTimes(100, { stride: 7 })).toThrow(/multiple of stride/);
    expect(() => ddimTimes(100, { steps: 0 })).toThrow(/steps must be an integer/);
  });

  it("the samplers validate their input", () => {
    expect(() => sampleEps(models.slice(0, 50), T, beta, 0.1, 10, createRng(1))).toThrow(/50 models but T = 100/);
    expect(() => sampleEps(models, T, beta, -1, 10, createRng(1))).toThrow(/sigma/);
    expect(() => sampleMean(models, T, 0.1, 0, createRng(1))).toThrow(/n must be an integer ≥ 1/);
    expect(() => sampleDdim(models, T, beta, { sigma: 0.1, eta: 0.1 }, 10, createRng(1))).toThrow(/sigma or eta, not both/);
    expect(() => ddimStep([1], [1], 0.5, 0.9, 0.5)).toThrow(/exceeds 1 − alphaPrev/);
    expect(() => ddimStep([1], [1], 0.5, 0.9, 0.1)).toThrow(/needs noise/);
    expect(() => epsReverseStep([1], [1, 2], 3, beta, 0)).toThrow(/length 1/);
    expect(() => sampleEps(() => new Float64Array(3), T, beta, 0.1, 10, createRng(1))).toThrow(/returned a Float64Array of length 3/);
  });
});
