/**
 * DDPMScheduler (Ho, Jain & Abbeel 2020), shaped like diffusers' `DDPMScheduler`.
 *
 * step() samples x_{t'} ~ q(x_{t'} | x_t, x₀) with x₀ predicted by the model (DDPM eqs. 6–7), where t' is the
 * next entry of `timesteps` (t' = t − 1 for the full schedule):
 *   x_{t'} = √ᾱ_{t'}·β'_t/(1−ᾱ_t)·x₀ + √α'_t·(1−ᾱ_{t'})/(1−ᾱ_t)·x_t + σ_t·ε,
 *   α'_t = ᾱ_t/ᾱ_{t'},  β'_t = 1 − α'_t,  σ_t² = (1−ᾱ_{t'})/(1−ᾱ_t)·β'_t ("fixed_small") or β'_t ("fixed_large").
 * Symbols: ᾱ = alphaProdT (the book's α), t' = prevT; diffusers' t is the book's step t + 1.
 */
import { BASE_SCHEDULER_DEFAULTS, type BaseSchedulerConfig } from "./config";
import { SchedulerBase, type SchedulerArray, type SchedulerStepOptions, type SchedulerStepOutput } from "./common";

/** DDPM variance choices (DDPM §3.2: σ² = β̃ posterior, or σ² = β). */
export type DdpmVarianceType = "fixed_small" | "fixed_large";

/** DDPMScheduler settings. */
export interface DDPMSchedulerConfig extends BaseSchedulerConfig {
  /** σ_t² choice (default "fixed_small": the posterior variance β̃_t). */
  varianceType: DdpmVarianceType;
}

/** Ancestral DDPM sampling with diffusers' config names; see the file header for the equations. */
export class DDPMScheduler extends SchedulerBase<DDPMSchedulerConfig> {
  /** Creates the scheduler; unspecified settings take diffusers' defaults. */
  constructor(config: Partial<DDPMSchedulerConfig> = {}) {
    const full: DDPMSchedulerConfig = { ...BASE_SCHEDULER_DEFAULTS, varianceType: "fixed_small", ...config };
    if (full.varianceType !== "fixed_small" && full.varianceType !== "fixed_large") {
      throw new Error(`new DDPMScheduler: varianceType must be "fixed_small" or "fixed_large"; got ${JSON.stringify(full.varianceType)}.`);
    }
    super(full, "new DDPMScheduler");
  }

  /**
   * One reverse step from time step t (an entry of `timesteps`) to the next entry. Noise (opts.rng or opts.noise)
   * is added for t > 0 when σ_t > 0. Returns arrays of the same type as `sample`.
   */
  step<A extends SchedulerArray>(modelOutput: SchedulerArray, t: number, sample: A, opts: SchedulerStepOptions = {}): SchedulerStepOutput<A> {
    const fn = "DDPMScheduler.step(modelOutput, t, sample, opts)";
    this.checkStepInputs(modelOutput, sample, fn);
    // 1. previous time step, looked up in `timesteps`
    const prevT = this.previousTimestep(t);
    // 2. ᾱ_t, ᾱ_{t'}, and the effective α'_t, β'_t between them
    const alphaProdT = this.alphasCumprod[t];
    const alphaProdTPrev = prevT >= 0 ? this.alphasCumprod[prevT] : 1;
    const betaProdT = 1 - alphaProdT;
    const betaProdTPrev = 1 - alphaProdTPrev;
    const currentAlphaT = alphaProdT / alphaProdTPrev;
    const currentBetaT = 1 - currentAlphaT;
    // 3. predicted x₀ (DDPM eq. 15), clipped if configured
    const { predX0 } = this.predictX0Eps(modelOutput, sample, alphaProdT, false);
    // 4. coefficients of the posterior mean μ̃_t(x_t, x₀) (DDPM eq. 7)
    const predOriginalSampleCoeff = (Math.sqrt(alphaProdTPrev) * currentBetaT) / betaProdT;
    const currentSampleCoeff = (Math.sqrt(currentAlphaT) * betaProdTPrev) / betaProdT;
    // 5. σ_t
    const variance = this.config.varianceType === "fixed_large" ? currentBetaT : (betaProdTPrev / betaProdT) * currentBetaT;
    const std = t > 0 ? Math.sqrt(Math.max(variance, 0)) : 0;
    // 6. x_{t'} = μ̃ + σ_t ε
    const n = sample.length;
    const Ctor = sample.constructor as new (n: number) => A;
    const prevSample = new Ctor(n);
    for (let i = 0; i < n; i++) prevSample[i] = predOriginalSampleCoeff * predX0[i] + currentSampleCoeff * sample[i];
    if (std > 0) {
      const eps = this.stepNoise(n, opts, fn);
      for (let i = 0; i < n; i++) prevSample[i] += std * eps[i];
    }
    const predOriginalSample = new Ctor(n);
    predOriginalSample.set(predX0);
    return { prevSample, predOriginalSample };
  }
}
