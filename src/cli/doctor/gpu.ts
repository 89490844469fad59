/**
 * The GPU part of `dl4ds doctor`: which build is loaded, the CUDA and cuDNN libraries the GPU build finds,
 * the NVIDIA driver, and the GPUs TensorFlow sees or why it sees none. Problems count only when
 * DL4DS_DEVICE=gpu asks for the GPU.
 */
import type { BackendInfo } from "../../backend";
import {
  MIN_DRIVER_CUDA_12_5, cudaLibraries, driverProblem, gpuBuildInstalled, gpuBuildProvenance, nvidiaDriver, tensorflowGpus,
} from "../../backend/gpu";
import type { Check } from "./check";

const SETUP_FIX = "run `npm run setup -- --gpu` (installs the GPU build from PyPI), then `DL4DS_DEVICE=gpu npm run doctor`";

function buildName(info: BackendInfo): string {
  if (info.packageName === "@tensorflow/tfjs-node-gpu") return "GPU build (@tensorflow/tfjs-node-gpu)";
  if (info.packageName === "@tensorflow/tfjs-node") return "CPU build (@tensorflow/tfjs-node)";
  return "no native build (pure JavaScript)";
}

export function gpuChecks(info: BackendInfo): Check[] {
  const requested = info.gpuRequested;
  const checks: Check[] = [{ label: "build", value: `${buildName(info)}${requested ? ", DL4DS_DEVICE=gpu" : ""}` }];
  const installed = gpuBuildInstalled();
  if (!installed) {
    checks.push({ label: "GPU build", value: "not set up (`npm run setup -- --gpu` adds it)", fix: requested ? SETUP_FIX : undefined });
    return checks;
  }
  checks.push({ label: "GPU build", value: gpuBuildProvenance()?.source ?? "set up" });
  for (const lib of cudaLibraries()) {
    checks.push({
      label: lib.label,
      value: lib.path ? `${lib.version ?? "version unknown"} ${lib.path}${lib.loadError ? ` (does not load: ${lib.loadError})` : ""}` : `${lib.file} not found`,
      fix: (lib.path && !lib.loadError) || !requested ? undefined : SETUP_FIX,
    });
  }
  const driver = nvidiaDriver();
  checks.push({
    label: "NVIDIA driver",
    value: driver.source ? `${driver.version ?? "version unknown"} (${driver.source}); CUDA 12.5 needs ${MIN_DRIVER_CUDA_12_5}+` : "none",
  });
  if (!requested) return checks;
  const seen = tensorflowGpus();
  if (seen.loadError) {
    checks.push({ label: "GPUs", value: `the GPU build does not load: ${seen.loadError}`, fix: SETUP_FIX });
  } else if (seen.gpus.length > 0) {
    seen.gpus.forEach((g, i) => checks.push({ label: `GPU:${i}`, value: `${g.name}, ${g.memoryMB} MB for TensorFlow` }));
  } else {
    const problem = driverProblem(driver);
    const reason = problem ?? seen.complaints[0] ?? "TensorFlow created no GPU device";
    checks.push({
      label: "GPUs",
      value: `no GPU visible: ${reason}`,
      fix: problem
        ? `install an NVIDIA driver ${MIN_DRIVER_CUDA_12_5} or newer (CUDA 12.5) on a machine with an NVIDIA GPU, or run without DL4DS_DEVICE=gpu`
        : "see TensorFlow's reason above; `npm run setup -- --gpu` reinstalls the CUDA libraries",
    });
  }
  return checks;
}
