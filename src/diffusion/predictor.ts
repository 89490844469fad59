/**
 * What the samplers call to get a prediction at step t: the book's list of per-step models (models[t − 1] for
 * step t, e.g. LookupTableModel) or one function of (z_t, t) such as a neural network for all steps.
 */
import { describe } from "./validate";

/** A per-step model: predicts from z (writing into `out` when given). */
export interface StepModel {
  predict(z: Float64Array, out?: Float64Array): Float64Array;
}

/** Per-step models (index t − 1 for step t) or a function (z_t, t) → prediction for all steps. */
export type StepPredictor = readonly StepModel[] | ((z: Float64Array, t: number) => Float64Array);

/** Throws unless `models` covers steps 1..T. */
export function checkPredictor(models: unknown, T: number, fn: string): asserts models is StepPredictor {
  if (typeof models === "function") return;
  if (!Array.isArray(models)) {
    throw new Error(`${fn}: models must be an array of per-step models (models[t − 1] for step t) or a function (z, t) => Float64Array; got ${describe(models)}.`);
  }
  if (models.length < T) {
    throw new Error(`${fn}: got ${models.length} models but T = ${T}; train one model per step (e.g. trainEpsModels(x, ${T}, beta, rng)).`);
  }
  for (let i = 0; i < T; i++) {
    const m = models[i] as Partial<StepModel> | null;
    if (m === null || typeof m !== "object" || typeof m.predict !== "function") {
      throw new Error(`${fn}: models[${i}] has no predict(z) method; got ${describe(m)}.`);
    }
  }
}

/** The prediction at step t for all of z (into `out` when the model supports it). */
export function predictAt(models: StepPredictor, z: Float64Array, t: number, out: Float64Array, fn: string): Float64Array {
  const r = typeof models === "function" ? models(z, t) : models[t - 1].predict(z, out);
  if (!(r instanceof Float64Array) || r.length !== z.length) {
    throw new Error(`${fn}: the model for step ${t} returned ${describe(r)}; it must return a Float64Array of length ${z.length}.`);
  }
  return r;
}
