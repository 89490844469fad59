/**
 * Checks that a student version "runs top to bottom and fails only in exercise and test cells"
 * (issue 7, item 2): runs the released notebook through the kernel and lists every other cell that
 * raised, timed out or crashed — e.g. a plotting cell that calls the student's unfinished function.
 */
import * as path from "path";
import { cellRole, Notebook } from "./notebook";
import { projectRoot } from "./paths";
import { runNotebookInKernel } from "./runNotebook";
import { createWorkspace, removeWorkspace } from "./workspace";

/** A cell outside the exercise and test cells that fails in the student version. */
export interface ReleaseProblem {
  cell: number;
  status: string;
  message: string;
}

/** Options for {@link verifyRelease}. */
export interface VerifyReleaseOptions {
  kernelName?: string;
  cellTimeoutS?: number;
  /** Folder whose files the notebook needs (copied into the working folder). */
  dataDir?: string;
  seed?: number;
}

/** Runs the student version; resolves with the cells that fail but should not. */
export async function verifyRelease(released: Notebook, opts: VerifyReleaseOptions = {}): Promise<ReleaseProblem[]> {
  if (!released || !Array.isArray(released.cells)) throw new TypeError("verifyRelease: expected a parsed notebook");
  const root = projectRoot();
  const ws = createWorkspace(opts.dataDir ?? path.join(root, "notebooks"), path.join(root, "node_modules"));
  const timeout = opts.cellTimeoutS ?? 600;
  try {
    const run = await runNotebookInKernel(released, {
      kernelName: opts.kernelName ?? "dl4ds",
      cwd: ws.work,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: ws.home,
        TMPDIR: ws.home,
        NODE_PATH: path.join(root, "node_modules"),
        DL4DS_SEED: String(opts.seed ?? 0),
        TF_CPP_MIN_LOG_LEVEL: "2",
      },
      kernelLog: path.join(ws.privateDir, "kernel.log"),
      cellTimeoutS: timeout,
      startupTimeoutS: 120,
      maxRestarts: 2,
      addressSpaceMb: 0,
      fileSizeMb: 4096,
      wallTimeoutS: timeout * (released.cells.length + 2) * 3,
    });
    const problems: ReleaseProblem[] = [];
    for (const c of run.cells) {
      const role = cellRole(run.notebook.cells[c.index]);
      if (c.status === "ok" || role === "solution" || role === "test") continue;
      const err = (run.notebook.cells[c.index].outputs ?? []).find((o) => o.output_type === "error");
      problems.push({ cell: c.index, status: c.status, message: err ? `${err.ename}: ${err.evalue}` : c.message ?? c.status });
    }
    return problems;
  } finally {
    removeWorkspace(ws);
  }
}
