/**
 * Configuration shared by the schedulers, named like Hugging Face diffusers' (camelCase): students who know
 * these move to diffusers by renaming `numTrainTimesteps` → `num_train_timesteps` and so on.
 * Time steps follow diffusers: t ∈ 0..T−1, where diffusers' t corresponds to the book's step t + 1.
 */

/** Named β schedules (diffusers names). */
export type SchedulerBetaSchedule = "linear" | "scaled_linear" | "squaredcos_cap_v2";
/** What the network predicts: the noise ε, the clean sample x₀, or the velocity v = √ᾱ·ε − √(1−ᾱ)·x₀. */
export type PredictionType = "epsilon" | "sample" | "v_prediction";
/** How `setTimesteps(n)` picks n of the T training steps (diffusers; Lin et al. 2023, table 2). */
export type TimestepSpacing = "leading" | "trailing" | "linspace";

/** Settings common to DDPMScheduler and DDIMScheduler. */
export interface BaseSchedulerConfig {
  /** T, the number of training steps (default 1000). */
  numTrainTimesteps: number;
  /** First β of "linear"/"scaled_linear" (default 1e-4). */
  betaStart: number;
  /** Last β of "linear"/"scaled_linear" (default 0.02). */
  betaEnd: number;
  /** Named schedule (default "linear"); ignored when `trainedBetas` is given. */
  betaSchedule: SchedulerBetaSchedule;
  /** Explicit β_0..β_{T−1} (length T, each in (0, 1)); overrides betaSchedule. null = none. */
  trainedBetas: readonly number[] | Float64Array | Float32Array | null;
  /** What the model outputs (default "epsilon"). */
  predictionType: PredictionType;
  /** Clip the predicted x₀ to [−clipSampleRange, clipSampleRange] (default true, like diffusers). */
  clipSample: boolean;
  /** Clip range (default 1). */
  clipSampleRange: number;
  /** Spacing of inference time steps (default "leading"). */
  timestepSpacing: TimestepSpacing;
  /** Offset added to "leading" time steps (default 0; Stable Diffusion uses 1). */
  stepsOffset: number;
}

/** Default values (diffusers' defaults). */
export const BASE_SCHEDULER_DEFAULTS: BaseSchedulerConfig = {
  numTrainTimesteps: 1000,
  betaStart: 1e-4,
  betaEnd: 0.02,
  betaSchedule: "linear",
  trainedBetas: null,
  predictionType: "epsilon",
  clipSample: true,
  clipSampleRange: 1,
  timestepSpacing: "leading",
  stepsOffset: 0,
};

/** Validates the shared settings (throws with the field name and how to fix it). */
export function checkBaseConfig(c: BaseSchedulerConfig, who: string): void {
  const fail = (msg: string): never => {
    throw new Error(`${who}: ${msg}`);
  };
  if (!Number.isInteger(c.numTrainTimesteps) || c.numTrainTimesteps < 1) {
    fail(`numTrainTimesteps must be an integer ≥ 1; got ${c.numTrainTimesteps}.`);
  }
  if (!(c.betaStart > 0 && c.betaStart < 1)) fail(`betaStart must satisfy 0 < β < 1; got ${c.betaStart}.`);
  if (!(c.betaEnd > 0 && c.betaEnd < 1)) fail(`betaEnd must satisfy 0 < β < 1; got ${c.betaEnd}.`);
  if (!["linear", "scaled_linear", "squaredcos_cap_v2"].includes(c.betaSchedule)) {
    fail(`betaSchedule must be "linear", "scaled_linear" or "squaredcos_cap_v2"; got ${JSON.stringify(c.betaSchedule)}.`);
  }
  if (!["epsilon", "sample", "v_prediction"].includes(c.predictionType)) {
    fail(`predictionType must be "epsilon", "sample" or "v_prediction"; got ${JSON.stringify(c.predictionType)}.`);
  }
  if (!["leading", "trailing", "linspace"].includes(c.timestepSpacing)) {
    fail(`timestepSpacing must be "leading", "trailing" or "linspace"; got ${JSON.stringify(c.timestepSpacing)}.`);
  }
  if (typeof c.clipSample !== "boolean") fail(`clipSample must be true or false; got ${String(c.clipSample)}.`);
  if (!(c.clipSampleRange > 0) || !Number.isFinite(c.clipSampleRange)) fail(`clipSampleRange must be a finite number > 0; got ${c.clipSampleRange}.`);
  if (!Number.isInteger(c.stepsOffset) || c.stepsOffset < 0) fail(`stepsOffset must be an integer ≥ 0; got ${c.stepsOffset}.`);
  if (c.trainedBetas !== null && c.trainedBetas !== undefined) {
    const b = c.trainedBetas;
    if (b.length !== c.numTrainTimesteps) {
      fail(`trainedBetas has ${b.length} values but numTrainTimesteps is ${c.numTrainTimesteps}; they must match.`);
    }
    for (let i = 0; i < b.length; i++) {
      if (!(b[i] > 0 && b[i] < 1)) fail(`trainedBetas[${i}] must satisfy 0 < β < 1; got ${b[i]}.`);
    }
  }
}
