/**
 * The dl4ds kernelspec (kernel.json) and where Jupyter looks for it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { projectRoot } from "../config";
import { snapshotBlobBase } from "./snapshot/blob";

import { KERNEL_DISPLAY_NAME, KERNEL_NAME } from "./kernel-names";

export { KERNEL_DISPLAY_NAME, KERNEL_NAME };

/** Contents of kernel.json. */
export interface KernelSpecJson {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "signal" | "message";
  metadata: Record<string, unknown>;
}

/** Where to install: the user's Jupyter data folder, a prefix, or a Python environment's sys.prefix. */
export type InstallTarget = { kind: "user" } | { kind: "prefix"; prefix: string } | { kind: "sys-prefix"; python: string };

/**
 * Starts the kernel from its start-up snapshot when the blob for the current NODE_OPTIONS exists (see
 * snapshot/blob.ts: snapshotBlobPath) and DL4DS_KERNEL_SNAPSHOT is not 0, else without; `exec` leaves one process,
 * as Jupyter's signals expect. Arguments: $0 node, $1 entry, $2 blob path without flags and ".blob", $3 connection file.
 */
const SNAPSHOT_LAUNCH = [
  'b="$2"',
  `if [ -n "$NODE_OPTIONS" ]; then b="$b-$(printf %s "$NODE_OPTIONS" | tr -c 'A-Za-z0-9=-' '_')"; fi`,
  'if [ "$DL4DS_KERNEL_SNAPSHOT" != 0 ] && [ -s "$b.blob" ]; then exec "$0" --snapshot-blob "$b.blob" "$1" "$3"; fi',
  'exec "$0" "$1" "$3"',
].join("; ");

/** The kernel's entry script in a kernelspec's argv. */
export function kernelEntryOf(spec: KernelSpecJson): string {
  return spec.argv.find((a) => a.endsWith(path.join("dist", "kernel", "main.js"))) ?? spec.argv[1];
}

/**
 * The kernelspec for the kernel built in `root`/dist, run by the given node binary. With this process's own
 * binary, the kernel starts from the snapshot built for it when there is one (through /bin/sh).
 */
export function kernelSpecFor(root: string = projectRoot(), node: string = process.execPath): KernelSpecJson {
  const entry = path.join(path.resolve(root), "dist", "kernel", "main.js");
  const withSnapshot = node === process.execPath && process.platform !== "win32";
  return {
    argv: withSnapshot ? ["/bin/sh", "-c", SNAPSHOT_LAUNCH, node, entry, snapshotBlobBase(root), "{connection_file}"] : [node, entry, "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { debugger: false },
  };
}

/** Jupyter's per-user data folder (same rules as jupyter_core.paths.jupyter_data_dir). */
export function userDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  const home = os.homedir();
  if (process.platform === "darwin") return path.join(home, "Library", "Jupyter");
  if (process.platform === "win32") return path.join(process.env.APPDATA ?? path.join(home, "AppData", "Roaming"), "jupyter");
  return path.join(process.env.XDG_DATA_HOME || path.join(home, ".local", "share"), "jupyter");
}

/** sys.prefix of a Python interpreter; throws an Error saying how to fix a missing Python. */
export function pythonSysPrefix(python: string): string {
  const r = spawnSync(python, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error(`cannot run ${python} to find sys.prefix (${r.error?.message ?? r.stderr.trim()}); pass --python PATH or use --prefix DIR`);
  }
  return r.stdout.trim();
}

/** The kernels/ folder for a target. */
export function kernelsDir(target: InstallTarget): string {
  switch (target.kind) {
    case "user":
      return path.join(userDataDir(), "kernels");
    case "prefix":
      return path.join(path.resolve(target.prefix), "share", "jupyter", "kernels");
    case "sys-prefix":
      return path.join(pythonSysPrefix(target.python), "share", "jupyter", "kernels");
  }
}

/** Writes kernels/dl4ds/kernel.json (whole: temp file + rename). Returns the kernelspec folder. */
export function installKernelSpec(target: InstallTarget, spec: KernelSpecJson = kernelSpecFor()): string {
  const entry = kernelEntryOf(spec);
  if (!fs.existsSync(entry)) {
    throw new Error(`the kernel entry ${entry} does not exist; run \`npm run build\` first`);
  }
  const dir = path.join(kernelsDir(target), KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "kernel.json");
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(spec, null, 2) + "\n");
  fs.renameSync(tmp, file);
  return dir;
}
