/** Where the project's pieces live on disk (used by the CLI commands). */
import * as fs from "fs";
import * as path from "path";

/** The project root (the folder holding package.json). */
export const projectRoot: string = path.resolve(__dirname, "..", "..");

/** The project's Python environment. */
export const venvDir: string = path.join(projectRoot, ".venv");

/** An executable inside .venv/bin, e.g. venvBin("jupyter"). */
export function venvBin(name: string): string {
  return path.join(venvDir, "bin", name);
}

/** True when the user asked to use their own Jupyter instead of .venv's. */
export function wantsSystemJupyter(args: string[] = []): boolean {
  return args.includes("--system-jupyter") || process.env.DL4DS_SYSTEM_JUPYTER === "1";
}

/** The jupyter executable to use: .venv's, or the one on PATH when the user brings their own. */
export function jupyterExecutable(args: string[] = []): string {
  if (!wantsSystemJupyter(args) && fs.existsSync(venvBin("jupyter"))) return venvBin("jupyter");
  return "jupyter";
}

/** Where tfjs-node's libtensorflow came from, as recorded by scripts/setup.mjs. */
export function libtensorflowProvenance(): string | undefined {
  const file = path.join(projectRoot, "node_modules", "@tensorflow", "tfjs-node", "deps", "dl4ds-provenance.json");
  if (!fs.existsSync(file)) return undefined;
  try {
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { source?: string }).source;
  } catch {
    return undefined;
  }
}
