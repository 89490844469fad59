/** Where the grading tools find the project, its Python environment and the kernel runner. */
import * as fs from "fs";
import * as path from "path";
import { config, projectRoot } from "../config";

export { projectRoot };

/** The Python that has jupyter_client, nbclient and nbgrader: $DL4DS_PYTHON or <root>/.venv/bin/python. */
export function pythonExecutable(): string {
  const fromEnv = config.python;
  if (fromEnv) return fromEnv;
  const venv = path.join(projectRoot(), ".venv", "bin", "python");
  if (!fs.existsSync(venv)) {
    throw new Error(`no Python environment at ${venv}: run \`npm run setup\` (or set DL4DS_PYTHON to a python with nbclient)`);
  }
  return venv;
}

/** The Python script that runs one notebook for the grader. */
export function runnerScript(): string {
  return path.join(projectRoot(), "src", "grading", "python", "run_notebook.py");
}
