/**
 * `dl4ds run [paths] [--timeout S] [--allow-errors] [--seed N] [--out DIR]`: executes notebooks
 * headlessly through the dl4ds kernel (nbclient from the project's .venv), writing executed copies,
 * HTML exports and summary.json to build/notebooks/. Exits non-zero when a notebook fails.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "../../config";
import { numberFlag, optionalNumberFlag, parseArgs, stringFlag } from "../args";
import { KERNEL_NAME, kernelSpecFor } from "../../kernel/kernelspec";

/** One line for `dl4ds help`. */
export const summary = "execute notebooks headlessly: run [paths] [--timeout S] [--allow-errors] [--seed N] [--out DIR]";

/** Parsed options of `dl4ds run`. */
export interface RunOptions {
  paths: string[];
  timeoutSeconds: number;
  allowErrors: boolean;
  seed?: number;
  outDir: string;
  python: string;
}

/** Parses the command line; throws an Error that says what was wrong. */
export function parseRunArgs(args: string[], root: string = projectRoot()): RunOptions {
  const p = parseArgs(args, ["timeout", "seed", "out", "python"], ["allow-errors"], {
    hints: { timeout: "seconds per cell, e.g. --timeout 600", seed: "an integer, e.g. --seed 0", out: "a folder", python: "an interpreter path" },
  });
  return {
    paths: p.positionals,
    timeoutSeconds: numberFlag(p, "timeout", 600, { positive: true }),
    allowErrors: p.flags.has("allow-errors"),
    seed: optionalNumberFlag(p, "seed", { integer: true }),
    outDir: p.flags.has("out") ? path.resolve(stringFlag(p, "out", "")) : path.join(root, "build", "notebooks"),
    python: stringFlag(p, "python", path.join(root, ".venv", "bin", "python")),
  };
}

function findNotebooks(p: string, out: string[] = []): string[] {
  const st = fs.statSync(p);
  if (st.isFile()) {
    if (!p.endsWith(".ipynb")) throw new Error(`${p} is not a notebook (.ipynb)`);
    out.push(path.resolve(p));
    return out;
  }
  for (const entry of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === ".ipynb_checkpoints" || entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const q = path.join(p, entry.name);
    if (entry.isDirectory()) findNotebooks(q, out);
    else if (entry.name.endsWith(".ipynb")) out.push(path.resolve(q));
  }
  return out;
}

/** Writes a private Jupyter data folder whose dl4ds kernelspec is this checkout's kernel. */
function privateJupyterPath(root: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-run-"));
  const kdir = path.join(dir, "kernels", KERNEL_NAME);
  fs.mkdirSync(kdir, { recursive: true });
  fs.writeFileSync(path.join(kdir, "kernel.json"), JSON.stringify(kernelSpecFor(root), null, 2));
  return dir;
}

/** Runs the notebooks; resolves to the exit code. */
export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`Usage: dl4ds ${summary.replace("execute notebooks headlessly: ", "")}\n`);
    return 0;
  }
  const root = projectRoot();
  let opts: RunOptions;
  let notebooks: string[];
  try {
    opts = parseRunArgs(args, root);
    const inputs = opts.paths.length > 0 ? opts.paths : [path.join(root, "notebooks")];
    notebooks = inputs.flatMap((p) => {
      if (!fs.existsSync(p)) throw new Error(`${p} does not exist`);
      return findNotebooks(p);
    });
  } catch (err) {
    process.stderr.write(`dl4ds run: ${(err as Error).message}\n`);
    return 2;
  }
  if (notebooks.length === 0) {
    process.stderr.write("dl4ds run: no notebooks found\n");
    return 2;
  }
  if (!fs.existsSync(opts.python)) {
    process.stderr.write(`dl4ds run: ${opts.python} not found; run \`npm run setup\` to create .venv (or pass --python PATH)\n`);
    return 2;
  }
  const script = path.join(root, "src", "kernel", "python", "run_notebooks.py");
  const jupyterPath = privateJupyterPath(root);
  const env: NodeJS.ProcessEnv = { ...process.env, JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter) };
  if (opts.seed !== undefined) env.DL4DS_SEED = String(opts.seed);
  const pyArgs = [script, "--out", opts.outDir, "--root", root, "--timeout", String(opts.timeoutSeconds)];
  if (opts.allowErrors) pyArgs.push("--allow-errors");
  pyArgs.push(...notebooks);
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn(opts.python, pyArgs, { stdio: "inherit", env });
      child.on("error", (err) => {
        process.stderr.write(`dl4ds run: cannot start ${opts.python}: ${err.message}\n`);
        resolve(1);
      });
      child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    fs.rmSync(jupyterPath, { recursive: true, force: true });
  }
}
