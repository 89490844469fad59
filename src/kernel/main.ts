/**
 * The kernel entry point named in the kernelspec: `node dist/kernel/main.js {connection_file}`.
 *
 * Before anything else it brings dist/ up to date with src/ (so a restart picks up library edits),
 * then loads the server from the freshly built files.
 */
import * as path from "path";
import { config, projectRoot } from "../config";
import { watchParent } from "./parent-watch";
import { ensureFreshBuild } from "./rebuild";
import { adoptSnapshot, snapshotWantsRebuild } from "./snapshot/adopt";
import { startSnapshotBuild } from "./snapshot/blob";

// Started from the start-up snapshot: its TypeScript, with the declaration files already parsed, is the one to use.
adoptSnapshot();

// Quiet TensorFlow's C++ start-up logging (stderr) before anything can load it.
if (process.env.TF_CPP_MIN_LOG_LEVEL === undefined) process.env.TF_CPP_MIN_LOG_LEVEL = "2";

/** Starts the kernel for the connection file given as the first argument. */
export async function main(argv: string[]): Promise<void> {
  const connectionFile = argv[0];
  if (!connectionFile) {
    process.stderr.write("usage: node dist/kernel/main.js <connection_file>  (Jupyter starts this via the dl4ds kernelspec)\n");
    process.exit(2);
  }
  if (config.kernelRebuild) {
    try {
      ensureFreshBuild(projectRoot());
    } catch (err) {
      process.stderr.write(`dl4ds kernel: could not rebuild dist/ from src/: ${(err as Error).message}\n`);
    }
  }
  const { installCompileCache } = require("./compile-cache") as typeof import("./compile-cache");
  installCompileCache(path.join(projectRoot(), ".cache", "dl4ds-kernel"));
  const { startKernel } = require("./server") as typeof import("./server");
  const server = await startKernel(connectionFile);
  watchParent(() => void server.shutdown(1));
  // Once start-up is over: a missing or outdated snapshot is rebuilt in the background for the next start. Not in a
  // graded kernel (DL4DS_KERNEL_REBUILD=0): its project is read-only, and the grader builds the blob before grading.
  if (config.kernelRebuild) setTimeout(() => snapshotWantsRebuild() && startSnapshotBuild(projectRoot()), 5000).unref();
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: Error) => {
    process.stderr.write(`dl4ds kernel: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
