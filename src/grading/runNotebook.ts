/**
 * Runs a prepared notebook through a Jupyter kernel in a separate process tree:
 * grader (node) → run_notebook.py (nbclient, its own process group) → kernel (its own session,
 * with rlimits). The notebook travels on stdin and never touches the disk; the answer comes back
 * on stdout. Whatever happens, every process the run started is killed before this resolves.
 */
import { spawn } from "child_process";
import * as path from "path";
import { Notebook } from "./notebook";
import { pythonExecutable, runnerScript } from "./paths";

/** How one code cell ended. */
export type CellStatus = "ok" | "error" | "timeout" | "dead" | "not_run";

/** One executed code cell. */
export interface CellRun {
  index: number;
  status: CellStatus;
  /** Why it timed out / died / was not run. */
  message?: string | null;
  seconds: number;
}

/** What a kernel run returns. */
export interface KernelRunResult {
  cells: CellRun[];
  /** The notebook with outputs. */
  notebook: Notebook;
  /** Kernel restarts after hangs or crashes. */
  restarts: number;
  /** True when the sandboxed kernel had as many processes (and threads) as its budget allows. */
  processLimitHit?: boolean;
}

/** Settings for one run. */
export interface KernelRunOptions {
  kernelName: string;
  /** Kernel working folder. */
  cwd: string;
  /** The kernel's whole environment. */
  env: Record<string, string>;
  /** File the kernel's own stdout/stderr go to (outside `cwd`); its folder is also the runner's
   *  TMPDIR (connection file), so removing that folder removes everything the run left. */
  kernelLog: string;
  cellTimeoutS: number;
  startupTimeoutS: number;
  maxRestarts: number;
  /** Kernel address-space limit (RLIMIT_AS), MiB; 0 for none. */
  addressSpaceMb: number;
  /** Largest file the kernel may write (RLIMIT_FSIZE), MiB. */
  fileSizeMb: number;
  /** CPU seconds each kernel process may use (RLIMIT_CPU); 0 or undefined for none. */
  cpuSeconds?: number;
  /** Hard limit for the whole run, seconds. */
  wallTimeoutS: number;
  /** The runner imports jsonschema's IRI format checker as it did before (run_notebook.py --full-imports; for measuring). */
  runnerFullImports?: boolean;
  /** Run the kernel as `argv + kernel command` (bwrap), connected over ipc sockets in `runDirHost`,
   *  which the sandbox shows at `runDirInside`; `maxProcesses` is the budget `argv` sets (watched, to report it). */
  sandbox?: { argv: string[]; runDirHost: string; runDirInside: string; maxProcesses?: number };
}

/** The run could not happen at all (no kernel installed, runner crashed): not the student's fault. */
export class KernelRunError extends Error {
  constructor(message: string, readonly setupProblem: boolean) {
    super(message);
    this.name = "KernelRunError";
  }
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    /* already gone */
  }
}

/** Runs `nb` and resolves with every cell's status and outputs; rejects only with KernelRunError. */
export function runNotebookInKernel(nb: Notebook, opts: KernelRunOptions): Promise<KernelRunResult> {
  if (!nb || !Array.isArray(nb.cells)) throw new TypeError("runNotebookInKernel: expected a parsed notebook");
  for (const k of ["cellTimeoutS", "startupTimeoutS", "wallTimeoutS"] as const) {
    if (!(opts[k] > 0)) throw new Error(`runNotebookInKernel: ${k} must be > 0 (got ${opts[k]})`);
  }
  const request = {
    notebook: nb,
    kernel_name: opts.kernelName,
    cwd: opts.cwd,
    env: opts.env,
    kernel_stderr: opts.kernelLog,
    cell_timeout: opts.cellTimeoutS,
    startup_timeout: opts.startupTimeoutS,
    max_restarts: opts.maxRestarts,
    interrupt_grace: 3,
    max_output_chars: 100_000,
    limits: { address_space_mb: opts.addressSpaceMb, file_size_mb: opts.fileSizeMb, cpu_seconds: opts.cpuSeconds ?? 0 },
    sandbox: opts.sandbox && {
      argv: opts.sandbox.argv,
      run_dir_host: opts.sandbox.runDirHost,
      run_dir_inside: opts.sandbox.runDirInside,
      max_processes: opts.sandbox.maxProcesses ?? 0,
    },
  };
  return new Promise((resolve, reject) => {
    const child = spawn(pythonExecutable(), [runnerScript(), ...(opts.runnerFullImports ? ["--full-imports"] : [])], {
      stdio: ["pipe", "pipe", "pipe"],
      detached: true, // own process group, so a hard timeout can kill the runner and its children
      env: { ...process.env, PYTHONUNBUFFERED: "1", TMPDIR: path.dirname(opts.kernelLog) },
    });
    const pgids = new Set<number>();
    const out: Buffer[] = [];
    let err = "";
    let timedOut = false;
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString("utf8");
      for (const m of err.matchAll(/DL4DS_KERNEL_PGID (\d+)/g)) pgids.add(Number(m[1]));
      if (err.length > 200_000) err = err.slice(-100_000);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) killGroup(child.pid);
      for (const g of pgids) killGroup(g);
    }, opts.wallTimeoutS * 1000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new KernelRunError(`could not start the notebook runner (${e.message})`, true));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      for (const g of pgids) killGroup(g); // leftovers the kernel spawned in its group
      if (child.pid) killGroup(child.pid);
      if (timedOut) {
        reject(new KernelRunError(`grading this notebook took longer than ${opts.wallTimeoutS} s and was stopped`, false));
        return;
      }
      let parsed: { fatal?: string; setup?: boolean; process_limit_hit?: boolean } & Partial<KernelRunResult>;
      try {
        parsed = JSON.parse(Buffer.concat(out).toString("utf8"));
      } catch {
        // Not a set-up problem: the kernel runs as the same user and can kill its parent.
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const detail = err.replace(/DL4DS_KERNEL_PGID \d+\n/g, "").trim().slice(-500);
        reject(new KernelRunError(`the process running this notebook ${how} before reporting (did the code kill it?)${detail ? `: ${detail}` : ""}`, false));
        return;
      }
      if (parsed.fatal) {
        reject(new KernelRunError(parsed.fatal, parsed.setup === true));
        return;
      }
      const { process_limit_hit, ...result } = parsed;
      resolve({ ...(result as KernelRunResult), processLimitHit: process_limit_hit === true });
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(JSON.stringify(request));
  });
}
