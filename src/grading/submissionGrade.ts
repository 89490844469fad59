/** The grade of one submitted file: what grade.ts computes and feedback.ts, gradescope/ present. */
import type { TestResult } from "./score";

/** The grade of one submitted file. */
export interface SubmissionGrade {
  student: string;
  /** Submitted file name. */
  file: string;
  /** Source notebook it was graded as ("" when unmatched). */
  notebook: string;
  matchedBy: "name" | "grade_ids" | "none";
  /** graded: it ran; unreadable: empty/not JSON/not a notebook; unmatched: no source; error: could not be run. */
  status: "graded" | "unreadable" | "unmatched" | "error";
  score: number;
  maxScore: number;
  tests: TestResult[];
  messages: string[];
  restarts: number;
  seconds: number;
}
