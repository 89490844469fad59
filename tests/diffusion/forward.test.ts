import { describe, expect, it } from "vitest";
import { createRng } from "../../src/random";
import {
  alphaBar, alphaBars, betaSchedule, bookMixture, conditionalDiffusionDistribution, diffuseOneStep, diffusionKernel,
  diffusionMarginal, forwardProcess, mixturePdf, sampleMixture,
} from "../../src/diffusion";

const beta = 0.01511;
const mix = bookMixture();

function moments(x: ArrayLike<number>): { mean: number; std: number } {
  let m = 0, m2 = 0;
  for (let i = 0; i < x.length; i++) { m += x[i]; m2 += x[i] * x[i]; }
  m /= x.length;
  return { mean: m, std: Math.sqrt(m2 / x.length - m * m) };
}

describe("noise schedules", () => {
  it("constant, linear, scaled-linear and cosine follow their definitions", () => {
    expect(Array.from(betaSchedule("constant", 3))).toEqual([0.01511, 0.01511, 0.01511]);
    const lin = betaSchedule("linear", 1000);
    expect(lin[0]).toBeCloseTo(1e-4, 15);
    expect(lin[999]).toBeCloseTo(0.02, 15);
    expect(betaSchedule("linear", 100)[99]).toBeCloseTo(0.2, 12); // DDPM endpoints scaled by 1000/T
    const sl = betaSchedule("scaled_linear", 1000);
    expect(Math.sqrt(sl[500])).toBeCloseTo((Math.sqrt(8.5e-4) + Math.sqrt(0.012)) / 2 + (Math.sqrt(0.012) - Math.sqrt(8.5e-4)) * (500 / 999 - 0.5), 12);
    const cos = betaSchedule("cosine", 1000);
    // improved DDPM: ᾱ_T = f(T)/f(0) → ~0 ; ᾱ_t from the product must equal f(t)/f(0) where no clipping happened
    const f = (t: number) => Math.cos(((t / 1000 + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    expect(alphaBar(cos, 500)).toBeCloseTo(f(500) / f(0), 10);
    expect(cos[999]).toBeCloseTo(0.999, 12);
    expect(() => betaSchedule("quadratic" as never, 10)).toThrow(/unknown kind/);
    expect(() => betaSchedule("constant", 10, { beta: 1.5 })).toThrow(/0 < β < 1/);
    expect(() => betaSchedule("linear", 0)).toThrow(/T must be an integer/);
  });

  it("α_t (book) = ᾱ_t (lecture) is the product of (1 − β)", () => {
    expect(alphaBar(beta, 0)).toBe(1);
    expect(alphaBar(beta, 100)).toBeCloseTo((1 - beta) ** 100, 14);
    const arr = [0.1, 0.2, 0.3];
    expect(alphaBar(arr, 3)).toBeCloseTo(0.9 * 0.8 * 0.7, 14);
    expect(Array.from(alphaBars(arr, 3)).map((v) => +v.toFixed(12))).toEqual([1, 0.9, 0.72, 0.504]);
    expect(() => alphaBar(arr, 4)).toThrow(/3 steps/);
    expect(() => alphaBar(0, 1)).toThrow(/0 < β < 1/);
    expect(() => alphaBar([0.1, NaN], 1)).toThrow(/beta\[1\]/);
  });
});

describe("forward process", () => {
  it("diffuseOneStep computes √(1−β) z + √β ε with the given noise", () => {
    const out = diffuseOneStep([1, -2], 0.19, [0.5, -1]);
    expect(out[0]).toBeCloseTo(0.9 + Math.sqrt(0.19) * 0.5, 14);
    expect(out[1]).toBeCloseTo(-1.8 - Math.sqrt(0.19), 14);
    expect(() => diffuseOneStep([1, 2], 0.1, [1])).toThrow(/length 2/);
    expect(() => diffuseOneStep([1], 1, [1])).toThrow(/0 < β < 1/);
  });

  it("after 100 steps matches the closed form N(√α x, 1 − α): mean ≈ 0, std ≈ 1 within sampling error", () => {
    for (const seed of [1, 2]) {
      const rng = createRng(seed);
      const n = 100_000;
      const x = sampleMixture(mix, n, rng);
      const rows = forwardProcess(x, 100, beta, rng);
      expect(rows.length).toBe(101);
      expect(Array.from(rows[0].slice(0, 5))).toEqual(Array.from(x.slice(0, 5)));
      const z = moments(rows[100]);
      const xm = moments(x);
      const a = (1 - beta) ** 100;
      const expectMean = Math.sqrt(a) * xm.mean;
      const expectStd = Math.sqrt(a * xm.std ** 2 + 1 - a);
      expect(Math.abs(z.mean - expectMean)).toBeLessThan(5 * expectStd / Math.sqrt(n));
      expect(Math.abs(z.std - expectStd)).toBeLessThan(0.01);
      expect(Math.abs(z.mean)).toBeLessThan(0.1);
      expect(Math.abs(z.std - 1)).toBeLessThan(0.05);
      const last = forwardProcess(x, 100, beta, createRng(seed + 10), { keepRows: false });
      expect(last.length).toBe(2);
      expect(Math.abs(moments(last[1]).std - expectStd)).toBeLessThan(0.01);
    }
  });

  it("diffusionKernel agrees with Monte Carlo of the step-by-step process", () => {
    const n = 100_000;
    const x0 = new Float64Array(n).fill(-2);
    const rows = forwardProcess(x0, 40, beta, createRng(3));
    for (const t of [1, 20, 40]) {
      const k = diffusionKernel(-2, t, beta);
      const mc = moments(rows[t]);
      expect(Math.abs(mc.mean - k.mean)).toBeLessThan(5 * k.std / Math.sqrt(n));
      expect(Math.abs(mc.std - k.std) / k.std).toBeLessThan(0.015);
    }
    const arr = diffusionKernel([1, 2], 10, beta);
    expect(arr.mean[1]).toBeCloseTo(2 * Math.sqrt((1 - beta) ** 10), 14);
    expect(diffusionKernel(1, 0, beta)).toEqual({ mean: 1, std: 0 });
    expect(() => diffusionKernel(1, -1, beta)).toThrow(/t must be an integer/);
    expect(() => diffusionKernel(1, 2.5, beta)).toThrow(/t must be an integer/);
    expect(() => diffusionKernel(NaN, 2, beta)).toThrow(/x must be a finite number/);
  });

  it("diffusionMarginal agrees with a histogram of diffused samples", () => {
    const n = 200_000;
    const rng = createRng(5);
    const rows = forwardProcess(sampleMixture(mix, n, rng), 20, beta, rng);
    const grid = Float64Array.from({ length: 800 }, (_, i) => -4 + 0.01 * i);
    const pdf = mixturePdf(mix, grid);
    expect(Array.from(diffusionMarginal(grid, pdf, 0, beta))).toEqual(Array.from(pdf));
    const q = diffusionMarginal(grid, pdf, 20, beta);
    let mass = 0;
    for (const v of q) mass += v * 0.01;
    expect(mass).toBeCloseTo(1, 2);
    // compare over 0.1-wide bins: fraction of samples vs integral of q
    let tv = 0;
    for (let b = 0; b < 80; b++) {
      const lo = -4 + 0.1 * b;
      let count = 0;
      for (const v of rows[20]) if (v >= lo && v < lo + 0.1) count++;
      let integral = 0;
      for (let j = b * 10; j < b * 10 + 10; j++) integral += q[j] * 0.01;
      tv += 0.5 * Math.abs(count / n - integral);
    }
    expect(tv).toBeLessThan(0.02);
    expect(() => diffusionMarginal([0, 0.1, 0.3], [1, 1, 1], 2, beta)).toThrow(/evenly spaced/);
    expect(() => diffusionMarginal([0, 0.1], [1], 2, beta)).toThrow(/length 2/);
  });
});

describe("conditionalDiffusionDistribution (book eq. 18.15)", () => {
  it("equals the product of the two Gaussians it comes from", () => {
    for (const t of [2, 10, 100]) {
      const x = 0.7, zt = -0.4;
      const aPrev = (1 - beta) ** (t - 1);
      // q(z_{t−1}|z_t,x) ∝ N(z_t; √(1−β) z_{t−1}, β) · N(z_{t−1}; √α_{t−1} x, 1 − α_{t−1})
      const precision = (1 - beta) / beta + 1 / (1 - aPrev);
      const mean = (Math.sqrt(1 - beta) * zt / beta + Math.sqrt(aPrev) * x / (1 - aPrev)) / precision;
      const c = conditionalDiffusionDistribution(x, zt, t, beta);
      expect(c.mean).toBeCloseTo(mean, 12);
      expect(c.std).toBeCloseTo(1 / Math.sqrt(precision), 12);
    }
    const first = conditionalDiffusionDistribution(0.3, 1, 1, beta);
    expect(first.mean).toBeCloseTo(0.3, 12);
    expect(first.std).toBe(0);
  });

  it("agrees with Monte Carlo: regress z_{t−1} on z_t given x", () => {
    const n = 200_000;
    const t = 30, x = 1.2;
    const rng = createRng(6);
    const k = diffusionKernel(x, t - 1, beta);
    const zPrev = rng.normals(n, k.mean, k.std);
    const zT = diffuseOneStep(zPrev, beta, rng);
    const mz = zT.reduce((s, v) => s + v, 0) / n;
    const mp = zPrev.reduce((s, v) => s + v, 0) / n;
    let cov = 0, vz = 0;
    for (let i = 0; i < n; i++) { cov += (zT[i] - mz) * (zPrev[i] - mp); vz += (zT[i] - mz) ** 2; }
    const slope = cov / vz;
    let resid = 0;
    for (let i = 0; i < n; i++) resid += (zPrev[i] - mp - slope * (zT[i] - mz)) ** 2;
    const at0 = conditionalDiffusionDistribution(x, 0, t, beta);
    const at1 = conditionalDiffusionDistribution(x, 1, t, beta);
    expect(Math.abs(slope - (at1.mean - at0.mean))).toBeLessThan(0.01);
    expect(Math.abs(mp - slope * mz - at0.mean)).toBeLessThan(0.01);
    expect(Math.abs(Math.sqrt(resid / n) - at0.std) / at0.std).toBeLessThan(0.01);
    const arr = conditionalDiffusionDistribution([x, x], [0, 1], t, beta);
    expect(arr.mean[1]).toBeCloseTo(at1.mean, 14);
    expect(() => conditionalDiffusionDistribution([1], [1, 2], t, beta)).toThrow(/length 1/);
    expect(() => conditionalDiffusionDistribution(1, [1] as unknown as number, t, beta)).toThrow(/both be numbers or both be arrays/);
    expect(() => conditionalDiffusionDistribution(1, 1, 0, beta)).toThrow(/t must be an integer ≥ 1/);
  });
});
