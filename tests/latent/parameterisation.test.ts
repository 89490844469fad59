/**
 * The v-parameterisation (Salimans & Ho 2022): the denoiser wrapper turns a v-network's output into ε
 * (and x̂₀) exactly, so every sampler, guidance rule and inpainting hook sees ε whatever the network predicts.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { tf } from "../../src/backend";
import type { Tensor4D } from "@tensorflow/tfjs";
import {
  createLatentDenoiser,
  minSnrWeights,
  noiseFromVelocity,
  originalFromVelocity,
  predictModelOutput,
  predictNoise,
  velocityTarget,
  LATENT_SCHEDULER_CONFIG,
  loadLatentModels,
  saveLatentModels,
  disposeLatentModels,
  createAutoencoder,
  createDigitClassifier,
  createNoisyLatentClassifier,
} from "../../src/models";
import { DDIMScheduler } from "../../src/schedulers";
import { guidedNoisePredictor } from "../../src/guidance";
import { retrainGuidedDenoiser, trainLatentDenoiser, WeightEma } from "../../src/training";
import { makeShapes } from "../../src/data";
import { run as trainCommand } from "../../src/cli/commands/train";
import { vi } from "vitest";

const abar = new DDIMScheduler(LATENT_SCHEDULER_CONFIG).alphasCumprod;
const maxAbsDiff = (a: Tensor4D, b: Tensor4D): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

function nonZeroOutput(d: ReturnType<typeof createLatentDenoiser>, name: string): void {
  const out = d.model.getLayer(`${name}_conv_out`);
  out.setWeights(out.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.2, "float32", 11 + i)));
}

describe("v-prediction", () => {
  it("ε and x̂₀ are recovered from v exactly (to float32 rounding) at every noise level, one t per sample", () => {
    const z0 = tf.randomNormal([4, 7, 7, 4], 0, 1, "float32", 1) as Tensor4D;
    const eps = tf.randomNormal([4, 7, 7, 4], 0, 1, "float32", 2) as Tensor4D;
    const ts = [0, 300, 900, 999];
    const a = tf.tensor4d(ts.map((t) => Math.sqrt(abar[t])), [4, 1, 1, 1]);
    const s = tf.tensor4d(ts.map((t) => Math.sqrt(1 - abar[t])), [4, 1, 1, 1]);
    const zt = tf.tidy(() => tf.add(tf.mul(a, z0), tf.mul(s, eps))) as Tensor4D;
    const v = velocityTarget(z0, eps, ts, abar);
    // v by hand for one value: √ᾱ ε − √(1−ᾱ) z₀ at t = 900
    const k = 2 * 196 + 17;
    expect(v.dataSync()[k]).toBeCloseTo(Math.sqrt(abar[900]) * eps.dataSync()[k] - Math.sqrt(1 - abar[900]) * z0.dataSync()[k], 5);
    const epsBack = noiseFromVelocity(zt, v, ts, abar);
    const z0Back = originalFromVelocity(zt, v, ts, abar);
    expect(maxAbsDiff(epsBack, eps)).toBeLessThan(1e-5);
    expect(maxAbsDiff(z0Back, z0)).toBeLessThan(1e-5);
    tf.dispose([z0, eps, a, s, zt, v, epsBack, z0Back]);
    expect(() => noiseFromVelocity(tf.zeros([1, 7, 7, 4]) as Tensor4D, tf.zeros([1, 7, 7, 4]) as Tensor4D, 1000, abar)).toThrow(/outside 0..999/);
    expect(() => velocityTarget(tf.zeros([1, 7, 7, 4]) as Tensor4D, tf.zeros([2, 7, 7, 4]) as Tensor4D, 1, abar)).toThrow(/same shape/);
  });

  it("predictNoise of a v-network is ε = √(1−ᾱ) z_t + √ᾱ v, so classifier-free guidance combines ε's unchanged; no tensors leak", () => {
    const d = createLatentDenoiser({ numClasses: 10, baseChannels: 8 }, "vnet", { prediction: "v", alphasCumprod: abar });
    nonZeroOutput(d, "vnet");
    const zt = tf.randomNormal([3, 7, 7, 4], 0, 1, "float32", 4) as Tensor4D;
    const classes = Int32Array.from([1, 2, 10]);
    const ts = [5, 500, 999];
    const before = tf.memory().numTensors;
    const v = predictModelOutput(d, { zt, t: ts, classes });
    const eps = predictNoise(d, { zt, t: ts, classes });
    const expected = noiseFromVelocity(zt, v, ts, abar);
    expect(maxAbsDiff(eps, expected)).toBe(0);
    expect(maxAbsDiff(eps, v)).toBeGreaterThan(1e-3); // the conversion did something
    tf.dispose([v, eps, expected]);
    expect(tf.memory().numTensors).toBe(before);
    // CFG through the wrapper = the rule applied to the recovered ε's
    const cls = Int32Array.from([3, 3, 3]);
    const guided = guidedNoisePredictor(d, cls, 3)(zt, 700);
    const ec = predictNoise(d, { zt, t: 700, classes: cls });
    const eu = predictNoise(d, { zt, t: 700, classes: Int32Array.from([10, 10, 10]) });
    const byHand = tf.tidy(() => tf.add(eu, tf.mul(3, tf.sub(ec, eu)))) as Tensor4D;
    expect(maxAbsDiff(guided, byHand)).toBeLessThan(1e-5);
    // w = 1 takes the conditional ε alone
    const w1 = guidedNoisePredictor(d, cls, 1)(zt, 700);
    expect(maxAbsDiff(w1, ec)).toBe(0);
    tf.dispose([guided, ec, eu, byHand, w1, zt]);
    d.model.dispose();
    expect(() => createLatentDenoiser({ baseChannels: 8 }, "bad", { prediction: "v" })).toThrow(/needs alphasCumprod/);
  });

  it("min-SNR-γ weights: min(SNR, γ)/SNR for ε, min(SNR, γ)/(SNR + 1) for v", () => {
    const snr = (t: number): number => abar[t] / (1 - abar[t]);
    const [lo, hi] = minSnrWeights([10, 900], abar, 5, "epsilon");
    expect(lo).toBeCloseTo(5 / snr(10), 6);
    expect(hi).toBeCloseTo(1, 6); // SNR < γ at t = 900
    const [vlo, vhi] = minSnrWeights([10, 900], abar, 5, "v");
    expect(vlo).toBeCloseTo(5 / (snr(10) + 1), 6);
    expect(vhi).toBeCloseTo(snr(900) / (snr(900) + 1), 6);
    expect(() => minSnrWeights([1], abar, 0, "v")).toThrow(/gamma/);
  });

  it("a v-denoiser trains (with min-SNR weights and EMA warm-up) deterministically and without leaks", async () => {
    const latents = tf.randomNormal([64, 7, 7, 4], 0, 1, "float32", 3) as Tensor4D;
    const labels = Int32Array.from({ length: 64 }, (_, i) => i % 4);
    const scheduler = new DDIMScheduler(LATENT_SCHEDULER_CONFIG);
    const d = createLatentDenoiser({ numClasses: 4, baseChannels: 8 }, "vtrain", { prediction: "v", alphasCumprod: scheduler.alphasCumprod });
    const init = d.model.getWeights().map((w) => w.clone());
    const losses: number[][] = [];
    for (let rep = 0; rep < 2; rep++) {
      d.model.setWeights(init);
      const before = tf.memory().numTensors;
      const r = await trainLatentDenoiser(d, latents, { scheduler, labels, epochs: 2, batchSize: 32, seed: 5, minSnrGamma: 5, emaWarmup: true });
      expect(tf.memory().numTensors).toBe(before);
      losses.push(r.epochLosses);
    }
    expect(losses[0]).toEqual(losses[1]);
    expect(losses[0].every((l) => Number.isFinite(l) && l > 0)).toBe(true);
    await expect(trainLatentDenoiser(d, latents, { scheduler, labels, epochs: 1, batchSize: 32, minSnrGamma: -1 })).rejects.toThrow(/minSnrGamma/);
    tf.dispose([...init, latents]);
    d.model.dispose();
  });

  it("EMA warm-up: the decay of update k is min(d, (1 + k)/(10 + k))", () => {
    const d = createLatentDenoiser({ baseChannels: 4, attention: false });
    const ema = new WeightEma(d.model, 0.998, true);
    expect(ema.currentDecay()).toBeCloseTo(0.1, 10);
    ema.update();
    expect(ema.currentDecay()).toBeCloseTo(2 / 11, 10);
    for (let i = 0; i < 5000; i++) (ema as unknown as { updates: number }).updates++;
    expect(ema.currentDecay()).toBe(0.998);
    expect(new WeightEma(d.model, 0.9).currentDecay()).toBe(0.9);
    ema.dispose();
    d.model.dispose();
  });

  it("a saved bundle remembers which denoisers predict v; loading wires ᾱ back in", async () => {
    const scheduler = new DDIMScheduler(LATENT_SCHEDULER_CONFIG);
    const small = { baseChannels: 4, attention: false };
    const m = {
      autoencoder: createAutoencoder(),
      stats: { mean: [0, 0, 0, 0], std: [1, 1, 1, 1] },
      classifier: createDigitClassifier(),
      denoiser: createLatentDenoiser({ ...small, numClasses: 10 }, "denoiser", { prediction: "v" as const, alphasCumprod: scheduler.alphasCumprod }),
      superRes: createLatentDenoiser({ ...small, condChannels: 5 }, "superres"),
      noisyClassifier: createNoisyLatentClassifier({ width: 8 }),
      schedulerConfig: LATENT_SCHEDULER_CONFIG,
      record: {},
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-v-"));
    try {
      await saveLatentModels(m, dir);
      const back = await loadLatentModels(dir);
      expect(back.denoiser.prediction).toBe("v");
      expect(Array.from(back.denoiser.alphasCumprod!)).toEqual(Array.from(scheduler.alphasCumprod));
      expect(back.superRes.prediction).toBe("epsilon");
      disposeLatentModels(back);
    } finally {
      disposeLatentModels(m);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("retraining the guided denoiser alone keeps the other models and records the v-recipe", async () => {
    const m = await loadLatentModels();
    const others = [m.autoencoder.encoder, m.classifier, m.superRes.model];
    try {
      const before = tf.memory().numTensors;
      const data = { train: makeShapes(128, 3), test: makeShapes(16, 4) };
      const out = await retrainGuidedDenoiser(m, { data, epochs: { denoiser: 1 }, denoiserPrediction: "v" });
      expect(out.denoiser.prediction).toBe("v");
      expect(out.denoiser.model).not.toBe(m.denoiser.model);
      expect([out.autoencoder.encoder, out.classifier, out.superRes.model]).toEqual(others);
      expect((out.record.epochs as Record<string, number>).denoiser).toBe(1);
      expect(out.record.denoiserPrediction).toBe("v");
      // the old denoiser was freed and replaced by one of the same size
      expect(tf.memory().numTensors).toBe(before);
      m.denoiser = out.denoiser;
    } finally {
      disposeLatentModels(m);
    }
  });

  it("dl4ds train rejects --only for a model that cannot be retrained alone, and --from without --only", async () => {
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await trainCommand(["latent", "--only", "superres"])).toBe(2);
      expect(String(err.mock.calls[0][0])).toMatch(/--only takes "denoiser"/);
      expect(await trainCommand(["latent", "--from", "/tmp/x"])).toBe(2);
      expect(String(err.mock.calls[1][0])).toMatch(/--from is only used with --only denoiser/);
      expect(await trainCommand(["latent", "--epochs-denoiser", "0"])).toBe(2);
      expect(String(err.mock.calls[2][0])).toMatch(/--epochs-denoiser must be a positive integer, got "0"/);
    } finally {
      err.mockRestore();
    }
  });
});
