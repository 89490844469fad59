/**
 * The part every trainer here shares, written once: a seeded generator, Adam over the models'
 * trainable weights with a constant or cosine learning rate, a fresh permutation of the examples each
 * epoch cut into batches, an optional weight EMA, the training loop (progress, cancellation,
 * checkpoints) and disposal of the optimizer. A trainer only says what one batch's loss is.
 */
import { tf } from "../backend";
import type { LayersModel, Scalar, Tensor, Variable } from "@tensorflow/tfjs";
import { createRng, type Rng } from "../random";
import { epochBatches } from "./batches";
import type { CommonTrainOptions } from "./common";
import { WeightEma } from "./ema";
import { runTrainingLoop, type TrainingReport } from "./loop";

/** Learning rate over a run: "constant", or "cosine" (decays to 0 by the last step). */
export type LearningRateSchedule = "constant" | "cosine";

/** Learning rate at step s of S: constant, or lr·½(1 + cos(π s/S)) (Loshchilov & Hutter 2017, no restarts). */
export function scheduledLearningRate(lr: number, schedule: LearningRateSchedule, s: number, S: number): number {
  return schedule === "cosine" ? lr * 0.5 * (1 + Math.cos((Math.PI * s) / S)) : lr;
}

/** Adam whose learning rate can be changed between steps (the schedule), keeping its moment estimates. */
export class ScheduledAdam extends tf.AdamOptimizer {
  constructor(learningRate: number) {
    super(learningRate, 0.9, 0.999);
  }

  /** Sets the rate of the following steps. */
  setLearningRate(lr: number): void {
    if (!(lr >= 0) || !Number.isFinite(lr)) throw new Error(`ScheduledAdam: learning rate must be a finite number ≥ 0, got ${lr}.`);
    this.learningRate = lr;
  }
}

/** One batch's work: the loss to minimise (called inside the optimizer's tape) and what to free afterwards. */
export interface BatchLoss {
  /** The scalar loss of the batch, built from tensors prepared outside (they are not recorded twice). */
  loss: () => Scalar;
  /** Tensors prepared for this batch, freed after the step. */
  tensors?: Tensor[];
}

/** Settings of `trainMinibatches`. */
export interface MinibatchTrainingOptions extends CommonTrainOptions {
  /** Name for error messages (e.g. "trainAutoencoder"). */
  fn: string;
  /** The models whose trainable weights Adam updates. */
  models: LayersModel[];
  /** Number of training examples. */
  count: number;
  /** Learning-rate schedule (default "constant"). */
  learningRateSchedule?: LearningRateSchedule;
  /** Decay of a weight EMA of models[0], copied into it at the end (0 or absent = none). */
  emaDecay?: number;
  /** EMA decay warm-up (see WeightEma). */
  emaWarmup?: boolean;
  /** The loss of the batch of example indices `idx`; random draws come from `rng`. */
  batchLoss: (idx: Int32Array, rng: Rng) => BatchLoss;
}

/** Runs the epochs; the models end with the trained (or EMA-averaged) weights. */
export async function trainMinibatches(o: MinibatchTrainingOptions): Promise<TrainingReport> {
  const schedule = o.learningRateSchedule ?? "constant";
  if (schedule !== "constant" && schedule !== "cosine") throw new Error(`${o.fn}: learningRateSchedule must be "constant" or "cosine", got ${String(schedule)}.`);
  if (!Array.isArray(o.models) || o.models.length < 1) throw new Error(`${o.fn}: models must list the models to train.`);
  const emaDecay = o.emaDecay ?? 0;
  if (!(emaDecay >= 0 && emaDecay < 1)) throw new Error(`${o.fn}: emaDecay must be in [0, 1), got ${emaDecay}.`);
  const rng = createRng(o.seed);
  const optimizer = new ScheduledAdam(o.learningRate);
  const vars = o.models.flatMap((m) => m.trainableWeights.map((w) => (w as unknown as { read(): Variable }).read()));
  const ema = emaDecay > 0 ? new WeightEma(o.models[0], emaDecay, o.emaWarmup ?? false) : null;
  const stepsPerEpoch = Math.floor(o.count / o.batchSize);
  const totalSteps = o.epochs * stepsPerEpoch;
  let stepsDone = 0;
  let batches: Int32Array[] = [];
  try {
    const report = await runTrainingLoop({
      epochs: o.epochs,
      stepsPerEpoch,
      onProgress: o.onProgress,
      onEpochEnd: o.onEpochEnd,
      step: (_epoch, i) => {
        if (i === 0) batches = epochBatches(o.count, o.batchSize, rng);
        const batch = o.batchLoss(batches[i], rng);
        optimizer.setLearningRate(scheduledLearningRate(o.learningRate, schedule, stepsDone++, totalSteps));
        const loss = optimizer.minimize(batch.loss, true, vars);
        const value = loss!.dataSync()[0];
        tf.dispose([loss!, ...(batch.tensors ?? [])]);
        ema?.update();
        return value;
      },
    });
    ema?.apply();
    return report;
  } finally {
    ema?.dispose();
    optimizer.dispose();
  }
}
