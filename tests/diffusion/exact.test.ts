import { describe, expect, it } from "vitest";
import { createRng } from "../../src/random";
import {
  alphaBar, bookMixture, diffusedMixture, diffusionMarginal, largestBinGap, linearFitSlope, mixtureModes, mixtureMoments, mixtureTV, ExactMixtureModel, exactEpsModels, exactMeanModels, histogramTV, mixturePdf, posteriorSigmas,
  sampleDdim, sampleEps, sampleMean, trainEpsModels, sampleMixture,
} from "../../src/diffusion";

const mix = bookMixture();
const T = 100;
const beta = 0.01511;

/** The grid of the numeric integrals below: midpoints of steps of 1e-4 on [−6, 6], with the mixture's pdf there. */
const h = 1e-4;
const xs = Float64Array.from({ length: 120_000 }, (_, i) => -6 + (i + 0.5) * h);
const pdfAt = mixturePdf(mix, xs);

/** E[f(x, ε) | z_t] by numeric integration of p(x | z_t) ∝ Pr(x)·N(z_t; √α x, 1 − α) over x; ε = (z_t − √α x)/√(1 − α). */
function posteriorMean(z: number, alpha: number, f: (x: number, eps: number) => number): number {
  const sd = Math.sqrt(1 - alpha);
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    const e = (z - Math.sqrt(alpha) * xs[i]) / sd;
    const w = pdfAt[i] * Math.exp(-0.5 * e * e);
    num += w * f(xs[i], e);
    den += w;
  }
  return num / den;
}

describe("the exact predictor of a Gaussian mixture", () => {
  const zs = [-2.6, -1.9, -1.3, -0.4, 0, 0.37, 1.1, 1.7, 2.9];

  it("E[ε | z_t] and E[x | z_t] match a numeric integral of the posterior", () => {
    for (const t of [1, 2, 5, 20, 60, 100]) {
      const a = alphaBar(beta, t);
      const eps = new ExactMixtureModel(mix, a, "eps").predict(zs);
      const x = new ExactMixtureModel(mix, a, "x").predict(zs);
      zs.forEach((z, i) => {
        expect(eps[i], `E[ε | z_${t} = ${z}]`).toBeCloseTo(posteriorMean(z, a, (_x, e) => e), 6);
        expect(x[i], `E[x | z_${t} = ${z}]`).toBeCloseTo(posteriorMean(z, a, (xv) => xv), 6);
      });
    }
  });

  it("the mean model is E[z_{t−1} | z_t], the posterior mean of book eq. 18.15", () => {
    const models = exactMeanModels(mix, T, beta);
    for (const t of [1, 3, 40]) {
      const a = alphaBar(beta, t);
      const aPrev = alphaBar(beta, t - 1);
      const cZ = ((1 - aPrev) / (1 - a)) * Math.sqrt(1 - beta);
      const cX = (Math.sqrt(aPrev) * beta) / (1 - a);
      const got = models[t - 1].predict(zs);
      zs.forEach((z, i) => expect(got[i]).toBeCloseTo(posteriorMean(z, a, (xv) => cZ * z + cX * xv), 6));
    }
    // At t = 1 the step back lands on x: E[z_0 | z_1] = E[x | z_1].
    const x1 = new ExactMixtureModel(mix, alphaBar(beta, 1), "x").predict(zs);
    models[0].predict(zs).forEach((v, i) => expect(v).toBeCloseTo(x1[i], 12));
  });

  it("is consistent: z_t = √α E[x | z_t] + √(1 − α) E[ε | z_t], and one Gaussian gives the linear regression", () => {
    const a = alphaBar(beta, 33);
    const z = createRng(1).normals(200).map((v) => 3 * v);
    const eps = new ExactMixtureModel(mix, a).predict(z);
    const x = new ExactMixtureModel(mix, a, "x").predict(z);
    z.forEach((v, i) => expect(Math.sqrt(a) * x[i] + Math.sqrt(1 - a) * eps[i]).toBeCloseTo(v, 12));
    const single = { means: [0.4], sds: [0.7], weights: [1] };
    const g = new ExactMixtureModel(single, a).predict(z);
    const vz = a * 0.49 + 1 - a;
    z.forEach((v, i) => expect(g[i]).toBeCloseTo((Math.sqrt(1 - a) * (v - Math.sqrt(a) * 0.4)) / vz, 12));
    // Far from every component (log-sum-exp) the prediction stays finite.
    expect(Number.isFinite(new ExactMixtureModel(mix, alphaBar(beta, 1)).predict([40])[0])).toBe(true);
  });

  it("is what the lookup tables approach with enough data", () => {
    const tables = trainEpsModels(sampleMixture(mix, 100_000, createRng(3)), 30, beta, createRng(4), { progress: false });
    const exact = exactEpsModels(mix, 30, beta);
    // Bins of 0.01 around well-populated z; the table's bin mean has sampling error ≈ 0.1 here.
    const grid = Float64Array.from({ length: 101 }, (_, i) => -0.5 + 0.01 * i + 0.005);
    const diff = tables[29].predict(grid).map((v, i) => Math.abs(v - exact[29].predict(grid)[i]));
    expect(diff.reduce((s, v) => s + v, 0) / diff.length).toBeLessThan(0.08);
  });

  it("plugs into every sampler in place of the tables, and DDPM with it fits the data", () => {
    const exact = exactEpsModels(mix, T, beta);
    // σ_t = 0.12288 (the book's): TV ≈ 0.05 at n = 100 000, where the tables score ≈ 0.085 and true samples ≈ 0.011
    const ddpm = sampleEps(exact, T, beta, 0.12288, 100_000, createRng(5)).samples;
    expect(histogramTV(ddpm, mix)).toBeLessThan(0.065);
    // DDPM's posterior σ̃_t, which vanishes at the end, is worse: the same error as the last jump of 18.4 (≈ 0.08)
    const posterior = sampleEps(exact, T, beta, posteriorSigmas(beta, T), 100_000, createRng(5)).samples;
    expect(histogramTV(posterior, mix)).toBeGreaterThan(histogramTV(ddpm, mix) + 0.015);
    const ddim = sampleDdim(exact, T, beta, { steps: 20, eta: 1 }, 2000, createRng(6)).samples;
    expect(ddim.length).toBe(2000);
    // With exact models the mean form (18.2) and the ε form (18.3) are the same sampler: z_{t−1} = E[z_{t−1} | z_t] + σ ε.
    const fromMean = sampleMean(exactMeanModels(mix, T, beta), T, 0.12288, 2000, createRng(7)).samples;
    const fromEps = sampleEps(exact, T, beta, 0.12288, 2000, createRng(7)).samples;
    fromMean.forEach((v, i) => expect(v).toBeCloseTo(fromEps[i], 9));
    // And the function form (z, t) → ε̂ that the ε-network uses gives the same samples.
    const fnForm = (z: Float64Array, t: number) => exact[t - 1].predict(z);
    const a = sampleDdim(exact, T, beta, { sigma: 0.001 }, 2000, createRng(8)).samples;
    const b = sampleDdim(fnForm, T, beta, { sigma: 0.001 }, 2000, createRng(8)).samples;
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it("rejects misuse with a message that says what to pass", () => {
    expect(() => new ExactMixtureModel(mix, 1)).toThrow(/0 < α_t < 1/);
    expect(() => new ExactMixtureModel(mix, 0.5, "mean" as never)).toThrow(/"eps" or "x"/);
    expect(() => new ExactMixtureModel({ means: [0], sds: [1], weights: [0.5] }, 0.5)).toThrow(/sum to 1/);
    expect(() => new ExactMixtureModel(mix, 0.5).predict([0, NaN])).toThrow(/z\[1\]/);
    expect(() => new ExactMixtureModel(mix, 0.5).predict([0, 1], new Float64Array(3))).toThrow(/out has length 3/);
    expect(() => exactEpsModels(mix, 0, beta)).toThrow(/T must be an integer/);
    expect(() => exactMeanModels(mix, 10, [0.01, 0.02])).toThrow(/2 steps/);
  });
});

describe("the exact marginal and the measures built on it", () => {
  it("diffusedMixture is q(z_t): it matches the grid integral of notebook 18.1", () => {
    const grid = Float64Array.from({ length: 600 }, (_, i) => -3 + 0.01 * i);
    for (const t of [1, 20, 100]) {
      const exact = mixturePdf(diffusedMixture(mix, alphaBar(beta, t)), grid);
      const summed = diffusionMarginal(grid, mixturePdf(mix, grid), t, beta);
      const err = exact.reduce((e, v, i) => Math.max(e, Math.abs(v - summed[i])), 0);
      expect(err, `t = ${t}`).toBeLessThan(t === 1 ? 0.02 : 2e-3); // the 0.01 grid sum is coarse at t = 1
    }
    expect(() => diffusedMixture(mix, 0)).toThrow(/0 < α_t ≤ 1/);
  });

  it("mixtureModes finds the bumps, mixtureTV is the binned TV without sampling, largestBinGap the worst bin", () => {
    const modes = mixtureModes(mix);
    expect(modes).toHaveLength(4);
    modes.forEach((m, i) => expect(Math.abs(m.x - [-1.875, -0.216, 0.45, 1.5][i])).toBeLessThan(0.06)); // neighbours shift the peaks a little
    expect(modes[0].density).toBeCloseTo(0.15 / (0.075 * Math.sqrt(2 * Math.PI)), 2);
    expect(mixtureModes({ means: [0], sds: [1], weights: [1] })).toHaveLength(1);
    expect(mixtureTV(mix, mix)).toBe(0);
    const z1 = diffusedMixture(mix, alphaBar(beta, 1));
    // Binned TV of many samples of q(z_1) approaches mixtureTV(q(z_1), Pr(x)) (sampling adds ≈ 0.01 at n = 200 000).
    const x = sampleMixture(mix, 200_000, createRng(9));
    const e = createRng(10).normals(x.length);
    const a1 = alphaBar(beta, 1);
    const samples = x.map((v, i) => Math.sqrt(a1) * v + Math.sqrt(1 - a1) * e[i]);
    expect(Math.abs(histogramTV(samples, mix) - mixtureTV(z1, mix))).toBeLessThan(0.015);
    // The widened narrow mode: its peak bin is where z_1's samples miss Pr(x) most, far below the pdf.
    const gap = largestBinGap(samples, mix);
    expect(Math.abs(gap.x + 1.875)).toBeLessThan(0.06);
    expect(gap.density).toBeLessThan(gap.pdf - 0.1);
    expect(() => mixtureModes(mix, { step: 0 })).toThrow(/step/);
    expect(linearFitSlope([0, 1, 2, 3], [1, 3, 5, 7])).toBeCloseTo(2, 12);
    expect(() => linearFitSlope([1, 1], [0, 2])).toThrow(/all equal/);
    // Moments against the samples above.
    const { mean, variance } = mixtureMoments(mix);
    const m = x.reduce((s, v) => s + v, 0) / x.length;
    expect(Math.abs(m - mean)).toBeLessThan(0.01);
    expect(Math.abs(x.reduce((s, v) => s + (v - m) ** 2, 0) / x.length - variance)).toBeLessThan(0.02);
  });
});
