/**
 * A PrairieLearn external grader for the lessons: PrairieLearn mounts the job at /grade —
 *
 *   /grade/data/data.json   the question's data object (params, submitted_answers, …)
 *   /grade/student/         the student's files (the submitted notebook)
 *   /grade/tests/           the question's tests/ folder: the instructor notebook, hidden tests included
 *
 * — runs the question's entrypoint, and reads /grade/results/results.json. This grades the
 * submitted notebook(s) against the instructor notebook with the engine of `dl4ds grade` and
 * writes results.json whole (temp file, then rename), also when nothing could be graded.
 *
 *   node <dl4ds>/dist/grading/prairielearn/runGrader.js
 *
 * The instructor notebook is the one .ipynb in /grade/tests, or, when there are several, the one
 * named by `params.dl4ds_notebook` in data.json. Environment: PL_GRADE_ROOT (default /grade, to try
 * it on a simulated tree); DL4DS_PL_MEMORY_MB (kernel heap, default 1024); DL4DS_PL_TIMEOUT_S (per
 * cell, default 120; PrairieLearn stops the whole job at the question's `timeout`, at most 600 s).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readSetting } from "../../config";
import { gradeSubmissions } from "../grade";
import { writeFileAtomic } from "../notebook";
import { probeSandbox } from "../sandbox/bwrap";
import { submittedNotebooks } from "../gradescope/runAutograder";
import { notGradable, PrairieLearnResults, prairieLearnResults } from "./results";

/** Settings of one grading job. */
export interface PrairieLearnOptions {
  /** The job's root folder (/grade). */
  root: string;
  memoryMb: number;
  cellTimeoutS: number;
}

/** The instructor notebook of the question, from /grade/tests and data.json. */
export function instructorNotebook(root: string): string {
  const tests = path.join(root, "tests");
  const found = fs.existsSync(tests) ? fs.readdirSync(tests).filter((f) => f.endsWith(".ipynb") && !f.startsWith(".")).sort() : [];
  if (found.length === 1) return path.join(tests, found[0]);
  if (found.length === 0) throw new Error(`no instructor notebook in ${tests}: put the lesson notebook (with its hidden tests) in the question's tests/ folder`);
  let wanted: unknown;
  try {
    const data = JSON.parse(fs.readFileSync(path.join(root, "data", "data.json"), "utf8")) as { params?: Record<string, unknown> };
    wanted = data?.params?.dl4ds_notebook;
  } catch {
    wanted = undefined;
  }
  if (typeof wanted !== "string" || !found.includes(wanted)) {
    throw new Error(`${tests} holds ${found.length} notebooks (${found.join(", ")}); name the one to grade against in the question's params.dl4ds_notebook (server.py) or keep one per question`);
  }
  return path.join(tests, wanted);
}

/** Grades the job under `opts.root` and returns what was written to results/results.json. */
export async function runPrairieLearnGrader(opts: PrairieLearnOptions): Promise<PrairieLearnResults> {
  if (!opts || typeof opts.root !== "string" || !opts.root) throw new Error("runPrairieLearnGrader: pass the job's root folder (/grade)");
  const resultsFile = path.join(opts.root, "results", "results.json");
  let results: PrairieLearnResults;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-prairielearn-"));
  try {
    const notebook = instructorNotebook(opts.root);
    const student = path.join(opts.root, "student");
    const notebooks = submittedNotebooks(student);
    if (!notebooks.length) {
      const names = fs.existsSync(student) ? fs.readdirSync(student) : [];
      results = notGradable([`No notebook (.ipynb file) was submitted${names.length ? ` (the submission holds: ${names.slice(0, 10).join(", ")})` : ""}. Upload your ${path.basename(notebook)}.`]);
    } else {
      const subs = path.join(work, "submissions");
      // One folder per submitted notebook, with the files beside it (data the notebook reads) but not the other notebooks.
      notebooks.forEach((nb, i) => {
        const here = path.dirname(nb);
        fs.cpSync(here, path.join(subs, `submission-${i + 1}`), { recursive: true, dereference: false, filter: (src) => src === here || !src.endsWith(".ipynb") || src === nb || path.dirname(src) !== here });
      });
      const sandbox = probeSandbox().ok;
      const report = await gradeSubmissions({
        submissions: subs,
        source: notebook,
        outDir: path.join(work, "grades"),
        workers: 1,
        memoryMb: opts.memoryMb,
        cellTimeoutS: opts.cellTimeoutS,
        maxRestarts: 2,
        keepNotebooks: false,
        sandbox,
      });
      const graded = report.grades.filter((g) => g.status === "graded" || g.status === "error");
      if (!graded.length) {
        results = notGradable(report.grades.flatMap((g) => [`${g.file}:`, ...g.messages]));
      } else {
        const best = graded.reduce((a, b) => (b.score > a.score ? b : a));
        const notes = graded.length > 1 ? [`${graded.length} notebooks were submitted; the best one, ${best.file}, counts.`] : [];
        if (!sandbox) notes.push("Graded without the bubblewrap sandbox (the container could not make one); the container is the only isolation.");
        results = prairieLearnResults(best, notes);
      }
    }
  } catch (err) {
    results = notGradable([`The autograder could not grade this submission: ${(err as Error).message}. Ask your instructor to check the question's grader.`]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  writeFileAtomic(resultsFile, JSON.stringify(results) + "\n");
  return results;
}

if (require.main === module) {
  const root = process.env.PL_GRADE_ROOT || "/grade";
  runPrairieLearnGrader({
    root,
    memoryMb: Math.round(readSetting("plMemoryMb")),
    cellTimeoutS: readSetting("plTimeoutS"),
  })
    .then((r) => {
      process.stdout.write(`${r.message}\n${r.gradable ? `score ${r.score}` : "not gradable"}; wrote ${path.join(root, "results", "results.json")}\n`);
    })
    .catch((err: Error) => {
      process.stderr.write(`dl4ds PrairieLearn grader: ${err.stack ?? err.message}\n`);
      process.exit(1);
    });
}
