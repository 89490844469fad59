import { describe, expect, it } from "vitest";
import { tf } from "../../src/backend";
import { makeShapes, splitImages, splitLabels } from "../../src/data";
import { computeLatentStats, createAutoencoder, createLatentDenoiser, encodeImages, decodeLatents, LATENT_SCHEDULER_CONFIG } from "../../src/models";
import { DDIMScheduler } from "../../src/schedulers";
import { runTrainingLoop, trainAutoencoder, trainLatentDenoiser, WeightEma } from "../../src/training";
import { requestCancel, resetCancel } from "../../src/notebook/cancel";

describe("training on the procedural shapes set", () => {
  it("the autoencoder's loss falls, latents standardise to mean 0 / std 1, and no tensors leak per epoch", async () => {
    const shapes = makeShapes(256, 1);
    const x = splitImages(shapes);
    const ae = createAutoencoder({ baseChannels: 8 });
    const counts: number[] = [];
    const r = await trainAutoencoder(ae, x, { epochs: 4, batchSize: 32, seed: 1, onEpochEnd: () => void counts.push(tf.memory().numTensors) });
    expect(r.epochLosses[3]).toBeLessThan(r.epochLosses[0] * 0.7);
    expect(counts[3]).toBe(counts[1]);
    const stats = computeLatentStats(ae, x);
    const z = encodeImages(ae, stats, x);
    const m = tf.moments(z, [0, 1, 2]);
    for (const v of m.mean.dataSync()) expect(Math.abs(v)).toBeLessThan(1e-3);
    for (const v of m.variance.dataSync()) expect(v).toBeCloseTo(1, 2);
    const back = decodeLatents(ae, stats, z);
    expect(back.shape).toEqual([256, 28, 28, 1]);
    expect(back.dataSync().every((v) => v >= 0 && v <= 1)).toBe(true);
    tf.dispose([x, z, m.mean, m.variance, back]);
  });

  it("the latent denoiser trains with label dropout and conditioning, deterministically per seed, without leaks", async () => {
    const shapes = makeShapes(128, 2);
    const labels = splitLabels(shapes);
    const latents = tf.randomNormal([128, 7, 7, 4], 0, 1, "float32", 3) as import("@tensorflow/tfjs").Tensor4D;
    const cond = tf.randomNormal([128, 7, 7, 4], 0, 1, "float32", 4) as import("@tensorflow/tfjs").Tensor4D;
    const scheduler = new DDIMScheduler(LATENT_SCHEDULER_CONFIG);
    const losses: number[][] = [];
    const d0 = createLatentDenoiser({ numClasses: 4, condChannels: 4, baseChannels: 8 });
    const init = d0.model.getWeights().map((w) => w.clone());
    for (let rep = 0; rep < 2; rep++) {
      d0.model.setWeights(init); // same start, same seed → same run
      const before = tf.memory().numTensors;
      const r = await trainLatentDenoiser(d0, latents, { scheduler, labels, cond, epochs: 2, batchSize: 32, seed: 5 });
      expect(tf.memory().numTensors).toBe(before);
      losses.push(r.epochLosses);
    }
    tf.dispose(init);
    d0.model.dispose();
    expect(losses[0]).toEqual(losses[1]);
    expect(losses[0].every(Number.isFinite)).toBe(true);
    const d = createLatentDenoiser({ numClasses: 4, baseChannels: 8 });
    await expect(trainLatentDenoiser(d, latents, { scheduler, epochs: 1 })).rejects.toThrow(/class-conditional; pass labels/);
    d.model.dispose();
    tf.dispose([latents, cond]);
  });

  it("a training loop stops with KeyboardInterrupt when cancelled", async () => {
    let steps = 0;
    const loop = runTrainingLoop({
      epochs: 100,
      stepsPerEpoch: 10,
      step: () => {
        if (++steps === 7) requestCancel();
        return 1;
      },
    });
    await expect(loop).rejects.toMatchObject({ name: "KeyboardInterrupt" });
    resetCancel();
    expect(steps).toBe(7);
    await expect(runTrainingLoop({ epochs: 1, stepsPerEpoch: 1, step: () => NaN })).rejects.toThrow(/diverged/);
  });

  it("the weight EMA moves toward the current weights by (1 − decay) per update", () => {
    const d = createLatentDenoiser({ baseChannels: 4, attention: false });
    const w = d.model.trainableWeights[0];
    const w0 = (w.read() as import("@tensorflow/tfjs").Tensor).clone();
    const ema = new WeightEma(d.model, 0.9);
    (w as unknown as { write(v: import("@tensorflow/tfjs").Tensor): void }).write(tf.add(w0, 1));
    ema.update(); // shadow = w0 + 0.1
    ema.apply();
    const diff = tf.tidy(() => tf.sub(w.read() as import("@tensorflow/tfjs").Tensor, w0));
    for (const v of diff.dataSync()) expect(v).toBeCloseTo(0.1, 5);
    tf.dispose([w0, diff]);
    ema.dispose();
    d.model.dispose();
  });
});
