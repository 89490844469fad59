/**
 * Classifier guidance (Dhariwal & Nichol 2021, Algorithm 2 for DDIM): an *unconditional* denoiser
 * is steered toward class y by the gradient of a classifier of noisy latents. With the score
 * ∇ log p(z_t) = −ε(z_t)/√(1−ᾱ_t), Bayes' rule ∇ log p(z_t | y) = ∇ log p(z_t) + ∇ log p(y | z_t)
 * becomes a corrected noise prediction with guidance scale s:
 *   ε̂ = ε_θ(z_t, t) − s·√(1−ᾱ_t)·∇_{z_t} log p_φ(y | z_t, t).
 * s = 0 is the unconditional model, s = 1 samples p(z | y) exactly if both models were perfect,
 * s > 1 sharpens toward the class (as w > 1 does in classifier-free guidance).
 */
import { tf } from "../backend";
import type { Tensor, Tensor4D } from "@tensorflow/tfjs";
import type { LatentDenoiser } from "../models/latent/denoiser";
import type { NoisePredictor } from "../models/latent/sampler";
import { noisyClassifierLogits, type NoisyLatentClassifier } from "../models/noisyClassifier";
import { unconditionalNoisePredictor } from "./classifierFree";

/** ᾱ_t for each training time step (a scheduler's alphasCumprod). */
export interface GuidanceSchedule {
  alphasCumprod: Float64Array;
}

/** A `predictEps` for `sampleLatents`: the unconditional ε corrected by the classifier's gradient. */
export function classifierGuidedNoisePredictor(
  denoiser: LatentDenoiser,
  classifier: NoisyLatentClassifier,
  schedule: GuidanceSchedule,
  classes: Int32Array,
  scale: number,
): NoisePredictor {
  if (!Number.isFinite(scale)) throw new Error(`classifierGuidedNoisePredictor: scale must be a finite number, got ${scale}.`);
  if (!(schedule?.alphasCumprod instanceof Float64Array)) throw new Error("classifierGuidedNoisePredictor: schedule must be a DDIMScheduler/DDPMScheduler (needs alphasCumprod).");
  const uncond = unconditionalNoisePredictor(denoiser);
  return (zt, t) => {
    if (zt.shape[0] !== classes.length) throw new Error(`classifierGuidedNoisePredictor: batch has ${zt.shape[0]} samples but ${classes.length} classes were given.`);
    const eps = uncond(zt, t);
    if (scale === 0) return eps;
    const grad = classLogProbGradient(classifier, zt, t, classes);
    const out = tf.tidy(() => tf.sub(eps, tf.mul(grad, scale * Math.sqrt(1 - schedule.alphasCumprod[t])))) as Tensor4D;
    tf.dispose([eps, grad]);
    return out;
  };
}

/** ∇_{z_t} log p_φ(y | z_t, t) for each row's class y, as a new tensor shaped like z_t. */
export function classLogProbGradient(clf: NoisyLatentClassifier, zt: Tensor4D, t: number, classes: Int32Array): Tensor4D {
  if (!(classes instanceof Int32Array) || classes.length !== zt.shape[0]) throw new Error(`classLogProbGradient: classes must be an Int32Array of ${zt.shape[0]} ids.`);
  for (const k of classes) if (!(k >= 0 && k < clf.config.numClasses)) throw new Error(`classLogProbGradient: class ${k} is outside 0..${clf.config.numClasses - 1}.`);
  return tf.tidy(() => {
    const onehot = tf.oneHot(tf.tensor1d(classes, "int32"), clf.config.numClasses);
    // Rows are independent, so the gradient of the sum is each row's own gradient.
    const f = (z: Tensor): Tensor => tf.sum(tf.mul(tf.logSoftmax(noisyClassifierLogits(clf, z as Tensor4D, t)), onehot));
    return tf.grad(f)(zt) as Tensor4D;
  });
}
