/**
 * What DDPMScheduler and DDIMScheduler share: the β/ᾱ tables, the inference time steps, `addNoise`,
 * `getVelocity`, x₀/ε from the model output, and array checks. Arrays are flat Float32Array/Float64Array
 * (a batch is flattened; the latent helper passes ~10⁴–10⁵ values per step).
 */
import type { Rng } from "../random";
import { schedulerBetas, cumulativeProductOfAlphas } from "./betas";
import { checkBaseConfig, type BaseSchedulerConfig } from "./config";
import { spacedTimesteps } from "./timesteps";

/** Flat float arrays the schedulers accept and return (the output has the type of `sample`). */
export type SchedulerArray = Float32Array | Float64Array;

/** The output of `step` (diffusers' `DDPMSchedulerOutput` / `DDIMSchedulerOutput`). */
export interface SchedulerStepOutput<A extends SchedulerArray> {
  /** x_{t−1} (the sample at the previous time step of the schedule). */
  prevSample: A;
  /** The model's estimate of the clean sample x₀ (after clipping, if clipSample). */
  predOriginalSample: A;
}

/** Options of `step`. */
export interface SchedulerStepOptions {
  /** DDIM's η (ignored by DDPM); default 0. */
  eta?: number;
  /** Generator for the step's noise. */
  rng?: Rng;
  /** The step's standard-normal noise itself (same length as sample); takes precedence over rng. */
  noise?: SchedulerArray;
  /** DDIM: recompute ε from the clipped x₀ (diffusers `use_clipped_model_output`). Default false. */
  useClippedModelOutput?: boolean;
}

/** Base class: config, tables, time steps and the parts of `step` both schedulers need. */
export abstract class SchedulerBase<C extends BaseSchedulerConfig> {
  /** The configuration (frozen; read settings from here, as diffusers' `scheduler.config`). */
  readonly config: Readonly<C>;
  /** β_k for k = 0..T−1. */
  readonly betas: Float64Array;
  /** α_k = 1 − β_k. */
  readonly alphas: Float64Array;
  /** ᾱ_k = Π_{i≤k} α_i (the book's α_{k+1}). */
  readonly alphasCumprod: Float64Array;
  /** Standard deviation of the initial noise (1 for these schedulers). */
  readonly initNoiseSigma = 1;
  /** Inference steps after `setTimesteps(n)`; null before. */
  numInferenceSteps: number | null = null;
  /** Time steps to visit, descending (T−1..0 until `setTimesteps` is called). */
  timesteps: Int32Array;
  /** position of each time step in `timesteps` (−1 if absent). */
  private indexOf: Int32Array;

  protected constructor(config: C, who: string) {
    checkBaseConfig(config, who);
    this.config = Object.freeze({ ...config, trainedBetas: config.trainedBetas ? Object.freeze(Array.from(config.trainedBetas)) : null });
    this.betas = schedulerBetas(this.config);
    this.alphas = this.betas.map((b) => 1 - b);
    this.alphasCumprod = cumulativeProductOfAlphas(this.betas);
    const T = this.config.numTrainTimesteps;
    this.timesteps = Int32Array.from({ length: T }, (_, i) => T - 1 - i);
    this.indexOf = new Int32Array(T);
    this.rebuildIndex();
  }

  /** Chooses n inference steps spaced by `config.timestepSpacing` (sets `timesteps`, descending). */
  setTimesteps(numInferenceSteps: number): void {
    const c = this.config;
    this.timesteps = spacedTimesteps(c.numTrainTimesteps, numInferenceSteps, c.timestepSpacing, c.stepsOffset);
    this.numInferenceSteps = numInferenceSteps;
    this.rebuildIndex();
  }

  private rebuildIndex(): void {
    this.indexOf.fill(-1);
    for (let i = 0; i < this.timesteps.length; i++) this.indexOf[this.timesteps[i]] = i;
  }

  /**
   * The time step after t in `timesteps` (−1 after the last): looked up in the array, not computed as
   * t − T/n (diffusers' formula, wrong for "linspace" and uneven spacings).
   */
  previousTimestep(t: number): number {
    const T = this.config.numTrainTimesteps;
    if (!Number.isInteger(t) || t < 0 || t >= T) {
      throw new Error(`step: t must be an integer time step in 0..${T - 1} taken from scheduler.timesteps; got ${t}.`);
    }
    const i = this.indexOf[t];
    if (i < 0) {
      throw new Error(`step: t = ${t} is not in scheduler.timesteps; run setTimesteps(n) and iterate over scheduler.timesteps.`);
    }
    return i + 1 < this.timesteps.length ? this.timesteps[i + 1] : -1;
  }

  /** Identity (diffusers API compatibility: these schedulers need no input scaling). */
  scaleModelInput<A extends SchedulerArray>(sample: A, _t?: number): A {
    return sample;
  }

  /**
   * The forward process in closed form: √ᾱ_t·x₀ + √(1−ᾱ_t)·noise (DDPM eq. 4). `t` is one time step for all
   * values, or one per batch item (x0.length must be a multiple of t.length; item b is the b-th equal chunk).
   */
  addNoise<A extends SchedulerArray>(x0: A, noise: SchedulerArray, t: number | ArrayLike<number>): A {
    return this.mixPerItem(x0, noise, t, "addNoise(x0, noise, t)", (a, b, sa, sb) => sa * a + sb * b);
  }

  /** The v-prediction target v = √ᾱ_t·noise − √(1−ᾱ_t)·x₀ (Salimans & Ho 2022). Same `t` rules as addNoise. */
  getVelocity<A extends SchedulerArray>(x0: A, noise: SchedulerArray, t: number | ArrayLike<number>): A {
    return this.mixPerItem(x0, noise, t, "getVelocity(x0, noise, t)", (a, b, sa, sb) => sa * b - sb * a);
  }

  private mixPerItem<A extends SchedulerArray>(
    x0: A,
    noise: SchedulerArray,
    t: number | ArrayLike<number>,
    fn: string,
    f: (x: number, e: number, sqrtAlphaBar: number, sqrtOneMinus: number) => number,
  ): A {
    checkFloatArray(x0, "x0", fn);
    checkFloatArray(noise, "noise", fn, x0.length);
    const ts = typeof t === "number" ? [t] : t;
    if (!ts || ts.length === 0 || x0.length % ts.length !== 0) {
      throw new Error(`${fn}: t must be a time step or one per batch item, and x0.length (${x0.length}) a multiple of their count (${ts?.length}).`);
    }
    const T = this.config.numTrainTimesteps;
    const chunk = x0.length / ts.length;
    const out = new (x0.constructor as new (n: number) => A)(x0.length);
    for (let b = 0; b < ts.length; b++) {
      const tb = ts[b];
      if (!Number.isInteger(tb) || tb < 0 || tb >= T) throw new Error(`${fn}: time steps must be integers in 0..${T - 1}; got ${tb}.`);
      const sa = Math.sqrt(this.alphasCumprod[tb]);
      const sb = Math.sqrt(1 - this.alphasCumprod[tb]);
      for (let i = b * chunk; i < (b + 1) * chunk; i++) out[i] = f(x0[i], noise[i], sa, sb);
    }
    return out;
  }

  /** Checks step()'s arrays. */
  protected checkStepInputs(modelOutput: SchedulerArray, sample: SchedulerArray, fn: string): void {
    checkFloatArray(sample, "sample", fn);
    checkFloatArray(modelOutput, "modelOutput", fn, sample.length);
  }

  /**
   * x₀ and ε from the model output with ᾱ_t = alphaProdT (DDIM eq. 12's "predicted x₀"; v-prediction:
   * Salimans & Ho 2022, x₀ = √ᾱ·z − √(1−ᾱ)·v, ε = √ᾱ·v + √(1−ᾱ)·z). With clipSample, x₀ is clipped and,
   * when `recomputeEps`, ε is recomputed from the clipped x₀.
   */
  protected predictX0Eps(modelOutput: SchedulerArray, sample: SchedulerArray, alphaProdT: number, recomputeEps: boolean): { predX0: Float64Array; predEps: Float64Array } {
    const n = sample.length;
    const sqrtA = Math.sqrt(alphaProdT);
    const sqrtB = Math.sqrt(1 - alphaProdT);
    const predX0 = new Float64Array(n);
    const predEps = new Float64Array(n);
    switch (this.config.predictionType) {
      case "epsilon":
        for (let i = 0; i < n; i++) {
          predX0[i] = (sample[i] - sqrtB * modelOutput[i]) / sqrtA;
          predEps[i] = modelOutput[i];
        }
        break;
      case "sample":
        for (let i = 0; i < n; i++) {
          predX0[i] = modelOutput[i];
          predEps[i] = (sample[i] - sqrtA * modelOutput[i]) / sqrtB;
        }
        break;
      case "v_prediction":
        for (let i = 0; i < n; i++) {
          predX0[i] = sqrtA * sample[i] - sqrtB * modelOutput[i];
          predEps[i] = sqrtA * modelOutput[i] + sqrtB * sample[i];
        }
        break;
    }
    if (this.config.clipSample) {
      const r = this.config.clipSampleRange;
      for (let i = 0; i < n; i++) predX0[i] = predX0[i] < -r ? -r : predX0[i] > r ? r : predX0[i];
      if (recomputeEps) for (let i = 0; i < n; i++) predEps[i] = (sample[i] - sqrtA * predX0[i]) / sqrtB;
    }
    return { predX0, predEps };
  }

  /** The step's noise: opts.noise, or drawn from opts.rng; throws when neither is given. */
  protected stepNoise(n: number, opts: SchedulerStepOptions, fn: string): SchedulerArray {
    if (opts.noise !== undefined) {
      checkFloatArray(opts.noise, "opts.noise", fn, n);
      return opts.noise;
    }
    if (opts.rng === undefined || typeof opts.rng.fillNormal !== "function") {
      throw new Error(`${fn}: this step adds noise; pass { rng: createRng(seed) } or { noise } (standard-normal values, length ${n}).`);
    }
    return opts.rng.fillNormal(new Float64Array(n));
  }
}

/** Throws unless x is a Float32Array/Float64Array (of the given length) without NaN. */
export function checkFloatArray(x: unknown, name: string, fn: string, length?: number): asserts x is SchedulerArray {
  if (!(x instanceof Float32Array || x instanceof Float64Array)) {
    throw new Error(`${fn}: ${name} must be a Float32Array or Float64Array (flatten tensors with dataSync()); got ${x === null ? "null" : typeof x}.`);
  }
  if (length !== undefined && x.length !== length) {
    throw new Error(`${fn}: ${name} has length ${x.length} but must have length ${length} (same as sample).`);
  }
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== x[i]) throw new Error(`${fn}: ${name}[${i}] is NaN; check the model output and the sample.`);
  }
}
