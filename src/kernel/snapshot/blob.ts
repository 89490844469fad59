/**
 * The kernel's V8 start-up snapshot (builder.ts): where the blob lives, how it is built and checked.
 *
 * The blob is tied to the Node binary that built it (its name carries the version and architecture; the
 * kernelspec runs it with that binary only) and to the V8 flags in NODE_OPTIONS (Node refuses a snapshot built with
 * other flags, e.g. the grader's --max-old-space-size), so each NODE_OPTIONS gets its own blob, named after it. It is built in a temporary file, loaded once to check it, then
 * renamed into place, so a kernel never starts from a half-written blob (Node crashes on one).
 * `node dist/kernel/snapshot/blob.js <root>` builds it at the lowest priority (what a kernel starts in the
 * background when the blob is missing or stale); one build at a time per project (a lock file).
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { config, projectRoot, readSetting } from "../../config";

/** The blob's path without the NODE_OPTIONS part and ".blob" (what the kernelspec's launcher completes). */
export function snapshotBlobBase(root: string): string {
  return path.join(path.resolve(root), ".cache", "dl4ds-kernel", `typescript-${process.version}-${process.arch}`);
}

/**
 * The blob for this Node binary and these NODE_OPTIONS in the project `root`. The launcher in kernelspec.ts
 * computes the same name (`tr -c 'A-Za-z0-9=-' '_'`).
 */
export function snapshotBlobPath(root: string, nodeOptions: string | undefined = process.env.NODE_OPTIONS): string {
  const flags = nodeOptions ? `-${nodeOptions.replace(/[^A-Za-z0-9=-]/g, "_")}` : "";
  return `${snapshotBlobBase(root)}${flags}.blob`;
}

function lockPath(root: string): string {
  return path.join(path.dirname(snapshotBlobPath(root)), "snapshot-build.lock");
}

/** What a build did. */
export interface SnapshotBuild {
  ok: boolean;
  blob: string;
  seconds: number;
  /** Declaration files kept in the snapshot. */
  files?: number;
  error?: string;
}

/**
 * Builds (or rebuilds) the blob for `env`'s NODE_OPTIONS synchronously. Never throws: a failed build leaves the old
 * blob (or none).
 */
export function buildSnapshotBlob(root: string, env: NodeJS.ProcessEnv = process.env): SnapshotBuild {
  const started = Date.now();
  const blob = snapshotBlobPath(root, env.NODE_OPTIONS);
  const seconds = (): number => (Date.now() - started) / 1000;
  const builder = path.join(path.resolve(root), "dist", "kernel", "snapshot", "builder.js");
  const tag = `${process.pid}-${Date.now()}`;
  const entry = `${blob}.${tag}.entry.js`;
  const tmp = `${blob}.${tag}.tmp`;
  try {
    fs.mkdirSync(path.dirname(blob), { recursive: true });
    // A snapshot entry is a plain script: give the compiled module the CommonJS names it expects.
    fs.writeFileSync(entry, `var exports = {}; var module = { exports: exports };\n${fs.readFileSync(builder, "utf8")}`);
    const buildEnv = { ...env, DL4DS_SNAPSHOT_ROOT: path.resolve(root) };
    const made = spawnSync(process.execPath, ["--snapshot-blob", tmp, "--build-snapshot", entry], { env: buildEnv, encoding: "utf8", timeout: 300_000 });
    if (made.status !== 0) {
      const why = (made.stderr || "").split("\n").filter((l) => l && !/Warning|may still work|issue tracker|trace-warnings/.test(l));
      return { ok: false, blob, seconds: seconds(), error: `building the snapshot failed (exit ${made.status}): ${why.join(" ").slice(-500)}` };
    }
    const probe = spawnSync(process.execPath, ["--snapshot-blob", tmp, "-e", "process.stdout.write(String(globalThis.__dl4dsSnapshot?.files ?? 0))"], {
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    const files = Number(probe.stdout);
    if (probe.status !== 0 || !(files > 0)) return { ok: false, blob, seconds: seconds(), error: `the new snapshot does not load (exit ${probe.status})` };
    fs.renameSync(tmp, blob);
    return { ok: true, blob, seconds: seconds(), files };
  } catch (err) {
    return { ok: false, blob, seconds: seconds(), error: (err as Error).message };
  } finally {
    fs.rmSync(entry, { force: true });
    fs.rmSync(tmp, { force: true });
  }
}

function lockHolderAlive(file: string): boolean {
  try {
    const pid = Number(fs.readFileSync(file, "utf8"));
    if (!(pid > 0)) return false;
    process.kill(pid, 0);
    return Date.now() - fs.statSync(file).mtimeMs < 10 * 60_000;
  } catch {
    return false;
  }
}

/** The newest modification time (ms) of the declaration files a snapshot keeps: the library's dist/ and the installed packages. */
function newestInputMs(root: string): number {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith(".d.ts")) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  try {
    visit(path.join(path.resolve(root), "dist"));
  } catch {
    // no dist/: nothing to compare
  }
  for (const f of [path.join(root, "node_modules", ".package-lock.json"), path.join(root, "tsconfig.json")]) {
    try {
      newest = Math.max(newest, fs.statSync(f).mtimeMs);
    } catch {
      // absent
    }
  }
  return newest;
}

/** True when the blob is missing or older than a declaration file it keeps parsed (a kernel would parse that file again). */
export function snapshotBlobOutdated(root: string, nodeOptions: string | undefined = process.env.NODE_OPTIONS): boolean {
  const blob = snapshotBlobPath(root, nodeOptions);
  if (!fs.existsSync(blob)) return true;
  return fs.statSync(blob).mtimeMs < newestInputMs(root);
}

/**
 * Builds the blob for `env`'s NODE_OPTIONS when it is missing or outdated (what a grader calls before starting kernels:
 * graded kernels cannot rebuild it, their project is read-only).
 */
export function ensureSnapshotBlob(root: string, env: NodeJS.ProcessEnv = process.env): SnapshotBuild | undefined {
  if (!readSetting("kernelSnapshot", env) || !snapshotBlobOutdated(root, env.NODE_OPTIONS)) return undefined;
  return buildSnapshotBlob(root, env);
}

/** Starts a background build (detached, lowest priority, this process's NODE_OPTIONS) unless one runs. Returns whether one was started. */
export function startSnapshotBuild(root: string): boolean {
  if (!config.kernelSnapshot) return false;
  const lock = lockPath(root);
  try {
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    if (fs.existsSync(lock) && lockHolderAlive(lock)) return false;
    fs.rmSync(lock, { force: true });
    const child = spawn(process.execPath, [__filename, path.resolve(root)], { detached: true, stdio: "ignore" });
    fs.writeFileSync(lock, String(child.pid), { flag: "wx" });
    child.unref();
    return true;
  } catch {
    return false; // another kernel took the lock first, or a read-only checkout
  }
}

if (require.main === module) {
  const root = path.resolve(process.argv[2] ?? projectRoot());
  try {
    os.setPriority(19);
  } catch {
    // not permitted: normal priority
  }
  try {
    const r = buildSnapshotBlob(root);
    if (!r.ok && process.argv.includes("--verbose")) process.stderr.write(`${r.error}\n`);
  } finally {
    fs.rmSync(lockPath(root), { force: true });
  }
}
