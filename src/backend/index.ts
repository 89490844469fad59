export { tf, backendInfo } from "./tf";
export type { TF, BackendInfo } from "./tf";
