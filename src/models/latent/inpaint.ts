/**
 * Inpainting by latent blending (Rombach et al. 2022 §4.5; the "replace" trick of RePaint,
 * Lugmayr et al. 2022, eq. 8 without resampling): after every reverse step, the known region of
 * z_{t'} is overwritten with the known latent noised to the same level,
 *   z_{t'} ← m ⊙ q(z_{t'} | z_0^known) + (1 − m) ⊙ z_{t'},   q(z_{t'} | z_0) = √ᾱ_{t'} z_0 + √(1−ᾱ_{t'}) ε,
 * and after the last step with z_0^known itself. The model only ever fills the unknown region, and
 * because the latent keeps spatial layout (7×7 cells of 4×4 pixels) the known pixels stay put.
 */
import type { Rng } from "../../random";

/** m ⊙ known + (1 − m) ⊙ generated, elementwise (mask 1 = keep known). A new array. */
export function blendKnownRegion(generated: Float32Array, known: Float32Array, mask: Float32Array): Float32Array {
  if (!(generated instanceof Float32Array) || !(known instanceof Float32Array) || !(mask instanceof Float32Array)) {
    throw new Error("blendKnownRegion: generated, known and mask must be Float32Arrays.");
  }
  if (generated.length !== known.length || generated.length !== mask.length) {
    throw new Error(`blendKnownRegion: lengths differ (generated ${generated.length}, known ${known.length}, mask ${mask.length}); broadcast the mask to the batch first.`);
  }
  const out = new Float32Array(generated.length);
  for (let i = 0; i < out.length; i++) out[i] = mask[i] * known[i] + (1 - mask[i]) * generated[i];
  return out;
}

/** A blend rule, so a notebook can plug in its own (the exercise). */
export type BlendRule = (generated: Float32Array, known: Float32Array, mask: Float32Array) => Float32Array;

/** What `inpaintingStepHook` needs from a scheduler. */
export interface NoiseAdder {
  /** √ᾱ_t·x₀ + √(1−ᾱ_t)·noise. */
  addNoise(x0: Float32Array, noise: Float32Array, t: number): Float32Array;
}

/** An `afterStep` hook for `sampleLatents` that keeps the known latent region (mask 1 = known). */
export function inpaintingStepHook(
  scheduler: NoiseAdder,
  knownLatent: Float32Array,
  mask: Float32Array,
  blend: BlendRule = blendKnownRegion,
): (prevSample: Float32Array, prevT: number, rng: Rng) => Float32Array {
  if (knownLatent.length !== mask.length) throw new Error(`inpaintingStepHook: knownLatent (${knownLatent.length}) and mask (${mask.length}) must have the same length.`);
  for (const m of mask) if (m !== 0 && m !== 1) throw new Error("inpaintingStepHook: mask values must be 0 (generate) or 1 (keep).");
  return (prevSample, prevT, rng) => {
    const known = prevT >= 0 ? scheduler.addNoise(knownLatent, rng.fillNormal(new Float32Array(knownLatent.length)), prevT) : knownLatent;
    return blend(prevSample, known, mask);
  };
}

/**
 * Latent mask for an image mask: a latent cell (cell×cell pixels) is "known" (1) only when every
 * pixel it covers is known. `pixelKnown` is [h·w] with 1 = known; the result is [h/cell · w/cell · channels].
 */
export function latentMaskFromPixels(pixelKnown: Float32Array, size: number, cell: number, channels: number): Float32Array {
  if (pixelKnown.length !== size * size) throw new Error(`latentMaskFromPixels: pixelKnown must have ${size}×${size} values, got ${pixelKnown.length}.`);
  if (!Number.isInteger(cell) || cell < 1 || size % cell !== 0) throw new Error(`latentMaskFromPixels: cell must divide ${size}, got ${cell}.`);
  const ls = size / cell;
  const out = new Float32Array(ls * ls * channels);
  for (let y = 0; y < ls; y++) {
    for (let x = 0; x < ls; x++) {
      let all = 1;
      for (let dy = 0; dy < cell; dy++) for (let dx = 0; dx < cell; dx++) if (pixelKnown[(y * cell + dy) * size + x * cell + dx] !== 1) all = 0;
      for (let c = 0; c < channels; c++) out[(y * ls + x) * channels + c] = all;
    }
  }
  return out;
}
