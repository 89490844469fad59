import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { tf } from "../../src/backend";
import type { Tensor, Tensor4D } from "@tensorflow/tfjs";
import {
  createAutoencoder,
  createDigitClassifier,
  createLatentDenoiser,
  createUNet,
  loadLayersModel,
  predictNoise,
  saveLayersModel,
  sinusoidalTimeEmbedding,
  unetLevelSizes,
  resolveUNetConfig,
} from "../../src/models";

describe("sinusoidal time embedding", () => {
  it("matches sin/cos at hand-computed frequencies", () => {
    // dim 4 → half 2, frequencies 1 and 10000^(-1/2) = 0.01
    const e = sinusoidalTimeEmbedding([0, 3], 4);
    const v = Array.from(e.dataSync());
    e.dispose();
    expect(v.slice(0, 4)).toEqual([0, 0, 1, 1]);
    expect(v[4]).toBeCloseTo(Math.sin(3), 6);
    expect(v[5]).toBeCloseTo(Math.sin(0.03), 6);
    expect(v[6]).toBeCloseTo(Math.cos(3), 6);
    expect(v[7]).toBeCloseTo(Math.cos(0.03), 6);
    expect(() => sinusoidalTimeEmbedding([1], 3)).toThrow(/even/);
    expect(() => sinusoidalTimeEmbedding([NaN], 4)).toThrow(/finite/);
  });
});

describe("U-Net", () => {
  it("maps 7×7×4 latents (odd size) and 28×28×1 pixels to same-shape noise, zero at initialisation", () => {
    expect(unetLevelSizes(resolveUNetConfig({ size: 7 }))).toEqual([7, 4]);
    for (const cfg of [{ size: 7, channels: 4, numClasses: 10 }, { size: 28, channels: 1, numClasses: 0, attention: false }]) {
      const d = createLatentDenoiser({ ...cfg, baseChannels: 8 });
      const zt = tf.randomNormal([3, cfg.size, cfg.size, cfg.channels], 0, 1, "float32", 1) as Tensor4D;
      const classes = cfg.numClasses ? Int32Array.from([0, 5, 10]) : undefined;
      const eps = predictNoise(d, { zt, t: [1, 500, 999], classes });
      expect(eps.shape).toEqual([3, cfg.size, cfg.size, cfg.channels]);
      // Output conv starts at zero, so the untrained model predicts ε = 0.
      expect(Math.max(...Array.from(eps.dataSync()).map(Math.abs))).toBe(0);
      tf.dispose([zt, eps]);
      d.model.dispose();
    }
  });

  it("uses its class input and conditioning channels once trained weights are non-zero", () => {
    const d = createLatentDenoiser({ numClasses: 10, condChannels: 2, baseChannels: 8 });
    // Make the output layer non-zero so the output depends on the inputs.
    const out = d.model.getLayer("denoiser_conv_out");
    out.setWeights(out.getWeights().map((w) => tf.randomNormal(w.shape, 0, 0.1, "float32", 3)));
    const zt = tf.randomNormal([2, 7, 7, 4], 0, 1, "float32", 2) as Tensor4D;
    const c1 = tf.zeros([2, 7, 7, 2]) as Tensor4D;
    const c2 = tf.ones([2, 7, 7, 2]) as Tensor4D;
    const a = predictNoise(d, { zt, t: 10, classes: Int32Array.from([1, 1]), cond: c1 });
    const b = predictNoise(d, { zt, t: 10, classes: Int32Array.from([2, 2]), cond: c1 });
    const c = predictNoise(d, { zt, t: 10, classes: Int32Array.from([1, 1]), cond: c2 });
    const diff = (x: Tensor, y: Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]);
    expect(diff(a, b)).toBeGreaterThan(1e-4);
    expect(diff(a, c)).toBeGreaterThan(1e-4);
    expect(() => predictNoise(d, { zt, t: 10, classes: Int32Array.from([1, 11]), cond: c1 })).toThrow(/outside 0..10/);
    expect(() => predictNoise(d, { zt, t: 10, classes: Int32Array.from([1, 1]) })).toThrow(/cond/);
    tf.dispose([zt, c1, c2, a, b, c]);
    d.model.dispose();
  });

  it("rejects bad configs with a message naming the field", () => {
    expect(() => createUNet({ baseChannels: 0 })).toThrow(/baseChannels/);
    expect(() => createUNet({ channelMult: [] })).toThrow(/channelMult/);
  });
});

describe("autoencoder and classifier", () => {
  it("encode 28×28 to 7×7×4 and back; classifier gives 10 logits", () => {
    const ae = createAutoencoder();
    const x = tf.zeros([2, 28, 28, 1]);
    const z = ae.encoder.predict(x) as Tensor;
    const y = ae.decoder.predict(z) as Tensor;
    expect(z.shape).toEqual([2, 7, 7, 4]);
    expect(y.shape).toEqual([2, 28, 28, 1]);
    const clf = createDigitClassifier();
    const logits = clf.predict(x) as Tensor;
    expect(logits.shape).toEqual([2, 10]);
    tf.dispose([x, z, y, logits]);
    expect(() => createAutoencoder({ imageSize: 30 })).toThrow(/multiple of 4/);
  });
});

describe("save and load in tfjs format", () => {
  it("round-trips a U-Net with its custom layers (attention, ChannelNorm) exactly", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unet-"));
    const d = createLatentDenoiser({ numClasses: 10, baseChannels: 8 });
    const out = d.model.getLayer("denoiser_conv_out");
    out.setWeights(out.getWeights().map((w) => tf.randomNormal(w.shape, 0, 0.1, "float32", 4)));
    await saveLayersModel(d.model, path.join(dir, "m"));
    expect(fs.existsSync(path.join(dir, "m", "model.json"))).toBe(true);
    expect(fs.existsSync(path.join(dir, "m", "weights.bin"))).toBe(true);
    const loaded = await loadLayersModel(path.join(dir, "m"));
    const zt = tf.randomNormal([2, 7, 7, 4], 0, 1, "float32", 5) as Tensor4D;
    const a = predictNoise(d, { zt, t: 100, classes: Int32Array.from([3, 10]) });
    const b = predictNoise({ model: loaded, config: d.config }, { zt, t: 100, classes: Int32Array.from([3, 10]) });
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([zt, a, b]);
    d.model.dispose();
    loaded.dispose();
    fs.rmSync(dir, { recursive: true });
    await expect(loadLayersModel(path.join(dir, "missing"))).rejects.toThrow(/not found/);
  });
});
