/** Shared paths and helpers for the grading tests. */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Notebook, NotebookCell } from "../../src/grading/notebook";

export const ROOT = path.resolve(__dirname, "..", "..");
export const FIXTURES = path.join(ROOT, "tests", "fixtures", "grading");
export const SOURCE_DIR = path.join(FIXTURES, "source");
export const SOURCE_NB = path.join(SOURCE_DIR, "add.ipynb");
export const SUBMISSIONS = path.join(FIXTURES, "submissions");
export const VENV_BIN = path.join(ROOT, ".venv", "bin");
export const PYTHON = path.join(VENV_BIN, "python");

/** Reads a fixture notebook. */
export function loadFixture(file: string): Notebook {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
}

/** The fixture's add notebook with every solution filled in and `addCell` as the add solution; without its hidden
 *  tests when `dropHiddenTests` (a student's copy). */
export function addNotebookWith(addCell: string, { dropHiddenTests = false } = {}): Notebook {
  const nb = loadFixture(SOURCE_NB);
  const cells: NotebookCell[] = nb.cells.map((c) => {
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    const id = c.metadata?.nbgrader?.grade_id;
    let text = src.replace(/^\s*\/\/ (BEGIN|END) SOLUTION\n/gm, "");
    if (id === "add-solution") text = addCell;
    if (dropHiddenTests && id === "add-tests") text = text.replace(/\/\/ BEGIN HIDDEN TESTS[\s\S]*\/\/ END HIDDEN TESTS\n?/, "");
    return { ...c, source: text, outputs: [], execution_count: null } as NotebookCell;
  });
  return { ...nb, cells };
}

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Throws a clear error when the dl4ds kernel is not installed in .venv (the kernel tests need it). */
export function requireDl4dsKernel(): void {
  if (!fs.existsSync(PYTHON)) throw new Error(`no ${PYTHON}: run \`npm run setup\` before the grading tests`);
  try {
    execFileSync(PYTHON, ["-c", "from jupyter_client.kernelspec import KernelSpecManager as K; K().get_kernel_spec('dl4ds')"], { stdio: "pipe" });
  } catch {
    throw new Error("the dl4ds Jupyter kernel is not installed for .venv: run `npm run setup` (or `node bin/dl4ds.js install-kernel --prefix .venv`) before the grading tests");
  }
}
