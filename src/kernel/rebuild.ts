/**
 * Keeps dist/ in step with src/ when the kernel starts, so that "edit src/, restart the kernel" works
 * with no manual build step.
 *
 * JavaScript: every src/**\/*.ts newer than its dist/**\/*.js is transpiled to CommonJS with esbuild
 * (one esbuild call for all stale files, written whole via temp + rename; well under a second).
 * Types: when a .d.ts is older than its source, `tsc --emitDeclarationOnly` runs in the background;
 * the kernel's compiler picks up the new declarations before the next cell (see tslab-patches.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawn } from "child_process";

/** What `ensureFreshBuild` did. */
export interface RebuildReport {
  /** Source files whose JavaScript was rebuilt. */
  rebuilt: string[];
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

/** Starts `tsc --emitDeclarationOnly` detached, unless one is already running. Returns true if started. */
function startTypesBuild(root: string, dist: string): boolean {
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  const config = path.join(root, "tsconfig.build.json");
  if (!fs.existsSync(tsc) || !fs.existsSync(config)) return false;
  const lock = path.join(dist, ".types-build.pid");
  const holder = Number(fs.existsSync(lock) ? fs.readFileSync(lock, "utf8") : NaN);
  if (Number.isInteger(holder) && holder > 0 && pidAlive(holder)) return false;
  const child = spawn(process.execPath, [tsc, "-p", config, "--emitDeclarationOnly"], {
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

/**
 * Rebuilds stale dist/ JavaScript from src/ and starts a background declaration build if needed.
 * @param root the project root (holds src/ and dist/)
 */
export function ensureFreshBuild(root: string): RebuildReport {
  const t0 = Date.now();
  const src = path.join(root, "src");
  const dist = path.join(root, "dist");
  if (!fs.existsSync(src) || !fs.existsSync(dist)) return { rebuilt: [], typesStarted: false, ms: 0, skipped: "no src/ or dist/ folder" };
  const staleJs: string[] = [];
  let staleTypes = false;
  for (const file of listTs(src)) {
    const rel = path.relative(src, file).replace(/\.ts$/, "");
    const m = mtime(file);
    if (m > mtime(path.join(dist, `${rel}.js`))) staleJs.push(file);
    if (m > mtime(path.join(dist, `${rel}.d.ts`))) staleTypes = true;
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
      sourcemap: false,
      write: false,
      logLevel: "silent",
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, target: "ES2022" } },
    });
    for (const out of result.outputFiles) writeWhole(out.path, out.contents);
  }
  const typesStarted = staleTypes ? startTypesBuild(root, dist) : false;
  return { rebuilt: staleJs.map((f) => path.relative(root, f)), typesStarted, ms: Date.now() - t0 };
}
