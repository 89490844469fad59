import { describe, expect, it } from "vitest";
import { tf } from "../../src/backend";
import type { Tensor, Tensor4D } from "@tensorflow/tfjs";
import {
  blendKnownRegion,
  inpaintingStepHook,
  latentMaskFromPixels,
  sampleLatents,
  LATENT_SCHEDULER_CONFIG,
  frechetDistance,
  meanPsnr,
  maskedMeanSquaredError,
  sqrtPsd,
} from "../../src/models";
import { classifierFreeGuidance } from "../../src/guidance";
import { DDIMScheduler } from "../../src/schedulers";
import { createRng } from "../../src/random";
import { requestCancel, resetCancel } from "../../src/notebook/cancel";

describe("classifier-free guidance", () => {
  it("computes ε_u + w(ε_c − ε_u) elementwise", () => {
    const u = tf.tensor4d([1, 2], [1, 1, 1, 2]);
    const c = tf.tensor4d([3, -2], [1, 1, 1, 2]);
    // w = 3: 1 + 3·2 = 7; 2 + 3·(−4) = −10.  w = 0 gives ε_u, w = 1 gives ε_c.
    const g3 = classifierFreeGuidance(u, c, 3);
    const g0 = classifierFreeGuidance(u, c, 0);
    const g1 = classifierFreeGuidance(u, c, 1);
    expect(Array.from(g3.dataSync())).toEqual([7, -10]);
    expect(Array.from(g0.dataSync())).toEqual([1, 2]);
    expect(Array.from(g1.dataSync())).toEqual([3, -2]);
    expect(() => classifierFreeGuidance(u, c, NaN)).toThrow(/finite/);
    tf.dispose([u, c, g3, g0, g1]);
  });
});

describe("latent sampler with the shared DDIM scheduler", () => {
  it("with a perfect ε-oracle for a known z₀ it lands on z₀, and leaves no tensors behind", async () => {
    // If z_t = √ᾱ_t z₀ + √(1−ᾱ_t) ε_t for a fixed z₀, the ideal ε̂ is (z_t − √ᾱ_t z₀)/√(1−ᾱ_t); deterministic DDIM then returns z₀.
    const scheduler = new DDIMScheduler(LATENT_SCHEDULER_CONFIG);
    const z0 = createRng(9).fillNormal(new Float32Array(2 * 7 * 7 * 4), 0, 0.5);
    const z0t = tf.tensor4d(z0, [2, 7, 7, 4]);
    const before = tf.memory().numTensors;
    for (let rep = 0; rep < 2; rep++) {
      const out = await sampleLatents({
        predictEps: (zt, t) => tf.tidy(() => tf.div(tf.sub(zt, tf.mul(z0t, Math.sqrt(scheduler.alphasCumprod[t]))), Math.sqrt(1 - scheduler.alphasCumprod[t]))) as Tensor4D,
        scheduler,
        shape: [2, 7, 7, 4],
        numInferenceSteps: 10,
        seed: rep,
      });
      const got = out.dataSync();
      for (let i = 0; i < z0.length; i += 17) expect(got[i]).toBeCloseTo(z0[i], 3);
      out.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    z0t.dispose();
  });

  it("stops with KeyboardInterrupt when cancelled", async () => {
    const scheduler = new DDIMScheduler(LATENT_SCHEDULER_CONFIG);
    requestCancel();
    try {
      await expect(sampleLatents({ predictEps: (zt) => tf.zerosLike(zt), scheduler, shape: [1, 7, 7, 4], numInferenceSteps: 5, seed: 1 })).rejects.toMatchObject({ name: "KeyboardInterrupt" });
    } finally {
      resetCancel();
    }
  });
});

describe("inpainting blend", () => {
  it("keeps known values where the mask is 1 and generated ones where it is 0", () => {
    const out = blendKnownRegion(Float32Array.from([1, 2, 3]), Float32Array.from([9, 8, 7]), Float32Array.from([1, 0, 1]));
    expect(Array.from(out)).toEqual([9, 2, 7]);
    expect(() => blendKnownRegion(new Float32Array(2), new Float32Array(3), new Float32Array(3))).toThrow(/lengths differ/);
  });

  it("maps a pixel mask to latent cells that lie entirely in the known region", () => {
    const px = new Float32Array(28 * 28);
    for (let i = 0; i < 14 * 28; i++) px[i] = 1; // top 14 rows known
    const m = latentMaskFromPixels(px, 28, 4, 1);
    // latent rows 0..2 cover pixel rows 0..11 (known); row 3 covers 12..15 (half unknown) → generated
    expect(Array.from(m.subarray(0, 7))).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(m.subarray(21, 28))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(m.reduce((a, b) => a + b, 0)).toBe(21);
  });

  it("the step hook noises the known latent to the current level and returns it exactly after the last step", () => {
    const scheduler = new DDIMScheduler(LATENT_SCHEDULER_CONFIG);
    const known = Float32Array.from([0.5, -0.5]);
    const hook = inpaintingStepHook(scheduler, known, Float32Array.from([1, 0]));
    const rng = createRng(3);
    const last = hook(Float32Array.from([7, 7]), -1, rng);
    expect(Array.from(last)).toEqual([0.5, 7]);
    const mid = hook(Float32Array.from([7, 7]), 999, rng);
    expect(mid[1]).toBe(7);
    expect(mid[0]).not.toBeCloseTo(0.5, 3); // at t = 999 the known value is mostly noise
  });
});

describe("metrics", () => {
  it("Fréchet distance: 0 for identical sets, (μ₁−μ₂)² + (σ₁−σ₂)² for 1-D Gaussians", () => {
    const rng = createRng(5);
    const a = rng.fillNormal(new Float64Array(4000));
    expect(frechetDistance(a, 4000, a, 4000, 1)).toBeCloseTo(0, 8);
    const b = a.map((v) => 2 * v + 1); // μ 1, σ 2 → FD = 1 + 1 = 2 (up to sample error)
    expect(frechetDistance(a, 4000, b, 4000, 1)).toBeCloseTo(2, 1);
    const d = 3;
    const x = rng.fillNormal(new Float64Array(3000 * d));
    expect(frechetDistance(x, 3000, x, 3000, d)).toBeLessThan(1e-8);
  });

  it("matrix square root squares back", () => {
    const a = Float64Array.from([4, 1, 1, 3]);
    const s = sqrtPsd(a, 2);
    const sq = [s[0] * s[0] + s[1] * s[2], s[0] * s[1] + s[1] * s[3], s[2] * s[0] + s[3] * s[2], s[2] * s[1] + s[3] * s[3]];
    sq.forEach((v, i) => expect(v).toBeCloseTo(a[i], 10));
  });

  it("PSNR and masked MSE", () => {
    // MSE 0.01 → 20 dB
    expect(meanPsnr([0.1, 0.1], [0, 0], 1)).toBeCloseTo(20, 6);
    expect(maskedMeanSquaredError([1, 2, 3], [1, 0, 0], [1, 1, 0])).toBeCloseTo(2, 10);
    expect(() => maskedMeanSquaredError([1], [1, 2])).toThrow(/equally long/);
  });
});
