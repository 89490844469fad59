/**
 * DDIMScheduler (Song, Meng & Ermon 2020, arXiv 2010.02502), shaped like diffusers' `DDIMScheduler`.
 *
 * step() implements DDIM eq. 12 with σ_t from eq. 16 through `ddimUpdate`, the update every DDIM sampler here shares:
 *   x_{t'} = √ᾱ_{t'}·x̂₀ + √(1 − ᾱ_{t'} − σ_t²)·ε̂ + σ_t·ε,
 *   σ_t = η·√((1−ᾱ_{t'})/(1−ᾱ_t))·√(1 − ᾱ_t/ᾱ_{t'}),
 * where x̂₀, ε̂ come from the model output and t' is the next entry of `timesteps` (looked up, not t − T/n).
 *   paper        here
 *   α_t (DDIM)   alphaProdT  (= diffusers alpha_prod_t = the book's α_{t+1}, the lecture's ᾱ)
 *   α_{t−1}      alphaProdTPrev (1 after the last step when setAlphaToOne)
 *   σ_t          stdDevT
 */
import { DIFFUSERS_SET_ALPHA_TO_ONE, ddimEtaSigma, ddimUpdate } from "../diffusion/ddimCore";
import { BASE_SCHEDULER_DEFAULTS, type BaseSchedulerConfig } from "./config";
import { SchedulerBase, type SchedulerArray, type SchedulerStepOptions, type SchedulerStepOutput } from "./common";

/** DDIMScheduler settings. */
export interface DDIMSchedulerConfig extends BaseSchedulerConfig {
  /** ᾱ after the final step: 1 (default, like diffusers) or ᾱ_0 (the 1-D samplers' default; see DDIM_SET_ALPHA_TO_ONE). */
  setAlphaToOne: boolean;
}

/** DDIM sampling with diffusers' config names; see the file header for the equations. */
export class DDIMScheduler extends SchedulerBase<DDIMSchedulerConfig> {
  /** ᾱ used after the last step. */
  readonly finalAlphaCumprod: number;

  /** Creates the scheduler; unspecified settings take diffusers' defaults. */
  constructor(config: Partial<DDIMSchedulerConfig> = {}) {
    const full: DDIMSchedulerConfig = { ...BASE_SCHEDULER_DEFAULTS, setAlphaToOne: DIFFUSERS_SET_ALPHA_TO_ONE, ...config };
    if (typeof full.setAlphaToOne !== "boolean") {
      throw new Error(`new DDIMScheduler: setAlphaToOne must be true or false; got ${String(full.setAlphaToOne)}.`);
    }
    super(full, "new DDIMScheduler");
    this.finalAlphaCumprod = full.setAlphaToOne ? 1 : this.alphasCumprod[0];
  }

  /**
   * One DDIM step from time step t to the next entry of `timesteps`. `opts.eta` (default 0) sets σ_t; noise
   * (opts.rng or opts.noise) is drawn only when σ_t > 0. Returns arrays of the same type as `sample`.
   */
  step<A extends SchedulerArray>(modelOutput: SchedulerArray, t: number, sample: A, opts: SchedulerStepOptions = {}): SchedulerStepOutput<A> {
    const fn = "DDIMScheduler.step(modelOutput, t, sample, opts)";
    this.checkStepInputs(modelOutput, sample, fn);
    const eta = opts.eta ?? 0;
    if (!(eta >= 0) || !Number.isFinite(eta)) throw new Error(`${fn}: eta must be a finite number ≥ 0; got ${eta}.`);
    // 1. previous time step, looked up in `timesteps`
    const prevT = this.previousTimestep(t);
    // 2. ᾱ_t and ᾱ_{t'}
    const alphaProdT = this.alphasCumprod[t];
    const alphaProdTPrev = prevT >= 0 ? this.alphasCumprod[prevT] : this.finalAlphaCumprod;
    // 3. predicted x₀ and ε (eq. 12's "predicted x₀"), x₀ clipped if configured
    const { predX0, predEps } = this.predictX0Eps(modelOutput, sample, alphaProdT, opts.useClippedModelOutput ?? false);
    // 4. σ_t(η), eq. 16
    const stdDevT = ddimEtaSigma(alphaProdT, alphaProdTPrev, eta);
    // 5. x_{t'} = √ᾱ_{t'}·x̂₀ + √(1 − ᾱ_{t'} − σ_t²)·ε̂ + σ_t·ε, eq. 12
    const n = sample.length;
    const Ctor = sample.constructor as new (n: number) => A;
    const noise = stdDevT > 0 ? this.stepNoise(n, opts, fn) : undefined;
    const prevSample = ddimUpdate(new Ctor(n), sample, predEps, predX0, alphaProdT, alphaProdTPrev, stdDevT, noise);
    const predOriginalSample = new Ctor(n);
    predOriginalSample.set(predX0);
    return { prevSample, predOriginalSample };
  }
}
