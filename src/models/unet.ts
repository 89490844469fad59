/**
 * A small U-Net noise predictor ε_θ(z_t, t [, class]) (Ronneberger et al. 2015; the diffusion
 * variant of Ho et al. 2020 and UDL fig. 18.9):
 * - an encoder that halves resolution and doubles channels per level, a decoder that does the
 *   reverse, and skip connections concatenating each encoder stage into its decoder partner;
 * - residual blocks (ChannelNorm: layer norm over channels → swish → 3×3 conv, twice, plus a shortcut);
 * - a sinusoidal time embedding through a 2-layer MLP, added to the channels of every residual
 *   block at every stage;
 * - optionally a class embedding with one extra "null" class (index `numClasses`) added to the time
 *   embedding — trained with label dropout this gives classifier-free guidance (Ho & Salimans 2022);
 * - optionally single-head self-attention at the lowest resolution;
 * - optionally extra conditioning channels concatenated to the input (super-resolution).
 * Works at any size: odd sizes (7×7 latents) are cropped back after upsampling.
 */
import { tf } from "../backend";
import type { LayersModel, SymbolicTensor } from "@tensorflow/tfjs";
import { SpatialSelfAttention } from "./attention";
import { ChannelNorm } from "./channelNorm";

/** Architecture of a `createUNet` model (all fields saved with the weights). */
export interface UNetConfig {
  /** Input height = width (7 for 7×7 latents, 28 for pixels). */
  size: number;
  /** Channels of the noisy sample z_t (4 for latents, 1 for pixels). */
  channels: number;
  /** Extra conditioning channels concatenated to z_t (0 = none). */
  condChannels: number;
  /** Channels at the first level; level ℓ has base·mult[ℓ]. */
  baseChannels: number;
  /** Channel multiplier per level; its length is the number of levels. */
  channelMult: number[];
  /** Dimension of the sinusoidal time embedding fed as an input. */
  timeEmbedDim: number;
  /** Number of real classes (0 = unconditional); the null class is index `numClasses`. */
  numClasses: number;
  /** Self-attention at the lowest resolution. */
  attention: boolean;
}

/** Defaults for a 7×7×4 latent denoiser. */
export const LATENT_UNET_DEFAULTS: UNetConfig = {
  size: 7,
  channels: 4,
  condChannels: 0,
  baseChannels: 32,
  channelMult: [1, 2],
  timeEmbedDim: 32,
  numClasses: 0,
  attention: true,
};

/** Checks a config and fills defaults; throws with what to fix. */
export function resolveUNetConfig(partial: Partial<UNetConfig> = {}): UNetConfig {
  const c: UNetConfig = { ...LATENT_UNET_DEFAULTS, ...partial };
  const posInt = (k: keyof UNetConfig, min: number): void => {
    const v = c[k] as number;
    if (!Number.isInteger(v) || v < min) throw new Error(`createUNet: ${k} must be an integer ≥ ${min}, got ${v}.`);
  };
  posInt("size", 2);
  posInt("channels", 1);
  posInt("condChannels", 0);
  posInt("baseChannels", 4);
  posInt("timeEmbedDim", 2);
  posInt("numClasses", 0);
  if (c.timeEmbedDim % 2 !== 0) throw new Error(`createUNet: timeEmbedDim must be even, got ${c.timeEmbedDim}.`);
  if (!Array.isArray(c.channelMult) || c.channelMult.length < 1 || c.channelMult.some((m) => !Number.isInteger(m) || m < 1)) {
    throw new Error(`createUNet: channelMult must be a non-empty array of positive integers, got ${JSON.stringify(c.channelMult)}.`);
  }
  if (typeof c.attention !== "boolean") throw new Error("createUNet: attention must be true or false.");
  return c;
}

/** Sizes of each level: ceil-halving, as a stride-2 'same' convolution does (7 → 4 → 2). */
export function unetLevelSizes(config: UNetConfig): number[] {
  const sizes = [config.size];
  for (let i = 1; i < config.channelMult.length; i++) sizes.push(Math.ceil(sizes[i - 1] / 2));
  return sizes;
}

/**
 * Builds the U-Net as a tfjs LayersModel. Inputs, in order: z_t (and conditioning channels,
 * concatenated) [n, size, size, channels+condChannels]; time embedding [n, timeEmbedDim];
 * then, if numClasses > 0, class ids [n, 1] (int32, `numClasses` = null class).
 * Output: predicted noise [n, size, size, channels].
 */
export function createUNet(partial: Partial<UNetConfig> = {}, name = "unet"): LayersModel {
  const c = resolveUNetConfig(partial);
  const L = tf.layers;
  const embDim = c.baseChannels * 4;
  const zIn = tf.input({ shape: [c.size, c.size, c.channels + c.condChannels], name: `${name}_zt` });
  const tIn = tf.input({ shape: [c.timeEmbedDim], name: `${name}_temb` });
  const inputs: SymbolicTensor[] = [zIn, tIn];
  let emb = L.dense({ units: embDim, activation: "swish", name: `${name}_temb_dense1` }).apply(tIn) as SymbolicTensor;
  emb = L.dense({ units: embDim, name: `${name}_temb_dense2` }).apply(emb) as SymbolicTensor;
  if (c.numClasses > 0) {
    const yIn = tf.input({ shape: [1], dtype: "int32", name: `${name}_class` });
    inputs.push(yIn);
    const yEmb = L.embedding({ inputDim: c.numClasses + 1, outputDim: embDim, name: `${name}_class_emb` }).apply(yIn) as SymbolicTensor;
    emb = L.add({ name: `${name}_emb_sum` }).apply([emb, L.flatten().apply(yEmb) as SymbolicTensor]) as SymbolicTensor;
  }
  const embAct = L.activation({ activation: "swish" }).apply(emb) as SymbolicTensor;

  let counter = 0;
  const res = (x: SymbolicTensor, outCh: number): SymbolicTensor => {
    const id = `${name}_res${counter++}`;
    const inCh = x.shape[3] as number;
    let h = new ChannelNorm({ name: `${id}_norm1` }).apply(x) as SymbolicTensor;
    h = L.activation({ activation: "swish" }).apply(h) as SymbolicTensor;
    h = L.conv2d({ filters: outCh, kernelSize: 3, padding: "same", name: `${id}_conv1` }).apply(h) as SymbolicTensor;
    // The time (+class) embedding, projected to this block's channels, added at every position.
    let e = L.dense({ units: outCh, name: `${id}_emb` }).apply(embAct) as SymbolicTensor;
    e = L.reshape({ targetShape: [1, 1, outCh] }).apply(e) as SymbolicTensor;
    h = L.add().apply([h, e]) as SymbolicTensor;
    h = new ChannelNorm({ name: `${id}_norm2` }).apply(h) as SymbolicTensor;
    h = L.activation({ activation: "swish" }).apply(h) as SymbolicTensor;
    h = L.conv2d({ filters: outCh, kernelSize: 3, padding: "same", name: `${id}_conv2` }).apply(h) as SymbolicTensor;
    const skip = inCh === outCh ? x : (L.conv2d({ filters: outCh, kernelSize: 1, name: `${id}_skip` }).apply(x) as SymbolicTensor);
    return L.add().apply([h, skip]) as SymbolicTensor;
  };

  const sizes = unetLevelSizes(c);
  const chans = c.channelMult.map((m) => m * c.baseChannels);
  let h = L.conv2d({ filters: chans[0], kernelSize: 3, padding: "same", name: `${name}_conv_in` }).apply(zIn) as SymbolicTensor;
  const skips: SymbolicTensor[] = [];
  // 1. Encoder: a residual block per level, then a stride-2 conv down to the next level.
  for (let lvl = 0; lvl < chans.length; lvl++) {
    h = res(h, chans[lvl]);
    if (lvl < chans.length - 1) {
      skips.push(h);
      h = L.conv2d({ filters: chans[lvl + 1], kernelSize: 3, strides: 2, padding: "same", name: `${name}_down${lvl}` }).apply(h) as SymbolicTensor;
    }
  }
  // 2. Bottleneck at the lowest resolution: attention between two residual blocks.
  if (c.attention) h = new SpatialSelfAttention({ name: `${name}_attn` }).apply(h) as SymbolicTensor;
  h = res(h, chans[chans.length - 1]);
  // 3. Decoder: upsample, crop odd sizes back, concatenate the skip, residual block.
  for (let lvl = chans.length - 2; lvl >= 0; lvl--) {
    h = L.upSampling2d({ size: [2, 2] }).apply(h) as SymbolicTensor;
    const extra = sizes[lvl + 1] * 2 - sizes[lvl];
    if (extra > 0) h = L.cropping2D({ cropping: [[0, extra], [0, extra]] }).apply(h) as SymbolicTensor;
    h = L.conv2d({ filters: chans[lvl], kernelSize: 3, padding: "same", name: `${name}_up${lvl}` }).apply(h) as SymbolicTensor;
    h = L.concatenate({ axis: -1 }).apply([h, skips[lvl]]) as SymbolicTensor;
    h = res(h, chans[lvl]);
  }
  // 4. Output: norm, swish, 3×3 conv to the noise channels, zero-initialised (starts predicting 0).
  h = new ChannelNorm({ name: `${name}_norm_out` }).apply(h) as SymbolicTensor;
  h = L.activation({ activation: "swish" }).apply(h) as SymbolicTensor;
  const out = L.conv2d({ filters: c.channels, kernelSize: 3, padding: "same", kernelInitializer: "zeros", name: `${name}_conv_out` }).apply(h) as SymbolicTensor;
  return tf.model({ inputs, outputs: out, name });
}
