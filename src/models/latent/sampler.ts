/**
 * The reverse process in latent space, written once; what differs between unconditional, guided,
 * super-resolution and inpainting sampling is the noise-prediction function `predictEps` and the
 * optional `afterStep` hook (inpainting's blend). The scheduler (DDIM or DDPM from src/schedulers,
 * used unchanged) does the update:
 *   for t in scheduler.timesteps (descending):  ε̂ = predictEps(z_t, t);  z_{t'} = scheduler.step(ε̂, t, z_t).
 */
import { tf } from "../../backend";
import type { Tensor4D } from "@tensorflow/tfjs";
import { createRng, type Rng } from "../../random";
import { throwIfCancelled, yieldToHost } from "../../notebook/cancel";

/** The part of a src/schedulers scheduler the sampler needs. */
export interface SamplerScheduler {
  /** Chooses the inference time steps. */
  setTimesteps(n: number): void;
  /** Inference time steps, descending. */
  timesteps: Int32Array;
  /** The time step after t (−1 after the last). */
  previousTimestep(t: number): number;
  /** One reverse step on flat arrays. */
  step(modelOutput: Float32Array, t: number, sample: Float32Array, opts: { eta?: number; rng?: Rng }): { prevSample: Float32Array; predOriginalSample: Float32Array };
}

/** ε̂ for a batch z_t at time step t, as a new tensor: what a guidance method (src/guidance/) or a task builds for the sampler. */
export type NoisePredictor = (zt: Tensor4D, t: number) => Tensor4D;

/** Settings of `sampleLatents`. */
export interface SampleLatentsOptions {
  /** ε̂ for the current batch at time step t (a new tensor; the sampler disposes it). */
  predictEps: NoisePredictor;
  /** A DDIMScheduler or DDPMScheduler. */
  scheduler: SamplerScheduler;
  /** Shape of the batch, [n, h, w, c]. */
  shape: [number, number, number, number];
  /** Number of denoising steps (e.g. 50). */
  numInferenceSteps: number;
  /** Seed of the initial noise and of any step noise. */
  seed: number;
  /** DDIM η (0 = deterministic); ignored by DDPM. */
  eta?: number;
  /** Called with z_{t'} after each step; returns the (possibly modified) sample. t' = −1 after the last step. */
  afterStep?: (prevSample: Float32Array, prevT: number, rng: Rng) => Float32Array;
  /** Called after each step with the step index and the predicted x₀ (for figures). */
  onStep?: (i: number, t: number, predX0: Float32Array) => void;
}

/** Runs the reverse process; returns z_0 as a new tensor of `shape` (the caller disposes it). */
export async function sampleLatents(o: SampleLatentsOptions): Promise<Tensor4D> {
  if (typeof o.predictEps !== "function") throw new Error("sampleLatents: predictEps must be a function (zt, t) => ε̂ tensor.");
  if (!o.scheduler || typeof o.scheduler.step !== "function") throw new Error("sampleLatents: scheduler must be a DDIMScheduler or DDPMScheduler from src/schedulers.");
  if (!Array.isArray(o.shape) || o.shape.length !== 4 || o.shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(`sampleLatents: shape must be [n, h, w, c] of positive integers, got ${JSON.stringify(o.shape)}.`);
  }
  if (!Number.isInteger(o.numInferenceSteps) || o.numInferenceSteps < 1) throw new Error(`sampleLatents: numInferenceSteps must be a positive integer, got ${o.numInferenceSteps}.`);
  const rng = createRng(o.seed);
  const size = o.shape.reduce((a, b) => a * b, 1);
  // 1. z_T ~ N(0, I)
  let z = rng.fillNormal(new Float32Array(size));
  o.scheduler.setTimesteps(o.numInferenceSteps);
  const steps = Array.from(o.scheduler.timesteps);
  for (let i = 0; i < steps.length; i++) {
    throwIfCancelled();
    const t = steps[i];
    // 2. ε̂ = ε_θ(z_t, t)
    const zt = tf.tensor4d(z, o.shape);
    let eps: Tensor4D | undefined;
    let epsData: Float32Array;
    try {
      eps = o.predictEps(zt, t);
      epsData = eps.dataSync() as Float32Array;
    } finally {
      tf.dispose(eps ? [zt, eps] : [zt]); // also when predictEps or the read throws
    }
    // 3. z_{t'} from the scheduler (DDIM eq. 12 / DDPM eq. 11)
    const { prevSample, predOriginalSample } = o.scheduler.step(epsData, t, z, { eta: o.eta ?? 0, rng });
    // 4. optional edit of z_{t'} (inpainting keeps the known region)
    z = o.afterStep ? o.afterStep(prevSample, o.scheduler.previousTimestep(t), rng) : prevSample;
    o.onStep?.(i, t, predOriginalSample);
    if (i % 5 === 4) await yieldToHost();
  }
  return tf.tensor4d(z, o.shape);
}
