/** Types of scripts/notebooks/build.mjs (the 1-D lesson notebook generator), for the tests. */

/** One parsed cell of a lesson source. */
export interface LessonCell {
  kind: "markdown" | "code" | "solution" | "test";
  source: string;
  gradeId?: string;
  points?: number;
}

/** A notebook cell as written to the .ipynb file. */
export interface NotebookCell {
  cell_type: "markdown" | "code";
  id: string;
  metadata: { nbgrader?: Record<string, unknown> };
  source: string[];
  execution_count?: null;
  outputs?: unknown[];
}

/** The nbformat 4.5 notebook object. */
export interface LessonNotebook {
  cells: NotebookCell[];
  metadata: typeof NOTEBOOK_METADATA;
  nbformat: 4;
  nbformat_minor: 5;
}

/** Project root. */
export const ROOT: string;
/** Folder of the lesson sources (scripts/notebooks/lessons). */
export const LESSONS_DIR: string;
/** Folder the notebooks are written to (notebooks/). */
export const NOTEBOOKS_DIR: string;
/** Kernelspec and language_info of every lesson. */
export const NOTEBOOK_METADATA: {
  kernelspec: { name: string; display_name: string; language: string };
  language_info: { name: string; file_extension: string; mimetype: string };
};
/** Parses a lesson source; throws with the line number on malformed headers or repeated grade_ids. */
export function parseSource(text: string, name?: string): LessonCell[];
/** Builds the notebook object for parsed cells (cell ids `<stem>-<index>`). */
export function buildNotebook(cells: LessonCell[], stem: string): LessonNotebook;
/** The notebook file's text (1-space JSON and a final newline). */
export function notebookText(notebook: LessonNotebook): string;
/** The code cells joined into one TypeScript file. */
export function codeAsTypeScript(cells: LessonCell[]): string;
/** Lesson sources found in a folder (default LESSONS_DIR), sorted. */
export function lessonSources(dir?: string): Array<{ stem: string; file: string }>;
