/** Where the grading tools find the project, its Python environment and the kernel runner. */
import * as fs from "fs";
import * as path from "path";

/** The project root: the nearest folder above this file whose package.json is dl4ds-diffusion. */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string }).name === "dl4ds-diffusion") return dir;
      } catch {
        /* keep looking */
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error("could not find the dl4ds-diffusion project root above " + __dirname);
    dir = up;
  }
}

/** The Python that has jupyter_client, nbclient and nbgrader: $DL4DS_PYTHON or <root>/.venv/bin/python. */
export function pythonExecutable(): string {
  const fromEnv = process.env.DL4DS_PYTHON;
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
