/**
 * A classifier of *noisy* latents p_φ(y | z_t, t), the ingredient of classifier guidance (src/guidance/)
 * (Dhariwal & Nichol 2021, §4): it must read the digit from z_t at every noise level the sampler
 * visits, so it is trained on z_t = √ᾱ_t z₀ + √(1−ᾱ_t) ε with t drawn uniformly, and it is told t
 * (the same sinusoidal time embedding as the U-Net, added to its channels).
 * Architecture: 3×3 conv → (+ time) → stride-2 conv (7×7 → 4×4) → conv → global average → logits.
 */
import { tf } from "../backend";
import type { LayersModel, SymbolicTensor, Tensor, Tensor2D, Tensor4D } from "@tensorflow/tfjs";
import { sinusoidalTimeEmbedding } from "./timeEmbedding";

/** Architecture of a noisy-latent classifier (saved with its weights). */
export interface NoisyClassifierConfig {
  /** Latent height = width. */
  size: number;
  /** Latent channels. */
  channels: number;
  /** Number of classes. */
  numClasses: number;
  /** Width of the convolutions. */
  width: number;
  /** Dimension of the sinusoidal time embedding input. */
  timeEmbedDim: number;
}

/** Defaults for 7×7×4 MNIST latents. */
export const NOISY_CLASSIFIER_DEFAULTS: NoisyClassifierConfig = { size: 7, channels: 4, numClasses: 10, width: 64, timeEmbedDim: 32 };

/** A noisy-latent classifier and its architecture. */
export interface NoisyLatentClassifier {
  /** Inputs: z_t [n, size, size, channels], time embedding [n, timeEmbedDim]; output: logits [n, numClasses]. */
  model: LayersModel;
  /** Its architecture. */
  config: NoisyClassifierConfig;
}

/** Builds an untrained noisy-latent classifier. */
export function createNoisyLatentClassifier(partial: Partial<NoisyClassifierConfig> = {}, name = "noisy_clf"): NoisyLatentClassifier {
  const c = { ...NOISY_CLASSIFIER_DEFAULTS, ...partial };
  for (const k of ["size", "channels", "numClasses", "width", "timeEmbedDim"] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new Error(`createNoisyLatentClassifier: ${k} must be a positive integer, got ${c[k]}.`);
  }
  if (c.timeEmbedDim % 2 !== 0) throw new Error(`createNoisyLatentClassifier: timeEmbedDim must be even, got ${c.timeEmbedDim}.`);
  const L = tf.layers;
  const zIn = tf.input({ shape: [c.size, c.size, c.channels], name: `${name}_zt` });
  const tIn = tf.input({ shape: [c.timeEmbedDim], name: `${name}_temb` });
  const emb = L.dense({ units: c.width, activation: "swish", name: `${name}_temb_dense` }).apply(tIn) as SymbolicTensor;
  let h = L.conv2d({ filters: c.width, kernelSize: 3, padding: "same", activation: "swish", name: `${name}_conv1` }).apply(zIn) as SymbolicTensor;
  const e = L.reshape({ targetShape: [1, 1, c.width] }).apply(L.dense({ units: c.width, name: `${name}_temb_proj` }).apply(emb) as SymbolicTensor) as SymbolicTensor;
  h = L.add().apply([h, e]) as SymbolicTensor;
  h = L.conv2d({ filters: 2 * c.width, kernelSize: 3, strides: 2, padding: "same", activation: "swish", name: `${name}_conv2` }).apply(h) as SymbolicTensor;
  h = L.conv2d({ filters: 2 * c.width, kernelSize: 3, padding: "same", activation: "swish", name: `${name}_conv3` }).apply(h) as SymbolicTensor;
  h = L.globalAveragePooling2d({}).apply(h) as SymbolicTensor;
  const logits = L.dense({ units: c.numClasses, name: `${name}_logits` }).apply(h) as SymbolicTensor;
  return { model: tf.model({ inputs: [zIn, tIn], outputs: logits, name }), config: c };
}

/** Logits p_φ(· | z_t, t) as a new tensor [n, numClasses]. */
export function noisyClassifierLogits(clf: NoisyLatentClassifier, zt: Tensor4D, t: number | ArrayLike<number>, training = false): Tensor2D {
  const c = clf.config;
  if (!(zt instanceof tf.Tensor) || zt.rank !== 4 || zt.shape[1] !== c.size || zt.shape[2] !== c.size || zt.shape[3] !== c.channels) {
    throw new Error(`noisyClassifierLogits: zt must have shape [n, ${c.size}, ${c.size}, ${c.channels}], got ${zt instanceof tf.Tensor ? `[${zt.shape}]` : typeof zt}.`);
  }
  const n = zt.shape[0];
  const ts = typeof t === "number" ? new Array<number>(n).fill(t) : Array.from(t);
  if (ts.length !== n) throw new Error(`noisyClassifierLogits: ${ts.length} time steps for ${n} samples.`);
  return tf.tidy(() => clf.model.apply([zt, sinusoidalTimeEmbedding(ts, c.timeEmbedDim)], { training }) as Tensor2D);
}
