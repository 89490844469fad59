/**
 * Quality of the weights shipped in datasets/weights/ (100 samples each, 50 DDIM steps).
 * The Fréchet distances use the repo's small MNIST classifier's features — not Inception FID.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tf } from "../../src/backend";
import { loadMnist, type MnistDataset } from "../../src/data";
import { disposeLatentModels, evaluateLatentModels, loadLatentModels, sampleDigits, type LatentModels, type LatentQualityReport } from "../../src/models";

let models: LatentModels;
let data: MnistDataset;
let report: LatentQualityReport;

beforeAll(async () => {
  models = await loadLatentModels();
  data = loadMnist();
  report = await evaluateLatentModels(models, data, { n: 100, steps: 50, seed: 11 });
  process.stdout.write(`latent quality: ${JSON.stringify(report)}\n`);
});

afterAll(() => disposeLatentModels(models));

describe("shipped latent-diffusion models", () => {
  it("the classifier reads test digits correctly ≥ 97 % of the time", () => {
    expect(report.classifierTestAccuracy).toBeGreaterThanOrEqual(0.97);
  });

  it("class-conditional samples at guidance 3 show the requested digit ≥ 80 % of the time", () => {
    expect(report.guidance).toBe(3);
    expect(report.cfgAccuracy).toBeGreaterThanOrEqual(0.8);
  });

  it("unconditional samples are far closer to test digits than decoded random latents (classifier-feature FD)", () => {
    expect(report.fdUnconditional).toBeGreaterThan(report.fdRealReference * 0.5); // samples are not better than real data
    expect(report.fdRandomLatents).toBeGreaterThan(3 * report.fdUnconditional);
  });

  it("super-resolution 7×7 → 28×28 beats bicubic upsampling in PSNR", () => {
    expect(report.psnrSuperRes).toBeGreaterThan(report.psnrBicubic + 1);
  });

  it("inpainting changes the known pixels by no more than the autoencoder's reconstruction error, with a plausible fill", () => {
    expect(report.reconstructionKnownMse).toBeGreaterThan(0);
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
