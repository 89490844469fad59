import { afterAll, describe, expect, it } from "vitest";
import { tf } from "../../src/backend";
import { createRng } from "../../src/random";
import { requestCancel, resetCancel } from "../../src/notebook";
import { bookMixture, histogramTV, sampleDdim, sampleEps, sampleMixture, wasserstein1 } from "../../src/diffusion";
import { createEps1dModel, eps1dEmbeddingTable, eps1dForward, eps1dForwardAtStep, sampleEps1d } from "../../src/models/eps1d";
import type { Tensor2D } from "@tensorflow/tfjs";

const mix = bookMixture();
const beta = 0.01511;

describe("time embedding and network", () => {
  it("embeds t as [sin(t f_k), cos(t f_k)] with f_k = 10000^(−k/16)", () => {
    const e = eps1dEmbeddingTable(100, 32);
    expect(e.length).toBe(101 * 32);
    expect(e[7 * 32 + 0]).toBeCloseTo(Math.sin(7), 6);
    expect(e[7 * 32 + 16]).toBeCloseTo(Math.cos(7), 6);
    expect(e[7 * 32 + 3]).toBeCloseTo(Math.sin(7 * Math.pow(10000, -3 / 16)), 6);
    expect(() => eps1dEmbeddingTable(100, 31)).toThrow(/even/);
  });

  it("has the brief's shape (33 → 128 → 128 → 128 → 1) and the per-step shortcut equals the full forward pass", () => {
    const m = createEps1dModel({ T: 100, beta, seed: 3 });
    expect(m.numParams).toBe(33 * 128 + 128 + 2 * (128 * 128 + 128) + 128 + 1);
    const z = Float64Array.from([-2, -0.5, 0, 0.3, 2.5]);
    const t = 37;
    const viaPredict = m.predict(z, t);
    const emb = eps1dEmbeddingTable(100, 32).subarray(t * 32, t * 32 + 32);
    const rows = new Float32Array(5 * 33);
    for (let i = 0; i < 5; i++) {
      rows[i * 33] = z[i];
      rows.set(emb, i * 33 + 1);
    }
    const out = tf.tidy(() => m.forward(tf.tensor2d(rows, [5, 33]) as Tensor2D).dataSync());
    for (let i = 0; i < 5; i++) expect(viaPredict[i]).toBeCloseTo(out[i], 5);
    // same seed, same weights
    const m2 = createEps1dModel({ T: 100, beta, seed: 3 });
    expect(Array.from(m2.predict(z, t))).toEqual(Array.from(viaPredict));
    m.dispose();
    m2.dispose();
    expect(typeof eps1dForward).toBe("function");
    expect(typeof eps1dForwardAtStep).toBe("function");
  });

  it("validates its input", () => {
    expect(() => createEps1dModel({ T: 0, beta })).toThrow(/T must be an integer/);
    expect(() => createEps1dModel({ T: 10, beta: 1.2 })).toThrow(/0 < β < 1/);
    const m = createEps1dModel({ T: 10, beta });
    expect(() => m.predict([0], 11)).toThrow(/1\.\.10/);
    expect(() => m.predict([0], 0)).toThrow(/1\.\.10/);
    m.dispose();
    expect(() => m.predict([0], 1)).toThrow(/disposed/);
  });
});

describe("training (Algorithm 1) and sampling", () => {
  const model = createEps1dModel({ T: 100, beta, seed: 1 });
  afterAll(() => model.dispose());
  let trainedTensors = 0;

  it("stops on a kernel interrupt with KeyboardInterrupt and rejects bad options", async () => {
    const m = createEps1dModel({ T: 100, beta });
    const x = sampleMixture(mix, 1000, createRng(1));
    await expect(m.train(x, { rng: createRng(1), steps: 0 })).rejects.toThrow(/steps/);
    await expect(m.train([NaN], { rng: createRng(1) })).rejects.toThrow(/x\[0\]/);
    await expect(m.train(x, {} as never)).rejects.toThrow(/rng/);
    const before = tf.memory().numTensors;
    let calls = 0;
    const run = m.train(x, { rng: createRng(1), steps: 500, batchSize: 64, reportEvery: 10, onStep: () => { if (++calls === 2) requestCancel(); } });
    await expect(run).rejects.toMatchObject({ name: "KeyboardInterrupt" });
    resetCancel();
    expect(calls).toBe(2);
    m.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });

  it("shows training progress (step and loss) in one display updated in place when a notebook sink is installed", async () => {
    const { setDisplaySink } = await import("../../src/notebook");
    const savedCi = process.env.CI;
    delete process.env.CI; // the progress display is silent in CI
    const seen: Array<{ text: string; id?: string }> = [];
    setDisplaySink((bundle, o) => seen.push({ text: String(bundle["text/plain"]), id: o.id }));
    const m = createEps1dModel({ T: 100, beta });
    try {
      await m.train(sampleMixture(mix, 1000, createRng(1)), { rng: createRng(2), steps: 40, batchSize: 64, reportEvery: 10 });
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(new Set(seen.map((s) => s.id)).size).toBe(1);
      expect(seen[seen.length - 1].text).toMatch(/40/);
      expect(seen[seen.length - 1].text).toMatch(/loss/);
    } finally {
      setDisplaySink(undefined);
      if (savedCi !== undefined) process.env.CI = savedCi;
      m.dispose();
    }
  });

  it("trains 2000 steps (batch 1024, Adam) and reaches histogram TV ≤ 0.06 at n = 100 000 with ancestral sampling", async () => {
    const rng = createRng(1);
    const x = sampleMixture(mix, 100_000, rng);
    const seen: number[] = [];
    const progress = { updates: 0, finished: false, update() { this.updates++; }, done() { this.finished = true; } };
    const result = await model.train(x, { rng, steps: 2000, onStep: (s) => seen.push(s), progress });
    expect(seen[0]).toBe(50);
    expect(seen[seen.length - 1]).toBe(2000);
    expect(progress.updates).toBe(40);
    expect(progress.finished).toBe(true);
    // the loss falls from ~1 (predicting 0) to well below it
    expect(result.losses[result.losses.length - 1]).toBeLessThan(0.7);
    trainedTensors = tf.memory().numTensors;
    const before = tf.memory().numTensors;
    const s = await sampleEps1d(model, 100_000, createRng(2), { keepTrajectories: 5 });
    expect(tf.memory().numTensors).toBe(before); // no tensor leaks across a sampling run
    const tv = histogramTV(s.samples, mix);
    const w1 = wasserstein1(s.samples, mix);
    console.log(`eps1d: train ${result.seconds.toFixed(1)} s, ancestral TV ${tv.toFixed(4)}, W1 ${w1.toFixed(4)}`);
    expect(tv).toBeLessThanOrEqual(0.06);
    expect(w1).toBeLessThan(0.06);
    expect(s.rows?.length).toBe(101);
  }, 300_000);

  it("sampleEps1d gives exactly what the synchronous samplers give with model.predictor()", async () => {
    expect(tf.memory().numTensors).toBe(trainedTensors);
    const a = await sampleEps1d(model, 300, createRng(5), {});
    const b = sampleEps(model.predictor(), 100, beta, Math.sqrt(beta), 300, createRng(5));
    expect(Array.from(a.samples)).toEqual(Array.from(b.samples));
    const c = await sampleEps1d(model, 300, createRng(6), { sampler: "ddim", stride: 5, sigma: 0.11 });
    const d = sampleDdim(model.predictor(), 100, beta, { stride: 5, sigma: 0.11 }, 300, createRng(6));
    expect(Array.from(c.samples)).toEqual(Array.from(d.samples));
    expect(tf.memory().numTensors).toBe(trainedTensors);
    await expect(sampleEps1d(model, 0, createRng(1))).rejects.toThrow(/n must be/);
  });
});
