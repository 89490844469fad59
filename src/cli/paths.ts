/** Where the project's pieces live on disk (used by the CLI commands). */
import * as fs from "fs";
import * as path from "path";
import { config, projectRoot } from "../config";

export { projectRoot };

/** An executable inside the project's Python environment (.venv/bin), e.g. venvBin("jupyter"). */
export function venvBin(name: string): string {
  return path.join(projectRoot(), ".venv", "bin", name);
}

/** True when the user asked to use their own Jupyter instead of .venv's (--system-jupyter, or DL4DS_SYSTEM_JUPYTER=1). */
export function wantsSystemJupyter(systemJupyterFlag = false): boolean {
  return systemJupyterFlag || config.systemJupyter;
}

/** The jupyter executable to use: .venv's, or the one on PATH when the user brings their own. */
export function jupyterExecutable(systemJupyterFlag = false): string {
  if (!wantsSystemJupyter(systemJupyterFlag) && fs.existsSync(venvBin("jupyter"))) return venvBin("jupyter");
  return "jupyter";
}

/** Where tfjs-node's libtensorflow came from, as recorded by scripts/setup.mjs. */
export function libtensorflowProvenance(): string | undefined {
  const file = path.join(projectRoot(), "node_modules", "@tensorflow", "tfjs-node", "deps", "dl4ds-provenance.json");
  if (!fs.existsSync(file)) return undefined;
  try {
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { source?: string }).source;
  } catch {
    return undefined;
  }
}
