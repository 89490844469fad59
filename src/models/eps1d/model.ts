/**
 * A neural ε-model for the 1-D lessons: ONE network g[z_t, t; φ] for all steps (unlike the book's per-step lookup
 * tables), trained with the lecture's Algorithm 1 and usable by every sampler in src/diffusion through
 * `model.predictor()` (sampleEps, sampleDdim) or asynchronously, with interrupts, through `sampleEps1d`.
 *
 * Algorithm 1 (DDPM, Ho et al. 2020): repeat { x ~ data, t ~ U{1..T}, ε ~ N(0, 1);
 *   step on ∇_φ ‖ε − g[√α_t x + √(1−α_t) ε, t; φ]‖² }   (α_t = the book's α, the lecture's ᾱ_t).
 */
import { tf } from "../../backend";
import { createRng, type Rng } from "../../random";
import { alphaBars, checkBeta, type Beta, type NumericArray } from "../../diffusion";
import { throwIfCancelled, yieldToHost } from "../../notebook";
import { progress } from "../../figures/progress";
import type { Scalar, Tensor2D, Variable } from "@tensorflow/tfjs";
import { FlatAdam } from "./flatAdam";
import { eps1dEmbeddingTable } from "./embedding";
import { createEps1dParams, eps1dForward, eps1dForwardAtStep, eps1dLossAndGrads, type Eps1dParams } from "./network";

/** Settings of the 1-D ε-network. */
export interface Eps1dConfig {
  /** Number of diffusion steps T (book: 100). */
  T: number;
  /** The schedule: constant β (book: 0.01511) or β_1..β_T. */
  beta: Beta;
  /** Seed for the initial weights (default 0). */
  seed?: number;
  /** Time-embedding width (default 32). */
  embedDim?: number;
  /** Hidden units per layer (default 128). */
  hidden?: number;
  /** Hidden layers (default 3). */
  layers?: number;
}

/** Something that shows training progress, e.g. `progress(total, { label })` from src/figures. */
export interface Eps1dProgressSink {
  update(step: number, info?: { loss?: number }): void;
  done(): void;
}

/** Options of `Eps1dModel.train` (Algorithm 1). */
export interface Eps1dTrainOptions {
  /** Generator for batches, time steps and noise. */
  rng: Rng;
  /** Optimiser steps (default 2000). */
  steps?: number;
  /** Batch size (default 1024). */
  batchSize?: number;
  /** Adam learning rate (default 2e-3), decayed by a cosine to `finalLearningRate` over the run. */
  learningRate?: number;
  /** Learning rate at the last step (default learningRate / 20). */
  finalLearningRate?: number;
  /**
   * Exponential moving average of the weights (DDPM §4 uses 0.9999 over long runs): after training the model keeps
   * the averaged weights. Default 0.995; 0 turns it off. The average starts at `emaStart` (a fraction of the run, default 0.5).
   */
  emaDecay?: number;
  /** Fraction of the run after which the moving average starts (default 0.5). */
  emaStart?: number;
  /** Read the loss, call onStep/progress and let interrupts in every `reportEvery` steps (default 50). */
  reportEvery?: number;
  /** Called every `reportEvery` steps and at the end with the step number and the batch loss. */
  onStep?: (step: number, loss: number) => void;
  /**
   * Where to show progress. Default: src/figures `progress(steps, { label, lossCurve })` — a bar updated in place
   * in a notebook (when the kernel installed a display sink), a terminal bar on a TTY, silent otherwise or in CI.
   * Pass your own sink, or false for none. `done()` is called at the end.
   */
  progress?: Eps1dProgressSink | false;
}

/** What `train` returns. */
export interface Eps1dTrainResult {
  /** Steps at which the loss was read. */
  steps: Int32Array;
  /** Batch losses (mean squared error of ε) at those steps. */
  losses: Float32Array;
  /** Wall time of the run in seconds. */
  seconds: number;
}

/** The 1-D ε-network with its training and prediction. Call `dispose()` to free its tensors. */
export class Eps1dModel {
  /** Number of diffusion steps. */
  readonly T: number;
  /** The schedule. */
  readonly beta: Beta;
  /** α_0..α_T (book notation; lecture ᾱ). */
  readonly alphas: Float64Array;
  /** Time-embedding width. */
  readonly embedDim: number;
  private readonly params: Eps1dParams;
  private readonly embTable: Float32Array;
  private optimizer: FlatAdam | null = null;
  private disposed = false;

  constructor(config: Eps1dConfig) {
    const fn = "new Eps1dModel(config)";
    if (config === null || typeof config !== "object") throw new Error(`${fn}: config must be an object such as { T: 100, beta: 0.01511 }.`);
    if (!Number.isInteger(config.T) || config.T < 1) throw new Error(`${fn}: T must be an integer ≥ 1; got ${config.T}.`);
    checkBeta(config.beta, fn, config.T);
    const embedDim = config.embedDim ?? 32;
    const hidden = config.hidden ?? 128;
    const layers = config.layers ?? 3;
    if (!Number.isInteger(embedDim) || embedDim < 2 || embedDim % 2) throw new Error(`${fn}: embedDim must be an even integer ≥ 2; got ${embedDim}.`);
    if (!Number.isInteger(hidden) || hidden < 1) throw new Error(`${fn}: hidden must be an integer ≥ 1; got ${hidden}.`);
    if (!Number.isInteger(layers) || layers < 1) throw new Error(`${fn}: layers must be an integer ≥ 1; got ${layers}.`);
    this.T = config.T;
    this.beta = typeof config.beta === "number" ? config.beta : Float64Array.from(config.beta);
    this.alphas = alphaBars(this.beta, this.T);
    this.embedDim = embedDim;
    this.embTable = eps1dEmbeddingTable(this.T, embedDim);
    this.params = createEps1dParams({ embedDim, hidden, layers }, createRng(config.seed ?? 0));
  }

  /** Number of trainable numbers. */
  get numParams(): number {
    return [...this.params.kernels, ...this.params.biases].reduce((s, v) => s + v.size, 0);
  }

  private checkAlive(fn: string): void {
    if (this.disposed) throw new Error(`${fn}: this model was disposed; create a new one with createEps1dModel(...).`);
  }

  /**
   * Trains with Algorithm 1 on data `x` (batch 1024, Adam). Async: every `reportEvery` steps it reads the loss,
   * reports it and yields so a kernel interrupt can stop it (throws CancelledError, "KeyboardInterrupt").
   */
  async train(x: NumericArray, opts: Eps1dTrainOptions): Promise<Eps1dTrainResult> {
    const fn = "Eps1dModel.train(x, opts)";
    this.checkAlive(fn);
    if (!(x instanceof Float64Array || x instanceof Float32Array || Array.isArray(x)) || x.length === 0) {
      throw new Error(`${fn}: x must be a non-empty Float64Array, Float32Array or number[] of training data.`);
    }
    for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) throw new Error(`${fn}: x[${i}] is ${x[i]}; the data must be finite.`);
    if (!opts || typeof opts.rng?.fillNormal !== "function") throw new Error(`${fn}: opts.rng must be an Rng, e.g. { rng: createRng(defaultSeed()) }.`);
    const steps = opts.steps ?? 2000;
    const batch = opts.batchSize ?? 1024;
    const lr0 = opts.learningRate ?? 2e-3;
    const lr1 = opts.finalLearningRate ?? lr0 / 20;
    const every = opts.reportEvery ?? 50;
    for (const [name, v] of [["steps", steps], ["batchSize", batch], ["reportEvery", every]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`${fn}: opts.${name} must be an integer ≥ 1; got ${v}.`);
    }
    if (!(lr0 > 0) || !(lr1 > 0)) throw new Error(`${fn}: learning rates must be > 0; got ${lr0} and ${lr1}.`);
    const emaDecay = opts.emaDecay ?? 0.995;
    const emaStart = Math.floor((opts.emaStart ?? 0.5) * steps);
    if (!(emaDecay >= 0 && emaDecay < 1)) throw new Error(`${fn}: opts.emaDecay must be in [0, 1); got ${emaDecay}.`);
    const rng = opts.rng;
    const bar: Eps1dProgressSink | undefined =
      opts.progress === false ? undefined : opts.progress ?? progress(steps, { label: "Training the ε-network (Algorithm 1)", lossCurve: true });
    const T = this.T;
    const d = this.embedDim;
    const width = 1 + d;
    const sqrtA = this.alphas.map(Math.sqrt);
    const sqrtB = this.alphas.map((a) => Math.sqrt(1 - a));
    if (!this.optimizer) this.optimizer = new FlatAdam([...this.params.kernels, ...this.params.biases], lr0);
    const optimizer = this.optimizer;
    const input = new Float32Array(batch * width);
    const target = new Float32Array(batch);
    const eps = new Float64Array(batch);
    const reportSteps: number[] = [];
    const reportLosses: number[] = [];
    const start = performance.now();
    const weights = [...this.params.kernels, ...this.params.biases];
    let ema: Variable[] | null = null;
    try {
      for (let step = 1; step <= steps; step++) {
        // 1. a batch of (x, t, ε) and z_t = √α_t x + √(1−α_t) ε
        rng.fillNormal(eps);
        for (let b = 0; b < batch; b++) {
          const xi = x[Math.floor(rng.uniform() * x.length)];
          const t = 1 + Math.floor(rng.uniform() * T);
          const row = b * width;
          input[row] = sqrtA[t] * xi + sqrtB[t] * eps[b];
          input.set(this.embTable.subarray(t * d, t * d + d), row + 1);
          target[b] = eps[b];
        }
        // 2. cosine learning-rate decay from lr0 to lr1
        optimizer.learningRate = lr1 + 0.5 * (lr0 - lr1) * (1 + Math.cos((Math.PI * (step - 1)) / Math.max(1, steps - 1)));
        // 3. one Adam step on ‖ε − g[z_t, t]‖²; the loss is read back only when reporting
        const report = step % every === 0 || step === steps;
        const xs = tf.tensor2d(input, [batch, width]);
        const ys = tf.tensor2d(target, [batch, 1]);
        const cost = optimizer.step(() => eps1dLossAndGrads(this.params, xs, ys), report);
        xs.dispose();
        ys.dispose();
        if (report && cost) {
          const loss = (await cost.data())[0];
          cost.dispose();
          reportSteps.push(step);
          reportLosses.push(loss);
          opts.onStep?.(step, loss);
          bar?.update(step, { loss });
          await yieldToHost();
        }
        // 4. moving average of the weights over the second part of the run
        if (emaDecay > 0 && step > emaStart) {
          if (!ema) {
            ema = weights.map((w) => {
              const copy = w.clone();
              const v = tf.variable(copy, false);
              copy.dispose(); // the variable holds its own reference to the data
              return v;
            });
          }
          const e = ema;
          tf.tidy(() => e.forEach((a, i) => a.assign(tf.add(tf.mul(a, emaDecay), tf.mul(weights[i], 1 - emaDecay)))));
        }
        throwIfCancelled();
      }
      if (ema) weights.forEach((w, i) => w.assign(ema![i]));
    } finally {
      ema?.forEach((a) => a.dispose());
      bar?.done();
    }
    return { steps: Int32Array.from(reportSteps), losses: Float32Array.from(reportLosses), seconds: (performance.now() - start) / 1000 };
  }

  /** ε̂ = g[z, t] for every element of z at step t (1..T), as a Float64Array (synchronous). */
  predict(z: NumericArray, t: number): Float64Array {
    const fn = "Eps1dModel.predict(z, t)";
    this.checkAlive(fn);
    if (!(z instanceof Float64Array || z instanceof Float32Array || Array.isArray(z))) {
      throw new Error(`${fn}: z must be a Float64Array, Float32Array or number[].`);
    }
    if (!Number.isInteger(t) || t < 1 || t > this.T) throw new Error(`${fn}: t must be an integer in 1..${this.T}; got ${t}.`);
    const n = z.length;
    const out = new Float64Array(n);
    const chunk = 32768;
    const d = this.embedDim;
    for (let s = 0; s < n; s += chunk) {
      const m = Math.min(chunk, n - s);
      const zs = Float32Array.from({ length: m }, (_, i) => z[s + i]);
      const res = tf.tidy(() => {
        const emb = tf.tensor2d(this.embTable.subarray(t * d, t * d + d), [1, d]);
        return eps1dForwardAtStep(this.params, tf.tensor2d(zs, [m, 1]), emb);
      });
      let vals: ArrayLike<number>;
      try {
        vals = res.dataSync();
      } finally {
        res.dispose();
      }
      for (let i = 0; i < m; i++) {
        if (vals[i] !== vals[i]) throw new Error(`${fn}: the network produced NaN at z = ${z[s + i]}; retrain with a lower learning rate.`);
        out[s + i] = vals[i];
      }
    }
    return out;
  }

  /** A function (z, t) → ε̂ for sampleEps / sampleDdim in src/diffusion. */
  predictor(): (z: Float64Array, t: number) => Float64Array {
    return (z, t) => this.predict(z, t);
  }

  /** ε̂ on a batch of rows [z, emb(t)] as a tensor (for advanced use; the caller disposes the result). */
  forward(input: Tensor2D): Tensor2D {
    this.checkAlive("Eps1dModel.forward(input)");
    return tf.tidy(() => eps1dForward(this.params, input));
  }

  /** Frees the weights and the optimiser state. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of [...this.params.kernels, ...this.params.biases]) v.dispose();
    this.optimizer?.dispose();
    this.optimizer = null;
  }
}

/** Creates the 1-D ε-network (z_t + 32-wide sinusoidal embedding → 3 × 128 ReLU → 1). */
export function createEps1dModel(config: Eps1dConfig): Eps1dModel {
  return new Eps1dModel(config);
}
