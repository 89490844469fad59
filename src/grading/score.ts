/**
 * Scoring one test cell from its outputs (issue 7, item 3):
 * - an `error` output, a timeout, or a kernel crash → 0 points;
 * - otherwise, an execute_result whose text is one finite number in [0, 1] → that fraction of the points;
 * - otherwise (no result, or any other result) → full points.
 * stderr output changes nothing. (nbgrader differs: it gives 0 when a test cell writes to stderr,
 * and reads a numeric result as points, not as a fraction — see docs/grading.md.)
 */
import { CellRun } from "./runNotebook";
import { NotebookCell, NotebookOutput } from "./notebook";

/** How a test ended. */
export type TestStatus = "passed" | "partial" | "failed" | "timeout" | "crashed" | "not_run";

/** The graded result of one test cell. */
export interface TestResult {
  gradeId: string;
  /** Index of the cell in the graded notebook. */
  cell: number;
  points: number;
  maxPoints: number;
  status: TestStatus;
  /** One line for people. */
  message: string;
  /** The error the test raised, when it raised one. */
  error?: { name: string; message: string; traceback: string };
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Removes terminal colour codes from traceback text. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
}

function joinText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join("");
  return typeof value === "string" ? value : "";
}

/** The partial-credit fraction in an execute_result, or undefined when it is not one number in [0, 1]. */
export function partialFraction(output: NotebookOutput): number | undefined {
  const text = joinText(output.data?.["text/plain"]).trim();
  if (!NUMBER.test(text)) return undefined;
  const x = Number(text);
  return Number.isFinite(x) && x >= 0 && x <= 1 ? x : undefined;
}

/** Rounds to 1e-6 so sums of fractions print cleanly and compare exactly between runs. */
export function roundPoints(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Scores one test cell given its run record (undefined when the cell never ran). */
export function scoreTestCell(cell: NotebookCell, index: number, run: CellRun | undefined): TestResult {
  const meta = cell.metadata?.nbgrader;
  const gradeId = typeof meta?.grade_id === "string" ? meta.grade_id : `cell-${index}`;
  const maxPoints = Number(meta?.points);
  if (!Number.isFinite(maxPoints) || maxPoints < 0) throw new Error(`scoreTestCell: test cell "${gradeId}" has no valid points; run dl4ds check on the source`);
  const base = { gradeId, cell: index, maxPoints };
  if (!run || run.status === "not_run") {
    return { ...base, points: 0, status: "not_run", message: run?.message ?? "the test did not run" };
  }
  if (run.status === "timeout") return { ...base, points: 0, status: "timeout", message: `the test ${run.message ?? "timed out"}` };
  if (run.status === "dead") return { ...base, points: 0, status: "crashed", message: `while the test ran, ${run.message ?? "the kernel died"}` };
  const outputs = cell.outputs ?? [];
  const err = outputs.find((o) => o.output_type === "error");
  if (!err && run.status === "error") {
    return { ...base, points: 0, status: "failed", message: run.message ?? "the test raised an error" };
  }
  if (err) {
    const name = String(err.ename ?? "Error");
    const message = String(err.evalue ?? "");
    const traceback = stripAnsi((err.traceback ?? []).join("\n"));
    return { ...base, points: 0, status: "failed", message: `${name}: ${message}`.trim(), error: { name, message, traceback } };
  }
  const result = outputs.find((o) => o.output_type === "execute_result");
  if (result) {
    const fraction = partialFraction(result);
    if (fraction !== undefined) {
      const points = roundPoints(fraction * maxPoints);
      const status: TestStatus = fraction === 1 ? "passed" : fraction === 0 ? "failed" : "partial";
      return { ...base, points, status, message: `partial credit: ${roundPoints(fraction * 100)}% of the cases pass` };
    }
  }
  return { ...base, points: maxPoints, status: "passed", message: "passed" };
}
