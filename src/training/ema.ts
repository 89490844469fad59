/**
 * Exponential moving average of a model's weights (Polyak averaging; used by DDPM, Ho et al. 2020
 * §4): θ_ema ← d·θ_ema + (1−d)·θ after every step. Diffusion samples from the averaged weights are
 * much cleaner than from the last step's weights when training is short.
 * With warm-up the decay of update k is min(d, (1 + k)/(10 + k)) (the schedule of TensorFlow's
 * ExponentialMovingAverage with num_updates): early updates follow the fast-changing weights
 * instead of keeping the random initialisation in the average for thousands of steps.
 */
import { tf } from "../backend";
import type { LayersModel, Variable } from "@tensorflow/tfjs";

/** Shadow copies of a model's trainable weights, updated with `update()` and copied back by `apply()`. */
export class WeightEma {
  private readonly shadows: Variable[];
  private readonly sources: { read(): import("@tensorflow/tfjs").Tensor; write(v: import("@tensorflow/tfjs").Tensor): void }[];

  private updates = 0;

  /** Starts the average at the model's current weights. */
  constructor(model: LayersModel, readonly decay: number, readonly warmup = false) {
    if (!(decay > 0 && decay < 1)) throw new Error(`WeightEma: decay must be in (0, 1), got ${decay}.`);
    if (typeof warmup !== "boolean") throw new Error(`WeightEma: warmup must be true or false, got ${String(warmup)}.`);
    this.sources = model.trainableWeights.map((w) => w as unknown as { read(): import("@tensorflow/tfjs").Tensor; write(v: import("@tensorflow/tfjs").Tensor): void });
    // tidy frees the clone; the variable keeps its own reference to the data.
    this.shadows = this.sources.map((w) => tf.tidy(() => tf.variable(w.read().clone(), false)));
  }

  /** Decay of the next update. */
  currentDecay(): number {
    return this.warmup ? Math.min(this.decay, (1 + this.updates) / (10 + this.updates)) : this.decay;
  }

  /** One averaging step. */
  update(): void {
    const d = this.currentDecay();
    this.updates++;
    tf.tidy(() => {
      this.shadows.forEach((s, i) => s.assign(tf.add(tf.mul(s, d), tf.mul(this.sources[i].read(), 1 - d))));
    });
  }

  /** Writes the averaged weights into the model. */
  apply(): void {
    this.shadows.forEach((s, i) => this.sources[i].write(s));
  }

  /** Frees the shadow copies. */
  dispose(): void {
    tf.dispose(this.shadows);
  }
}
