/**
 * The one training loop every trainer here uses: epochs × steps, a progress callback, cooperative
 * cancellation (a kernel interrupt stops it between steps) and optional per-epoch checkpoints.
 * The step itself is a function, so the loop is written once and the trainers swap steps.
 */
import { throwIfCancelled, yieldToHost } from "../notebook/cancel";

/** What a progress callback is told after each step. */
export interface TrainingProgress {
  /** 0-based epoch. */
  epoch: number;
  /** Total epochs. */
  epochs: number;
  /** Steps done so far, over all epochs (1-based after the first step). */
  step: number;
  /** Total steps of the run. */
  totalSteps: number;
  /** Loss of this step. */
  loss: number;
}

/** Settings of `runTrainingLoop`. */
export interface TrainingLoopOptions {
  /** Number of epochs (≥ 1). */
  epochs: number;
  /** Steps per epoch (≥ 1). */
  stepsPerEpoch: number;
  /** One optimisation step; returns its loss. */
  step: (epoch: number, stepInEpoch: number) => number | Promise<number>;
  /** Called after each step (e.g. `bar.update(p.step, { loss: p.loss })` of a figures progress bar). */
  onProgress?: (p: TrainingProgress) => void;
  /** Called after each epoch with its mean loss (checkpoints, logging). */
  onEpochEnd?: (epoch: number, meanLoss: number) => void | Promise<void>;
}

/** What a finished run reports. */
export interface TrainingReport {
  /** Mean loss of each epoch. */
  epochLosses: number[];
  /** Wall-clock seconds of each epoch. */
  epochSeconds: number[];
  /** Wall-clock seconds in all. */
  seconds: number;
}

/** Runs `epochs × stepsPerEpoch` steps; throws `CancelledError` (name "KeyboardInterrupt") on interrupt. */
export async function runTrainingLoop(opts: TrainingLoopOptions): Promise<TrainingReport> {
  const { epochs, stepsPerEpoch, step } = opts;
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`runTrainingLoop: epochs must be a positive integer, got ${epochs}.`);
  if (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch < 1) throw new Error(`runTrainingLoop: stepsPerEpoch must be a positive integer, got ${stepsPerEpoch}.`);
  if (typeof step !== "function") throw new Error("runTrainingLoop: step must be a function (epoch, stepInEpoch) => loss.");
  const start = performance.now();
  const epochLosses: number[] = [];
  const epochSeconds: number[] = [];
  let done = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const epochStart = performance.now();
    let sum = 0;
    for (let i = 0; i < stepsPerEpoch; i++) {
      throwIfCancelled();
      const loss = await step(epoch, i);
      if (!Number.isFinite(loss)) throw new Error(`Training diverged: loss is ${loss} at epoch ${epoch}, step ${i}. Lower the learning rate.`);
      sum += loss;
      done++;
      opts.onProgress?.({ epoch, epochs, step: done, totalSteps: epochs * stepsPerEpoch, loss });
      if (i % 4 === 3) await yieldToHost(); // lets an interrupt request arrive
    }
    epochLosses.push(sum / stepsPerEpoch);
    epochSeconds.push((performance.now() - epochStart) / 1000);
    await opts.onEpochEnd?.(epoch, sum / stepsPerEpoch);
  }
  return { epochLosses, epochSeconds, seconds: (performance.now() - start) / 1000 };
}
