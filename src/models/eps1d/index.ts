export { Eps1dModel, createEps1dModel } from "./model";
export type { Eps1dConfig, Eps1dTrainOptions, Eps1dTrainResult, Eps1dProgressSink } from "./model";
export { sampleEps1d } from "./sample";
export type { Eps1dSampleOptions } from "./sample";
export { eps1dEmbeddingTable } from "./embedding";
export { createEps1dParams, eps1dForward, eps1dForwardAtStep } from "./network";
export type { Eps1dParams, Eps1dShape } from "./network";
