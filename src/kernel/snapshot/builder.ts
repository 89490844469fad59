/**
 * Entry script of `node --build-snapshot` (see blob.ts): loads tslab's TypeScript, builds the program a kernel
 * builds at start-up (lib, @types/node, the library's declarations and tfjs's behind them) and keeps every parsed
 * and bound declaration file, so a kernel started from the snapshot skips parsing them.
 *
 * Node lets a snapshot entry require built-in modules only, so the few CommonJS files needed (TypeScript, tslab's
 * converter, tslab-patches.js) are loaded here by a small loader. TypeScript's `createSourceFile` is wrapped in
 * its source text: it asks `globalThis.__dl4dsParseCache` first and returns the kept file when the path, the text
 * and the parse options are the same (a changed file is parsed again, so a stale snapshot is only slower).
 *
 * Inputs (environment): DL4DS_SNAPSHOT_ROOT, the project root.
 */
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";

interface LoadedModule {
  exports: unknown;
  id: string;
  filename: string;
  loaded: boolean;
}

interface ParseEntry {
  sf: { text: string };
  options: string;
  setParentNodes: boolean;
  scriptKind: unknown;
}

/** What the snapshot leaves in globalThis.__dl4dsSnapshot for adopt.ts. */
export interface SnapshotGlobal {
  ts: unknown;
  tsPath: string;
  tsSize: number;
  tsMtimeMs: number;
  files: number;
  /** Node leaves Error.stackTraceLimit out of a snapshot (errors then carry no stack frames); adopt.ts restores it. */
  stackTraceLimit: number;
}

const BUILTINS = new Set(["fs", "path", "os", "crypto", "perf_hooks", "inspector", "util", "events", "buffer", "child_process", "url", "assert", "stream", "readline", "module", "vm", "worker_threads", "string_decoder", "tty", "constants"]);
const CREATE_SOURCE_FILE = "  function createSourceFile(fileName, sourceText, languageVersionOrOptions, setParentNodes = false, scriptKind) {";

/** TypeScript's source with createSourceFile consulting globalThis.__dl4dsParseCache. */
export function wrapCreateSourceFile(src: string): string {
  if (!src.includes(CREATE_SOURCE_FILE)) throw new Error("snapshot: this TypeScript has no createSourceFile to wrap (version changed?)");
  const wrapper = `  function createSourceFile(fileName, sourceText, languageVersionOrOptions, setParentNodes = false, scriptKind) {
    const cache = globalThis.__dl4dsParseCache;
    const hit = cache && cache.lookup(fileName, sourceText, languageVersionOrOptions, setParentNodes, scriptKind);
    if (hit) return hit;
    const file = createSourceFileUnkept(fileName, sourceText, languageVersionOrOptions, setParentNodes, scriptKind);
    if (cache) cache.record(fileName, file, languageVersionOrOptions, setParentNodes, scriptKind);
    return file;
  }
`;
  return src.replace(CREATE_SOURCE_FILE, wrapper + CREATE_SOURCE_FILE.replace("createSourceFile(", "createSourceFileUnkept("));
}

function existingFile(p: string): string | undefined {
  for (const c of [p, `${p}.js`, `${p}.json`, path.join(p, "index.js")]) {
    try {
      if (fs.statSync(c).isFile()) return c;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

/** Node's resolution for relative paths and package names with a `main` (enough for TypeScript and tslab). */
function resolve(id: string, dir: string): string {
  if (id.startsWith(".") || id.startsWith("/")) {
    const r = existingFile(path.resolve(dir, id));
    if (r) return r;
    throw new Error(`snapshot: cannot resolve ${id} from ${dir}`);
  }
  const parts = id.split("/");
  const scoped = id.startsWith("@");
  const pkg = parts.slice(0, scoped ? 2 : 1).join("/");
  const rest = parts.slice(scoped ? 2 : 1).join("/");
  for (let d = dir; ; d = path.dirname(d)) {
    const base = path.join(d, "node_modules", pkg);
    if (fs.existsSync(path.join(base, "package.json"))) {
      const main = (JSON.parse(fs.readFileSync(path.join(base, "package.json"), "utf8")) as { main?: string }).main ?? "index.js";
      const r = existingFile(path.join(base, rest || main));
      if (r) return r;
    }
    if (d === path.dirname(d)) throw new Error(`snapshot: cannot resolve ${id} from ${dir}`);
  }
}

function createLoader(): (file: string) => unknown {
  const cache = new Map<string, LoadedModule>();
  const load = (file: string): unknown => {
    const known = cache.get(file);
    if (known) return known.exports;
    const mod: LoadedModule = { exports: {}, id: file, filename: file, loaded: false };
    cache.set(file, mod);
    let src = fs.readFileSync(file, "utf8");
    if (file.endsWith(".json")) return (mod.exports = JSON.parse(src));
    if (/typescript-for-tslab[\\/]lib[\\/]typescript\.js$/.test(file)) src = wrapCreateSourceFile(src);
    const fn = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${src}\n})`, { filename: file }) as (
      ...args: unknown[]
    ) => void;
    const dir = path.dirname(file);
    const req = (id: string): unknown => (id.startsWith("node:") || BUILTINS.has(id) ? require(id) : load(resolve(id, dir)));
    fn.call(mod.exports, mod.exports, req, mod, file, dir);
    mod.loaded = true;
    return mod.exports;
  };
  return load;
}

function optionsKey(o: unknown): string {
  if (o !== null && typeof o === "object") {
    const v = o as { languageVersion?: unknown; impliedNodeFormat?: unknown };
    return `${String(v.languageVersion)}/${String(v.impliedNodeFormat)}`;
  }
  return `${String(o)}/undefined`;
}

/** Installs the parse cache the wrapped createSourceFile consults. Cells' own files are never kept. */
function installParseCache(): { entries: Map<string, ParseEntry>; stopRecording(): void } {
  const entries = new Map<string, ParseEntry>();
  let recording = true;
  const cache = {
    hits: 0,
    stale: 0,
    lookup(fileName: string, text: string, o: unknown, setParentNodes: boolean, scriptKind: unknown): unknown {
      const e = entries.get(fileName);
      if (!e) return undefined;
      if (e.sf.text === text && e.options === optionsKey(o) && e.setParentNodes === setParentNodes && e.scriptKind === scriptKind) {
        cache.hits++;
        return e.sf;
      }
      cache.stale++;
      return undefined;
    },
    record(fileName: string, sf: { text: string }, o: unknown, setParentNodes: boolean, scriptKind: unknown): void {
      if (!recording || /__tslab__|__prev__|__dl4ds/.test(fileName)) return;
      entries.set(fileName, { sf, options: optionsKey(o), setParentNodes, scriptKind });
    },
  };
  (globalThis as { __dl4dsParseCache?: unknown }).__dl4dsParseCache = cache;
  return { entries, stopRecording: () => void (recording = false) };
}

interface Sys {
  readFile(p: string, encoding?: string): string | undefined;
  createHash?(data: string): string;
  getDirectories: unknown;
  getCurrentDirectory(): string;
  __dl4dsTypes?: boolean;
}

/**
 * Start-up also reads every declaration file and hashes its text (file versions): a kept file whose size and
 * modification time did not change is answered from the snapshot, and the hashes of kept texts are remembered.
 */
function answerKeptFiles(sys: Sys, entries: Map<string, ParseEntry>): void {
  const kept = new Map<string, { text: string; size: number; mtimeMs: number }>();
  const hashes = new Map<string, string>();
  const readFile = sys.readFile.bind(sys);
  const createHash = sys.createHash?.bind(sys);
  for (const [fileName, e] of entries) {
    try {
      const st = fs.statSync(fileName);
      if (fs.readFileSync(fileName, "utf8") !== e.sf.text) continue;
      kept.set(fileName, { text: e.sf.text, size: st.size, mtimeMs: st.mtimeMs });
      if (createHash) hashes.set(e.sf.text, createHash(e.sf.text));
    } catch {
      // gone: read it normally
    }
  }
  sys.readFile = (p: string, encoding?: string): string | undefined => {
    const k = encoding === undefined ? kept.get(p) : undefined;
    if (k) {
      try {
        const st = fs.statSync(p);
        if (st.size === k.size && st.mtimeMs === k.mtimeMs) return k.text;
      } catch {
        // fall through to a real read, which reports the problem
      }
    }
    return readFile(p, encoding);
  };
  if (createHash) sys.createHash = (data: string): string => hashes.get(data) ?? createHash(data);
}

function build(root: string): void {
  const load = createLoader();
  const parse = installParseCache();
  const tsPath = resolve("@tslab/typescript-for-tslab", root);
  const ts = load(tsPath) as { sys: Sys };
  const patches = load(path.join(root, "dist", "kernel", "tslab-patches.js")) as { limitAutomaticTypePackages(): void };
  const getDirectories = ts.sys.getDirectories;
  patches.limitAutomaticTypePackages();
  process.chdir(root);
  const tslab = load(resolve("tslab/dist/converter", root)) as {
    createConverter(o: { isJS: boolean; isBrowser: boolean }): { convert(d: string, s: string): unknown; close(): void };
  };
  const converter = tslab.createConverter({ isJS: false, isBrowser: false });
  converter.convert("", 'import * as dl4ds from "dl4ds-diffusion";\ndl4ds;\n');
  converter.close();
  // The kernel applies its own patches at start; leave TypeScript's sys as it was, except that the working
  // folder TypeScript memoized is the builder's: a kernel asks for its own.
  ts.sys.getDirectories = getDirectories;
  ts.sys.getCurrentDirectory = () => process.cwd();
  delete ts.sys.__dl4dsTypes;
  parse.stopRecording();
  answerKeptFiles(ts.sys, parse.entries);
  const st = fs.statSync(tsPath);
  const snapshot: SnapshotGlobal = { ts, tsPath, tsSize: st.size, tsMtimeMs: st.mtimeMs, files: parse.entries.size, stackTraceLimit: Error.stackTraceLimit };
  (globalThis as { __dl4dsSnapshot?: SnapshotGlobal }).__dl4dsSnapshot = snapshot;
}

if (process.env.DL4DS_SNAPSHOT_ROOT) build(path.resolve(process.env.DL4DS_SNAPSHOT_ROOT));
