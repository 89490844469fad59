/**
 * How much cheaper is a denoising step on latents than on pixels? Times one forward pass of the
 * same U-Net design (same width, levels, attention) on 7×7×4 latents and on 28×28×1 pixels, and
 * extrapolates to a 50-step sample (the latent sample also pays one decoder pass). Weights don't
 * change the cost, so fresh untrained networks are used.
 */
import { tf } from "../backend";
import type { Tensor4D } from "@tensorflow/tfjs";
import { createAutoencoder } from "../models/autoencoder";
import type { UNetConfig } from "../models/unet";
import { createLatentDenoiser, predictNoise, type LatentDenoiser } from "../models/latent/denoiser";
import { DDIMScheduler, type DDIMSchedulerConfig } from "../schedulers";
import { unconditionalNoisePredictor } from "../guidance/classifierFree";
import { LATENT_SCHEDULER_CONFIG } from "../models/latent/weightsBundle";
import { sampleLatents } from "../models/latent/sampler";

/** Measured costs, in milliseconds / seconds. */
export interface DenoisingCost {
  /** Batch size timed. */
  batch: number;
  /** Median ms of one latent U-Net forward pass on the batch. */
  latentStepMs: number;
  /** Median ms of one pixel U-Net forward pass on the batch. */
  pixelStepMs: number;
  /** pixelStepMs / latentStepMs. */
  ratio: number;
  /** Median ms of decoding the batch of latents to images. */
  decodeMs: number;
  /** Estimated seconds for `steps` latent steps plus decoding. */
  latentSampleSeconds: number;
  /** Estimated seconds for `steps` pixel steps. */
  pixelSampleSeconds: number;
  /** Parameters of the latent / pixel U-Nets. */
  latentParams: number;
  /** Parameters of the pixel U-Net. */
  pixelParams: number;
  /** Steps the sample estimates assume. */
  steps: number;
}

function medianMs(f: () => void, reps: number): number {
  f(); // warm-up (kernel selection, allocation)
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Median milliseconds of one decoder pass over `batch` random 7×7×4 latents (seeded). */
function decoderPassMs(ae: ReturnType<typeof createAutoencoder>, batch: number, reps: number): number {
  return medianMs(() => {
    const z = tf.randomNormal([batch, 7, 7, 4], 0, 1, "float32", 2);
    const x = ae.decoder.apply(z, { training: false }) as Tensor4D;
    x.dataSync();
    tf.dispose([z, x]);
  }, reps);
}

function stepTimer(d: LatentDenoiser, batch: number): () => void {
  const c = d.config;
  return () => {
    const zt = tf.randomNormal([batch, c.size, c.size, c.channels], 0, 1, "float32", 1) as Tensor4D;
    const classes = c.numClasses > 0 ? new Int32Array(batch).fill(c.numClasses) : undefined;
    const eps = predictNoise(d, { zt, t: 500, classes });
    eps.dataSync();
    tf.dispose([zt, eps]);
  };
}

/** Times latent vs pixel denoising steps for U-Nets of the given design (default: the shipped latent one). */
export function measureDenoisingCost(o: { design?: Partial<UNetConfig>; batch?: number; reps?: number; steps?: number } = {}): DenoisingCost {
  const batch = o.batch ?? 64;
  const reps = o.reps ?? 7;
  const steps = o.steps ?? 50;
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`measureDenoisingCost: batch must be a positive integer, got ${batch}.`);
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`measureDenoisingCost: reps must be a positive integer, got ${reps}.`);
  const design = { numClasses: 10, ...(o.design ?? {}) };
  const latent = createLatentDenoiser({ ...design, size: 7, channels: 4 }, "cost_latent");
  const pixel = createLatentDenoiser({ ...design, size: 28, channels: 1 }, "cost_pixel");
  const ae = createAutoencoder();
  try {
    const latentStepMs = medianMs(stepTimer(latent, batch), reps);
    const pixelStepMs = medianMs(stepTimer(pixel, batch), reps);
    const decodeMs = decoderPassMs(ae, batch, reps);
    return {
      batch,
      latentStepMs,
      pixelStepMs,
      ratio: pixelStepMs / latentStepMs,
      decodeMs,
      latentSampleSeconds: (steps * latentStepMs + decodeMs) / 1000,
      pixelSampleSeconds: (steps * pixelStepMs) / 1000,
      latentParams: latent.model.countParams(),
      pixelParams: pixel.model.countParams(),
      steps,
    };
  } finally {
    latent.model.dispose();
    pixel.model.dispose();
    ae.encoder.dispose();
    ae.decoder.dispose();
  }
}

/**
 * Wall-clock seconds to draw `n` samples with `steps` DDIM steps from a denoiser (class-conditional
 * ones use the null class), excluding decoding. Works for latent and pixel U-Nets alike.
 */
export async function timeSampling(d: LatentDenoiser, n: number, steps: number, schedulerConfig: Partial<DDIMSchedulerConfig> = LATENT_SCHEDULER_CONFIG): Promise<number> {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(steps) || steps < 1) throw new Error(`timeSampling: n and steps must be positive integers, got ${n}, ${steps}.`);
  const c = d.config;
  const t0 = performance.now();
  const z = await sampleLatents({
    predictEps: unconditionalNoisePredictor(d),
    scheduler: new DDIMScheduler(schedulerConfig),
    shape: [n, c.size, c.size, c.channels],
    numInferenceSteps: steps,
    seed: 0,
  });
  z.dispose();
  return (performance.now() - t0) / 1000;
}

/** One measurement of whole-sample cost, pixels vs latents (see `measureSamplingCost`). */
export interface SamplingCost {
  /** Batch size. */
  batch: number;
  /** DDIM steps per sample. */
  steps: number;
  /** Mean ms of the U-Net call inside the sampling loop (forward pass until its output is readable): pixels, latents. */
  forwardMs: { pixels: number; latents: number };
  /** Seconds of the whole `steps`-step sampling loop (forward passes, scheduler arithmetic, copies): pixels, latents. */
  sampleSeconds: { pixels: number; latents: number };
  /** sampleSeconds / steps in ms: what one step costs inside the loop. */
  perStepMs: { pixels: number; latents: number };
  /** Median ms of one decoder pass on the batch (only the latent route pays it, once). */
  decodeMs: number;
  /** pixels / latents for one forward pass. */
  forwardRatio: number;
  /** pixels / (latents + one decoder pass) for the whole sample. */
  sampleRatio: number;
}

/** Runs the `steps`-step DDIM loop once, timing the whole loop and, inside it, each network call. */
async function timedSamplingLoop(d: LatentDenoiser, n: number, steps: number): Promise<{ seconds: number; forwardMs: number }> {
  const c = d.config;
  const predict = unconditionalNoisePredictor(d);
  let forward = 0;
  const t0 = performance.now();
  const z = await sampleLatents({
    predictEps: (zt, t) => {
      const s = performance.now();
      const eps = predict(zt, t);
      eps.dataSync(); // the network's work is done once its output can be read
      forward += performance.now() - s;
      return eps;
    },
    scheduler: new DDIMScheduler(LATENT_SCHEDULER_CONFIG),
    shape: [n, c.size, c.size, c.channels],
    numInferenceSteps: steps,
    seed: 0,
  });
  const seconds = (performance.now() - t0) / 1000;
  z.dispose();
  return { seconds, forwardMs: forward / steps };
}

/**
 * Times, in one go, everything the lesson compares: the whole `steps`-step DDIM loop on 28×28×1
 * pixels and on 7×7×4 latents with the same U-Net design, the network's share of each step (timed
 * inside the loop, so it is always part of the step's cost), and one decoder pass. Every ratio the
 * lesson prints comes from this one object.
 */
export async function measureSamplingCost(o: { design?: Partial<UNetConfig>; batch?: number; steps?: number; reps?: number } = {}): Promise<SamplingCost> {
  const batch = o.batch ?? 64;
  const steps = o.steps ?? 50;
  const reps = o.reps ?? 7;
  if (!Number.isInteger(batch) || batch < 1 || !Number.isInteger(steps) || steps < 1) throw new Error(`measureSamplingCost: batch and steps must be positive integers, got ${batch}, ${steps}.`);
  const design = { numClasses: 10, ...(o.design ?? {}) };
  const latent = createLatentDenoiser({ ...design, size: 7, channels: 4 }, "cost_latent");
  const pixel = createLatentDenoiser({ ...design, size: 28, channels: 1 }, "cost_pixel");
  const ae = createAutoencoder();
  try {
    stepTimer(latent, batch)(); // warm-up (kernel selection, allocation)
    stepTimer(pixel, batch)();
    const decodeMs = decoderPassMs(ae, batch, reps);
    const px = await timedSamplingLoop(pixel, batch, steps);
    const lt = await timedSamplingLoop(latent, batch, steps);
    return {
      batch,
      steps,
      forwardMs: { pixels: px.forwardMs, latents: lt.forwardMs },
      sampleSeconds: { pixels: px.seconds, latents: lt.seconds },
      perStepMs: { pixels: (1000 * px.seconds) / steps, latents: (1000 * lt.seconds) / steps },
      decodeMs,
      forwardRatio: px.forwardMs / lt.forwardMs,
      sampleRatio: px.seconds / (lt.seconds + decodeMs / 1000),
    };
  } finally {
    latent.model.dispose();
    pixel.model.dispose();
    ae.encoder.dispose();
    ae.decoder.dispose();
  }
}
