/**
 * `dl4ds grade`: grades every submission in a folder, N at a time, and writes grades.csv, a JSON
 * file and a feedback page per submission — all at the end, after every kernel has exited, into a
 * staging folder that replaces the output folder in one rename (whole or nothing).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { sandboxEnvironment } from "../config";
import { ensureFreshBuild } from "../kernel/rebuild";
import { feedbackHtml } from "./feedback";
import { cellRole, cellSource, Notebook, replaceFolder, serializeNotebook } from "./notebook";
import { pythonExecutable, projectRoot } from "./paths";
import { hiddenLines, redactTestResult } from "./redact";
import { prepareSubmission } from "./restore";
import { KernelRunError, KernelRunOptions, KernelRunResult, runNotebookInKernel } from "./runNotebook";
import { BWRAP_FIX, bwrapArgs, probeSandbox, SANDBOX_HOME, SANDBOX_RUN, SANDBOX_TMP, sandboxUid } from "./sandbox/bwrap";
import { roundPoints, scoreTestCell, TestResult } from "./score";
import type { SubmissionGrade } from "./submissionGrade";
import { selectShard, Shard, shardFiles, validateShard } from "./shard";
import { discoverSubmissions, loadSources, safeName, SourceNotebook, SubmissionEntry } from "./submissions";
import { createWorkspace, removeWorkspace, Workspace } from "./workspace";

export type { SubmissionGrade } from "./submissionGrade";

/** Settings of a grading run (CLI flags in parentheses). */
export interface GradeOptions {
  /** Folder of <student>/<notebook>.ipynb. */
  submissions: string;
  /** Instructor notebooks: a folder or one file (--source, default notebooks/). */
  source: string;
  /** Output folder (--out, default grades/). */
  outDir: string;
  /** Submissions graded at once (--workers, default 2). */
  workers: number;
  /** Per-cell timeout in seconds (--timeout, default 120). */
  cellTimeoutS: number;
  /** V8 heap limit of the kernel in MiB (--memory, default 4096); its address space gets 4 GiB more. */
  memoryMb: number;
  /** Processes and threads the kernel and everything it starts may have at once, in the sandbox
   *  (--max-processes, default 256; the kernel itself has about 20 threads). */
  maxProcesses: number;
  /** CPU seconds each kernel process may use (--cpu-time, default 1800; RLIMIT_CPU, so each process
   *  the notebook starts has its own). */
  cpuSeconds: number;
  /** DL4DS_SEED for the kernel (--seed, default 0). */
  seed: number;
  /** Jupyter kernel name (--kernel, default dl4ds). */
  kernelName: string;
  /** Kernel restarts allowed per submission (--max-restarts, default 4). */
  maxRestarts: number;
  /** Seconds to wait for the kernel to start. */
  startupTimeoutS: number;
  /** Also write the executed notebooks (with hidden tests) to <out>/autograded/ for the instructor. */
  keepNotebooks: boolean;
  /** Run every kernel in a bubblewrap sandbox (default); false is `--no-sandbox`. */
  sandbox: boolean;
  /** Also run the cells after the last test cell (--all-cells; default false: they cannot change a score). */
  allCells?: boolean;
  /** Render figures in full (SVG/PNG/HTML) instead of their spec only (--full-figures; default false). */
  fullFigures?: boolean;
  /** Start kernels from the start-up snapshot (default true; false for measuring the path before it). */
  kernelSnapshot?: boolean;
  /** The notebook runner imports jsonschema's IRI checker as before (default false; for measuring). */
  runnerFullImports?: boolean;
  /** Grade only this shard of the students (--shard K/N) and write its manifest (shard.ts). */
  shard?: Shard;
  /** Called after each submission is graded. */
  onGraded?: (grade: SubmissionGrade) => void;
}

/** Defaults for everything but the submissions folder. */
export const DEFAULT_GRADE_OPTIONS: Omit<GradeOptions, "submissions"> = {
  source: "notebooks",
  outDir: "grades",
  workers: 2,
  cellTimeoutS: 120,
  memoryMb: 4096,
  maxProcesses: 256,
  cpuSeconds: 1800,
  seed: 0,
  kernelName: "dl4ds",
  maxRestarts: 4,
  startupTimeoutS: 60,
  keepNotebooks: true,
  sandbox: true,
};

/** The first message of every row graded with `--no-sandbox`, and the console warning. */
export const NO_SANDBOX_WARNING =
  "GRADED WITHOUT A SANDBOX (--no-sandbox): student code ran as the grading user and could read the hidden tests, write outside its working copy, open network connections and leave processes behind";

/** What a run produced. */
export interface GradeReport {
  grades: SubmissionGrade[];
  outDir: string;
  ignored: string[];
  seconds: number;
}

/** Something about the set-up (not a submission) stops grading; nothing is written. */
export class GradingSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GradingSetupError";
  }
}

function validate(opts: GradeOptions): void {
  const positive = (name: string, v: number, integer = false): void => {
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
      throw new Error(`grade: ${name} must be a positive ${integer ? "integer" : "number"} (got ${v})`);
    }
  };
  if (typeof opts.submissions !== "string" || !opts.submissions) throw new Error("grade: pass the submissions folder");
  positive("workers", opts.workers, true);
  positive("timeout", opts.cellTimeoutS);
  positive("memory", opts.memoryMb, true);
  positive("max-processes", opts.maxProcesses, true);
  positive("cpu-time", opts.cpuSeconds, true);
  if (opts.maxProcesses < 32) throw new Error(`grade: max-processes must be at least 32: the kernel itself runs about 20 threads (got ${opts.maxProcesses})`);
  positive("startup timeout", opts.startupTimeoutS);
  if (!Number.isInteger(opts.seed) || opts.seed < 0) throw new Error(`grade: seed must be an integer >= 0 (got ${opts.seed})`);
  if (!Number.isInteger(opts.maxRestarts) || opts.maxRestarts < 0) throw new Error(`grade: max-restarts must be an integer >= 0 (got ${opts.maxRestarts})`);
  if (!/^[A-Za-z0-9._-]+$/.test(opts.kernelName)) throw new Error(`grade: kernel name "${opts.kernelName}" is not a kernelspec name`);
  if (opts.shard !== undefined) validateShard(opts.shard);
}

/** Fails fast, before any grading, when the kernel is not installed. */
export function assertKernelInstalled(kernelName: string): void {
  try {
    execFileSync(
      pythonExecutable(),
      // As in run_notebook.py: jsonschema's optional IRI checker (about 1 s of CPU to import) is not needed.
      ["-c", "import sys\nsys.modules.setdefault('rfc3987_syntax', None)\nimport nbclient, nbformat\nfrom jupyter_client.kernelspec import KernelSpecManager\nKernelSpecManager().get_kernel_spec(sys.argv[1])", kernelName],
      { stdio: ["ignore", "ignore", "pipe"], timeout: 60_000 },
    );
  } catch {
    throw new GradingSetupError(
      `the Jupyter kernel "${kernelName}" (or nbclient) is not installed for ${pythonExecutable()}: run \`npm run setup\` (or \`dl4ds install-kernel --prefix .venv\`) and check \`.venv/bin/jupyter kernelspec list\``,
    );
  }
}

/** Fails fast, before any grading, when bwrap cannot make a sandbox; brings dist/ up to date (the
 *  sandboxed kernel cannot). */
export function assertSandboxAvailable(): void {
  const probe = probeSandbox();
  if (!probe.ok) {
    throw new GradingSetupError(`${probe.reason}, and dl4ds grade runs every kernel in a bubblewrap sandbox: ${BWRAP_FIX}. To grade trusted work without isolation: --no-sandbox`);
  }
  if (probe.budgetNote) process.stderr.write(`dl4ds grade: ${probe.budgetNote}; run the grader as a normal user or as root with CAP_SYS_ADMIN\n`);
  ensureFreshBuild(projectRoot());
}

/** The kernel's NODE_OPTIONS for a heap limit (the kernel's start-up snapshot is built per NODE_OPTIONS). */
export function kernelNodeOptions(memoryMb: number): string {
  return `--max-old-space-size=${memoryMb}`;
}

function kernelEnv(opts: GradeOptions, ws: Workspace): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: opts.sandbox ? SANDBOX_HOME : ws.home,
    TMPDIR: opts.sandbox ? SANDBOX_TMP : ws.home,
    LANG: "C.UTF-8",
    TZ: "UTC",
    NODE_PATH: path.join(projectRoot(), "node_modules"),
    NODE_OPTIONS: kernelNodeOptions(opts.memoryMb),
    TF_CPP_MIN_LOG_LEVEL: "2",
    DL4DS_GRADING: "1",
  };
  // Only the DL4DS_* variables configuration marks as safe for a graded kernel (device, backend, snapshot).
  Object.assign(env, sandboxEnvironment());
  env.DL4DS_SEED = String(opts.seed);
  // dist/ is read-only in the sandbox; the grader brings it up to date before grading.
  if (opts.sandbox) env.DL4DS_KERNEL_REBUILD = "0";
  if (opts.fullFigures) env.DL4DS_GRADING_FIGURES = "full";
  if (opts.kernelSnapshot === false) env.DL4DS_KERNEL_SNAPSHOT = "0";
  return env;
}

/** The sandbox part of the runner's request (undefined with --no-sandbox). */
function sandboxRequest(opts: GradeOptions, ws: Workspace, uid: number | undefined): KernelRunOptions["sandbox"] {
  if (!opts.sandbox) return undefined;
  const probe = probeSandbox();
  if (!probe.ok) throw new GradingSetupError(`${probe.reason}: ${BWRAP_FIX}`);
  const layout = { projectRoot: projectRoot(), nodeBinary: process.execPath, work: ws.work, home: ws.home, tmp: ws.tmp, run: ws.run, maxProcesses: opts.maxProcesses, uid };
  return { argv: bwrapArgs(probe.bwrap, layout), runDirHost: ws.run, runDirInside: SANDBOX_RUN, maxProcesses: opts.maxProcesses };
}

/** The feedback line for a notebook that used up its process budget. */
export function processLimitMessage(maxProcesses: number): string {
  if (!Number.isInteger(maxProcesses) || maxProcesses <= 0) throw new Error(`processLimitMessage: expected a positive integer budget (got ${maxProcesses})`);
  return `your notebook started more than ${maxProcesses} processes (threads count too), the limit for one notebook: starting more failed`;
}

function emptyTests(source: SourceNotebook, reason: string): TestResult[] {
  return source.notebook.cells
    .map((cell, i) => ({ cell, i }))
    .filter(({ cell }) => cellRole(cell) === "test")
    .map(({ cell, i }) => ({
      gradeId: String(cell.metadata.nbgrader?.grade_id),
      cell: i,
      points: 0,
      maxPoints: Number(cell.metadata.nbgrader?.points ?? 0),
      status: "not_run" as const,
      message: reason,
    }));
}

/** Grades one submission; never throws for anything the submission does (only for set-up problems). */
export async function gradeSubmission(entry: SubmissionEntry, opts: GradeOptions): Promise<{ grade: SubmissionGrade; executed?: Notebook }> {
  const started = Date.now();
  const base = {
    student: entry.student,
    file: entry.fileName,
    notebook: entry.source?.name ?? "",
    matchedBy: entry.matchedBy,
    messages: [...(opts.sandbox ? [] : [NO_SANDBOX_WARNING]), ...entry.messages],
    restarts: 0,
  };
  const finish = (g: Omit<SubmissionGrade, "seconds">): SubmissionGrade => ({ ...g, seconds: roundPoints((Date.now() - started) / 1000) });
  if (!entry.source) {
    if (!entry.loaded.ok) base.messages.push(`the file could not be read: ${entry.loaded.message}`);
    return { grade: finish({ ...base, status: "unmatched", score: 0, maxScore: 0, tests: [] }) };
  }
  const source = entry.source;
  if (!entry.loaded.ok) {
    base.messages.push(`the file could not be graded: ${entry.loaded.message}`);
    return { grade: finish({ ...base, status: "unreadable", score: 0, maxScore: source.maxScore, tests: emptyTests(source, `not run: ${entry.loaded.message}`) }) };
  }
  const prepared = prepareSubmission(source.notebook, entry.loaded.notebook);
  base.messages.push(...prepared.messages);
  const uid = opts.sandbox ? sandboxUid() : undefined;
  const ws = createWorkspace(path.dirname(entry.path), path.join(projectRoot(), "node_modules"), uid);
  base.messages.push(...ws.notes);
  // Cells after the last test cell cannot change a score, so they are not run (their figures are work nobody
  // reads); they come back unexecuted in the autograded copy. allCells (--all-cells) runs them too.
  const lastTest = prepared.notebook.cells.map((c) => cellRole(c)).lastIndexOf("test");
  const untouched = opts.allCells || lastTest < 0 ? [] : prepared.notebook.cells.slice(lastTest + 1);
  const toRun = untouched.length > 0 ? { ...prepared.notebook, cells: prepared.notebook.cells.slice(0, lastTest + 1) } : prepared.notebook;
  const codeCells = toRun.cells.filter((c) => c.cell_type === "code").length;
  let run: KernelRunResult;
  try {
    run = await runNotebookInKernel(toRun, {
      kernelName: opts.kernelName,
      cwd: ws.work,
      env: kernelEnv(opts, ws),
      sandbox: sandboxRequest(opts, ws, uid),
      kernelLog: path.join(ws.privateDir, "kernel.log"),
      cellTimeoutS: opts.cellTimeoutS,
      startupTimeoutS: opts.startupTimeoutS,
      maxRestarts: opts.maxRestarts,
      addressSpaceMb: opts.memoryMb + 4096,
      fileSizeMb: 1024,
      cpuSeconds: opts.cpuSeconds,
      runnerFullImports: opts.runnerFullImports,
      wallTimeoutS: (opts.startupTimeoutS + 15 + opts.cellTimeoutS * codeCells) * (opts.maxRestarts + 2),
    });
  } catch (err) {
    if (err instanceof KernelRunError && err.setupProblem) throw new GradingSetupError(err.message);
    const message = err instanceof Error ? err.message : String(err);
    base.messages.push(`the notebook could not be run: ${message}`);
    return { grade: finish({ ...base, status: "error", score: 0, maxScore: source.maxScore, tests: emptyTests(source, `not run: ${message}`) }) };
  } finally {
    removeWorkspace(ws);
  }
  const runs = new Map(run.cells.map((c) => [c.index, c]));
  const testCells = run.notebook.cells.map((cell, i) => ({ cell, i })).filter(({ cell }) => cellRole(cell) === "test");
  // Any test's error may quote hidden tests (student code can read earlier cells from the kernel).
  const hidden = testCells.flatMap(({ cell }) => hiddenLines(cellSource(cell)));
  const tests = testCells.map(({ cell, i }) => redactTestResult(scoreTestCell(cell, i, runs.get(i)), hidden));
  if (run.processLimitHit) base.messages.push(processLimitMessage(opts.maxProcesses));
  if (run.restarts > 0) base.messages.push(`the kernel was restarted ${run.restarts} time(s); the cells before the failure were run again`);
  for (const c of run.cells) {
    if ((c.status === "timeout" || c.status === "dead") && cellRole(run.notebook.cells[c.index]) !== "test") {
      base.messages.push(`cell ${c.index} ${c.message ?? c.status}`);
    }
  }
  const score = roundPoints(tests.reduce((s, t) => s + t.points, 0));
  return {
    grade: finish({ ...base, restarts: run.restarts, status: "graded", score, maxScore: source.maxScore, tests }),
    executed: untouched.length > 0 ? { ...run.notebook, cells: [...run.notebook.cells, ...untouched] } : run.notebook,
  };
}

async function inPool<T, R>(items: T[], workers: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]);
      } catch (err) {
        failure = err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, items.length) }, worker));
  if (failure !== undefined) throw failure;
  return results;
}

const csvCell = (v: string | number): string => {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === "string") s = "'" + s; // no formulas when opened in a spreadsheet
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** grades.csv text: one row per submitted file. */
export function gradesCsv(grades: SubmissionGrade[]): string {
  const head = ["student", "notebook", "file", "score", "max_score", "status", "tests_passed", "tests_total", "messages"];
  const rows = grades.map((g) =>
    [g.student, g.notebook, g.file, g.score, g.maxScore, g.status, g.tests.filter((t) => t.status === "passed").length, g.tests.length, g.messages.join(" | ")]
      .map(csvCell)
      .join(","),
  );
  return [head.join(","), ...rows].join("\n") + "\n";
}

function stem(file: string): string {
  return safeName(file.replace(/\.ipynb$/, ""));
}

/** Writes every output into a staging folder, then swaps it in for `outDir` (whole or nothing). */
export function writeGradeOutputs(outDir: string, results: Array<{ grade: SubmissionGrade; executed?: Notebook }>, keepNotebooks: boolean, extraFiles: Record<string, string> = {}): void {
  const parent = path.dirname(path.resolve(outDir));
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(outDir)}.staging-`));
  try {
    fs.writeFileSync(path.join(staging, "grades.csv"), gradesCsv(results.map((r) => r.grade)));
    for (const [name, text] of Object.entries(extraFiles)) fs.writeFileSync(path.join(staging, name), text);
    for (const { grade, executed } of results) {
      const student = safeName(grade.student);
      const name = stem(grade.file);
      fs.mkdirSync(path.join(staging, "results", student), { recursive: true });
      fs.mkdirSync(path.join(staging, "feedback", student), { recursive: true });
      fs.writeFileSync(path.join(staging, "results", student, `${name}.json`), JSON.stringify(grade, null, 2) + "\n");
      fs.writeFileSync(path.join(staging, "feedback", student, `${name}.html`), feedbackHtml(grade));
      if (keepNotebooks && executed) {
        fs.mkdirSync(path.join(staging, "autograded", student), { recursive: true });
        fs.writeFileSync(path.join(staging, "autograded", student, `${name}.ipynb`), serializeNotebook(executed));
      }
    }
    replaceFolder(staging, path.resolve(outDir));
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

/** Grades every submission under `opts.submissions` and writes the outputs. */
export async function gradeSubmissions(options: Partial<GradeOptions> & { submissions: string }): Promise<GradeReport> {
  const opts: GradeOptions = { ...DEFAULT_GRADE_OPTIONS, ...options };
  validate(opts);
  const started = Date.now();
  const sources = loadSources(opts.source);
  const { entries: found, ignored } = discoverSubmissions(opts.submissions, sources);
  const entries = opts.shard ? selectShard(found, opts.shard) : found;
  if (entries.some((e) => e.source && e.loaded.ok)) {
    if (opts.sandbox) assertSandboxAvailable();
    assertKernelInstalled(opts.kernelName);
  }
  const results = await inPool(entries, opts.workers, async (entry) => {
    const r = await gradeSubmission(entry, opts);
    opts.onGraded?.(r.grade);
    return r;
  });
  // Deterministic order whatever finished first.
  results.sort((a, b) => (a.grade.student + "\u0000" + a.grade.file < b.grade.student + "\u0000" + b.grade.file ? -1 : 1));
  writeGradeOutputs(opts.outDir, results, opts.keepNotebooks, opts.shard ? shardFiles(opts.shard, sources, found, entries) : {});
  return { grades: results.map((r) => r.grade), outDir: path.resolve(opts.outDir), ignored, seconds: (Date.now() - started) / 1000 };
}
