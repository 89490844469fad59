/**
 * The measurements of the sampling lesson (latent-3), one call each: unconditional samples at several
 * DDIM step counts (same starting noise), and the Fréchet distance to test digits per sampler and step
 * count beside its two reference points (real training digits, decoded random latents).
 */
import { tf } from "../backend";
import type { Tensor4D } from "@tensorflow/tfjs";
import type { MnistDataset } from "../data/mnist";
import { splitImages } from "../data/tensors";
import { unconditionalNoisePredictor } from "../guidance/classifierFree";
import { decodeLatents } from "../models/latent/codec";
import { sampleLatents } from "../models/latent/sampler";
import type { LatentModels } from "../models/latent/weightsBundle";
import { DDPMScheduler } from "../schedulers";
import { classifierFrechetDistance } from "../pipelines/quality";
import { decodeRandomLatents, sampleDigits } from "../pipelines/tasks";

function checkStepCounts(stepCounts: number[], fn: string): void {
  if (!Array.isArray(stepCounts) || stepCounts.length < 1 || stepCounts.some((s) => !Number.isInteger(s) || s < 1 || s > 1000)) {
    throw new Error(`${fn}: stepCounts must be a non-empty array of integers in 1..1000, got ${JSON.stringify(stepCounts)}.`);
  }
}

/** `n` unconditional deterministic DDIM samples (η = 0) for each step count, one block after another, from the same noise. */
export async function samplesByStepCount(m: LatentModels, o: { stepCounts: number[]; n?: number; seed?: number }): Promise<Tensor4D> {
  checkStepCounts(o.stepCounts, "samplesByStepCount");
  const blocks: Tensor4D[] = [];
  try {
    for (const steps of o.stepCounts) blocks.push(await sampleDigits(m, { n: o.n ?? 10, steps, seed: o.seed ?? 0, eta: 0 }));
    return tf.concat(blocks) as Tensor4D;
  } finally {
    tf.dispose(blocks);
  }
}

/** `n` unconditional samples from the full 1000-step DDPM sampler (Algorithm 2). */
export async function ddpmSamples(m: LatentModels, o: { n?: number; seed?: number } = {}): Promise<Tensor4D> {
  const c = m.denoiser.config;
  const scheduler = new DDPMScheduler(m.schedulerConfig);
  const z = await sampleLatents({ predictEps: unconditionalNoisePredictor(m.denoiser), scheduler, shape: [o.n ?? 10, c.size, c.size, c.channels], numInferenceSteps: scheduler.config.numTrainTimesteps, seed: o.seed ?? 0 });
  const x = decodeLatents(m.autoencoder, m.stats, z);
  z.dispose();
  return x;
}

/** What `frechetBySampler` returns. */
export interface SamplerFrechet {
  /** One row per sampler and step count. */
  rows: { sampler: string; steps: number; "Fréchet distance": number }[];
  /** Real training digits against the same test digits: the floor at this n. */
  real: number;
  /** Decoded N(0, I) latents against the test digits: no diffusion at all. */
  random: number;
}

/** FD of `n` unconditional samples to `n` test digits for each DDIM step count, and (optionally) for 1000-step DDPM. */
export async function frechetBySampler(m: LatentModels, data: MnistDataset, o: { stepCounts: number[]; n?: number; seed?: number; ddpm?: boolean }): Promise<SamplerFrechet> {
  checkStepCounts(o.stepCounts, "frechetBySampler");
  const n = o.n ?? 100;
  const seed = o.seed ?? 0;
  const test = splitImages(data.test, 0, n);
  const fd = (x: Tensor4D): number => {
    const d = classifierFrechetDistance(m.classifier, x, test);
    x.dispose();
    return d;
  };
  try {
    const rows: SamplerFrechet["rows"] = [];
    for (const steps of o.stepCounts) rows.push({ sampler: "DDIM (η = 0)", steps, "Fréchet distance": fd(await sampleDigits(m, { n, steps, seed, eta: 0 })) });
    if (o.ddpm ?? true) rows.push({ sampler: "DDPM", steps: 1000, "Fréchet distance": fd(await ddpmSamples(m, { n, seed })) });
    return { rows, real: fd(splitImages(data.train, 0, n)), random: fd(decodeRandomLatents(m, n, seed + 1)) };
  } finally {
    test.dispose();
  }
}
