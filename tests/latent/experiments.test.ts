/**
 * The lesson helpers in src/experiments: each returns what its figure shows and frees what it made.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tf } from "../../src/backend";
import type { Tensor4D } from "@tensorflow/tfjs";
import { loadMnist, splitImages, splitLabels, type MnistDataset } from "../../src/data";
import { disposeLatentModels, loadLatentModels, lowerPartMask, type LatentModels } from "../../src";
import { compareGuidance, digitsInTurn, firstOfEach, inpaintingErrors, noisyClassifierAccuracyByStep } from "../../src/experiments";

let models: LatentModels;
let data: MnistDataset;
beforeAll(async () => {
  models = await loadLatentModels();
  data = loadMnist();
});
afterAll(() => disposeLatentModels(models));

describe("lesson helpers", () => {
  it("digitsInTurn and firstOfEach lay out grid rows", () => {
    expect(Array.from(digitsInTurn(2))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => digitsInTurn(0)).toThrow(/positive integer/);
    const a = tf.fill([12, 2, 2, 1], 1) as Tensor4D;
    const b = tf.fill([10, 2, 2, 1], 2) as Tensor4D;
    const rows = firstOfEach([a, b], 10);
    expect(rows.shape).toEqual([20, 2, 2, 1]);
    const v = rows.dataSync();
    expect([v[0], v[39], v[40], v[79]]).toEqual([1, 1, 2, 2]);
    expect(() => firstOfEach([a], 13)).toThrow(/at least 13 images/);
    tf.dispose([a, b, rows]);
  });

  it("inpaintingErrors: zero kept-pixel error for an exact copy, the squared offset for a shifted one", () => {
    const originals = splitImages(data.test, 0, 20);
    const labels = splitLabels(data.test, 0, 20);
    const shifted = tf.add(originals, 0.1) as Tensor4D;
    const before = tf.memory().numTensors;
    const e = inpaintingErrors(models, originals, labels, lowerPartMask(14), originals, shifted);
    expect(tf.memory().numTensors).toBe(before);
    expect(e.rows.map((r) => r.output)).toEqual(["blending only", "blending + refinement", "autoencoder D(E(x))"]);
    expect(e.rows[0]["kept pixels"]).toBeCloseTo(0.01, 5);
    expect(e.rows[1]["kept pixels"]).toBe(0);
    expect(e.rows[2]["kept pixels"]).toBeGreaterThan(0);
    expect(e.refinementEffect["mean squared change of the regenerated pixels"]).toBeCloseTo(0.01, 5);
    expect(e.refinementEffect["read as the original digit, refined"]).toBeGreaterThanOrEqual(0.9); // the real digits
    expect(e.ratios.refined).toBe(0);
    tf.dispose([originals, shifted]);
  });

  it("the noisy-latent classifier reads clean latents and guesses at t = 999; compareGuidance frees its samples", async () => {
    const read = noisyClassifierAccuracyByStep(models, data, { steps: [0, 999], count: 100 });
    expect(read.map((r) => r.t)).toEqual([0, 999]);
    expect(read[0].accuracy).toBeGreaterThan(0.8);
    expect(read[1].accuracy).toBeLessThan(0.4);
    const before = tf.memory().numTensors;
    const g = await compareGuidance(models, data, { settings: [{ method: "cfg", strength: 3 }, { method: "classifier", strength: 10 }], perDigit: 1, steps: 3, seed: 1 });
    expect(g.rows.map((r) => [r.guidance, r.strength])).toEqual([["classifier-free", 3], ["classifier", 10]]);
    for (const r of g.rows) expect(Number.isFinite(r["Fréchet distance"]) && r.seconds > 0).toBe(true);
    const grid = g.firstOf(["cfg 3", "classifier 10"], 5);
    expect(grid.shape).toEqual([10, 28, 28, 1]);
    expect(() => g.firstOf(["cfg 1"])).toThrow(/no samples for "cfg 1"/);
    grid.dispose();
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
