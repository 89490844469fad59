/**
 * Gradescope's results.json (the autograder specification in gradescope/autograder_samples,
 * docs/specs.md) from a dl4ds grade: one test per graded cell, named by its grade_id.
 */
import { cellRole, cellSource, Notebook } from "../notebook";
import { MARKERS } from "../markers";
import type { SubmissionGrade } from "../submissionGrade";
import type { TestResult } from "../score";

/** One Gradescope test case (only fields the specification defines). */
export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  visibility: "visible" | "after_published";
}

/** The whole results.json (only fields the specification defines). */
export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  stdout_visibility: "hidden";
  tests: GradescopeTest[];
}

/** grade_ids of the test cells that hold hidden tests. */
export function hiddenTestIds(source: Notebook): Set<string> {
  const ids = new Set<string>();
  for (const cell of source.cells) {
    if (cellRole(cell) === "test" && cellSource(cell).includes(MARKERS.beginHidden)) ids.add(String(cell.metadata.nbgrader?.grade_id));
  }
  return ids;
}

function testOutput(t: TestResult): string {
  const parts = [t.message];
  if (t.error) parts.push(t.error.traceback || `${t.error.name}: ${t.error.message}`);
  return parts.filter(Boolean).join("\n\n");
}

/** results.json for one graded submission. A failed cell that holds hidden tests is shown to the
 *  student only once the instructor publishes the grades (its error could reveal the hidden test). */
export function gradescopeResults(grade: SubmissionGrade, hidden: Set<string>, seconds: number, notes: string[] = []): GradescopeResults {
  const tests: GradescopeTest[] = grade.tests.map((t) => {
    const passed = t.points >= t.maxPoints && t.status !== "failed";
    return {
      name: t.gradeId,
      score: t.points,
      max_score: t.maxPoints,
      status: passed ? "passed" : "failed",
      output: testOutput(t),
      visibility: !passed && hidden.has(t.gradeId) ? "after_published" : "visible",
    };
  });
  const head = `${grade.notebook || grade.file}: ${grade.score} / ${grade.maxScore} points`;
  return {
    score: grade.score,
    execution_time: Math.round(seconds),
    output: [head, ...grade.messages, ...notes].join("\n"),
    stdout_visibility: "hidden",
    tests,
  };
}

/** results.json when nothing could be graded: score 0 and the reason. */
export function failedResults(reason: string, seconds: number, tests: GradescopeTest[] = []): GradescopeResults {
  return { score: 0, execution_time: Math.round(seconds), output: reason, stdout_visibility: "hidden", tests };
}
