export { digitsInTurn, noisyClassifierAccuracyByStep, compareGuidance, cascadeQuality, cascadeStages } from "./conditioning";
export type { GuidanceSetting, GuidanceComparison, GuidanceComparisonRow } from "./conditioning";
export { samplesByStepCount, ddpmSamples, frechetBySampler } from "./samplers";
export type { SamplerFrechet } from "./samplers";
export { inpaintingErrors, firstOfEach } from "./inpainting";
export type { InpaintingErrors } from "./inpainting";
