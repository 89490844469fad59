/**
 * The dl4ds Jupyter kernel (internal: used by the CLI, not exported from the library's entry point).
 *
 * - `main.ts` — the kernelspec's entry: `node dist/kernel/main.js {connection_file}`; rebuilds stale
 *   dist/ from src/ first (rebuild.ts), then starts the server.
 * - `server.ts` — Jupyter messaging protocol 5.3 over ZeroMQ (shell, control, stdin, iopub; heartbeat
 *   in a worker thread, heartbeat.ts), stop_on_error, display sink, interrupts.
 * - `engine.ts` — tslab's converter and executor with error capture; `errors.ts` and `cell-source.ts`
 *   map errors to cell lines; `tslab-patches.ts` makes tslab's TypeScript start and run faster and
 *   robust to files changing under it; `compile-cache.ts` caches V8 code for big modules.
 * - `comms/` — Jupyter comms both ways (comm_open/comm_msg/comm_close, comm_info, buffers) and the
 *   library's CommHost; `stdin.ts` — `await input()` over the stdin channel.
 * - `history.ts` — history_request (tail, range, search) from memory; `is-complete.ts` — is_complete from the
 *   parser; `tslab-display.ts` — tslab's display API through the library's display().
 * - `kernelspec.ts` — kernel.json and install locations; `client.ts` — a small client for benchmarks.
 * - `python/run_notebooks.py` — nbclient runner behind `dl4ds run`.
 */
export { startKernel, KernelServer, type KernelOptions } from "./server";
export { kernelSpecFor, installKernelSpec, kernelsDir, KERNEL_NAME, KERNEL_DISPLAY_NAME, type KernelSpecJson, type InstallTarget } from "./kernelspec";
export { ensureFreshBuild, type RebuildReport } from "./rebuild";
export { KernelClient, writeConnectionFile, type RequestResult } from "./client";
