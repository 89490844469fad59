export { classifierFreeGuidance, guidedNoisePredictor, unconditionalNoisePredictor } from "./classifierFree";
export type { GuidanceRule } from "./classifierFree";
export { classifierGuidedNoisePredictor, classLogProbGradient } from "./classifierGuidance";
export type { GuidanceSchedule } from "./classifierGuidance";
