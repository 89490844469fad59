import { describe, expect, it } from "vitest";
import { createRng } from "../../src/random";
import { LookupTableModel, getDataPairs, getDecoderDataPairs, trainEpsModels, trainMeanModels, alphaBar, conditionalDiffusionDistribution } from "../../src/diffusion";

describe("LookupTableModel (the book's per-step model)", () => {
  it("stores sum / (count + 1) per 0.01 bin on [−3, 3]", () => {
    const m = new LookupTableModel();
    expect(m.nBins).toBe(600);
    m.train([0.001, 0.002, 0.009, 1.234], [1, 2, 3, -4]);
    // bin of 0.00x is ⌊(0.00x + 3)/0.01⌋ = 300: sum 6, count 3 → 6/4
    expect(m.predict([0.005])[0]).toBeCloseTo(1.5, 12);
    expect(m.predict([1.2345])[0]).toBeCloseTo(-1.5, 12); // target −4 clipped to −3, then / (1 + 1)
    expect(m.predict([-1])[0]).toBe(0); // empty bin
    expect(m.counts[300]).toBe(3);
  });

  it("clips inputs and targets to [−3, 3] and sends out-of-range inputs to the end bins", () => {
    const m = new LookupTableModel().train([-10, 10, 3], [-10, 10, 1]);
    expect(m.predict([-7])[0]).toBeCloseTo(-3 / 2, 12);
    expect(m.predict([2.995])[0]).toBeCloseTo((3 + 1) / 3, 12); // 10 → 3 and 3 share the last bin
  });

  it("in residual mode learns target − input and predicts input + table (book 18.2)", () => {
    const m = new LookupTableModel({ residual: true }).train([0.5, 0.505], [0.7, 0.705]);
    expect(m.predict([0.503])[0]).toBeCloseTo(0.503 + (0.2 + 0.2) / 3, 12);
  });

  it("rejects misuse", () => {
    expect(() => new LookupTableModel().predict([0])).toThrow(/not trained/);
    expect(() => new LookupTableModel().train([1, 2], [1])).toThrow(/length 2/);
    expect(() => new LookupTableModel({ binWidth: 0 })).toThrow(/binWidth/);
    expect(() => new LookupTableModel().train([NaN], [1])).toThrow(/input\[0\].*NaN/);
  });
});

describe("training pairs and loops", () => {
  it("getDataPairs returns z_t = √α_t x + √(1−α_t) ε with its ε (algorithm 18.1)", () => {
    const x = createRng(1).normals(1000);
    const { zT, eps } = getDataPairs(x, 17, 0.01511, createRng(2));
    const a = alphaBar(0.01511, 17);
    for (let i = 0; i < 1000; i += 97) expect(zT[i]).toBeCloseTo(Math.sqrt(a) * x[i] + Math.sqrt(1 - a) * eps[i], 12);
    expect(() => getDataPairs(x, 0, 0.01511, createRng(2))).toThrow(/t must be an integer ≥ 1/);
  });

  it("getDecoderDataPairs draws z_{t−1} from eq. 18.15 and returns x itself at t = 1", () => {
    const n = 100_000;
    const x = new Float64Array(n).fill(0.8);
    const { zT, zPrev } = getDecoderDataPairs(x, 50, 0.01511, createRng(3));
    const c0 = conditionalDiffusionDistribution(0.8, 0, 50, 0.01511);
    const c1 = conditionalDiffusionDistribution(0.8, 1, 50, 0.01511);
    let resid = 0, r2 = 0;
    for (let i = 0; i < n; i++) {
      const r = zPrev[i] - (c0.mean + (c1.mean - c0.mean) * zT[i]);
      resid += r;
      r2 += r * r;
    }
    expect(Math.abs(resid / n)).toBeLessThan(5 * c0.std / Math.sqrt(n));
    expect(Math.abs(Math.sqrt(r2 / n) - c0.std) / c0.std).toBeLessThan(0.01);
    expect(Array.from(getDecoderDataPairs(x.subarray(0, 3), 1, 0.01511, createRng(3)).zPrev)).toEqual([0.8, 0.8, 0.8]);
  });

  it("train one model per step (models[t − 1] for step t) and report progress", () => {
    const x = createRng(4).normals(5000);
    const seen: number[] = [];
    const eps = trainEpsModels(x, 10, 0.01511, createRng(5), { onStep: (t) => seen.push(t) });
    expect(eps.length).toBe(10);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(eps.every((m) => m.isTrained && !m.residual)).toBe(true);
    const mean = trainMeanModels(x, 10, 0.01511, createRng(5));
    expect(mean.every((m) => m.residual)).toBe(true);
    expect(() => trainEpsModels(x, 10, [0.1, 0.1], createRng(5))).toThrow(/2 steps/);
  });
});

describe("training progress in a notebook", () => {
  it("shows one display updated in place while the lookup models train (silent with progress: false)", async () => {
    const { setDisplaySink } = await import("../../src/notebook");
    const savedCi = process.env.CI;
    delete process.env.CI; // the progress display is silent in CI
    const seen: Array<{ text: string; id?: string; update?: boolean }> = [];
    setDisplaySink((bundle, opts) => seen.push({ text: String(bundle["text/plain"]), id: opts.id, update: opts.update }));
    try {
      const x = createRng(4).normals(2000);
      trainEpsModels(x, 20, 0.01511, createRng(5));
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(new Set(seen.map((s) => s.id)).size).toBe(1);
      expect(seen[seen.length - 1].update).toBe(true);
      expect(seen[seen.length - 1].text).toMatch(/20/);
      seen.length = 0;
      trainMeanModels(x, 5, 0.01511, createRng(5), { progress: false });
      expect(seen.length).toBe(0);
    } finally {
      setDisplaySink(undefined);
      if (savedCi !== undefined) process.env.CI = savedCi;
    }
  });
});
