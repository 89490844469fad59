/** The browser kernel has no CUDA build: what src/backend/device.ts asks of src/backend/gpu.ts, answered for a browser. */
export function tensorflowGpus(): { gpus: Array<{ name: string }> } {
  return { gpus: [] };
}
