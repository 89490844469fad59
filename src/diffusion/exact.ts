/**
 * The best possible per-step models for Gaussian-mixture data: the exact posterior means that a lookup table or a
 * network trained with squared error can at best learn. With the forward kernel z_t = √α_t·x + √(1−α_t)·ε and
 * data Σ_k w_k N(μ_k, σ_k²), z_t given component k is N(√α_t μ_k, v_k) with v_k = α_t σ_k² + 1 − α_t, and
 *   r_k(z)      = w_k N(z; √α_t μ_k, v_k) / Σ_j w_j N(z; √α_t μ_j, v_j)      (posterior weight of component k)
 *   E[ε | z_t]  = Σ_k r_k · √(1−α_t)·(z − √α_t μ_k)/v_k
 *   E[x | z_t]  = Σ_k r_k · (μ_k + √α_t σ_k²·(z − √α_t μ_k)/v_k)
 * (each term is the Gaussian regression of ε or x on z within component k). Sampling with these models measures
 * the sampler's own error: whatever a sampler loses with them, no model can win back.
 */
import { checkMixture, type GaussianMixture } from "./mixture";
import type { StepModel } from "./predictor";
import { alphaBars, checkBeta, type Beta } from "./schedule";
import { checkFinite, checkInt, describe, type NumericArray } from "./validate";

/** Which posterior mean an `ExactMixtureModel` returns. */
export type ExactTarget = "eps" | "x";

/** E[ε | z_t] (target "eps") or E[x | z_t] (target "x") for mixture data at one α_t; a drop-in `StepModel`. */
export class ExactMixtureModel implements StepModel {
  /** The book's α_t of this step. */
  readonly alpha: number;
  /** What `predict` returns. */
  readonly target: ExactTarget;
  private readonly mix: GaussianMixture;

  constructor(mix: GaussianMixture, alpha: number, target: ExactTarget = "eps") {
    const fn = "new ExactMixtureModel(mix, alpha, target)";
    this.mix = checkMixture(mix, fn);
    checkFinite(alpha, "alpha", fn);
    if (!(alpha > 0 && alpha < 1)) throw new Error(`${fn}: alpha must satisfy 0 < α_t < 1 (a step t ≥ 1 of the forward process); got ${alpha}.`);
    if (target !== "eps" && target !== "x") throw new Error(`${fn}: target must be "eps" or "x"; got ${describe(target)}.`);
    this.alpha = alpha;
    this.target = target;
  }

  /** The posterior mean for every element of z (into `out` when given, else a new Float64Array). */
  predict(z: NumericArray, out?: Float64Array): Float64Array {
    const fn = "ExactMixtureModel.predict(z)";
    if (!(z instanceof Float64Array || z instanceof Float32Array || Array.isArray(z))) {
      throw new Error(`${fn}: z must be a Float64Array, Float32Array or number[]; got ${describe(z)}.`);
    }
    const n = z.length;
    const res = out ?? new Float64Array(n);
    if (res.length !== n) throw new Error(`${fn}: out has length ${res.length} but z has length ${n}.`);
    const { means, sds, weights } = this.mix;
    const K = means.length;
    const a = this.alpha;
    const sa = Math.sqrt(a);
    const center = new Float64Array(K); // √α μ_k
    const halfPrec = new Float64Array(K); // 1/(2 v_k), v_k = α σ_k² + 1 − α
    const logW = new Float64Array(K); // log w_k − ½ log v_k
    const slope = new Float64Array(K); // regression slope on (z − √α μ_k): √(1−α)/v_k for ε, √α σ_k²/v_k for x
    const offset = new Float64Array(K); // 0 for ε, μ_k for x
    for (let k = 0; k < K; k++) {
      const v = a * sds[k] * sds[k] + 1 - a;
      center[k] = sa * means[k];
      halfPrec[k] = 0.5 / v;
      logW[k] = weights[k] > 0 ? Math.log(weights[k]) - 0.5 * Math.log(v) : -Infinity;
      slope[k] = (this.target === "eps" ? Math.sqrt(1 - a) : sa * sds[k] * sds[k]) / v;
      offset[k] = this.target === "eps" ? 0 : means[k];
    }
    const logR = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      const zi = z[i];
      if (!Number.isFinite(zi)) throw new Error(`${fn}: z[${i}] must be a finite number; got ${zi}.`);
      let best = -Infinity;
      for (let k = 0; k < K; k++) {
        const d = zi - center[k];
        logR[k] = logW[k] - d * d * halfPrec[k];
        if (logR[k] > best) best = logR[k];
      }
      let total = 0;
      let acc = 0;
      for (let k = 0; k < K; k++) {
        const r = Math.exp(logR[k] - best); // log-sum-exp: far from every component the weights stay finite
        total += r;
        acc += r * (offset[k] + slope[k] * (zi - center[k]));
      }
      res[i] = acc / total;
    }
    return res;
  }
}

/** The exact mean model of step t: E[z_{t−1} | z_t] = c_z·z_t + c_x·E[x | z_t] (the mean of book eq. 18.15 over x). */
export class ExactMixtureMeanModel implements StepModel {
  private readonly xModel: ExactMixtureModel;
  private readonly cZ: number;
  private readonly cX: number;

  constructor(mix: GaussianMixture, alphaT: number, alphaPrev: number) {
    const fn = "new ExactMixtureMeanModel(mix, alphaT, alphaPrev)";
    checkFinite(alphaPrev, "alphaPrev", fn);
    if (!(alphaPrev > alphaT && alphaPrev <= 1)) throw new Error(`${fn}: need α_t < α_{t−1} ≤ 1; got alphaT = ${alphaT}, alphaPrev = ${alphaPrev}.`);
    this.xModel = new ExactMixtureModel(mix, alphaT, "x");
    const bt = 1 - alphaT / alphaPrev;
    this.cZ = ((1 - alphaPrev) / (1 - alphaT)) * Math.sqrt(1 - bt);
    this.cX = (Math.sqrt(alphaPrev) * bt) / (1 - alphaT);
  }

  /** E[z_{t−1} | z_t] for every element of z. */
  predict(z: NumericArray, out?: Float64Array): Float64Array {
    const res = this.xModel.predict(z, out);
    for (let i = 0; i < res.length; i++) res[i] = this.cZ * z[i] + this.cX * res[i];
    return res;
  }
}

function alphasFor(mix: GaussianMixture, T: number, beta: Beta, fn: string): Float64Array {
  checkMixture(mix, fn);
  checkInt(T, "T", fn, 1);
  checkBeta(beta, fn, T);
  return alphaBars(beta, T);
}

/**
 * The exact ε models of steps 1..T (models[t − 1] is E[ε | z_t]): a drop-in for `trainEpsModels(x, T, beta, rng)`
 * in sampleEps, sampleDdim and everywhere else a list of per-step models goes.
 */
export function exactEpsModels(mix: GaussianMixture, T: number, beta: Beta): ExactMixtureModel[] {
  const alphas = alphasFor(mix, T, beta, "exactEpsModels(mix, T, beta)");
  return Array.from({ length: T }, (_, i) => new ExactMixtureModel(mix, alphas[i + 1], "eps"));
}

/** The exact mean models of steps 1..T (models[t − 1] is E[z_{t−1} | z_t]): a drop-in for `trainMeanModels`. */
export function exactMeanModels(mix: GaussianMixture, T: number, beta: Beta): ExactMixtureMeanModel[] {
  const alphas = alphasFor(mix, T, beta, "exactMeanModels(mix, T, beta)");
  return Array.from({ length: T }, (_, i) => new ExactMixtureMeanModel(mix, alphas[i + 1], alphas[i]));
}
