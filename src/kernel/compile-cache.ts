/**
 * V8 code cache for the kernel's big dependencies (tslab's 10 MB TypeScript, TensorFlow.js bundles).
 *
 * Node 20 has no built-in compile cache for CommonJS, so large modules are compiled through
 * `vm.Script` with `cachedData`. The cache is written after start-up (`saveCompileCache()`), when
 * V8 has also compiled the functions start-up used, so the next kernel start skips that work too.
 * Files live in <project>/.cache/dl4ds-kernel/ (one per module, keyed by path, size, mtime and the
 * V8 version) and are written whole (temp + rename). A process that never calls installCompileCache() caches nothing.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";

// Node's CommonJS internals used here are stable but untyped.
interface CjsModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}
interface ModuleStatic {
  prototype: CjsModule;
  wrap(content: string): string;
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: unknown): string;
  _cache: Record<string, unknown>;
  _extensions: Record<string, unknown>;
}

const MIN_BYTES = 256 * 1024;
const scripts = new Map<string, { script: vm.Script; cacheFile: string; hadCache: boolean }>();
let installedDir: string | undefined;

function cacheFileFor(dir: string, filename: string, content: string): string {
  const st = fs.statSync(filename);
  const key = crypto.createHash("sha1").update(`${filename}\0${st.size}\0${st.mtimeMs}\0${process.versions.v8}\0${content.length}`).digest("hex");
  return path.join(dir, `${path.basename(filename, ".js")}-${key.slice(0, 16)}.v8cache`);
}

/** Compiles large CommonJS modules with a V8 code cache stored in `dir`. Call before loading them. */
export function installCompileCache(dir: string): void {
  if (installedDir) return;
  installedDir = dir;
  const Module = require("module") as ModuleStatic;
  const original = Module.prototype._compile;
  Module.prototype._compile = function (this: CjsModule, content: string, filename: string): unknown {
    if (content.length < MIN_BYTES || !filename.endsWith(".js")) return original.call(this, content, filename);
    let cacheFile: string;
    let cachedData: Buffer | undefined;
    try {
      cacheFile = cacheFileFor(dir, filename, content);
      cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
    } catch {
      return original.call(this, content, filename);
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    scripts.set(filename, { script, cacheFile, hadCache: cachedData !== undefined && !script.cachedDataRejected });
    const mod = this;
    const req = ((id: string) => mod.require(id)) as NodeJS.Require;
    req.resolve = ((request: string, options?: unknown) => Module._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
    req.cache = Module._cache as NodeJS.Require["cache"];
    req.main = require.main;
    (req as unknown as { extensions: unknown }).extensions = Module._extensions;
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return fn.call(mod.exports, mod.exports, req, mod, filename, path.dirname(filename));
  };
}

/** Writes code caches for modules that had none (or a rejected one). Returns how many were written. */
export function saveCompileCache(): number {
  if (!installedDir) return 0;
  let written = 0;
  for (const { script, cacheFile, hadCache } of scripts.values()) {
    if (hadCache) continue;
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
      written++;
    } catch {
      // a read-only checkout: run without the cache
    }
  }
  scripts.clear();
  return written;
}
