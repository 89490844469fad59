/**
 * DDIMScheduler (Song, Meng & Ermon 2020, arXiv 2010.02502), shaped like diffusers' `DDIMScheduler`.
 *
 * step() implements DDIM eq. 12 with σ_t from eq. 16:
 *   x_{t'} = √ᾱ_{t'}·x̂₀ + √(1 − ᾱ_{t'} − σ_t²)·ε̂ + σ_t·ε,
 *   σ_t = η·√((1−ᾱ_{t'})/(1−ᾱ_t))·√(1 − ᾱ_t/ᾱ_{t'}),
 * where x̂₀, ε̂ come from the model output and t' is the next entry of `timesteps` (looked up, not t − T/n).
 *   paper        here
 *   α_t (DDIM)   alphaProdT  (= diffusers alpha_prod_t = the book's α_{t+1}, the lecture's ᾱ)
 *   α_{t−1}      alphaProdTPrev (1 after the last step when setAlphaToOne)
 *   σ_t          stdDevT
 */
import { BASE_SCHEDULER_DEFAULTS, type BaseSchedulerConfig } from "./config";
import { SchedulerBase, type SchedulerArray, type SchedulerStepOptions, type SchedulerStepOutput } from "./common";

/** DDIMScheduler settings. */
export interface DDIMSchedulerConfig extends BaseSchedulerConfig {
  /** ᾱ after the final step: 1 (default, like diffusers) or ᾱ_0. */
  setAlphaToOne: boolean;
}

/** DDIM sampling with diffusers' config names; see the file header for the equations. */
export class DDIMScheduler extends SchedulerBase<DDIMSchedulerConfig> {
  /** ᾱ used after the last step. */
  readonly finalAlphaCumprod: number;

  /** Creates the scheduler; unspecified settings take diffusers' defaults. */
  constructor(config: Partial<DDIMSchedulerConfig> = {}) {
    const full: DDIMSchedulerConfig = { ...BASE_SCHEDULER_DEFAULTS, setAlphaToOne: true, ...config };
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
    const betaProdT = 1 - alphaProdT;
    const betaProdTPrev = 1 - alphaProdTPrev;
    // 3. predicted x₀ and ε (eq. 12's "predicted x₀"), x₀ clipped if configured
    const { predX0, predEps } = this.predictX0Eps(modelOutput, sample, alphaProdT, opts.useClippedModelOutput ?? false);
    // 4. σ_t(η), eq. 16
    const variance = (betaProdTPrev / betaProdT) * (1 - alphaProdT / alphaProdTPrev);
    const stdDevT = eta * Math.sqrt(Math.max(variance, 0));
    // 5. "direction pointing to x_t" coefficient, eq. 12
    const dirCoeff = Math.sqrt(Math.max(1 - alphaProdTPrev - stdDevT * stdDevT, 0));
    // 6. x_{t'} without noise, then + σ_t ε
    const sqrtAPrev = Math.sqrt(alphaProdTPrev);
    const n = sample.length;
    const Ctor = sample.constructor as new (n: number) => A;
    const prevSample = new Ctor(n);
    for (let i = 0; i < n; i++) prevSample[i] = sqrtAPrev * predX0[i] + dirCoeff * predEps[i];
    if (stdDevT > 0) {
      const eps = this.stepNoise(n, opts, fn);
      for (let i = 0; i < n; i++) prevSample[i] += stdDevT * eps[i];
    }
    const predOriginalSample = new Ctor(n);
    predOriginalSample.set(predX0);
    return { prevSample, predOriginalSample };
  }
}
