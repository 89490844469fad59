/**
 * Classifier-free guidance (Ho & Salimans 2022, eq. 6, in the lecture's form):
 *   ε̃ = ε_uncond + w·(ε_cond − ε_uncond).
 * w = 0 is the unconditional model, w = 1 the conditional one, w > 1 pushes samples further toward
 * the class. One network gives both ε's: the "uncond" one is the same network fed the null class.
 * (Classifier guidance, Dhariwal & Nichol 2021, is the alternative: add a classifier's gradient
 * ∇ log p(y | z_t) to the score — it needs a classifier trained on noisy latents; classifierGuidance.ts.)
 */
import { tf } from "../backend";
import type { Tensor4D } from "@tensorflow/tfjs";
import { predictNoise, type LatentDenoiser } from "../models/latent/denoiser";
import type { NoisePredictor } from "../models/latent/sampler";

/** ε_uncond + w·(ε_cond − ε_uncond), as a new tensor. */
export function classifierFreeGuidance(epsUncond: Tensor4D, epsCond: Tensor4D, w: number): Tensor4D {
  if (!Number.isFinite(w)) throw new Error(`classifierFreeGuidance: guidance weight w must be a finite number, got ${w}.`);
  if (!(epsUncond instanceof tf.Tensor) || !(epsCond instanceof tf.Tensor) || epsUncond.shape.join() !== epsCond.shape.join()) {
    throw new Error("classifierFreeGuidance: epsUncond and epsCond must be tensors of the same shape.");
  }
  return tf.tidy(() => tf.add(epsUncond, tf.mul(w, tf.sub(epsCond, epsUncond)))) as Tensor4D;
}

/** A combination rule, so a notebook can plug in its own (the exercise). */
export type GuidanceRule = (epsUncond: Tensor4D, epsCond: Tensor4D, w: number) => Tensor4D;

/**
 * A `predictEps` for `sampleLatents` that guides a class-conditional denoiser toward `classes` with
 * weight w. Both ε's come from one batched call (conditional rows, then null-class rows); with the
 * standard rule at w = 1 the result is ε_cond itself, so only the conditional rows are computed.
 */
export function guidedNoisePredictor(d: LatentDenoiser, classes: Int32Array, w: number, rule: GuidanceRule = classifierFreeGuidance): NoisePredictor {
  const k = d.config.numClasses;
  if (k < 1) throw new Error("guidedNoisePredictor: the denoiser is unconditional (numClasses = 0); train one with classes.");
  if (!(classes instanceof Int32Array)) throw new Error("guidedNoisePredictor: classes must be an Int32Array of class ids.");
  const n = classes.length;
  const both = new Int32Array(2 * n);
  both.set(classes, 0);
  both.fill(k, n);
  const conditionalOnly = w === 1 && rule === classifierFreeGuidance;
  return (zt, t) => {
    if (zt.shape[0] !== n) throw new Error(`guidedNoisePredictor: batch has ${zt.shape[0]} samples but ${n} classes were given.`);
    if (conditionalOnly) return predictNoise(d, { zt, t, classes });
    const zz = tf.concat([zt, zt], 0);
    const eps = predictNoise(d, { zt: zz, t, classes: both });
    const [epsCond, epsUncond] = tf.split(eps, 2, 0) as [Tensor4D, Tensor4D];
    const out = rule(epsUncond, epsCond, w);
    tf.dispose([zz, eps, epsCond, epsUncond]);
    return out;
  };
}

/** A `predictEps` for unconditional sampling (the null class of a class-conditional model, or an unconditional one). */
export function unconditionalNoisePredictor(d: LatentDenoiser): NoisePredictor {
  return (zt, t) => {
    const classes = d.config.numClasses > 0 ? new Int32Array(zt.shape[0]).fill(d.config.numClasses) : undefined;
    return predictNoise(d, { zt, t, classes });
  };
}
