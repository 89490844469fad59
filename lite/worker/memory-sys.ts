/**
 * An in-memory `ts.System` for the compiler in the worker: the declaration files a notebook can see (the
 * type pack written by `npm run lite`), read-only, with the symbolic links the pack recorded (node_modules
 * links such as dl4ds-diffusion → the project) resolved as Node resolves them.
 */
import type * as TS from "@tslab/typescript-for-tslab";

/** The type pack: every file the compiler read while the build compiled the lessons' imports. */
export interface TypePack {
  /** The virtual project root, e.g. "/dl4ds". */
  root: string;
  /** The folder cells compile in (the notebooks' folder). */
  cwd: string;
  /** Path of the compiler's own script (its lib.*.d.ts files sit beside it). */
  executingFile: string;
  /** Absolute virtual path → file text. */
  files: Record<string, string>;
  /** Absolute virtual link path → the path it points to. */
  links: Record<string, string>;
}

function parentOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}

/** Builds a read-only System over the pack. Writes throw: the compiler only emits to memory. */
export function createMemorySys(pack: TypePack): TS.System {
  if (!pack || typeof pack.files !== "object") throw new TypeError("createMemorySys: pack must be a type pack with a files table");
  const files = new Map(Object.entries(pack.files));
  const links = Object.entries(pack.links ?? {}).sort((a, b) => b[0].length - a[0].length);
  const dirs = new Set<string>(["/"]);
  const children = new Map<string, Set<string>>();
  for (const f of files.keys()) {
    let child = f;
    for (let d = parentOf(f); ; d = parentOf(d)) {
      dirs.add(d);
      if (!children.has(d)) children.set(d, new Set());
      children.get(d)!.add(child);
      if (d === "/") break;
      child = d;
    }
  }
  const realpath = (p: string): string => {
    for (const [link, target] of links) {
      if (p === link || p.startsWith(link + "/")) return target + p.slice(link.length);
    }
    return p;
  };
  const norm = (p: string): string => realpath(p.replace(/\\/g, "/").replace(/\/+$/, "") || "/");
  const sys: TS.System = {
    args: [],
    newLine: "\n",
    useCaseSensitiveFileNames: true,
    write: () => undefined,
    readFile: (p) => files.get(norm(p)),
    writeFile: (p) => {
      throw new Error(`the browser kernel's compiler cannot write files (asked to write ${p})`);
    },
    resolvePath: (p) => p,
    fileExists: (p) => files.has(norm(p)),
    directoryExists: (p) => dirs.has(norm(p)),
    createDirectory: () => undefined,
    getExecutingFilePath: () => pack.executingFile,
    getCurrentDirectory: () => pack.cwd,
    getDirectories: (p) => {
      const d = norm(p);
      return [...(children.get(d) ?? [])].filter((c) => dirs.has(c)).map((c) => c.slice(d.length + (d === "/" ? 0 : 1)));
    },
    readDirectory: (p, extensions) => {
      const d = norm(p);
      const out: string[] = [];
      for (const f of files.keys()) {
        if (!f.startsWith(d === "/" ? "/" : d + "/")) continue;
        if (extensions && extensions.length > 0 && !extensions.some((e) => f.endsWith(e))) continue;
        out.push(f);
      }
      return out;
    },
    exit: () => undefined,
    realpath: (p) => norm(p),
    getModifiedTime: () => new Date(0),
    watchFile: () => ({ close: () => undefined }),
    watchDirectory: () => ({ close: () => undefined }),
    setTimeout: (cb: (...a: unknown[]) => void, ms: number, ...a: unknown[]) => setTimeout(cb, ms, ...a),
    clearTimeout: (id: unknown) => clearTimeout(id as number),
  };
  return sys;
}
