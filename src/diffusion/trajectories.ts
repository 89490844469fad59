/** Keeping rows of the reverse process for trajectory plots. */

/** The output of a sampler. */
export interface SampleResult {
  /** The final samples z_0 (the generated data). */
  samples: Float64Array;
  /** The time step of each kept row, ascending: [0, …, T] (for strided DDIM e.g. [0, 5, …, 100]). */
  times: Int32Array;
  /**
   * rows[k] = z at times[k] (rows[0] = samples, last row = the starting noise), like the book's `samples[t, :]`.
   * Present only with `keepTrajectories`; with a number k each row holds only the first k samples.
   */
  rows?: Float64Array[];
}

/** Options shared by the samplers. */
export interface SampleOptions {
  /** true keeps every row in full (T + 1 rows × n); a number k keeps the first k samples of each row. */
  keepTrajectories?: boolean | number;
  /** Called after each reverse step with the time step just reached (t − 1). */
  onStep?: (tReached: number) => void;
}

/** Collects rows in ascending time order while a sampler walks down from T to 0. */
export class TrajectoryRecorder {
  private readonly keep: number;
  private readonly rowsDesc: Float64Array[] = [];

  constructor(keepTrajectories: boolean | number | undefined, n: number, fn: string) {
    if (keepTrajectories === undefined || keepTrajectories === false) this.keep = 0;
    else if (keepTrajectories === true) this.keep = n;
    else if (Number.isInteger(keepTrajectories) && keepTrajectories >= 0) this.keep = Math.min(keepTrajectories, n);
    else throw new Error(`${fn}: keepTrajectories must be true, false or a count ≥ 0; got ${String(keepTrajectories)}.`);
  }

  /**
   * Records z (called for z_T first, then after every step). The samplers never write to a row after recording
   * it, so full rows are kept without copying.
   */
  record(z: Float64Array): void {
    if (this.keep === 0) return;
    this.rowsDesc.push(this.keep === z.length ? z : z.slice(0, this.keep));
  }

  /** Builds the result; `timesDesc` lists the times visited from T down to 0. */
  finish(samples: Float64Array, timesDesc: number[]): SampleResult {
    const times = Int32Array.from(timesDesc.slice().reverse());
    if (this.keep === 0) return { samples, times };
    return { samples, times, rows: this.rowsDesc.slice().reverse() };
  }
}
