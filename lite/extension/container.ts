/**
 * The extension's module-federation container: what JupyterLab's loader expects from a prebuilt extension's
 * remoteEntry script (`init(shareScope)`, then `get("./extension")` → a factory of the module whose default
 * export is the plugin). The plugin's JupyterLite classes are taken from the page's share scope — the same
 * singletons every other extension gets — so no webpack build is needed.
 */
import { createPlugin, type SharedModules } from "./index";

type ShareScope = Record<string, Record<string, { get: () => Promise<() => unknown>; loaded?: number }>>;

const NAME = "dl4ds-lite-kernel";
const script = (document.currentScript as HTMLScriptElement | null)?.src ?? location.href;
let scope: ShareScope | undefined;

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number(x) || 0);
  const pb = b.split(/[.-]/).map((x) => Number(x) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** The page's copy of a shared package (its newest version, as a singleton resolves). */
async function shared<T>(name: string): Promise<T> {
  const versions = scope?.[name];
  if (!versions || Object.keys(versions).length === 0) {
    throw new Error(`${NAME}: the page shares no "${name}"; this extension needs JupyterLite 0.8 (jupyterlite-core==0.8.6 in requirements.txt)`);
  }
  const newest = Object.keys(versions).sort(compareVersions).pop()!;
  const entry = versions[newest];
  entry.loaded = 1;
  return (await entry.get())() as T;
}

const windowWithContainers = window as unknown as { _JUPYTERLAB?: Record<string, unknown> };
windowWithContainers._JUPYTERLAB = windowWithContainers._JUPYTERLAB ?? {};
windowWithContainers._JUPYTERLAB[NAME] = {
  init(shareScope: ShareScope): void {
    scope = shareScope;
  },
  async get(module: string): Promise<() => unknown> {
    if (module !== "./extension") throw new Error(`Module "${module}" does not exist in container ${NAME}.`);
    const [services, jlab] = await Promise.all([
      shared<SharedModules["services"]>("@jupyterlite/services"),
      shared<{ KernelMessage: SharedModules["KernelMessage"] }>("@jupyterlab/services"),
    ]);
    const plugin = createPlugin({ services, KernelMessage: jlab.KernelMessage }, {
      worker: new URL("worker.js", script).href,
      types: new URL("types.json", script).href,
      wasmDir: new URL("tfjs-wasm/", script).href,
    });
    return () => ({ __esModule: true, default: [plugin] });
  },
};
