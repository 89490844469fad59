/** The device the math runs on, as benchmarks print it: "cpu" or "gpu:<name TensorFlow gives the GPU>". */
import { tensorflowGpus } from "./gpu";
import { backendInfo } from "./tf";

export function deviceLabel(): string {
  if (backendInfo().device !== "gpu") return "cpu";
  const gpu = tensorflowGpus().gpus[0];
  return `gpu:${gpu?.name ?? "unnamed"}`;
}
