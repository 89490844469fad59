/**
 * PrairieLearn's external-grading results.json (docs/externalGrading.md in PrairieLearn/PrairieLearn,
 * "Grading results") from a dl4ds grade: `score` in [0, 1], `gradable`, `message`, `output`, and one
 * test per graded cell (`name`, `description`, `points`, `max_points`, `message`, `output`), as the
 * <pl-external-grader-results> element renders them. A submission that is not a notebook at all is
 * `gradable: false` with `format_errors`: PrairieLearn then neither scores it nor counts the attempt.
 */
import type { SubmissionGrade } from "../submissionGrade";
import type { TestResult } from "../score";

/** One test, as <pl-external-grader-results> renders it. */
export interface PrairieLearnTest {
  name: string;
  description: string;
  points: number;
  max_points: number;
  message: string;
  output: string;
}

/** The whole results.json. */
export interface PrairieLearnResults {
  gradable: boolean;
  score?: number;
  points?: number;
  max_points?: number;
  message: string;
  output?: string;
  format_errors?: string[];
  tests?: PrairieLearnTest[];
}

/** PrairieLearn drops results over 1 MB; each test's output is cut well below that. */
export const MAX_TEST_OUTPUT_CHARS = 16_000;

function clip(text: string, limit = MAX_TEST_OUTPUT_CHARS): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}\n… (${text.length - limit} more characters cut)`;
}

function testOutput(t: TestResult): string {
  return t.error ? clip(t.error.traceback || `${t.error.name}: ${t.error.message}`) : "";
}

/** results.json for one graded submission. */
export function prairieLearnResults(grade: SubmissionGrade, notes: string[] = []): PrairieLearnResults {
  if (!grade || !Array.isArray(grade.tests)) throw new Error("prairieLearnResults: pass a SubmissionGrade from dl4ds grade");
  if (grade.status === "unreadable" || grade.status === "unmatched") {
    return notGradable([...grade.messages, ...notes]);
  }
  const tests: PrairieLearnTest[] = grade.tests.map((t) => ({
    name: t.gradeId,
    description: `test cell ${t.cell}`,
    points: t.points,
    max_points: t.maxPoints,
    message: t.message,
    output: testOutput(t),
  }));
  const score = grade.maxScore > 0 ? Math.min(1, Math.max(0, grade.score / grade.maxScore)) : 0;
  return {
    gradable: true,
    score,
    points: grade.score,
    max_points: grade.maxScore,
    message: [`${grade.notebook || grade.file}: ${grade.score} / ${grade.maxScore} points`, ...grade.messages, ...notes].join("\n"),
    tests,
  };
}

/** results.json for a submission that cannot be graded: no score, the attempt does not count. */
export function notGradable(reasons: string[]): PrairieLearnResults {
  const errors = reasons.filter(Boolean).map((r) => clip(r, 4000));
  if (errors.length === 0) errors.push("The submission could not be graded.");
  return { gradable: false, message: errors.join("\n"), format_errors: errors };
}
