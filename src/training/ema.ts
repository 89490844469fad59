/**
 * Exponential moving average of a model's weights (Polyak averaging; used by DDPM, Ho et al. 2020
 * §4): θ_ema ← d·θ_ema + (1−d)·θ after every step. Diffusion samples from the averaged weights are
 * much cleaner than from the last step's weights when training is short.
 */
import { tf } from "../backend";
import type { LayersModel, Variable } from "@tensorflow/tfjs";

/** Shadow copies of a model's trainable weights, updated with `update()` and copied back by `apply()`. */
export class WeightEma {
  private readonly shadows: Variable[];
  private readonly sources: { read(): import("@tensorflow/tfjs").Tensor; write(v: import("@tensorflow/tfjs").Tensor): void }[];

  /** Starts the average at the model's current weights. */
  constructor(model: LayersModel, readonly decay: number) {
    if (!(decay > 0 && decay < 1)) throw new Error(`WeightEma: decay must be in (0, 1), got ${decay}.`);
    this.sources = model.trainableWeights.map((w) => w as unknown as { read(): import("@tensorflow/tfjs").Tensor; write(v: import("@tensorflow/tfjs").Tensor): void });
    // tidy frees the clone; the variable keeps its own reference to the data.
    this.shadows = this.sources.map((w) => tf.tidy(() => tf.variable(w.read().clone(), false)));
  }

  /** One averaging step. */
  update(): void {
    tf.tidy(() => {
      this.shadows.forEach((s, i) => s.assign(tf.add(tf.mul(s, this.decay), tf.mul(this.sources[i].read(), 1 - this.decay))));
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
