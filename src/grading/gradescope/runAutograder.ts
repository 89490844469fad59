/**
 * What run_autograder does for one Gradescope submission: grades every notebook in
 * $GRADESCOPE_ROOT/submission (default /autograder/submission) against the instructor notebook with
 * the engine of `dl4ds grade`, and writes $GRADESCOPE_ROOT/results/results.json (whole: temp file,
 * then rename) — also when the submission is unreadable or the grader fails (score 0 and why).
 *
 *   node dist/grading/gradescope/runAutograder.js <instructor notebook>
 *
 * Environment: GRADESCOPE_ROOT; DL4DS_GRADESCOPE_MEMORY_MB (kernel heap, default 512, for
 * Gradescope's default 768 MB container); DL4DS_GRADESCOPE_TIMEOUT_S (per cell, default 300).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { config } from "../../config";
import { gradeSubmissions } from "../grade";
import { readNotebook, writeFileAtomic } from "../notebook";
import { probeSandbox } from "../sandbox/bwrap";
import type { SubmissionGrade } from "../submissionGrade";
import { failedResults, GradescopeResults, gradescopeResults, hiddenTestIds } from "./results";

/** Settings of one run_autograder call. */
export interface AutograderOptions {
  /** Gradescope's root folder (/autograder). */
  root: string;
  /** The instructor notebook (with hidden tests). */
  notebook: string;
  memoryMb: number;
  cellTimeoutS: number;
}

/** Every .ipynb under `dir` (three folders deep at most), skipping hidden files and macOS debris. */
export function submittedNotebooks(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string, depth: number): void => {
    let names: string[] = [];
    try {
      names = fs.readdirSync(d).sort();
    } catch {
      return;
    }
    for (const n of names) {
      if (n === ".ipynb_checkpoints" || n === "__MACOSX" || n.startsWith(".")) continue;
      const p = path.join(d, n);
      const st = fs.lstatSync(p);
      if (st.isDirectory() && depth < 3) walk(p, depth + 1);
      else if (st.isFile() && n.endsWith(".ipynb")) found.push(p);
    }
  };
  walk(dir, 0);
  return found;
}

function best(grades: SubmissionGrade[]): SubmissionGrade {
  return grades.reduce((a, b) => (b.score > a.score ? b : a));
}

/** Grades the submission and returns what was written to results.json. */
export async function runAutograder(opts: AutograderOptions): Promise<GradescopeResults> {
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  const submission = path.join(opts.root, "submission");
  const resultsFile = path.join(opts.root, "results", "results.json");
  let results: GradescopeResults;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-gradescope-"));
  try {
    const source = readNotebook(opts.notebook);
    if (!source.ok) throw new Error(`the instructor notebook ${opts.notebook} cannot be read: ${source.message}`);
    const hidden = hiddenTestIds(source.notebook);
    const notebooks = submittedNotebooks(submission);
    if (!notebooks.length) {
      const names = fs.existsSync(submission) ? fs.readdirSync(submission) : [];
      results = failedResults(
        `No notebook (.ipynb file) was found in the submission${names.length ? ` (it holds: ${names.slice(0, 10).join(", ")})` : ""}. Submit your ${path.basename(opts.notebook)}.`,
        seconds(),
      );
    } else {
      // One student folder per submitted notebook, holding the files next to it.
      const subs = path.join(work, "submissions");
      notebooks.forEach((nb, i) => {
        const student = `submission-${i + 1}`;
        fs.cpSync(path.dirname(nb), path.join(subs, student), { recursive: true, dereference: false, filter: (src) => !src.endsWith(".ipynb") || src === nb || path.dirname(src) !== path.dirname(nb) });
      });
      const sandbox = probeSandbox().ok;
      const report = await gradeSubmissions({
        submissions: subs,
        source: opts.notebook,
        outDir: path.join(work, "grades"),
        workers: 1,
        memoryMb: opts.memoryMb,
        cellTimeoutS: opts.cellTimeoutS,
        maxRestarts: 2,
        keepNotebooks: false,
        sandbox,
      });
      const graded = report.grades.filter((g) => g.status !== "unmatched");
      if (!graded.length) {
        results = failedResults(`None of the submitted notebooks (${report.grades.map((g) => g.file).join(", ")}) is ${path.basename(opts.notebook)}: ${report.grades.flatMap((g) => g.messages).join("; ")}`, seconds());
      } else {
        const g = best(graded);
        const notes = graded.length > 1 ? [`${graded.length} notebooks were submitted; the best one, ${g.file}, counts.`] : [];
        results = gradescopeResults(g, hidden, seconds(), notes);
      }
    }
  } catch (err) {
    results = failedResults(`The autograder could not grade this submission: ${(err as Error).message}`, seconds());
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  writeFileAtomic(resultsFile, JSON.stringify(results, null, 2) + "\n");
  return results;
}

if (require.main === module) {
  const notebook = process.argv[2];
  const root = process.env.GRADESCOPE_ROOT || "/autograder";
  runAutograder({
    root,
    notebook: notebook ?? "",
    memoryMb: Math.round(config.gradescopeMemoryMb),
    cellTimeoutS: config.gradescopeTimeoutS,
  })
    .then((r) => {
      process.stdout.write(`${r.output}\nscore ${r.score}; wrote ${path.join(root, "results", "results.json")}\n`);
    })
    .catch((err: Error) => {
      process.stderr.write(`run_autograder: ${err.stack ?? err.message}\n`);
      process.exit(1);
    });
}
