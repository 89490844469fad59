/**
 * The seed a notebook uses when it does not choose one. The grader fixes seeds through the
 * environment variable DL4DS_SEED, so the same notebook draws the same figures on every run.
 */

/** The seed used when DL4DS_SEED is not set. */
export const DEFAULT_SEED = 20231205;

/**
 * Returns the integer in env DL4DS_SEED if set, else `DEFAULT_SEED`.
 * Throws when DL4DS_SEED is set to something that is not an integer.
 */
export function defaultSeed(): number {
  const raw = process.env.DL4DS_SEED;
  if (raw === undefined || raw.trim() === "") return DEFAULT_SEED;
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value)) {
    throw new Error(`DL4DS_SEED must be an integer such as 42; got "${raw}". Unset it or set it to an integer.`);
  }
  return value;
}
