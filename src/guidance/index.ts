export { createNoisyLatentClassifier, noisyClassifierLogits, classLogProbGradient, NOISY_CLASSIFIER_DEFAULTS } from "./noisyClassifier";
export type { NoisyClassifierConfig, NoisyLatentClassifier } from "./noisyClassifier";
export { classifierGuidedNoisePredictor } from "./classifierGuidance";
export type { GuidanceSchedule } from "./classifierGuidance";
