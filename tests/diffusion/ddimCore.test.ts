import { describe, expect, it } from "vitest";
import { createRng } from "../../src/random";
import { DDIM_SET_ALPHA_TO_ONE, ddimEtaSigma, ddimJumpSigma, ddimUpdate } from "../../src/diffusion/ddimCore";
import { alphaBar, bookMixture, ddimSigma, ddimStep, ddimTimes, sampleDdim, sampleMixture, trainEpsModels } from "../../src/diffusion";
import { DDIMScheduler } from "../../src/schedulers";

describe("the one DDIM update every DDIM sampler shares", () => {
  const zT = createRng(1).normals(500);
  const g = createRng(2).normals(500);
  const noise = createRng(3).normals(500);
  const [aT, aPrev] = [alphaBar(0.01511, 40), alphaBar(0.01511, 35)];

  it("is DDIM eq. 12 in both forms: from x̂₀, or from the sample with x̂₀ = (z − √(1 − α_t) ε̂)/√α_t", () => {
    const sigma = 0.2;
    const x0 = zT.map((z, i) => (z - Math.sqrt(1 - aT) * g[i]) / Math.sqrt(aT));
    const fromSample = ddimUpdate(new Float64Array(500), zT, g, null, aT, aPrev, sigma, noise);
    const fromX0 = ddimUpdate(new Float64Array(500), zT, g, x0, aT, aPrev, sigma, noise);
    const byHand = x0.map((x, i) => Math.sqrt(aPrev) * x + Math.sqrt(1 - aPrev - sigma * sigma) * g[i] + sigma * noise[i]);
    for (let i = 0; i < 500; i += 7) {
      expect(fromSample[i]).toBeCloseTo(byHand[i], 12);
      expect(fromX0[i]).toBeCloseTo(byHand[i], 12);
    }
    expect(() => ddimUpdate(new Float64Array(3), [1, 2, 3], [1, 2, 3], null, aT, aPrev, 0.1)).toThrow(/needs 3 standard-normal values/);
    // Float32 output for the scheduler's Float32 samples
    expect(ddimUpdate(new Float32Array(500), zT, g, null, aT, aPrev, 0)).toBeInstanceOf(Float32Array);
  });

  it("chooses σ one way: a fixed σ lowered to √(1 − α_{t'}), or eq. 16's σ(η)", () => {
    expect(ddimJumpSigma({ sigma: 0.5 }, aT, aPrev)).toBe(0.5);
    expect(ddimJumpSigma({ sigma: 0.5 }, alphaBar(0.01511, 2), alphaBar(0.01511, 1))).toBeCloseTo(Math.sqrt(0.01511), 12);
    expect(ddimJumpSigma({ eta: 0.7 }, aT, aPrev)).toBe(ddimSigma(aT, aPrev, 0.7));
    expect(ddimJumpSigma({}, aT, aPrev)).toBe(0);
    expect(ddimEtaSigma(1, 1, 1)).toBe(0);
    expect(DDIM_SET_ALPHA_TO_ONE).toBe(false);
    expect(ddimTimes(100, { stride: 5 })[0]).toBe(1); // the 1-D default lands on α₁
  });

  it("gives the same z_{t'} in ddimStep, sampleDdim and DDIMScheduler.step for the same inputs and noise", () => {
    const T = 10;
    const beta = 0.05;
    const models = trainEpsModels(sampleMixture(bookMixture(), 5000, createRng(4)), T, beta, createRng(5), { progress: false });
    // one jump 10 → 8 with σ(η = 0.6): the library's step, the scheduler (trailing spacing, 5 steps: 9, 7, …) and sampleDdim
    const s = new DDIMScheduler({ numTrainTimesteps: T, trainedBetas: new Float64Array(T).fill(beta), clipSample: false, timestepSpacing: "trailing" });
    s.setTimesteps(5);
    const z = createRng(6).normals(200);
    const eps = models[9].predict(z);
    const n = createRng(7).normals(200);
    const sigma = ddimSigma(alphaBar(beta, 10), alphaBar(beta, 8), 0.6);
    const lib = ddimStep(z, eps, alphaBar(beta, 10), alphaBar(beta, 8), sigma, n);
    const sched = s.step(eps, 9, z, { eta: 0.6, noise: n }).prevSample;
    for (let i = 0; i < 200; i += 11) expect(sched[i]).toBeCloseTo(lib[i], 12);
    const rng = createRng(8);
    const start = rng.normals(200);
    const first = ddimStep(start, models[9].predict(start), alphaBar(beta, 10), alphaBar(beta, 8), ddimSigma(alphaBar(beta, 10), alphaBar(beta, 8), 0.6), rng);
    const sampled = sampleDdim(models, T, beta, { stride: 2, eta: 0.6, keepTrajectories: true }, 200, createRng(8));
    const row8 = sampled.rows![Array.from(sampled.times).indexOf(8)];
    for (let i = 0; i < 200; i += 11) expect(row8[i]).toBeCloseTo(first[i], 12);
  });
});
