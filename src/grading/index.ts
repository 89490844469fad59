/**
 * Instructor and autograder tools (issue 7): `dl4ds check`, `dl4ds assign`, `dl4ds grade`.
 * See docs/grading.md for the flow, the nbgrader set-up and what isolation the grader gives.
 * Names are prefixed where a plain name could clash with other folders' exports.
 */
export { checkNotebook, checkPaths, formatIssue as formatCheckIssue, GRADE_ID_PATTERN, REQUIRED_KERNELSPEC } from "./check";
export type { CheckIssue, CheckReport } from "./check";
export { assignFolder, assignNotebooks, releaseNotebook, LOCKED_MANIFEST } from "./assign";
export type { AssignReport, LockedCellRecord } from "./assign";
export { cellChecksum as nbgraderChecksum } from "./checksum";
export { MARKERS as NBGRADER_MARKERS, TYPESCRIPT_STUB, removeHiddenTests, replaceSolutionRegions } from "./markers";
export { readNotebook as readNotebookFile, parseNotebook as parseNotebookText } from "./notebook";
export type {
  CellRole as NbgraderCellRole,
  LoadedNotebook,
  NbgraderCellMeta,
  Notebook as IpynbNotebook,
  NotebookCell as IpynbCell,
  NotebookOutput as IpynbOutput,
} from "./notebook";
export { prepareSubmission } from "./restore";
export type { PreparedSubmission } from "./restore";
export { partialFraction as partialCreditFraction, scoreTestCell } from "./score";
export type { TestResult, TestStatus } from "./score";
export { feedbackHtml } from "./feedback";
export { DEFAULT_GRADE_OPTIONS, GradingSetupError, gradeSubmission, gradeSubmissions, gradesCsv, NO_SANDBOX_WARNING } from "./grade";
export { BWRAP_FIX, probeSandbox } from "./sandbox/bwrap";
export { hiddenLines, redactTestResult } from "./redact";
export type { GradeOptions, GradeReport, SubmissionGrade } from "./grade";
export { discoverSubmissions, loadSources } from "./submissions";
export type { SourceNotebook, SubmissionEntry } from "./submissions";
export { verifyRelease } from "./verify";
export type { ReleaseProblem, VerifyReleaseOptions } from "./verify";
export { KernelRunError, runNotebookInKernel } from "./runNotebook";
export type { CellRun, CellStatus, KernelRunOptions, KernelRunResult } from "./runNotebook";
