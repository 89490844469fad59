/** Shared paths and helpers for the grading tests. */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Notebook } from "../../src/grading/notebook";

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
