/**
 * `dl4ds bench grade [--json] [--notebook PATH | --lessons 18.1,18.2] [--count N] [--workers N] [--timeout S] [--no-baseline] [--no-sandbox]`:
 * submissions graded per minute, sandboxed (as `dl4ds grade` grades) unless --no-sandbox. Each of N students submits the instructor's notebook with its
 * solutions (so every test runs to the end); default notebook: the 18.2 lesson, or the grading
 * fixture until that lesson exists. Each lesson is graded twice in the same run: as now, and the way it was
 * before the speed-ups (BEFORE_SPEED_UPS: kernels started without the start-up snapshot; figures rendered in full;
 * the notebook runner importing jsonschema's IRI checker; every cell run, also those after the last test cell), so
 * the speed-up is a ratio measured under the same load.
 * Also prints the hours 300 students × 11 lessons would take at the measured mean rate (goal ≤ 3 h).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { numberFlag, parseArgs, stringFlag } from "../args";
import { GradeOptions, gradeSubmissions, kernelNodeOptions } from "../../grading/grade";
import { ensureSnapshotBlob } from "../../kernel/snapshot/blob";
import { projectRoot } from "../../grading/paths";

/** One line for `dl4ds bench --list`. */
export const summary = "submissions graded per minute, now and without the speed-ups (18.2 lesson, 2 workers): --lessons 18.1,18.2 --count N --workers N";

function defaultNotebook(): string {
  const root = projectRoot();
  const lessons = path.join(root, "notebooks");
  const lesson = fs.existsSync(lessons) ? fs.readdirSync(lessons).filter((f) => /^18\.2.*\.ipynb$/.test(f)).sort()[0] : undefined;
  return lesson ? path.join(lessons, lesson) : path.join(root, "tests", "fixtures", "grading", "source", "add.ipynb");
}

function lessonNotebook(prefix: string): string {
  const lessons = path.join(projectRoot(), "notebooks");
  const found = fs.existsSync(lessons) ? fs.readdirSync(lessons).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith(".ipynb")).sort()[0] : undefined;
  if (!found) throw new Error(`bench grade: no notebooks/${prefix}-*.ipynb; build the lessons with \`npm run notebooks:build\``);
  return path.join(lessons, found);
}

/** CPU seconds of this process's finished children (Linux: cutime + cstime in /proc/self/stat), or undefined. */
function childCpuSeconds(): number | undefined {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[13]) + Number(f[14])) / 100; // cutime, cstime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/** The grading options that turn this project's grading speed-ups off (the path before them). */
const BEFORE_SPEED_UPS: Partial<GradeOptions> = { kernelSnapshot: false, fullFigures: true, runnerFullImports: true, allCells: true };

/** Grades N copies of each lesson (now, and before the speed-ups) and reports the rates. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const p = parseArgs(args, ["notebook", "lessons", "count", "workers", "timeout", "memory"], ["no-baseline", "no-sandbox"]);
  // Sandboxed, as `dl4ds grade` grades; --no-sandbox measures the unsandboxed path.
  const sandbox = !p.flags.has("no-sandbox");
  const notebooks = p.flags.has("lessons")
    ? stringFlag(p, "lessons", "").split(",").filter(Boolean).map(lessonNotebook)
    : [path.resolve(stringFlag(p, "notebook", defaultNotebook()))];
  for (const nb of notebooks) if (!fs.existsSync(nb)) throw new Error(`bench grade: ${nb} does not exist; pass --notebook PATH`);
  const count = numberFlag(p, "count", 4, { integer: true, min: 1 });
  const workers = numberFlag(p, "workers", 2, { integer: true, min: 1 });
  const cellTimeoutS = numberFlag(p, "timeout", 600, { min: 1 });
  const memoryMb = numberFlag(p, "memory", 4096, { integer: true, min: 64 });
  const baseline = !p.flags.has("no-baseline");
  // As `dl4ds grade` does: the start-up snapshot for the grading heap limit exists before the clock starts.
  const snapshot = ensureSnapshotBlob(projectRoot(), { ...process.env, NODE_OPTIONS: kernelNodeOptions(memoryMb) });
  if (snapshot && !snapshot.ok) throw new Error(`bench grade: could not build the kernel's start-up snapshot: ${snapshot.error}`);
  const lessons: Record<string, unknown>[] = [];
  for (const notebook of notebooks) {
    const now = await gradeCopies(notebook, count, { workers, cellTimeoutS, memoryMb, sandbox });
    const lesson: Record<string, unknown> = { ...now };
    if (baseline) {
      const before = await gradeCopies(notebook, count, { workers, cellTimeoutS, memoryMb, sandbox, ...BEFORE_SPEED_UPS });
      const speedup = Math.round((Number(now.submissionsPerMinute) / Number(before.submissionsPerMinute)) * 100) / 100;
      const cpuSpeedup =
        typeof now.cpuSecondsPerSubmission === "number" && typeof before.cpuSecondsPerSubmission === "number"
          ? Math.round((before.cpuSecondsPerSubmission / now.cpuSecondsPerSubmission) * 100) / 100
          : undefined;
      Object.assign(lesson, {
        baselineSubmissionsPerMinute: before.submissionsPerMinute,
        baselineCpuSecondsPerSubmission: before.cpuSecondsPerSubmission,
        baselineAllFullMarks: before.allFullMarks,
        speedup,
        cpuSpeedup,
        goals: { speedup_ge_2_5: speedup >= 2.5 },
      });
    }
    lessons.push(lesson);
  }
  const meanRate = lessons.reduce((s, l) => s + Number(l.submissionsPerMinute), 0) / lessons.length;
  const hours = (300 * 11) / meanRate / 60;
  const result: Record<string, unknown> = {
    lessons,
    estimateHours300x11: Math.round(hours * 10) / 10,
    estimateBasis: `mean rate of ${lessons.map((l) => l.notebook).join(", ")} with ${workers} workers on this machine`,
    goals: { course_le_3_h: hours <= 3 },
  };
  return lessons.length === 1 && !p.flags.has("lessons") ? { ...lessons[0], ...result, lessons: undefined } : result;
}

async function gradeCopies(notebook: string, count: number, opts: Partial<GradeOptions> & { workers: number; sandbox: boolean }): Promise<Record<string, unknown>> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-bench-grade-"));
  try {
    const subs = path.join(tmp, "submissions");
    for (let i = 0; i < count; i++) {
      const dir = path.join(subs, `student${String(i + 1).padStart(2, "0")}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(notebook, path.join(dir, path.basename(notebook)));
    }
    const started = process.hrtime.bigint();
    const cpu0 = childCpuSeconds();
    const report = await gradeSubmissions({ ...opts, submissions: subs, source: notebook, outDir: path.join(tmp, "grades"), keepNotebooks: false });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu1 = childCpuSeconds();
    const perSubmission = report.grades.map((g) => g.seconds).sort((a, b) => a - b);
    return {
      notebook: path.relative(projectRoot(), notebook),
      submissions: count,
      workers: opts.workers,
      sandbox: opts.sandbox,
      seconds: Math.round(seconds * 100) / 100,
      submissionsPerMinute: Math.round((count / seconds) * 60 * 100) / 100,
      medianSecondsPerSubmission: perSubmission[Math.floor(perSubmission.length / 2)],
      // CPU of the notebook runners and their kernels: what a busy machine disturbs far less than wall time.
      cpuSecondsPerSubmission: cpu0 !== undefined && cpu1 !== undefined ? Math.round(((cpu1 - cpu0) / count) * 100) / 100 : undefined,
      allFullMarks: report.grades.every((g) => g.status === "graded" && g.score === g.maxScore),
      scores: report.grades.map((g) => `${g.score}/${g.maxScore}`),
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
