/**
 * The weights bundle: the trained latent-diffusion models as one object, saved to and loaded from a folder
 * (datasets/weights/ for the shipped ones): tfjs model folders plus manifest.json holding the
 * architectures, the latent statistics, the scheduler config and the training/quality record.
 */
import * as fs from "fs";
import * as path from "path";
import type { LayersModel } from "@tensorflow/tfjs";
import { datasetsDir } from "../../data/paths";
import { DDIMScheduler, type DDIMSchedulerConfig } from "../../schedulers";
import type { Autoencoder, AutoencoderConfig } from "../autoencoder";
import { loadLayersModel, saveLayersModel } from "../io";
import type { UNetConfig } from "../unet";
import type { LatentStats } from "./codec";
import type { LatentDenoiser } from "./denoiser";
import type { DenoiserPrediction } from "./parameterisation";
import type { NoisyClassifierConfig, NoisyLatentClassifier } from "../noisyClassifier";

/** Scheduler used for training and sampling every shipped denoiser. */
export const LATENT_SCHEDULER_CONFIG: Partial<DDIMSchedulerConfig> = {
  numTrainTimesteps: 1000,
  betaSchedule: "linear",
  betaStart: 1e-4,
  betaEnd: 0.02,
  predictionType: "epsilon",
  clipSample: false,
  timestepSpacing: "trailing",
};

/** Everything the latent notebooks, tests and benchmark use. */
export interface LatentModels {
  /** 28×28 ↔ 7×7×4 autoencoder. */
  autoencoder: Autoencoder;
  /** Per-channel latent mean/std. */
  stats: LatentStats;
  /** Digit classifier (logits) for quality metrics. */
  classifier: LayersModel;
  /** Class-conditional latent denoiser trained with label dropout (its null class is the unconditional model). */
  denoiser: LatentDenoiser;
  /** Super-resolution denoiser conditioned on the latent of the bicubic-upsampled 7×7 image and the 7×7 image. */
  superRes: LatentDenoiser;
  /** Classifier of noisy latents p(y | z_t, t) for classifier guidance (absent in bundles saved before it existed). */
  noisyClassifier?: NoisyLatentClassifier;
  /** Class-conditional 7×7 pixel denoiser, the first stage of cascaded generation (absent in older bundles). */
  lowRes?: LatentDenoiser;
  /** DDIM settings used in training and sampling. */
  schedulerConfig: Partial<DDIMSchedulerConfig>;
  /** Free-form record: training times, epochs, measured quality. */
  record: Record<string, unknown>;
}

interface Manifest {
  format: "dl4ds-latent-models";
  version: 1;
  autoencoder: AutoencoderConfig;
  stats: LatentStats;
  denoiser: UNetConfig;
  superRes: UNetConfig;
  noisyClassifier?: NoisyClassifierConfig;
  lowRes?: UNetConfig;
  /** What each denoiser's network outputs; absent entries (and older bundles) mean "epsilon". */
  predictions?: Partial<Record<"denoiser" | "superRes" | "lowRes", DenoiserPrediction>>;
  schedulerConfig: Partial<DDIMSchedulerConfig>;
  record: Record<string, unknown>;
}

/** Folder of the weights shipped in the repository. */
export function shippedWeightsDir(): string {
  return path.join(datasetsDir(), "weights");
}

/** A fresh DDIM scheduler with the models' settings. */
export function latentScheduler(models: Pick<LatentModels, "schedulerConfig">): DDIMScheduler {
  return new DDIMScheduler(models.schedulerConfig);
}

/** Writes all models and the manifest into `dir` (each model folder replaced whole). */
export async function saveLatentModels(m: LatentModels, dir: string): Promise<void> {
  if (typeof dir !== "string" || dir.length === 0) throw new Error("saveLatentModels: dir must be a non-empty path.");
  fs.mkdirSync(dir, { recursive: true });
  await saveLayersModel(m.autoencoder.encoder, path.join(dir, "encoder"));
  await saveLayersModel(m.autoencoder.decoder, path.join(dir, "decoder"));
  await saveLayersModel(m.classifier, path.join(dir, "classifier"));
  await saveLayersModel(m.denoiser.model, path.join(dir, "denoiser-cfg"));
  await saveLayersModel(m.superRes.model, path.join(dir, "denoiser-superres"));
  if (m.noisyClassifier) await saveLayersModel(m.noisyClassifier.model, path.join(dir, "noisy-classifier"));
  if (m.lowRes) await saveLayersModel(m.lowRes.model, path.join(dir, "denoiser-lowres"));
  const manifest: Manifest = {
    format: "dl4ds-latent-models",
    version: 1,
    autoencoder: m.autoencoder.config,
    stats: m.stats,
    denoiser: m.denoiser.config,
    superRes: m.superRes.config,
    ...(m.noisyClassifier ? { noisyClassifier: m.noisyClassifier.config } : {}),
    ...(m.lowRes ? { lowRes: m.lowRes.config } : {}),
    predictions: {
      denoiser: m.denoiser.prediction ?? "epsilon",
      superRes: m.superRes.prediction ?? "epsilon",
      ...(m.lowRes ? { lowRes: m.lowRes.prediction ?? "epsilon" } : {}),
    },
    schedulerConfig: m.schedulerConfig,
    record: m.record,
  };
  const file = path.join(dir, "manifest.json");
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(manifest, null, 2) + "\n");
  fs.renameSync(`${file}.tmp`, file);
}

/** Loads models saved by `saveLatentModels` (default: the shipped ones in datasets/weights/). */
export async function loadLatentModels(dir: string = shippedWeightsDir()): Promise<LatentModels> {
  const file = path.join(dir, "manifest.json");
  if (!fs.existsSync(file)) {
    throw new Error(`loadLatentModels: ${file} not found. Restore datasets/weights/ from git or retrain with \`npm run build && node bin/dl4ds.js train latent\`.`);
  }
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  if (manifest.format !== "dl4ds-latent-models" || manifest.version !== 1) throw new Error(`loadLatentModels: ${file} is not a version-1 dl4ds latent manifest.`);
  const [encoder, decoder, classifier, den, sr] = await Promise.all(
    ["encoder", "decoder", "classifier", "denoiser-cfg", "denoiser-superres"].map((name) => loadLayersModel(path.join(dir, name))),
  );
  const optional = async <C>(name: string, config: C | undefined): Promise<{ model: LayersModel; config: C } | undefined> =>
    config ? { model: await loadLayersModel(path.join(dir, name)), config } : undefined;
  const noisyClassifier = await optional("noisy-classifier", manifest.noisyClassifier);
  const lowResModel = await optional("denoiser-lowres", manifest.lowRes);
  const alphasCumprod = new DDIMScheduler(manifest.schedulerConfig).alphasCumprod;
  const withPrediction = (d: { model: LayersModel; config: UNetConfig }, key: "denoiser" | "superRes" | "lowRes"): LatentDenoiser => {
    const prediction = manifest.predictions?.[key] ?? "epsilon";
    if (prediction !== "epsilon" && prediction !== "v") throw new Error(`loadLatentModels: ${file} says ${key} predicts ${JSON.stringify(prediction)}; expected "epsilon" or "v".`);
    return prediction === "v" ? { ...d, prediction, alphasCumprod } : { ...d, prediction };
  };
  const lowRes = lowResModel ? withPrediction(lowResModel, "lowRes") : undefined;
  return {
    autoencoder: { encoder, decoder, config: manifest.autoencoder },
    stats: manifest.stats,
    classifier,
    denoiser: withPrediction({ model: den, config: manifest.denoiser }, "denoiser"),
    superRes: withPrediction({ model: sr, config: manifest.superRes }, "superRes"),
    ...(noisyClassifier ? { noisyClassifier } : {}),
    ...(lowRes ? { lowRes } : {}),
    schedulerConfig: manifest.schedulerConfig,
    record: manifest.record,
  };
}

/** Frees every model's weights. */
export function disposeLatentModels(m: LatentModels): void {
  for (const model of [m.autoencoder.encoder, m.autoencoder.decoder, m.classifier, m.denoiser.model, m.superRes.model]) model.dispose();
  m.noisyClassifier?.model.dispose();
  m.lowRes?.model.dispose();
}
