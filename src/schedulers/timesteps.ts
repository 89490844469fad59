/**
 * Inference time steps (diffusers `set_timesteps`), descending, in 0..T−1:
 *   leading:  k·⌊T/n⌋ + stepsOffset for k = n−1..0         (DDPM/DDIM papers)
 *   trailing: round(T − k·T/n) − 1 for k = 0..n−1           (starts at T−1: Lin et al. 2023)
 *   linspace: round(linspace(0, T−1, n)) reversed           (includes both ends)
 */
import type { TimestepSpacing } from "./config";

/** The n inference time steps for a spacing, descending. */
export function spacedTimesteps(T: number, n: number, spacing: TimestepSpacing, stepsOffset = 0): Int32Array {
  if (!Number.isInteger(n) || n < 1 || n > T) {
    throw new Error(`setTimesteps(n): n must be an integer in 1..numTrainTimesteps (${T}); got ${n}.`);
  }
  const out = new Int32Array(n);
  switch (spacing) {
    case "leading": {
      const ratio = Math.floor(T / n);
      for (let k = 0; k < n; k++) out[n - 1 - k] = k * ratio + stepsOffset;
      break;
    }
    case "trailing": {
      const ratio = T / n;
      for (let k = 0; k < n; k++) out[k] = roundHalfEven(T - k * ratio) - 1;
      break;
    }
    case "linspace": {
      for (let k = 0; k < n; k++) out[n - 1 - k] = roundHalfEven(n === 1 ? 0 : (k * (T - 1)) / (n - 1));
      break;
    }
  }
  for (let k = 0; k < n; k++) {
    if (out[k] < 0 || out[k] >= T) {
      throw new Error(`setTimesteps(${n}): time step ${out[k]} is outside 0..${T - 1}; lower stepsOffset or use another timestepSpacing.`);
    }
  }
  return out;
}

/** numpy's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
