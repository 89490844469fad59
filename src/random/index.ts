export { createRng } from "./rng";
export type { Rng, FloatArray } from "./rng";
export { defaultSeed, DEFAULT_SEED } from "./seed";
