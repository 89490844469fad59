/**
 * Keeps dist/ in step with src/ when the kernel starts, so that "edit src/, restart the kernel" works
 * with no manual build step.
 *
 * JavaScript: every src/**\/*.ts newer than its dist/**\/*.js is transpiled to CommonJS with esbuild
 * (one esbuild call for all stale files, written whole via temp + rename; well under a second).
 * Types: each .d.ts older than its source is first rewritten at once, file by file, with TypeScript's
 * `transpileDeclaration` (no type checker: types it cannot infer syntactically become `any`), so a
 * new export is known to the first cell; then `tsc --emitDeclarationOnly` runs in the background,
 * niced, and its exact declarations replace them; the kernel's compiler picks them up before the
 * next cell (see tslab-patches.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawn } from "child_process";

/** What `ensureFreshBuild` did. */
export interface RebuildReport {
  /** Source files whose JavaScript was rebuilt. */
  rebuilt: string[];
  /** Source files whose declarations were rewritten quickly (see transpileDeclaration). */
  declarations: string[];
  /** True when a background declaration build was started. */
  typesStarted: boolean;
  /** Milliseconds spent (checking + transpiling). */
  ms: number;
  /** Why nothing could be done, if so (e.g. no src/ folder in an installed package). */
  skipped?: string;
}

function listTs(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) listTs(p, out);
    else if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

function mtime(p: string): number {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

function writeWhole(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts types-build.js (tsc --emitDeclarationOnly) detached, unless one is running. Returns true if started. */
function startTypesBuild(root: string, dist: string): boolean {
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  const config = path.join(root, "tsconfig.build.json");
  const script = path.join(__dirname, "types-build.js");
  if (!fs.existsSync(tsc) || !fs.existsSync(config) || !fs.existsSync(script)) return false;
  const lock = path.join(dist, ".types-build.pid");
  const holder = Number(fs.existsSync(lock) ? fs.readFileSync(lock, "utf8") : NaN);
  if (Number.isInteger(holder) && holder > 0 && pidAlive(holder)) return false;
  const child = spawn(process.execPath, [script, root], {
    cwd: root,
    detached: true,
    stdio: "ignore",
  });
  if (child.pid) {
    writeWhole(lock, String(child.pid));
    try {
      os.setPriority(child.pid, 19); // never slow down the kernel (or anything else) that is starting
    } catch {
      // not permitted: fine
    }
  }
  child.unref();
  return true;
}

/** Writes dist/<file>.d.ts for each source with `transpileDeclaration`; returns the files done. */
function quickDeclarations(root: string, src: string, dist: string, files: string[]): string[] {
  type TS = typeof import("typescript");
  let ts: TS & { transpileDeclaration?: (input: string, opts: { fileName: string; compilerOptions: object }) => { outputText: string } };
  try {
    ts = require(require.resolve("typescript", { paths: [root, __dirname] })) as typeof ts;
  } catch {
    return [];
  }
  if (typeof ts.transpileDeclaration !== "function") return []; // TypeScript < 5.5
  const done: string[] = [];
  for (const file of files) {
    try {
      const out = ts.transpileDeclaration(fs.readFileSync(file, "utf8"), {
        fileName: file,
        compilerOptions: { declaration: true, strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
      });
      writeWhole(path.join(dist, `${path.relative(src, file).replace(/\.ts$/, "")}.d.ts`), out.outputText);
      done.push(file);
    } catch {
      // keep the old declarations; the background build will replace them
    }
  }
  return done;
}

/**
 * Rebuilds stale dist/ JavaScript from src/ and starts a background declaration build if needed.
 * @param root the project root (holds src/ and dist/)
 */
export function ensureFreshBuild(root: string): RebuildReport {
  const t0 = Date.now();
  const src = path.join(root, "src");
  const dist = path.join(root, "dist");
  if (!fs.existsSync(src) || !fs.existsSync(dist)) return { rebuilt: [], declarations: [], typesStarted: false, ms: 0, skipped: "no src/ or dist/ folder" };
  const staleJs: string[] = [];
  const staleTypes: string[] = [];
  for (const file of listTs(src)) {
    const rel = path.relative(src, file).replace(/\.ts$/, "");
    const m = mtime(file);
    if (m > mtime(path.join(dist, `${rel}.js`))) staleJs.push(file);
    if (m > mtime(path.join(dist, `${rel}.d.ts`))) staleTypes.push(file);
  }
  if (staleJs.length > 0) {
    const esbuild = require("esbuild") as typeof import("esbuild");
    const result = esbuild.buildSync({
      entryPoints: staleJs,
      outbase: src,
      outdir: dist,
      bundle: false,
      format: "cjs",
      platform: "node",
      target: "node20",
      // tsc compiles import("./dir") to require() in CommonJS; esbuild keeps import(), which cannot load a
      // folder's index.js. Lowering dynamic imports makes the esbuild output behave like tsc's.
      supported: { "dynamic-import": false },
      sourcemap: false,
      write: false,
      logLevel: "silent",
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, target: "ES2022" } },
    });
    for (const out of result.outputFiles) writeWhole(out.path, out.contents);
  }
  const declarations = staleTypes.length > 0 ? quickDeclarations(root, src, dist, staleTypes) : [];
  const typesStarted = staleTypes.length > 0 ? startTypesBuild(root, dist) : false;
  return {
    rebuilt: staleJs.map((f) => path.relative(root, f)),
    declarations: declarations.map((f) => path.relative(root, f)),
    typesStarted,
    ms: Date.now() - t0,
  };
}
