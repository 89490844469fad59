/**
 * dl4ds-diffusion: diffusion models in TypeScript.
 * One public entry point; each concern lives in its own folder under src/.
 */
export * from "./backend";
export * from "./notebook";
export * from "./random";
export * from "./diffusion";
export * from "./schedulers";
export * from "./models";
export * from "./guidance";
export * from "./pipelines";
export * from "./experiments";
export * from "./figures";
export * from "./data";
export * from "./grading";
export * from "./training";
