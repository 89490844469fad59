/**
 * `dl4ds bench grade [--json] [--notebook PATH] [--count N] [--workers N] [--timeout S]`:
 * submissions graded per minute. Each of N students submits the instructor's notebook with its
 * solutions (so every test runs to the end); default notebook: the 18.2 lesson, or the grading
 * fixture until that lesson exists.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { numberFlag, parseArgs, stringFlag } from "../../grading/cliArgs";
import { gradeSubmissions } from "../../grading/grade";
import { projectRoot } from "../../grading/paths";

/** One line for `dl4ds bench --list`. */
export const summary = "submissions graded per minute (18.2 lesson, 2 workers): --notebook PATH --count N --workers N";

function defaultNotebook(): string {
  const root = projectRoot();
  const lessons = path.join(root, "notebooks");
  const lesson = fs.existsSync(lessons) ? fs.readdirSync(lessons).filter((f) => /^18\.2.*\.ipynb$/.test(f)).sort()[0] : undefined;
  return lesson ? path.join(lessons, lesson) : path.join(root, "tests", "fixtures", "grading", "source", "add.ipynb");
}

/** Grades N copies and reports the rate. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const p = parseArgs(args, ["notebook", "count", "workers", "timeout", "memory"]);
  const notebook = path.resolve(stringFlag(p, "notebook", defaultNotebook()));
  if (!fs.existsSync(notebook)) throw new Error(`bench grade: ${notebook} does not exist; pass --notebook PATH`);
  const count = numberFlag(p, "count", 4, { integer: true, min: 1 });
  const workers = numberFlag(p, "workers", 2, { integer: true, min: 1 });
  const cellTimeoutS = numberFlag(p, "timeout", 600, { min: 1 });
  const memoryMb = numberFlag(p, "memory", 4096, { integer: true, min: 64 });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-bench-grade-"));
  try {
    const subs = path.join(tmp, "submissions");
    for (let i = 0; i < count; i++) {
      const dir = path.join(subs, `student${String(i + 1).padStart(2, "0")}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(notebook, path.join(dir, path.basename(notebook)));
    }
    const started = process.hrtime.bigint();
    const report = await gradeSubmissions({ submissions: subs, source: notebook, outDir: path.join(tmp, "grades"), workers, cellTimeoutS, memoryMb, keepNotebooks: false });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const perSubmission = report.grades.map((g) => g.seconds).sort((a, b) => a - b);
    return {
      notebook: path.relative(projectRoot(), notebook),
      submissions: count,
      workers,
      seconds: Math.round(seconds * 100) / 100,
      submissionsPerMinute: Math.round((count / seconds) * 60 * 100) / 100,
      medianSecondsPerSubmission: perSubmission[Math.floor(perSubmission.length / 2)],
      allFullMarks: report.grades.every((g) => g.status === "graded" && g.score === g.maxScore),
      scores: report.grades.map((g) => `${g.score}/${g.maxScore}`),
      cpus: os.cpus().length,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
