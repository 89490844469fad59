/**
 * Cascaded generation (the lecture's fig. 18.11, Ho et al. 2022 "Cascaded Diffusion Models"), in
 * miniature: a small diffusion model draws a 7×7 digit in pixel space (class-conditional, with
 * classifier-free guidance), then the super-resolution stage, conditioned on that 7×7 image, draws
 * the 28×28 digit in latent space. The lecture's 64 → 256 → 1024 becomes 7 → 28, and each stage's
 * cost is timed.
 */
import { tf } from "../backend";
import type { Tensor4D } from "@tensorflow/tfjs";
import { downsampleArea } from "../data/resize";
import { classifierFreeGuidance, guidedNoisePredictor } from "../guidance/classifierFree";
import { latentScheduler, type LatentModels } from "../models/latent/weightsBundle";
import { superResolve } from "./tasks";
import { sampleLatents } from "../models/latent/sampler";
import { lowResFromSmall } from "../models/latent/superres";

/** 7×7 training images for the low-resolution stage: 4×4 box averages mapped to [−1, 1], [n, 7, 7, 1]. */
export function lowResTrainingImages(images: Tensor4D, factor = 4): Tensor4D {
  const [n, h, w] = images.shape;
  const small = downsampleArea(images.dataSync() as Float32Array, n, h, w, factor);
  for (let i = 0; i < small.length; i++) small[i] = 2 * small[i] - 1;
  return tf.tensor4d(small, [n, h / factor, w / factor, 1]);
}

/** What `cascadeSample` returns. */
export interface CascadeResult {
  /** Stage 1's 7×7 digits, [n·7·7] in [0, 1]. */
  lowRes: Float32Array;
  /** Stage 2's 28×28 digits, [n, 28, 28, 1] in [0, 1]. */
  images: Tensor4D;
  /** Wall-clock seconds of stage 1 (7×7 pixel diffusion) and stage 2 (condition + latent SR + decoding). */
  seconds: { lowRes: number; superRes: number };
}

/** Draws `classes.length` digits: 7×7 pixel diffusion (CFG weight `guidance`), then latent super-resolution. */
export async function cascadeSample(
  m: LatentModels,
  o: { classes: Int32Array; guidance?: number; steps?: number; superResSteps?: number; seed?: number },
): Promise<CascadeResult> {
  if (!m.lowRes) throw new Error("cascadeSample: these weights have no low-resolution stage (lowRes); retrain with `npm run train`.");
  if (!(o.classes instanceof Int32Array) || o.classes.length < 1) throw new Error("cascadeSample: classes must be a non-empty Int32Array of digits.");
  const n = o.classes.length;
  const c = m.lowRes.config;
  const t0 = performance.now();
  const z = await sampleLatents({
    predictEps: guidedNoisePredictor(m.lowRes, o.classes, o.guidance ?? 3, classifierFreeGuidance),
    scheduler: latentScheduler(m),
    shape: [n, c.size, c.size, c.channels],
    numInferenceSteps: o.steps ?? 50,
    seed: o.seed ?? 0,
  });
  const lowRes = z.dataSync() as Float32Array;
  const small = new Float32Array(lowRes.length);
  for (let i = 0; i < small.length; i++) small[i] = Math.min(1, Math.max(0, (lowRes[i] + 1) / 2));
  z.dispose();
  const t1 = performance.now();
  const cond = lowResFromSmall(m.autoencoder, m.stats, small, n);
  const images = await superResolve(m, cond, { steps: o.superResSteps ?? 50, seed: (o.seed ?? 0) + 1 });
  tf.dispose([cond.bicubic, cond.cond]);
  const t2 = performance.now();
  return { lowRes: small, images, seconds: { lowRes: (t1 - t0) / 1000, superRes: (t2 - t1) / 1000 } };
}
