/**
 * Quality of the weights shipped in datasets/weights/ (100 samples each, one seed, 50 DDIM steps at the
 * default η): bounds a little below what the shipped weights measure here, so a retrain or a sampler
 * change that loses quality fails. The goals themselves are judged by `npm run bench -- quality`
 * (n = 1 000, 3 seeds); at n = 100 a single seed cannot tell them apart.
 * The Fréchet distances use the repo's small MNIST classifier's features — not Inception FID.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tf } from "../../src/backend";
import { disposeLatentModels, loadLatentModels, type LatentModels } from "../../src/models";
import { sampleDigits, type LatentQualityReport } from "../../src/pipelines";
import { run as benchQuality, summary as benchSummary } from "../../src/cli/bench/quality";

let models: LatentModels;
let report: LatentQualityReport;
let bench: Record<string, unknown>;

beforeAll(async () => {
  models = await loadLatentModels();
  // `dl4ds bench quality` computes the report; the goals below are checked on its numbers.
  bench = await benchQuality(["--n", "100", "--seeds", "1", "--restoration-n", "100", "--steps", "50", "--seed", "11"]);
  report = bench as unknown as LatentQualityReport;
  process.stdout.write(`latent quality: ${JSON.stringify(bench)}\n`);
});

afterAll(() => disposeLatentModels(models));

describe("shipped latent-diffusion models", () => {
  it("bench quality reports every number of the quality goals, n and steps", () => {
    expect(benchSummary).toMatch(/quality/);
    for (const k of ["fdUnconditional", "fdRealReference", "cfgAccuracyW1", "cfgAccuracyW3", "classifierGuidanceAccuracy", "psnrSuperRes", "psnrBicubic", "inpaintKnownMseRaw", "inpaintKnownMse", "reconstructionKnownMse"]) {
      expect(typeof bench[k], k).toBe("number");
      expect(Number.isFinite(bench[k] as number), k).toBe(true);
    }
    expect(bench.n).toBe(100);
    expect(bench.steps).toBe(50);
  });

  it("the classifier reads test digits correctly ≥ 97 % of the time", () => {
    expect(report.classifierTestAccuracy).toBeGreaterThanOrEqual(0.97);
  });

  // The shipped weights measure 81 % at w = 1 and 100 % at w = 3 here (89.6 % / 100 % in the 3-seed,
  // n = 1 000 bench; datasets/weights/README.md); n = 100 moves an accuracy by about ±4 points.
  it("classifier-free guidance: samples show the requested digit ≥ 72 % at w = 1 and ≥ 97 % at w = 3", () => {
    expect(report.cfgAccuracyW1).toBeGreaterThanOrEqual(0.72);
    expect(report.cfgAccuracyW3).toBeGreaterThanOrEqual(0.97);
  });

  // 93 % here.
  it("classifier guidance (noisy-latent classifier) shows the requested digit ≥ 85 % of the time", () => {
    expect(report.classifierGuidanceAccuracy).toBeGreaterThanOrEqual(0.85);
  });

  // 43.3 here, real digits 11.7 (at n = 100 both carry a large bias; the bench's n = 1 000 gives 23.7 vs 1.7).
  it("unconditional samples: classifier-feature FD ≤ 55, not better than real digits, far from decoded random latents", () => {
    expect(report.fdUnconditional).toBeLessThanOrEqual(55);
    expect(report.fdUnconditional).toBeGreaterThan(report.fdRealReference * 0.5); // samples are not better than real data
    expect(report.fdRandomLatents).toBeGreaterThan(3 * report.fdUnconditional);
  });

  it("super-resolution 7×7 → 28×28 beats bicubic upsampling in PSNR", () => {
    expect(report.psnrSuperRes).toBeGreaterThan(report.psnrBicubic + 1);
  });

  it("inpainting: latent blending alone changes the kept pixels more than the autoencoder; the refinement (which minimises that error) brings it under", () => {
    expect(report.reconstructionKnownMse).toBeGreaterThan(0);
    expect(report.inpaintKnownMseRaw).toBeGreaterThan(report.reconstructionKnownMse);
    expect(report.inpaintKnownMse).toBeLessThanOrEqual(report.reconstructionKnownMse);
    // Half a digit is often ambiguous (7/9, 4/9, 1/7), so agreement is far from 1, but far above chance (0.1).
    expect(report.inpaintLabelAgreement).toBeGreaterThanOrEqual(0.3);
  });

  it("repeated sampling leaves no tensors behind and is reproducible per seed", async () => {
    const before = tf.memory().numTensors;
    const a = await sampleDigits(models, { classes: Int32Array.from([3, 7]), guidance: 3, steps: 10, seed: 5 });
    const b = await sampleDigits(models, { classes: Int32Array.from([3, 7]), guidance: 3, steps: 10, seed: 5 });
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
    for (let i = 0; i < 2; i++) tf.dispose(await sampleDigits(models, { n: 2, steps: 5, seed: i }));
    expect(tf.memory().numTensors).toBe(before);
  });
});
