/**
 * Convolutional autoencoder for 28×28×1 images ↔ 7×7×latentChannels latents (Rombach et al. 2022,
 * §3.1: the "perceptual compression" stage, here plain and tiny). Encoder: three 3×3 conv stages
 * (28 → 14 → 7 via stride 2) and a 1×1 projection to the latent channels; decoder: the mirror with
 * nearest upsampling and a linear output (a sigmoid output collapses to all-black early in training
 * on this data; `decodeLatents` clips to [0, 1] instead). Training (src/training) adds a small L2
 * penalty on the latent so codes stay near the origin, within reach of diffusion's N(0, I) prior.
 */
import { tf } from "../backend";
import type { LayersModel, SymbolicTensor } from "@tensorflow/tfjs";

/** Architecture of the autoencoder. */
export interface AutoencoderConfig {
  /** Image size (28). Must be divisible by 4. */
  imageSize: number;
  /** Latent channels (4). */
  latentChannels: number;
  /** Width of the conv stages (base, base·2). */
  baseChannels: number;
}

/** Encoder and decoder as separate models sharing nothing but the latent shape. */
export interface Autoencoder {
  /** Image [n, 28, 28, 1] in [0, 1] → latent [n, 7, 7, c]. */
  encoder: LayersModel;
  /** Latent [n, 7, 7, c] → image [n, 28, 28, 1] (unclipped; `decodeLatents` clips to [0, 1]). */
  decoder: LayersModel;
  /** The configuration it was built with. */
  config: AutoencoderConfig;
}

/** Defaults: 28×28 → 7×7×4, 16/32 channels. */
export const AUTOENCODER_DEFAULTS: AutoencoderConfig = { imageSize: 28, latentChannels: 4, baseChannels: 16 };

/** Builds an untrained autoencoder. */
export function createAutoencoder(partial: Partial<AutoencoderConfig> = {}): Autoencoder {
  const config = { ...AUTOENCODER_DEFAULTS, ...partial };
  const { imageSize, latentChannels, baseChannels } = config;
  if (!Number.isInteger(imageSize) || imageSize < 8 || imageSize % 4 !== 0) throw new Error(`createAutoencoder: imageSize must be a multiple of 4 ≥ 8, got ${imageSize}.`);
  if (!Number.isInteger(latentChannels) || latentChannels < 1) throw new Error(`createAutoencoder: latentChannels must be a positive integer, got ${latentChannels}.`);
  if (!Number.isInteger(baseChannels) || baseChannels < 2) throw new Error(`createAutoencoder: baseChannels must be an integer ≥ 2, got ${baseChannels}.`);
  const L = tf.layers;
  const b = baseChannels;
  const s = imageSize / 4;

  const xIn = tf.input({ shape: [imageSize, imageSize, 1], name: "ae_image" });
  let h = L.conv2d({ filters: b, kernelSize: 3, padding: "same", activation: "swish", name: "enc_conv1" }).apply(xIn) as SymbolicTensor;
  h = L.conv2d({ filters: 2 * b, kernelSize: 3, strides: 2, padding: "same", activation: "swish", name: "enc_conv2" }).apply(h) as SymbolicTensor;
  h = L.conv2d({ filters: 2 * b, kernelSize: 3, strides: 2, padding: "same", activation: "swish", name: "enc_conv3" }).apply(h) as SymbolicTensor;
  h = L.conv2d({ filters: 2 * b, kernelSize: 3, padding: "same", activation: "swish", name: "enc_conv4" }).apply(h) as SymbolicTensor;
  const z = L.conv2d({ filters: latentChannels, kernelSize: 1, name: "enc_latent" }).apply(h) as SymbolicTensor;
  const encoder = tf.model({ inputs: xIn, outputs: z, name: "encoder" });

  const zIn = tf.input({ shape: [s, s, latentChannels], name: "ae_latent" });
  let g = L.conv2d({ filters: 2 * b, kernelSize: 3, padding: "same", activation: "swish", name: "dec_conv1" }).apply(zIn) as SymbolicTensor;
  g = L.conv2d({ filters: 2 * b, kernelSize: 3, padding: "same", activation: "swish", name: "dec_conv2" }).apply(g) as SymbolicTensor;
  g = L.upSampling2d({ size: [2, 2] }).apply(g) as SymbolicTensor;
  g = L.conv2d({ filters: 2 * b, kernelSize: 3, padding: "same", activation: "swish", name: "dec_conv3" }).apply(g) as SymbolicTensor;
  g = L.upSampling2d({ size: [2, 2] }).apply(g) as SymbolicTensor;
  g = L.conv2d({ filters: b, kernelSize: 3, padding: "same", activation: "swish", name: "dec_conv4" }).apply(g) as SymbolicTensor;
  const xOut = L.conv2d({ filters: 1, kernelSize: 3, padding: "same", name: "dec_out" }).apply(g) as SymbolicTensor;
  const decoder = tf.model({ inputs: zIn, outputs: xOut, name: "decoder" });
  return { encoder, decoder, config };
}
