/**
 * End-to-end latent diffusion: noise → latent (sampleLatents with a task's ε-predictor) → decoder.
 * One function per task of the lesson: unconditional / guided generation, super-resolution and
 * inpainting. Each returns images [n, 28, 28, 1] in [0, 1] as a new tensor (the caller disposes it).
 */
import { tf } from "../../backend";
import type { Tensor4D } from "@tensorflow/tfjs";
import { decodeLatents, encodeImages } from "./codec";
import { predictNoise } from "./denoiser";
import { classifierFreeGuidance, guidedNoisePredictor, unconditionalNoisePredictor, type GuidanceRule } from "./guidance";
import { blendKnownRegion, inpaintingStepHook, latentMaskFromPixels, type BlendRule } from "./inpaint";
import { latentScheduler, type LatentModels } from "./kit";
import { sampleLatents } from "./sampler";
import type { LowResCondition } from "./superres";

/** Sampling settings shared by the pipelines. */
export interface PipelineOptions {
  /** Denoising steps (default 50). */
  steps?: number;
  /** Seed of the noise (default 0). */
  seed?: number;
  /** DDIM η (default 0, deterministic). */
  eta?: number;
}

function latentShape(m: LatentModels, n: number): [number, number, number, number] {
  const c = m.denoiser.config;
  return [n, c.size, c.size, c.channels];
}

/** Standardised latents of generated digits: unconditional when `classes` is omitted, else CFG with weight `guidance`. */
export async function sampleDigitLatents(
  m: LatentModels,
  o: PipelineOptions & { n?: number; classes?: Int32Array; guidance?: number; rule?: GuidanceRule },
): Promise<Tensor4D> {
  const n = o.classes ? o.classes.length : (o.n ?? 16);
  if (!Number.isInteger(n) || n < 1) throw new Error(`sampleDigits: n must be a positive integer, got ${n}.`);
  const predictEps = o.classes
    ? guidedNoisePredictor(m.denoiser, o.classes, o.guidance ?? 3, o.rule ?? classifierFreeGuidance)
    : unconditionalNoisePredictor(m.denoiser);
  return sampleLatents({ predictEps, scheduler: latentScheduler(m), shape: latentShape(m, n), numInferenceSteps: o.steps ?? 50, seed: o.seed ?? 0, eta: o.eta ?? 0 });
}

/** Generated digit images (see `sampleDigitLatents`). */
export async function sampleDigits(
  m: LatentModels,
  o: PipelineOptions & { n?: number; classes?: Int32Array; guidance?: number; rule?: GuidanceRule } = {},
): Promise<Tensor4D> {
  const z = await sampleDigitLatents(m, o);
  const x = decodeLatents(m.autoencoder, m.stats, z);
  z.dispose();
  return x;
}

/** Decoded N(0, I) latents: what "a random latent" looks like (the lecture's point: not a digit). */
export function decodeRandomLatents(m: LatentModels, n: number, seed = 0): Tensor4D {
  if (!Number.isInteger(n) || n < 1) throw new Error(`decodeRandomLatents: n must be a positive integer, got ${n}.`);
  const z = tf.randomNormal(latentShape(m, n), 0, 1, "float32", seed) as Tensor4D;
  const x = decodeLatents(m.autoencoder, m.stats, z);
  z.dispose();
  return x;
}

/** Super-resolved images from a low-resolution condition (see `lowResCondition`). */
export async function superResolve(m: LatentModels, low: LowResCondition, o: PipelineOptions = {}): Promise<Tensor4D> {
  const n = low.condLatent.shape[0];
  const cond = low.condLatent;
  const z = await sampleLatents({
    predictEps: (zt, t) => predictNoise(m.superRes, { zt, t, cond }),
    scheduler: latentScheduler(m),
    shape: latentShape(m, n),
    numInferenceSteps: o.steps ?? 50,
    seed: o.seed ?? 0,
    eta: o.eta ?? 0,
  });
  const x = decodeLatents(m.autoencoder, m.stats, z);
  z.dispose();
  return x;
}

/** A pixel mask (1 = known) hiding rows `fromRow`…27 of a 28×28 image. */
export function lowerPartMask(fromRow = 12, size = 28): Float32Array {
  if (!Number.isInteger(fromRow) || fromRow < 1 || fromRow >= size) throw new Error(`lowerPartMask: fromRow must be an integer in 1..${size - 1}, got ${fromRow}.`);
  const m = new Float32Array(size * size);
  for (let y = 0; y < fromRow; y++) for (let x = 0; x < size; x++) m[y * size + x] = 1;
  return m;
}

/** What `inpaintDigits` returns. */
export interface InpaintResult {
  /** Inpainted images [n, 28, 28, 1]. */
  images: Tensor4D;
  /** The masked inputs the model saw (unknown pixels set to 0). */
  masked: Tensor4D;
  /** The latent mask (1 = kept), [7·7·c] for one image. */
  latentMask: Float32Array;
}

/**
 * Inpaints the unknown pixels (pixelKnown = 0) of `images`: encodes the masked image, keeps the
 * latent cells lying entirely in the known region, and regenerates the rest with the unconditional
 * model (or CFG toward `classes`), blending after every step (inpainting.ts).
 */
export async function inpaintDigits(
  m: LatentModels,
  images: Tensor4D,
  pixelKnown: Float32Array,
  o: PipelineOptions & { blend?: BlendRule; classes?: Int32Array; guidance?: number } = {},
): Promise<InpaintResult> {
  const size = m.autoencoder.config.imageSize;
  if (!(images instanceof tf.Tensor) || images.rank !== 4 || images.shape[1] !== size || images.shape[3] !== 1) {
    throw new Error(`inpaintDigits: images must have shape [n, ${size}, ${size}, 1].`);
  }
  const n = images.shape[0];
  const masked = tf.tidy(() => tf.mul(images, tf.tensor4d(pixelKnown, [1, size, size, 1]))) as Tensor4D;
  const knownLatent = encodeImages(m.autoencoder, m.stats, masked);
  const c = m.denoiser.config;
  const one = latentMaskFromPixels(pixelKnown, size, size / c.size, c.channels);
  const mask = new Float32Array(n * one.length);
  for (let i = 0; i < n; i++) mask.set(one, i * one.length);
  const scheduler = latentScheduler(m);
  const predictEps = o.classes ? guidedNoisePredictor(m.denoiser, o.classes, o.guidance ?? 3) : unconditionalNoisePredictor(m.denoiser);
  const z = await sampleLatents({
    predictEps,
    scheduler,
    shape: latentShape(m, n),
    numInferenceSteps: o.steps ?? 50,
    seed: o.seed ?? 0,
    eta: o.eta ?? 0,
    afterStep: inpaintingStepHook(scheduler, knownLatent.dataSync() as Float32Array, mask, o.blend ?? blendKnownRegion),
  });
  knownLatent.dispose();
  const out = decodeLatents(m.autoencoder, m.stats, z);
  z.dispose();
  return { images: out, masked, latentMask: one };
}
