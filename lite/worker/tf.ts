/**
 * TensorFlow.js for the browser kernel (replaces src/backend/tf.ts in the browser bundle): @tensorflow/tfjs
 * with the WebAssembly backend from @tensorflow/tfjs-backend-wasm, whose .wasm files ship in the site.
 * `initBackend` (awaited by the worker before the first cell) picks wasm and falls back to the pure-JS cpu
 * backend, saying why, when WebAssembly cannot start.
 */
import * as tfjs from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import type { BackendInfo } from "../../src/backend/tf";

/** The TensorFlow.js namespace. */
export type TF = typeof tfjs;

/** Which package provided the backend and why: the shape src/backend/tf.ts reports. */
export type { BackendInfo };

export const tf: TF = tfjs;

let fallbackReason: string | undefined;

/** Starts the wasm backend with its .wasm files under `wasmDir` (a URL ending in "/"); else the cpu backend. */
export async function initBackend(wasmDir: string): Promise<{ backend: string; fallbackReason?: string }> {
  if (typeof wasmDir !== "string" || !wasmDir.endsWith("/")) throw new TypeError(`initBackend: wasmDir must be a URL ending in "/"; got ${String(wasmDir)}`);
  setWasmPaths(wasmDir);
  try {
    if (!(await tf.setBackend("wasm"))) throw new Error("tf.setBackend(\"wasm\") returned false");
    await tf.ready();
  } catch (err) {
    fallbackReason = `the WebAssembly backend did not start (${(err as Error).message}); TensorFlow.js runs on its pure-JavaScript cpu backend`;
    await tf.setBackend("cpu");
    await tf.ready();
  }
  return { backend: tf.getBackend(), fallbackReason };
}

/** What backend is in use. */
export function backendInfo(): BackendInfo {
  return { packageName: "@tensorflow/tfjs", backend: tf.getBackend(), device: "cpu", native: false, fallbackReason, gpuRequested: false };
}

/** The browser has no CUDA build to ask for. */
export function gpuRequested(): boolean {
  return false;
}
