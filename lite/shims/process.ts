/**
 * `process` for the browser bundles: what the library and tslab's converter read from it. `browser: true`
 * keeps TypeScript from taking the worker for Node. DL4DS_FIGURES=spec: figures send their spec and
 * description (JupyterLite draws vega-lite and plotly specs) and skip the Node-only SVG/PNG rendering.
 */
const env: Record<string, string | undefined> = { DL4DS_FIGURES: "spec", TF_CPP_MIN_LOG_LEVEL: "2" };

export const process = {
  browser: true,
  env,
  argv: [] as string[],
  version: "v20.19.0",
  versions: { node: "20.19.0" } as Record<string, string>,
  platform: "browser",
  pid: 1,
  execPath: "/dl4ds-lite-kernel",
  cwd: (): string => "/dl4ds/notebooks",
  nextTick: (cb: (...args: unknown[]) => void, ...args: unknown[]): void => queueMicrotask(() => cb(...args)),
  emitWarning: (warning: string | Error): void => console.warn(typeof warning === "string" ? `Warning: ${warning}` : warning),
  hrtime: Object.assign(
    (prev?: [number, number]): [number, number] => {
      const t = performance.now() * 1e6;
      const s = Math.floor(t / 1e9);
      const ns = Math.floor(t - s * 1e9);
      return prev ? [s - prev[0], ns - prev[1]] : [s, ns];
    },
    { bigint: (): bigint => BigInt(Math.round(performance.now() * 1e6)) },
  ),
  memoryUsage: (): Record<string, number> => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }),
  exit: (code?: number): never => {
    const err = new Error(`process.exit(${code ?? ""}) was called in a cell; the kernel keeps running. To stop or restart it, use the Kernel menu.`);
    err.name = "SystemExit";
    throw err;
  },
  on: (): unknown => process,
  once: (): unknown => process,
  off: (): unknown => process,
  removeListener: (): unknown => process,
  stdout: { write: (s: string): boolean => (console.log(String(s).replace(/\n$/, "")), true), isTTY: false },
  stderr: { write: (s: string): boolean => (console.error(String(s).replace(/\n$/, "")), true), isTTY: false },
};
