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
