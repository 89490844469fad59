export { tf, backendInfo, gpuRequested } from "./tf";
export type { TF, BackendInfo } from "./tf";
export { deviceLabel } from "./device";
