/**
 * Patches to tslab's TypeScript (the `@tslab/typescript-for-tslab` module object), applied before the
 * converter is created.
 *
 * 1. Watchers. Replaces the file and directory watchers of tslab's TypeScript with explicit polling.
 *
 * tslab runs TypeScript in watch mode but drives its rebuild timer by hand; a real watcher that fires
 * between cells (e.g. when dist/*.d.ts is rebuilt) schedules a second timer and tslab throws
 * "Unexpected pending rebuildTimer" from inside the watcher, crashing the kernel. Here watchers only
 * record what to watch; `pollWatchedFiles()` (called right before each compile) checks modification
 * times and reports changes synchronously, when tslab expects them. Files under node_modules and
 * directory watches are not polled: a changed dependency needs a kernel restart.
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "@tslab/typescript-for-tslab";

interface Watched {
  fileName: string;
  callback: TS.FileWatcherCallback;
  mtimeMs: number;
}

const watched = new Map<string, Set<Watched>>();
let installed = false;

function mtimeOf(fileName: string): number {
  try {
    return fs.statSync(fileName).mtimeMs;
  } catch {
    return -1;
  }
}

/** Installs the polling watchers into tslab's TypeScript. Call before creating a converter. */
export function installPollingWatchers(): void {
  if (installed) return;
  installed = true;
  const ts = require("@tslab/typescript-for-tslab") as typeof TS;
  const sys = ts.sys as TS.System & { watchFile?: unknown; watchDirectory?: unknown };
  sys.watchFile = (fileName: string, callback: TS.FileWatcherCallback): TS.FileWatcher => {
    if (fileName.split(/[\\/]/).includes("node_modules")) return { close: () => undefined };
    const entry: Watched = { fileName, callback, mtimeMs: mtimeOf(fileName) };
    const key = path.resolve(fileName);
    let set = watched.get(key);
    if (!set) watched.set(key, (set = new Set()));
    set.add(entry);
    return { close: () => void set!.delete(entry) };
  };
  sys.watchDirectory = (): TS.FileWatcher => ({ close: () => undefined });
}

/**
 * 2. Automatic type packages. tslab leaves `types` unset, so every package in node_modules/@types
 * (chai, estree, geojson, ... pulled in by dev tools) is parsed at start-up. Only @types/node is
 * global in a notebook; other @types packages still load when a cell imports their module.
 */
export function limitAutomaticTypePackages(): void {
  const ts = require("@tslab/typescript-for-tslab") as typeof TS;
  const sys = ts.sys as TS.System & { __dl4dsTypes?: boolean };
  if (sys.__dl4dsTypes || typeof sys.getDirectories !== "function") return;
  sys.__dl4dsTypes = true;
  // The module's exports are read-only getters, but `sys` is a plain object: TypeScript lists the
  // automatic type packages with sys.getDirectories(<typeRoot>).
  const original = sys.getDirectories.bind(sys);
  sys.getDirectories = (dir: string): string[] => {
    const names = original(dir);
    return /[\\/]node_modules[\\/]@types[\\/]?$/.test(dir) ? names.filter((n) => n === "node") : names;
  };
}

/**
 * 3. Builder state reuse. Every cell makes TypeScript's builder recompute, for every one of the ~1000
 * files in the program (tfjs and @types/node declarations), which files it references. Declaration
 * files whose version did not change reference the same files as before, so this wraps
 * `BuilderState.create` to compute entries only for new or changed files and keep the others from the
 * previous state (same values the original would compute; same file order).
 */
export function reuseUnchangedBuilderState(): boolean {
  type PathMap = {
    getValues(k: string): ReadonlySet<string> | undefined;
    set(k: string, v: ReadonlySet<string>): unknown;
    deleteKey(k: string): boolean;
    keys(): IterableIterator<string>;
  };
  interface FileInfo {
    version: string;
    signature?: string;
    affectsGlobalScope?: true;
    impliedFormat?: unknown;
  }
  interface State {
    fileInfos: Map<string, FileInfo>;
    referencedMap?: PathMap;
    exportedModulesMap?: PathMap;
    oldSignatures?: Map<string, unknown>;
    oldExportedModulesMap?: Map<string, unknown>;
    useFileVersionAsSignature?: boolean;
  }
  interface SourceFileLike {
    resolvedPath: string;
    version?: string;
    isDeclarationFile: boolean;
  }
  interface ProgramLike {
    getSourceFiles(): readonly SourceFileLike[];
  }
  const ts = require("@tslab/typescript-for-tslab") as { BuilderState?: { create?: unknown; __dl4ds?: boolean } };
  const bs = ts.BuilderState;
  if (!bs || typeof bs.create !== "function") return false;
  if (bs.__dl4ds) return true;
  bs.__dl4ds = true;
  const original = bs.create as (program: ProgramLike, oldState: State | undefined, disable?: boolean) => State;
  bs.create = (program: ProgramLike, oldState: State | undefined, disable?: boolean): State => {
    const all = program.getSourceFiles();
    const canReuse =
      oldState !== undefined &&
      oldState.referencedMap !== undefined &&
      oldState.exportedModulesMap !== undefined &&
      !oldState.oldSignatures &&
      !oldState.oldExportedModulesMap;
    if (!canReuse || all.length < 50) return original(program, oldState, disable);
    const reused = new Set<string>();
    for (const f of all) {
      const old = oldState.fileInfos.get(f.resolvedPath);
      if (f.isDeclarationFile && old && f.version !== undefined && old.version === f.version) reused.add(f.resolvedPath);
    }
    if (reused.size === 0) return original(program, oldState, disable);
    const changed = all.filter((f) => !reused.has(f.resolvedPath));
    const view = new Proxy(program as object, {
      get(target, prop, receiver) {
        if (prop === "getSourceFiles") return () => changed;
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as ProgramLike;
    const state = original(view, oldState, disable);
    const fileInfos = new Map<string, FileInfo>();
    for (const f of all) {
      if (!reused.has(f.resolvedPath)) {
        fileInfos.set(f.resolvedPath, state.fileInfos.get(f.resolvedPath)!);
        continue;
      }
      const old = oldState.fileInfos.get(f.resolvedPath)!;
      fileInfos.set(f.resolvedPath, { version: f.version!, signature: old.signature, affectsGlobalScope: old.affectsGlobalScope, impliedFormat: old.impliedFormat });
    }
    // Update the previous maps in place (the previous state is discarded): unchanged files keep
    // their entries, which spares rebuilding the reverse index of ~1000 files per cell.
    const carry = (target: PathMap, fresh: PathMap): PathMap => {
      for (const f of changed) {
        const v = fresh.getValues(f.resolvedPath);
        if (v) target.set(f.resolvedPath, v);
        else target.deleteKey(f.resolvedPath);
      }
      for (const k of [...target.keys()]) if (!fileInfos.has(k)) target.deleteKey(k);
      return target;
    };
    state.referencedMap = carry(oldState.referencedMap!, state.referencedMap!);
    state.exportedModulesMap = carry(oldState.exportedModulesMap!, state.exportedModulesMap!);
    state.fileInfos = fileInfos;
    return state;
  };
  return true;
}

/** Reports every watched file whose modification time changed since the last poll. Returns how many changed. */
export function pollWatchedFiles(): number {
  const ts = require("@tslab/typescript-for-tslab") as typeof TS;
  let changed = 0;
  for (const set of watched.values()) {
    for (const entry of [...set]) {
      const m = mtimeOf(entry.fileName);
      if (m === entry.mtimeMs) continue;
      const kind = m < 0 ? ts.FileWatcherEventKind.Deleted : entry.mtimeMs < 0 ? ts.FileWatcherEventKind.Created : ts.FileWatcherEventKind.Changed;
      entry.mtimeMs = m;
      changed++;
      entry.callback(entry.fileName, kind);
    }
  }
  return changed;
}

/** Number of files currently polled (for tests and diagnostics). */
export function watchedFileCount(): number {
  let n = 0;
  for (const set of watched.values()) n += set.size;
  return n;
}
