export { DEFAULT_SAMPLE_ETA, sampleDigits, sampleDigitLatents, decodeRandomLatents, superResolve, lowerPartMask, inpaintDigits, refineLatentToKnownPixels } from "./tasks";
export type { PipelineOptions, InpaintResult, SampleDigitsOptions } from "./tasks";
export { predictDigits, classifierFeatures, classifierFrechetDistance, evaluateLatentModels, CLASSIFIER_GUIDANCE_SCALE } from "./quality";
export type { LatentQualityReport, EvaluateLatentOptions } from "./quality";
export { measureDenoisingCost, measureSamplingCost, timeSampling } from "./costs";
export type { DenoisingCost, SamplingCost } from "./costs";
export { cascadeSample, lowResTrainingImages } from "./cascade";
export type { CascadeResult } from "./cascade";
