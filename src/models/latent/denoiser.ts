/**
 * A denoiser = a U-Net plus the config it was built with, and the one function that calls it:
 * ε_θ(z_t, t, class, cond). Everything that samples goes through `predictNoise`, so the input
 * plumbing (time embedding, null class, conditioning channels) lives in one place, and so does the
 * parameterisation: a v-network's output is turned into ε here (parameterisation.ts), which is why
 * guidance, inpainting and the DDIM sampler work unchanged with either kind.
 */
import { tf } from "../../backend";
import type { LayersModel, Tensor, Tensor4D } from "@tensorflow/tfjs";
import { createUNet, resolveUNetConfig, type UNetConfig } from "../unet";
import { sinusoidalTimeEmbedding } from "../timeEmbedding";
import { noiseFromVelocity, type DenoiserPrediction } from "./parameterisation";

/** A U-Net noise predictor and its architecture. */
export interface LatentDenoiser {
  /** The tfjs model (inputs: z_t ⊕ cond, time embedding, [class]). */
  model: LayersModel;
  /** Its architecture (numClasses, condChannels … ). */
  config: UNetConfig;
  /** What the network outputs (default "epsilon"); `predictNoise` returns ε either way. */
  prediction?: DenoiserPrediction;
  /** ᾱ_t of the schedule it was trained with; needed iff prediction = "v". */
  alphasCumprod?: Float64Array;
}

/** Builds an untrained denoiser; a v-network needs the schedule's ᾱ_t. */
export function createLatentDenoiser(
  config: Partial<UNetConfig> = {},
  name = "denoiser",
  parameterisation: { prediction: DenoiserPrediction; alphasCumprod?: Float64Array } = { prediction: "epsilon" },
): LatentDenoiser {
  const c = resolveUNetConfig(config);
  const d: LatentDenoiser = { model: createUNet(c, name), config: c, ...parameterisation };
  checkParameterisation(d, "createLatentDenoiser");
  return d;
}

function checkParameterisation(d: LatentDenoiser, fn: string): void {
  const p = d.prediction ?? "epsilon";
  if (p !== "epsilon" && p !== "v") throw new Error(`${fn}: prediction must be "epsilon" or "v", got ${JSON.stringify(p)}.`);
  if (p === "v" && !(d.alphasCumprod instanceof Float64Array && d.alphasCumprod.length > 1)) {
    throw new Error(`${fn}: a v-prediction denoiser needs alphasCumprod (the scheduler's ᾱ_t, e.g. latentScheduler(m).alphasCumprod).`);
  }
}

/** Inputs of one `predictNoise` call. */
export interface NoiseInputs {
  /** Noisy samples z_t [n, size, size, channels]. */
  zt: Tensor4D;
  /** One time step per sample, or one for all. */
  t: number | ArrayLike<number>;
  /** Class id per sample (0..numClasses−1, or numClasses = the null class); needed iff the model is class-conditional. */
  classes?: Int32Array;
  /** Conditioning channels [n, size, size, condChannels]; needed iff condChannels > 0. */
  cond?: Tensor4D;
  /** Training mode (dropout etc.); default false. */
  training?: boolean;
}

/** ε_θ(z_t, t [, class] [, cond]) as a new tensor [n, size, size, channels], whatever the network predicts. */
export function predictNoise(d: LatentDenoiser, inp: NoiseInputs): Tensor4D {
  const out = predictModelOutput(d, inp);
  if ((d.prediction ?? "epsilon") === "epsilon") return out;
  const eps = noiseFromVelocity(inp.zt, out, inp.t, d.alphasCumprod!);
  out.dispose();
  return eps;
}

/** The network's own output (ε or v, see `prediction`) as a new tensor: what training compares with its target. */
export function predictModelOutput(d: LatentDenoiser, inp: NoiseInputs): Tensor4D {
  checkParameterisation(d, "predictNoise");
  const c = d.config;
  const { zt } = inp;
  if (!(zt instanceof tf.Tensor) || zt.rank !== 4 || zt.shape[1] !== c.size || zt.shape[2] !== c.size || zt.shape[3] !== c.channels) {
    throw new Error(`predictNoise: zt must have shape [n, ${c.size}, ${c.size}, ${c.channels}], got ${zt instanceof tf.Tensor ? `[${zt.shape}]` : typeof zt}.`);
  }
  const n = zt.shape[0];
  const ts = typeof inp.t === "number" ? new Array<number>(n).fill(inp.t) : Array.from(inp.t);
  if (ts.length !== n) throw new Error(`predictNoise: ${ts.length} time steps for ${n} samples.`);
  if (c.condChannels > 0) {
    const cond = inp.cond;
    if (!(cond instanceof tf.Tensor) || cond.rank !== 4 || cond.shape[0] !== n || cond.shape[3] !== c.condChannels) {
      throw new Error(`predictNoise: this denoiser needs cond of shape [${n}, ${c.size}, ${c.size}, ${c.condChannels}], got ${cond instanceof tf.Tensor ? `[${cond.shape}]` : String(cond)}.`);
    }
  } else if (inp.cond !== undefined) {
    throw new Error("predictNoise: cond was given but this denoiser has no conditioning channels (condChannels = 0).");
  }
  if (c.numClasses > 0) {
    const cls = inp.classes;
    if (!(cls instanceof Int32Array) || cls.length !== n) throw new Error(`predictNoise: this denoiser is class-conditional; pass classes as an Int32Array of ${n} ids (${c.numClasses} = no class).`);
    for (const k of cls) if (!(k >= 0 && k <= c.numClasses)) throw new Error(`predictNoise: class id ${k} is outside 0..${c.numClasses} (${c.numClasses} is the null class).`);
  } else if (inp.classes !== undefined) {
    throw new Error("predictNoise: classes were given but this denoiser is unconditional (numClasses = 0).");
  }
  return tf.tidy(() => {
    const x = c.condChannels > 0 ? tf.concat([zt, inp.cond!], -1) : zt;
    const inputs: Tensor[] = [x, sinusoidalTimeEmbedding(ts, c.timeEmbedDim)];
    if (c.numClasses > 0) inputs.push(tf.tensor2d(inp.classes!, [n, 1], "int32"));
    return d.model.apply(inputs, { training: inp.training ?? false }) as Tensor4D;
  });
}
