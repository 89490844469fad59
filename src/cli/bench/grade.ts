/**
 * `dl4ds bench grade [--json] [--notebook PATH] [--count N] [--workers N] [--timeout S] [--sandbox both|on|off]`:
 * submissions graded per minute. Each of N students submits the instructor's notebook with its
 * solutions (so every test runs to the end); default notebook: the 18.2 lesson, or the grading
 * fixture until that lesson exists. With `--sandbox both` (default) the same submissions are graded
 * in the bubblewrap sandbox and then with --no-sandbox, side by side, with the load average.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { numberFlag, parseArgs, stringFlag } from "../../grading/cliArgs";
import { gradeSubmissions } from "../../grading/grade";
import { projectRoot } from "../../grading/paths";

/** One line for `dl4ds bench --list`. */
export const summary = "submissions graded per minute (18.2 lesson, 2 workers), sandboxed vs not: --notebook PATH --count N --workers N --sandbox both|on|off";

function defaultNotebook(): string {
  const root = projectRoot();
  const lessons = path.join(root, "notebooks");
  const lesson = fs.existsSync(lessons) ? fs.readdirSync(lessons).filter((f) => /^18\.2.*\.ipynb$/.test(f)).sort()[0] : undefined;
  return lesson ? path.join(lessons, lesson) : path.join(root, "tests", "fixtures", "grading", "source", "add.ipynb");
}

interface Pass {
  seconds: number;
  submissionsPerMinute: number;
  medianSecondsPerSubmission: number;
  allFullMarks: boolean;
  scores: string[];
  loadAverage1m: number;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

async function gradePass(subs: string, notebook: string, out: string, opts: { workers: number; cellTimeoutS: number; memoryMb: number; sandbox: boolean }): Promise<Pass> {
  const started = process.hrtime.bigint();
  const report = await gradeSubmissions({ submissions: subs, source: notebook, outDir: out, keepNotebooks: false, ...opts });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const perSubmission = report.grades.map((g) => g.seconds).sort((a, b) => a - b);
  return {
    seconds: round2(seconds),
    submissionsPerMinute: round2((report.grades.length / seconds) * 60),
    medianSecondsPerSubmission: perSubmission[Math.floor(perSubmission.length / 2)],
    allFullMarks: report.grades.every((g) => g.status === "graded" && g.score === g.maxScore),
    scores: report.grades.map((g) => `${g.score}/${g.maxScore}`),
    loadAverage1m: round2(os.loadavg()[0]),
  };
}

/** Grades N copies (sandboxed, unsandboxed or both) and reports the rates. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const p = parseArgs(args, ["notebook", "count", "workers", "timeout", "memory", "sandbox"]);
  const notebook = path.resolve(stringFlag(p, "notebook", defaultNotebook()));
  if (!fs.existsSync(notebook)) throw new Error(`bench grade: ${notebook} does not exist; pass --notebook PATH`);
  const count = numberFlag(p, "count", 4, { integer: true, min: 1 });
  const workers = numberFlag(p, "workers", 2, { integer: true, min: 1 });
  const cellTimeoutS = numberFlag(p, "timeout", 600, { min: 1 });
  const memoryMb = numberFlag(p, "memory", 4096, { integer: true, min: 64 });
  const mode = stringFlag(p, "sandbox", "both");
  if (!["both", "on", "off"].includes(mode)) throw new Error(`bench grade: --sandbox must be both, on or off (got ${mode})`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-bench-grade-"));
  try {
    const subs = path.join(tmp, "submissions");
    for (let i = 0; i < count; i++) {
      const dir = path.join(subs, `student${String(i + 1).padStart(2, "0")}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(notebook, path.join(dir, path.basename(notebook)));
    }
    const opts = { workers, cellTimeoutS, memoryMb };
    const result: Record<string, unknown> = { notebook: path.relative(projectRoot(), notebook), submissions: count, workers, cpus: os.cpus().length, loadAverageAtStart: os.loadavg().map(round2) };
    const sandboxed = mode !== "off" ? await gradePass(subs, notebook, path.join(tmp, "grades-sandboxed"), { ...opts, sandbox: true }) : undefined;
    const open = mode !== "on" ? await gradePass(subs, notebook, path.join(tmp, "grades-open"), { ...opts, sandbox: false }) : undefined;
    if (sandboxed) result.sandboxed = sandboxed;
    if (open) result.noSandbox = open;
    if (sandboxed && open) {
      result.sandboxOverheadSecondsPerSubmission = round2(sandboxed.medianSecondsPerSubmission - open.medianSecondsPerSubmission);
      result.sandboxOverheadSecondsWallPerSubmission = round2((sandboxed.seconds - open.seconds) / count);
    }
    return result;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
