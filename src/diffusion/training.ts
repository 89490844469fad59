/**
 * Training the book's per-step lookup models (UDL notebooks 18.2 and 18.3).
 *
 * Convention (stated once, used everywhere): models[t − 1] is the model for step t (t = 1..T); it is trained on
 * z_t drawn from the diffusion kernel at that same t and is used by the samplers when going from z_t to z_{t−1}.
 * (The book's 18.3 notebook trains model k on the kernel at k and uses model t − 1 at step t; we do not copy that.)
 */
import type { Rng } from "../random";
import { progress } from "../figures/progress";
import { conditionalDiffusionDistribution } from "./posterior";
import { LookupTableModel, type LookupTableOptions } from "./lookup";
import { alphaBar, checkBeta, type Beta } from "./schedule";
import { checkArray, checkInt, checkRng, type NumericArray } from "./validate";

/** Pairs for the 18.2 decoder model: z_t ~ q(z_t|x) and z_{t−1} ~ q(z_{t−1}|z_t, x) (at t = 1, z_0 = x). */
export interface DecoderPairs {
  zT: Float64Array;
  zPrev: Float64Array;
}

/** Pairs for the 18.3 ε model (algorithm 18.1): z_t = √α_t·x + √(1−α_t)·ε and the ε used. */
export interface EpsPairs {
  zT: Float64Array;
  eps: Float64Array;
}

/** Training pairs for the decoder model of step t (book 18.2): z_t from the kernel, z_{t−1} from eq. 18.15. */
export function getDecoderDataPairs(x: NumericArray, t: number, beta: Beta, rng: Rng): DecoderPairs {
  const fn = "getDecoderDataPairs(x, t, beta, rng)";
  checkArray(x, "x", fn, { nonEmpty: true });
  checkInt(t, "t", fn, 1);
  checkBeta(beta, fn, t);
  checkRng(rng, fn);
  return decoderPairs(x, t, beta, rng);
}

/** getDecoderDataPairs without input checks. */
function decoderPairs(x: NumericArray, t: number, beta: Beta, rng: Rng): DecoderPairs {
  const n = x.length;
  const { zT } = epsPairs(x, t, beta, rng);
  if (t === 1) return { zT, zPrev: Float64Array.from(x) };
  // eq. 18.15 with the coefficients of conditionalDiffusionDistribution (at x = 1, z_t = 0 and x = 0, z_t = 1)
  const cX = conditionalDiffusionDistribution(1, 0, t, beta);
  const cZ = conditionalDiffusionDistribution(0, 1, t, beta).mean;
  const zPrev = rng.fillNormal(new Float64Array(n));
  for (let i = 0; i < n; i++) zPrev[i] = cZ * zT[i] + cX.mean * x[i] + cX.std * zPrev[i];
  return { zT, zPrev };
}

/** Training pairs for the ε model of step t (book 18.3 `get_data_pairs`, algorithm 18.1): z_t = √α_t x + √(1−α_t) ε. */
export function getDataPairs(x: NumericArray, t: number, beta: Beta, rng: Rng): EpsPairs {
  const fn = "getDataPairs(x, t, beta, rng)";
  checkArray(x, "x", fn, { nonEmpty: true });
  checkInt(t, "t", fn, 1);
  checkBeta(beta, fn, t);
  checkRng(rng, fn);
  return epsPairs(x, t, beta, rng);
}

/** getDataPairs without input checks. */
function epsPairs(x: NumericArray, t: number, beta: Beta, rng: Rng): EpsPairs {
  const n = x.length;
  const alpha = alphaBar(beta, t);
  const s = Math.sqrt(alpha);
  const std = Math.sqrt(1 - alpha);
  const eps = rng.fillNormal(new Float64Array(n));
  const zT = new Float64Array(n);
  for (let i = 0; i < n; i++) zT[i] = s * x[i] + std * eps[i];
  return { zT, eps };
}

/** Options for the training loops. */
export interface TrainLookupOptions {
  /** Called after each step's model is trained (t = 1..T). */
  onStep?: (t: number, T: number) => void;
  /**
   * Show "Training time step t" progress (src/figures `progress`: in place in a notebook, a bar on a terminal,
   * silent otherwise and in CI). Default true.
   */
  progress?: boolean;
  /** Lookup-table settings (default: the book's clip 3, bin 0.01). */
  table?: Omit<LookupTableOptions, "residual">;
}

function trainLoop(
  fn: string,
  x: NumericArray,
  T: number,
  beta: Beta,
  rng: Rng,
  opts: TrainLookupOptions,
  fit: (t: number) => LookupTableModel,
): LookupTableModel[] {
  checkArray(x, "x", fn, { nonEmpty: true });
  checkInt(T, "T", fn, 1);
  checkBeta(beta, fn, T);
  checkRng(rng, fn);
  const bar = opts.progress === false ? undefined : progress(T, { label: `${fn.split("(")[0]}: training one model per time step` });
  const models: LookupTableModel[] = [];
  try {
    for (let t = 1; t <= T; t++) {
      models.push(fit(t));
      opts.onStep?.(t, T);
      bar?.update(t, { "time step": t });
    }
  } finally {
    bar?.done();
  }
  return models;
}

/**
 * Trains the 18.2 decoder: one residual lookup model per step predicting E[z_{t−1} | z_t] (book eq. 18.16's f_t).
 * Returns models with models[t − 1] for step t.
 */
export function trainMeanModels(x: NumericArray, T: number, beta: Beta, rng: Rng, opts: TrainLookupOptions = {}): LookupTableModel[] {
  return trainLoop("trainMeanModels(x, T, beta, rng)", x, T, beta, rng, opts, (t) => {
    const { zT, zPrev } = decoderPairs(x, t, beta, rng);
    return new LookupTableModel({ ...opts.table, residual: true }).fit(zT, zPrev);
  });
}

/**
 * Trains the 18.3 reparameterized model (algorithm 18.1): one lookup model per step predicting ε from z_t
 * (the target is clipped to [−3, 3] like the input). Returns models with models[t − 1] for step t.
 */
export function trainEpsModels(x: NumericArray, T: number, beta: Beta, rng: Rng, opts: TrainLookupOptions = {}): LookupTableModel[] {
  return trainLoop("trainEpsModels(x, T, beta, rng)", x, T, beta, rng, opts, (t) => {
    const { zT, eps } = epsPairs(x, t, beta, rng);
    return new LookupTableModel({ ...opts.table, residual: false }).fit(zT, eps);
  });
}
