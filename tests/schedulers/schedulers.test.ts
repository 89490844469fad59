import { describe, expect, it } from "vitest";
import { createRng } from "../../src/random";
import { DDIMScheduler, DDPMScheduler, betasForAlphaBar, spacedTimesteps } from "../../src/schedulers";
import {
  bookMixture, conditionalDiffusionDistribution, ddimTimes, posteriorSigmas, sampleDdim, sampleEps, sampleMixture, trainEpsModels,
} from "../../src/diffusion";

describe("time step spacing (diffusers set_timesteps, values worked out by hand)", () => {
  it("leading, trailing and linspace", () => {
    expect(Array.from(spacedTimesteps(1000, 5, "leading"))).toEqual([800, 600, 400, 200, 0]);
    expect(Array.from(spacedTimesteps(1000, 5, "leading", 1))).toEqual([801, 601, 401, 201, 1]);
    expect(Array.from(spacedTimesteps(1000, 5, "trailing"))).toEqual([999, 799, 599, 399, 199]);
    // T/n = 333.33…: round(1000, 666.67, 333.33) − 1
    expect(Array.from(spacedTimesteps(1000, 3, "trailing"))).toEqual([999, 666, 332]);
    // linspace(0, 999, 3) = 0, 499.5, 999; numpy rounds half to even → 500
    expect(Array.from(spacedTimesteps(1000, 3, "linspace"))).toEqual([999, 500, 0]);
    expect(Array.from(spacedTimesteps(6, 3, "linspace"))).toEqual([5, 2, 0]); // 2.5 → 2
    expect(() => spacedTimesteps(10, 11, "leading")).toThrow(/1\.\.numTrainTimesteps/);
  });
});

describe("β tables", () => {
  it("linear, scaled_linear, squaredcos_cap_v2 and trained betas", () => {
    const lin = new DDPMScheduler({ numTrainTimesteps: 11, betaStart: 0.1, betaEnd: 0.2, betaSchedule: "linear" });
    expect(lin.betas[5]).toBeCloseTo(0.15, 15);
    expect(lin.alphasCumprod[1]).toBeCloseTo(0.9 * 0.89, 14);
    const sl = new DDPMScheduler({ numTrainTimesteps: 3, betaStart: 0.04, betaEnd: 0.16, betaSchedule: "scaled_linear" });
    expect(Array.from(sl.betas).map((b) => +b.toFixed(12))).toEqual([0.04, 0.09, 0.16]);
    const cos = new DDPMScheduler({ numTrainTimesteps: 1000, betaSchedule: "squaredcos_cap_v2" });
    const f = (tau: number) => Math.cos(((tau + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    expect(cos.alphasCumprod[499]).toBeCloseTo(f(0.5) / f(0), 10);
    expect(Array.from(cos.betas)).toEqual(Array.from(betasForAlphaBar(1000)));
    const tb = new DDIMScheduler({ numTrainTimesteps: 2, trainedBetas: [0.5, 0.5] });
    expect(Array.from(tb.alphasCumprod)).toEqual([0.5, 0.25]);
  });

  it("validates the config with messages naming the field", () => {
    expect(() => new DDPMScheduler({ numTrainTimesteps: 0 })).toThrow(/numTrainTimesteps/);
    expect(() => new DDPMScheduler({ betaSchedule: "quadratic" as never })).toThrow(/betaSchedule/);
    expect(() => new DDPMScheduler({ predictionType: "noise" as never })).toThrow(/predictionType/);
    expect(() => new DDIMScheduler({ timestepSpacing: "even" as never })).toThrow(/timestepSpacing/);
    expect(() => new DDIMScheduler({ numTrainTimesteps: 3, trainedBetas: [0.1, 0.2] })).toThrow(/trainedBetas has 2/);
    expect(() => new DDIMScheduler({ numTrainTimesteps: 2, trainedBetas: [0.1, 1] })).toThrow(/trainedBetas\[1\]/);
    expect(() => new DDPMScheduler({ varianceType: "learned" as never })).toThrow(/varianceType/);
  });

  it("keeps its config frozen", () => {
    const s = new DDIMScheduler({ numTrainTimesteps: 10 });
    expect(s.config.numTrainTimesteps).toBe(10);
    expect(Object.isFrozen(s.config)).toBe(true);
  });
});

describe("addNoise and getVelocity", () => {
  it("compute √ᾱ x₀ + √(1−ᾱ) ε per item", () => {
    const s = new DDPMScheduler({ numTrainTimesteps: 2, trainedBetas: [0.36, 0.5] });
    // ᾱ = [0.64, 0.32]
    const out = s.addNoise(new Float32Array([1, 1, 2, 2]), new Float32Array([1, 0, 0, 1]), [0, 1]);
    expect(out).toBeInstanceOf(Float32Array);
    expect(out[0]).toBeCloseTo(0.8 + 0.6, 6);
    expect(out[1]).toBeCloseTo(0.8, 6);
    expect(out[2]).toBeCloseTo(2 * Math.sqrt(0.32), 6);
    expect(out[3]).toBeCloseTo(2 * Math.sqrt(0.32) + Math.sqrt(0.68), 6);
    const v = s.getVelocity(new Float64Array([1]), new Float64Array([1]), 0);
    expect(v[0]).toBeCloseTo(0.8 - 0.6, 12);
    expect(() => s.addNoise(new Float64Array(3), new Float64Array(3), [0, 1])).toThrow(/multiple/);
    expect(() => s.addNoise(new Float64Array(2), new Float64Array(2), 2)).toThrow(/0\.\.1/);
    expect(() => s.addNoise(new Float64Array(2), new Float64Array(3), 0)).toThrow(/length 2/);
  });
});

describe("DDPMScheduler.step", () => {
  it("with predictionType 'sample' is the book's q(z_{t−1}|z_t, x) (eq. 18.15) with x = the prediction", () => {
    const T = 100, beta = 0.01511;
    const s = new DDPMScheduler({ numTrainTimesteps: T, trainedBetas: new Float64Array(T).fill(beta), predictionType: "sample", clipSample: false });
    const x0 = new Float64Array([0.3, -1.2]);
    const zt = new Float64Array([0.9, 0.1]);
    const noise = new Float64Array([0.7, -0.4]);
    const t = 42; // diffusers t = 42 is the book's step 43
    const { prevSample, predOriginalSample } = s.step(x0, t, zt, { noise });
    for (let i = 0; i < 2; i++) {
      const c = conditionalDiffusionDistribution(x0[i], zt[i], t + 1, beta);
      expect(prevSample[i]).toBeCloseTo(c.mean + c.std * noise[i], 12);
      expect(predOriginalSample[i]).toBe(x0[i]);
    }
  });

  it("epsilon, sample and v-prediction give the same step for consistent outputs", () => {
    const T = 50;
    const base = { numTrainTimesteps: T, betaSchedule: "linear" as const, betaStart: 1e-3, betaEnd: 0.05, clipSample: false };
    const x0 = new Float64Array([0.5, -0.25, 1]);
    const eps = new Float64Array([0.3, 1.1, -0.6]);
    const t = 20;
    const epsS = new DDPMScheduler({ ...base, predictionType: "epsilon" });
    const zt = epsS.addNoise(x0, eps, t);
    const v = epsS.getVelocity(x0, eps, t);
    const noise = new Float64Array([0.1, 0.2, 0.3]);
    const a = epsS.step(eps, t, zt, { noise });
    const b = new DDPMScheduler({ ...base, predictionType: "sample" }).step(x0, t, zt, { noise });
    const c = new DDPMScheduler({ ...base, predictionType: "v_prediction" }).step(v, t, zt, { noise });
    for (let i = 0; i < 3; i++) {
      expect(a.predOriginalSample[i]).toBeCloseTo(x0[i], 12);
      expect(b.prevSample[i]).toBeCloseTo(a.prevSample[i], 12);
      expect(c.prevSample[i]).toBeCloseTo(a.prevSample[i], 12);
    }
  });

  it("clips x₀ to clipSampleRange, keeps Float32Array, adds no noise at t = 0, and explains misuse", () => {
    const s = new DDPMScheduler({ numTrainTimesteps: 10, predictionType: "sample", clipSampleRange: 1 });
    const out = s.step(new Float32Array([5, -5]), 0, new Float32Array([0, 0]));
    expect(out.prevSample).toBeInstanceOf(Float32Array);
    expect(Array.from(out.predOriginalSample)).toEqual([1, -1]);
    expect(Array.from(out.prevSample)).toEqual([1, -1]); // at t = 0 the step returns x₀ itself
    expect(() => s.step(new Float32Array(2), 5, new Float32Array(2))).toThrow(/rng/);
    expect(() => s.step(new Float32Array(3), 5, new Float32Array(2))).toThrow(/length 3/);
    expect(() => s.step(new Float32Array([NaN, 0]), 5, new Float32Array(2), { rng: createRng(1) })).toThrow(/NaN/);
    s.setTimesteps(5);
    expect(() => s.step(new Float32Array(2), 3, new Float32Array(2), { rng: createRng(1) })).toThrow(/not in scheduler.timesteps/);
    expect(() => s.step(new Float32Array(2), 10, new Float32Array(2), { rng: createRng(1) })).toThrow(/0\.\.9/);
  });

  it("looks the previous step up in timesteps (linspace spacing)", () => {
    const s = new DDIMScheduler({ numTrainTimesteps: 1000, timestepSpacing: "linspace" });
    s.setTimesteps(3);
    expect(Array.from(s.timesteps)).toEqual([999, 500, 0]);
    expect(s.previousTimestep(999)).toBe(500); // diffusers' t − T/n would give 666
    expect(s.previousTimestep(500)).toBe(0);
    expect(s.previousTimestep(0)).toBe(-1);
  });
});

describe("DDIMScheduler.step", () => {
  it("with η = 0 follows DDIM eq. 12: √ᾱ_{t'} x̂₀ + √(1−ᾱ_{t'}) ε̂", () => {
    const s = new DDIMScheduler({ numTrainTimesteps: 1000, clipSample: false });
    s.setTimesteps(10);
    const t = s.timesteps[2];
    const tp = s.timesteps[3];
    const z = new Float64Array([0.4]);
    const e = new Float64Array([-0.8]);
    const a = s.alphasCumprod[t], ap = s.alphasCumprod[tp];
    const x0 = (0.4 - Math.sqrt(1 - a) * -0.8) / Math.sqrt(a);
    const out = s.step(e, t, z);
    expect(out.prevSample[0]).toBeCloseTo(Math.sqrt(ap) * x0 + Math.sqrt(1 - ap) * -0.8, 12);
    // last step goes to ᾱ = 1 (setAlphaToOne): the output is x̂₀
    const last = s.step(e, 0, z);
    expect(last.prevSample[0]).toBeCloseTo(last.predOriginalSample[0], 12);
  });
});

describe("the schedulers agree with the library's samplers given the same noise (book schedule, ε lookup models)", () => {
  const beta = 0.01511, T = 100, n = 2000;
  const rngTrain = createRng(31);
  const models = trainEpsModels(sampleMixture(bookMixture(), 20_000, rngTrain), T, beta, rngTrain);
  const trainedBetas = new Float64Array(T).fill(beta);
  // diffusers' time step k is the book's step k + 1, so it uses models[k]
  const modelOutput = (z: Float64Array, k: number) => models[k].predict(z);

  it("DDIMScheduler (linspace, 100 steps, η = 0.5) = sampleDdim({ eta: 0.5 })", () => {
    const s = new DDIMScheduler({ numTrainTimesteps: T, trainedBetas, clipSample: false, timestepSpacing: "linspace" });
    s.setTimesteps(100);
    const rng = createRng(5);
    let z = rng.normals(n);
    for (const k of s.timesteps) z = s.step(modelOutput(z, k), k, z, { eta: 0.5, rng }).prevSample;
    const lib = sampleDdim(models, T, beta, { eta: 0.5, setAlphaToOne: true }, n, createRng(5));
    for (let i = 0; i < n; i += 100) expect(z[i]).toBeCloseTo(lib.samples[i], 10);
  });

  it("DDIMScheduler (trailing, 20 steps, η = 1) = sampleDdim({ stride: 5, eta: 1 })", () => {
    const s = new DDIMScheduler({ numTrainTimesteps: T, trainedBetas, clipSample: false, timestepSpacing: "trailing" });
    s.setTimesteps(20);
    expect(Array.from(s.timesteps).map((k) => k + 1)).toEqual(Array.from(ddimTimes(T, { stride: 5, setAlphaToOne: true })).slice(1).reverse());
    const rng = createRng(6);
    let z = rng.normals(n);
    for (const k of s.timesteps) z = s.step(modelOutput(z, k), k, z, { eta: 1, rng }).prevSample;
    const lib = sampleDdim(models, T, beta, { stride: 5, eta: 1, setAlphaToOne: true }, n, createRng(6));
    for (let i = 0; i < n; i += 100) expect(z[i]).toBeCloseTo(lib.samples[i], 10);
  });

  it("DDIMScheduler with setAlphaToOne: false (last jump onto ᾱ of its first step) = sampleDdim's default landing on α₁", () => {
    const s = new DDIMScheduler({ numTrainTimesteps: T, trainedBetas, clipSample: false, timestepSpacing: "trailing", setAlphaToOne: false });
    s.setTimesteps(20);
    const rng = createRng(16);
    let z = rng.normals(n);
    for (const k of s.timesteps) z = s.step(modelOutput(z, k), k, z, { eta: 0.3, rng }).prevSample;
    const lib = sampleDdim(models, T, beta, { stride: 5, eta: 0.3 }, n, createRng(16));
    for (let i = 0; i < n; i += 100) expect(z[i]).toBeCloseTo(lib.samples[i], 10);
  });

  it("DDPMScheduler (fixed_small) = sampleEps with the posterior σ_t; fixed_large = sampleEps with σ_t = √β", () => {
    for (const varianceType of ["fixed_small", "fixed_large"] as const) {
      const s = new DDPMScheduler({ numTrainTimesteps: T, trainedBetas, clipSample: false, varianceType });
      const rng = createRng(7);
      let z = rng.normals(n);
      for (const k of s.timesteps) z = s.step(modelOutput(z, k), k, z, { rng }).prevSample;
      const sigma = varianceType === "fixed_small" ? posteriorSigmas(beta, T) : Math.sqrt(beta);
      const lib = sampleEps(models, T, beta, sigma, n, createRng(7));
      for (let i = 0; i < n; i += 100) expect(z[i]).toBeCloseTo(lib.samples[i], 10);
    }
  });
});
