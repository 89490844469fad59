/**
 * Kernel side of the start-up snapshot: when the process started from the blob (blob.ts), the snapshot's
 * TypeScript, with its parsed declaration files, becomes the module every `require("@tslab/typescript-for-tslab")`
 * returns — provided it is the same TypeScript file (path, size, modification time) this kernel would load.
 */
import * as fs from "fs";
import * as path from "path";
import type { SnapshotGlobal } from "./builder";

interface ParseCacheStats {
  hits: number;
  stale: number;
}

interface ModuleCtor {
  new (id: string, parent: unknown): { filename: string; loaded: boolean; exports: unknown; paths: string[] };
  _cache: Record<string, unknown>;
  _nodeModulePaths(dir: string): string[];
}

/** How this process uses the snapshot. */
export type SnapshotUse = "adopted" | "none" | "mismatch";

let use: SnapshotUse = "none";

/** Makes the snapshot's TypeScript the one the kernel loads. Call before anything loads TypeScript. */
export function adoptSnapshot(): SnapshotUse {
  const g = globalThis as { __dl4dsSnapshot?: SnapshotGlobal; __dl4dsParseCache?: unknown };
  const snap = g.__dl4dsSnapshot;
  if (!snap) return (use = "none");
  if (typeof Error.stackTraceLimit !== "number") Error.stackTraceLimit = snap.stackTraceLimit ?? 10;
  let resolved: string;
  let st: fs.Stats;
  try {
    resolved = require.resolve("@tslab/typescript-for-tslab");
    st = fs.statSync(resolved);
  } catch {
    return (use = "mismatch");
  }
  if (path.resolve(resolved) !== snap.tsPath || st.size !== snap.tsSize || st.mtimeMs !== snap.tsMtimeMs) {
    delete g.__dl4dsParseCache;
    return (use = "mismatch");
  }
  const Module = require("module") as ModuleCtor;
  const mod = new Module(resolved, null);
  mod.filename = resolved;
  mod.paths = Module._nodeModulePaths(path.dirname(resolved));
  mod.exports = snap.ts;
  mod.loaded = true;
  Module._cache[resolved] = mod;
  return (use = "adopted");
}

/** Whether this process runs the snapshot's TypeScript, and how often its kept files were reused. */
export function snapshotStatus(): { use: SnapshotUse; files: number; hits: number; stale: number } {
  const g = globalThis as { __dl4dsSnapshot?: SnapshotGlobal; __dl4dsParseCache?: ParseCacheStats };
  return { use, files: g.__dl4dsSnapshot?.files ?? 0, hits: g.__dl4dsParseCache?.hits ?? 0, stale: g.__dl4dsParseCache?.stale ?? 0 };
}

/** True when a new blob would help: none was used, it did not match, or some kept files changed since. */
export function snapshotWantsRebuild(): boolean {
  const s = snapshotStatus();
  return s.use !== "adopted" || s.stale > 0;
}
