/**
 * `dl4ds bench latent [--json] [--quick]`: the latent-diffusion lesson's speed figures —
 * seconds per training epoch (8 000 digits) of the autoencoder, the classifier, the noisy-latent
 * classifier and the latent denoiser (and from them the estimated from-scratch training time of every
 * shipped model), seconds to draw 64 samples with 50 DDIM steps (unconditional, and with
 * classifier-free guidance, which doubles the batch), and, in one measurement (measureSamplingCost, as
 * lesson latent-1), the pixel/latent cost of one forward pass and of a whole 50-step sample for U-Nets
 * of the same design. Goals (2 CPU cores): all training ≤ 10 min, 64 samples ≤ 5 s, forward ratio ≥ 4.
 * Prints the 1-minute load average: on a shared machine the times grow with it.
 * --quick times 10 training steps and scales to an epoch instead of running whole epochs.
 */
import { deviceLabel, tf } from "../../backend";
import { loadMnist } from "../../data/mnist";
import { splitImages, splitLabels } from "../../data/tensors";
import { createAutoencoder } from "../../models/autoencoder";
import { createDigitClassifier } from "../../models/classifier";
import { trainClassifier } from "../../training/classifier";
import { encodeImages } from "../../models/latent/codec";
import { measureSamplingCost } from "../../pipelines/costs";
import * as os from "os";
import { createNoisyLatentClassifier } from "../../models/noisyClassifier";
import { trainNoisyClassifier } from "../../training/noisyClassifier";
import { createLatentDenoiser } from "../../models/latent/denoiser";
import { disposeLatentModels, latentScheduler, loadLatentModels } from "../../models/latent/weightsBundle";
import { sampleDigits } from "../../pipelines/tasks";
import { trainAutoencoder } from "../../training/autoencoder";
import { trainLatentDenoiser } from "../../training/latentDenoiser";
import { TRAIN_LATENT_DEFAULTS } from "../../training/trainLatentModels";

/** One line for `dl4ds bench --list`. */
export const summary = "latent diffusion on MNIST: s/epoch (autoencoder, denoiser), s for 64 samples × 50 DDIM steps, pixel/latent step cost";

const round = (x: number, d = 3): number => Number(x.toFixed(d));

/** Runs the benchmark. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const quick = args.includes("--quick");
  const data = loadMnist();
  const models = await loadLatentModels();
  const out: Record<string, unknown> = { backend: tf.getBackend(), device: deviceLabel() };
  try {
    // 1. Training speed per epoch (fresh models, real data).
    const count = quick ? 10 * 64 : data.train.count;
    const images = splitImages(data.train, 0, count);
    const ae = createAutoencoder();
    const aeReport = await trainAutoencoder(ae, images, { epochs: 1, seed: 1 });
    out.autoencoderSecondsPerEpoch = round((aeReport.seconds * data.train.count) / count);
    const clf = createDigitClassifier();
    const clfReport = await trainClassifier(clf, images, splitLabels(data.train, 0, count), { epochs: 1, seed: 1 });
    out.classifierSecondsPerEpoch = round((clfReport.seconds * data.train.count) / count);
    clf.dispose();
    const latents = encodeImages(models.autoencoder, models.stats, images);
    const denoiser = createLatentDenoiser({ ...models.denoiser.config }, "bench_denoiser");
    const dCount = quick ? 10 * 128 : data.train.count;
    const dLatents = quick ? encodeImages(models.autoencoder, models.stats, splitImages(data.train, 0, dCount)) : latents;
    const dReport = await trainLatentDenoiser(denoiser, dLatents, { scheduler: latentScheduler(models), labels: splitLabels(data.train, 0, dCount), epochs: 1, seed: 1 });
    out.denoiserSecondsPerEpoch = round((dReport.seconds * data.train.count) / dCount);
    const noisy = createNoisyLatentClassifier({});
    const nReport = await trainNoisyClassifier(noisy, dLatents, splitLabels(data.train, 0, dCount), { scheduler: latentScheduler(models), epochs: 1, seed: 1 });
    out.noisyClassifierSecondsPerEpoch = round((nReport.seconds * data.train.count) / dCount);
    noisy.model.dispose();
    const e = TRAIN_LATENT_DEFAULTS.epochs;
    // The super-resolution and 7×7 pixel denoisers are the same U-Net as the latent denoiser (at most as many channels in).
    out.estimatedTrainingSecondsAll = round(
      e.autoencoder * (out.autoencoderSecondsPerEpoch as number) +
        e.classifier * (out.classifierSecondsPerEpoch as number) +
        e.noisyClassifier * (out.noisyClassifierSecondsPerEpoch as number) +
        (e.denoiser + e.superRes + e.lowRes) * (out.denoiserSecondsPerEpoch as number),
      1,
    );
    out.shippedTrainingSeconds = models.record.trainingSecondsTotal ?? null;
    tf.dispose([images, latents]);
    if (dLatents !== latents) dLatents.dispose();
    ae.encoder.dispose();
    ae.decoder.dispose();
    denoiser.model.dispose();

    // 2. Sampling: 64 samples, 50 DDIM steps, with the shipped weights.
    let t0 = performance.now();
    tf.dispose(await sampleDigits(models, { n: 64, steps: 50, seed: 1 }));
    out.sample64Seconds = round((performance.now() - t0) / 1000);
    t0 = performance.now();
    tf.dispose(await sampleDigits(models, { classes: Int32Array.from({ length: 64 }, (_, i) => i % 10), guidance: 3, steps: 50, seed: 1 }));
    out.sample64GuidedSeconds = round((performance.now() - t0) / 1000);

    // 3. Pixel vs latent cost, one measurement: a forward pass, the whole 50-step loop, one decoder pass (batch 64).
    const d = models.denoiser.config;
    const cost = await measureSamplingCost({ design: { baseChannels: d.baseChannels, channelMult: d.channelMult, attention: d.attention }, batch: 64, steps: 50 });
    out.latentForwardMs = round(cost.forwardMs.latents, 2);
    out.pixelForwardMs = round(cost.forwardMs.pixels, 2);
    out.pixelOverLatentForwardCost = round(cost.forwardRatio, 2);
    out.latentSample64Seconds = round(cost.sampleSeconds.latents + cost.decodeMs / 1000, 3);
    out.pixelSample64Seconds = round(cost.sampleSeconds.pixels, 3);
    out.decodeMs = round(cost.decodeMs, 2);
    out.pixelOverLatentSampleCost = round(cost.sampleRatio, 2);
    out.loadAverage1m = round(os.loadavg()[0], 2);
    out.goals = {
      trainingUnder10Min: (out.estimatedTrainingSecondsAll as number) <= 600,
      sample64Under5s: (out.sample64Seconds as number) <= 5,
      latentStep4xCheaper: cost.forwardRatio >= 4,
    };
    return out;
  } finally {
    disposeLatentModels(models);
  }
}
