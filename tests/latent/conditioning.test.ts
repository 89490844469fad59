/**
 * Classifier guidance (noisy-latent classifier, its gradient, the guided ε), the cascade's pieces, the
 * cosine learning-rate schedule, the one-measurement sampling cost, and the table figure.
 */
import { describe, expect, it } from "vitest";
import { tf } from "../../src/backend";
import type { Tensor4D } from "@tensorflow/tfjs";
import { classLogProbGradient, classifierGuidedNoisePredictor, unconditionalNoisePredictor } from "../../src/guidance";
import { createLatentDenoiser, createNoisyLatentClassifier, noisyClassifierLogits, LATENT_SCHEDULER_CONFIG } from "../../src/models";
import { lowResTrainingImages, measureSamplingCost } from "../../src/pipelines";
import { DDIMScheduler } from "../../src/schedulers";
import { scheduledLearningRate, trainNoisyClassifier } from "../../src/training";
import { numbersChart, numbersTable } from "../../src/figures";

describe("classifier guidance", () => {
  it("the log-probability gradient matches central finite differences", () => {
    const clf = createNoisyLatentClassifier({ width: 8 });
    const z = tf.randomNormal([2, 7, 7, 4], 0, 1, "float32", 1) as Tensor4D;
    const classes = Int32Array.from([3, 8]);
    const g = classLogProbGradient(clf, z, 400, classes);
    const logp = (zz: Tensor4D): number[] => {
      const lp = tf.tidy(() => tf.logSoftmax(noisyClassifierLogits(clf, zz, 400)).arraySync() as number[][]);
      return [lp[0][3], lp[1][8]];
    };
    const data = z.dataSync();
    const grad = g.dataSync();
    const h = 1e-2;
    for (const idx of [0, 57, 196 + 100]) {
      const row = idx < 196 ? 0 : 1;
      const plus = Float32Array.from(data);
      const minus = Float32Array.from(data);
      plus[idx] += h;
      minus[idx] -= h;
      const zp = tf.tensor4d(plus, [2, 7, 7, 4]);
      const zm = tf.tensor4d(minus, [2, 7, 7, 4]);
      const fd = (logp(zp)[row] - logp(zm)[row]) / (2 * h);
      tf.dispose([zp, zm]);
      expect(grad[idx]).toBeCloseTo(fd, 2);
    }
    tf.dispose([z, g]);
    clf.model.dispose();
  });

  it("ε̂ = ε_uncond − s·√(1−ᾱ_t)·∇log p(y|z_t): s = 0 is the unconditional model, no tensors leak", () => {
    const den = createLatentDenoiser({ numClasses: 10, baseChannels: 8 });
    den.model.setWeights(den.model.getWeights().map((w) => tf.randomNormal(w.shape, 0, 0.1, "float32", 2)));
    const clf = createNoisyLatentClassifier({ width: 8 });
    const scheduler = new DDIMScheduler(LATENT_SCHEDULER_CONFIG);
    const classes = Int32Array.from([1, 2, 3]);
    const z = tf.randomNormal([3, 7, 7, 4], 0, 1, "float32", 3) as Tensor4D;
    const before = tf.memory().numTensors;
    const u = unconditionalNoisePredictor(den)(z, 600);
    const g0 = classifierGuidedNoisePredictor(den, clf, scheduler, classes, 0)(z, 600);
    const g2 = classifierGuidedNoisePredictor(den, clf, scheduler, classes, 2)(z, 600);
    const grad = classLogProbGradient(clf, z, 600, classes);
    expect(Array.from(g0.dataSync())).toEqual(Array.from(u.dataSync()));
    const k = 2 * Math.sqrt(1 - scheduler.alphasCumprod[600]);
    const want = u.dataSync().map((e, i) => e - k * grad.dataSync()[i]);
    const got = g2.dataSync();
    for (let i = 0; i < got.length; i += 17) expect(got[i]).toBeCloseTo(want[i], 5);
    tf.dispose([u, g0, g2, grad]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => classifierGuidedNoisePredictor(den, clf, scheduler, classes, 1)(tf.zeros([2, 7, 7, 4]) as Tensor4D, 10)).toThrow(/3 classes/);
    tf.dispose(z);
    den.model.dispose();
    clf.model.dispose();
  });

  it("the noisy-latent classifier learns separable classes at low noise, without leaking tensors", async () => {
    const n = 256;
    const labels = Int32Array.from({ length: n }, (_, i) => i % 2);
    // Class 0: latents around −1, class 1 around +1.
    const z = tf.tidy(() => tf.add(tf.mul(tf.tensor4d(labels, [n, 1, 1, 1], "float32"), 2), tf.randomNormal([n, 7, 7, 4], -1, 0.3, "float32", 4))) as Tensor4D;
    const scheduler = new DDIMScheduler(LATENT_SCHEDULER_CONFIG);
    const clf = createNoisyLatentClassifier({ width: 8, numClasses: 2 });
    const before = tf.memory().numTensors;
    const r = await trainNoisyClassifier(clf, z, labels, { scheduler, epochs: 3, batchSize: 32, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.epochLosses[2]).toBeLessThan(r.epochLosses[0]);
    const pred = tf.tidy(() => tf.argMax(noisyClassifierLogits(clf, z, 10), -1).dataSync());
    expect(Array.from(pred).filter((p, i) => p === labels[i]).length / n).toBeGreaterThan(0.95);
    await expect(trainNoisyClassifier(clf, z, labels.subarray(1), { scheduler, epochs: 1 })).rejects.toThrow(/labels must be an Int32Array of 256/);
    tf.dispose(z);
    clf.model.dispose();
  });
});

describe("cascade, schedule, costs, tables", () => {
  it("low-resolution training images are 4×4 box averages mapped to [−1, 1]", () => {
    const x = tf.tidy(() => tf.concat([tf.ones([1, 4, 28, 1]), tf.zeros([1, 24, 28, 1])], 1)) as Tensor4D;
    const small = lowResTrainingImages(x);
    expect(small.shape).toEqual([1, 7, 7, 1]);
    const v = small.dataSync();
    expect(v[0]).toBeCloseTo(1, 6);
    expect(v[7]).toBeCloseTo(-1, 6);
    tf.dispose([x, small]);
  });

  it("the cosine learning rate starts at lr, halves midway and ends at 0", () => {
    expect(scheduledLearningRate(2e-3, "cosine", 0, 100)).toBeCloseTo(2e-3, 12);
    expect(scheduledLearningRate(2e-3, "cosine", 50, 100)).toBeCloseTo(1e-3, 12);
    expect(scheduledLearningRate(2e-3, "cosine", 100, 100)).toBeCloseTo(0, 12);
    expect(scheduledLearningRate(2e-3, "constant", 70, 100)).toBe(2e-3);
  });

  it("measureSamplingCost times pixel and latent loops once, and its ratios are its own numbers", async () => {
    const c = await measureSamplingCost({ design: { baseChannels: 8, channelMult: [1, 2], attention: false }, batch: 2, steps: 3, reps: 1 });
    expect(c.steps).toBe(3);
    expect(c.forwardRatio).toBeCloseTo(c.forwardMs.pixels / c.forwardMs.latents, 10);
    expect(c.sampleRatio).toBeCloseTo(c.sampleSeconds.pixels / (c.sampleSeconds.latents + c.decodeMs / 1000), 10);
    expect(c.perStepMs.latents).toBeCloseTo((1000 * c.sampleSeconds.latents) / 3, 10);
    for (const v of [c.forwardMs.pixels, c.forwardMs.latents, c.decodeMs, c.sampleSeconds.pixels]) expect(v).toBeGreaterThan(0);
  });

  it("numbersTable renders Markdown with rounded numbers and rejects ragged rows", () => {
    const t = numbersTable([{ a: "x|y", b: 1.23456 }, { a: "z", b: 2 }], { title: "T" });
    const md = t.toMarkdown();
    expect(md).toContain("**T**");
    expect(md).toContain("| x\\|y | 1.23 |");
    expect(md).toContain("| --- | --- |");
    expect(() => numbersTable([{ a: 1 }, { b: 2 }])).toThrow(/row 1 has columns b/);
  });

  it("a bar chart of a name → value record carries the axis titles it is given", () => {
    const spec = JSON.stringify(numbersChart({ p: 1, q: 2 }, { xLabel: "method", yLabel: "time (ms)" }).spec);
    expect(spec).toContain('"title":"method"');
    expect(spec).toContain('"title":"time (ms)"');
    expect(spec).not.toContain('"title":"name"');
    expect(spec).not.toContain('"title":"value"');
  });
});
