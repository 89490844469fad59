/**
 * The book's per-step "model" (UDL notebooks 18.2–18.4): a lookup table. The input is clipped to
 * [−maxVal, maxVal] and cut into bins of width `binWidth` (0.01 → 600 bins on [−3, 3]); each bin stores
 * sum(target) / (count + 1) — the bin mean, shrunk towards 0 where data are scarce.
 * With `residual: true` it is the 18.2 decoder model: it stores the mean of (target − input) and
 * predicts input + table[bin], so it learns z_{t−1} − z_t.
 */
import { checkArray, checkFinite, describe, type NumericArray } from "./validate";

/** Options for `LookupTableModel`. */
export interface LookupTableOptions {
  /** Inputs and targets are clipped to [−maxVal, maxVal] (book: 3). */
  maxVal?: number;
  /** Bin width (book: 0.01). */
  binWidth?: number;
  /** Learn target − input and predict input + table (book 18.2's decoder model). Default false. */
  residual?: boolean;
}

/** A per-step lookup-table regressor z → E[target | bin(z)], trained by `train(input, target)`. */
export class LookupTableModel {
  /** Clip range half-width. */
  readonly maxVal: number;
  /** Width of one bin. */
  readonly binWidth: number;
  /** True for the 18.2 residual (decoder) model. */
  readonly residual: boolean;
  /** Number of bins (2·maxVal / binWidth). */
  readonly nBins: number;
  /** sum / (count + 1) per bin; all zeros before training. */
  readonly table: Float64Array;
  /** Training samples per bin. */
  readonly counts: Float64Array;
  private trained = false;

  constructor(opts: LookupTableOptions = {}) {
    const fn = "new LookupTableModel(opts)";
    this.maxVal = opts.maxVal ?? 3;
    this.binWidth = opts.binWidth ?? 0.01;
    this.residual = opts.residual ?? false;
    checkFinite(this.maxVal, "opts.maxVal", fn);
    checkFinite(this.binWidth, "opts.binWidth", fn);
    if (!(this.maxVal > 0) || !(this.binWidth > 0) || this.binWidth > 2 * this.maxVal) {
      throw new Error(`${fn}: need maxVal > 0 and 0 < binWidth ≤ 2·maxVal; got maxVal=${this.maxVal}, binWidth=${this.binWidth}.`);
    }
    this.nBins = Math.round((2 * this.maxVal) / this.binWidth);
    this.table = new Float64Array(this.nBins);
    this.counts = new Float64Array(this.nBins);
  }

  /** True once `train` has run. */
  get isTrained(): boolean {
    return this.trained;
  }

  /** Bin of a (clipped) value: ⌊(z + maxVal)/binWidth⌋ limited to 0..nBins−1. */
  binIndex(z: number): number {
    const i = Math.floor((z + this.maxVal) / this.binWidth);
    return i < 0 ? 0 : i >= this.nBins ? this.nBins - 1 : i;
  }

  /** Fits the table to pairs (input[i], target[i]); replaces any earlier fit. Returns this. */
  train(input: NumericArray, target: NumericArray): this {
    const fn = "LookupTableModel.train(input, target)";
    checkArray(input, "input", fn, { nonEmpty: true });
    checkArray(target, "target", fn, { length: input.length });
    return this.fit(input, target);
  }

  /** `train` without the input checks (for the library's training loops, which check their data once). */
  fit(input: NumericArray, target: NumericArray): this {
    const m = this.maxVal;
    const sums = this.table;
    sums.fill(0);
    this.counts.fill(0);
    for (let i = 0; i < input.length; i++) {
      const z = input[i] < -m ? -m : input[i] > m ? m : input[i];
      let y = target[i] < -m ? -m : target[i] > m ? m : target[i];
      if (this.residual) y -= z;
      let k = Math.floor((z + m) / this.binWidth);
      k = k < 0 ? 0 : k >= this.nBins ? this.nBins - 1 : k;
      sums[k] += y;
      this.counts[k] += 1;
    }
    for (let k = 0; k < this.nBins; k++) sums[k] /= this.counts[k] + 1;
    this.trained = true;
    return this;
  }

  /** Predictions for every element of z (into `out` when given, else a new Float64Array). */
  predict(z: NumericArray, out?: Float64Array): Float64Array {
    const fn = "LookupTableModel.predict(z)";
    if (!(z instanceof Float64Array || z instanceof Float32Array || Array.isArray(z))) {
      throw new Error(`${fn}: z must be a Float64Array, Float32Array or number[]; got ${describe(z)}.`);
    }
    if (!this.trained) throw new Error(`${fn}: the model is not trained yet; call train(input, target) first.`);
    const n = z.length;
    const res = out ?? new Float64Array(n);
    if (res.length !== n) throw new Error(`${fn}: out has length ${res.length} but z has length ${n}.`);
    const m = this.maxVal;
    const w = this.binWidth;
    const last = this.nBins - 1;
    const table = this.table;
    for (let i = 0; i < n; i++) {
      const v = z[i];
      let k = Math.floor((v + m) / w); // same formula as binIndex() and fit()
      k = k < 0 ? 0 : k > last ? last : k;
      if (k !== k) throw new Error(`${fn}: z[${i}] is NaN.`);
      res[i] = this.residual ? v + table[k] : table[k];
    }
    return res;
  }
}
