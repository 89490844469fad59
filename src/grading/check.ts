/**
 * `dl4ds check`: validates the nbgrader metadata and markers of instructor notebooks.
 *
 * Rules (issue 7, item 1): nbgrader schema_version 3; metadata keys exactly grade, solution, locked,
 * grade_id, schema_version, plus points only on test cells; grade_id unique and ^[a-zA-Z0-9_-]+$;
 * solution markers balanced and only in solution cells; hidden-test markers balanced and only in
 * test cells; kernelspec {name: "dl4ds", language: "typescript"}; every solution cell followed by a
 * test cell before the next solution cell.
 */
import * as path from "path";
import { MARKERS, scanRegions } from "./markers";
import { cellRole, cellSource, findNotebooks, nbgraderMeta, Notebook, readNotebook } from "./notebook";

/** The kernelspec every lesson notebook must name. */
export const REQUIRED_KERNELSPEC = { name: "dl4ds", language: "typescript" } as const;

/** grade_id pattern nbgrader accepts. */
export const GRADE_ID_PATTERN = /^[a-zA-Z0-9_-]+$/;

const ALLOWED_KEYS = new Set(["grade", "solution", "locked", "points", "grade_id", "schema_version"]);

/** One problem found by the checker. */
export interface CheckIssue {
  /** Notebook file (as given). */
  notebook: string;
  /** 0-based cell index, when the problem is in a cell. */
  cell?: number;
  /** The cell's grade_id, when it has one. */
  gradeId?: string;
  /** Short rule name, e.g. "unknown-key", "duplicate-grade-id". */
  rule: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/** Checks one parsed notebook; `name` labels the issues. */
export function checkNotebook(nb: Notebook, name: string): CheckIssue[] {
  if (!nb || !Array.isArray(nb.cells)) throw new TypeError("checkNotebook: expected a parsed notebook with cells");
  const issues: CheckIssue[] = [];
  const add = (rule: string, message: string, cell?: number, gradeId?: string): void => {
    issues.push({ notebook: name, cell, gradeId, rule, message });
  };

  // 1. Kernelspec: without language "typescript" nbgrader writes Python stubs.
  const ks = nb.metadata?.kernelspec;
  if (!ks || ks.name !== REQUIRED_KERNELSPEC.name || ks.language !== REQUIRED_KERNELSPEC.language) {
    add(
      "kernelspec",
      `metadata.kernelspec must be {"name": "dl4ds", "display_name": "TypeScript (dl4ds)", "language": "typescript"}; found ${JSON.stringify(ks ?? null)}`,
    );
  }

  // 2. Cell metadata and markers.
  const seenIds = new Map<string, number>();
  nb.cells.forEach((cell, i) => {
    const meta = nbgraderMeta(cell);
    const raw = cell.metadata?.nbgrader;
    const src = cellSource(cell);
    const gradeId = typeof meta?.grade_id === "string" ? meta.grade_id : undefined;
    if (raw !== undefined && !meta) add("metadata-type", "metadata.nbgrader must be an object", i);
    if (meta) {
      for (const key of Object.keys(meta)) {
        if (!ALLOWED_KEYS.has(key)) {
          add("unknown-key", `metadata.nbgrader has key "${key}"; allowed: grade, solution, locked, points (test cells only), grade_id, schema_version`, i, gradeId);
        }
      }
      if (meta.schema_version !== 3) add("schema-version", `metadata.nbgrader.schema_version must be 3 (found ${JSON.stringify(meta.schema_version)})`, i, gradeId);
      for (const flag of ["grade", "solution", "locked"] as const) {
        if (typeof meta[flag] !== "boolean") add("missing-flag", `metadata.nbgrader.${flag} must be true or false (found ${JSON.stringify(meta[flag])})`, i, gradeId);
      }
      if (gradeId === undefined) add("grade-id", "metadata.nbgrader.grade_id is missing: give the cell a unique name like \"add-solution\"", i);
      else {
        if (!GRADE_ID_PATTERN.test(gradeId)) add("grade-id", `grade_id "${gradeId}" must match ^[a-zA-Z0-9_-]+$ (letters, digits, _ and -)`, i, gradeId);
        const prev = seenIds.get(gradeId);
        if (prev !== undefined) add("duplicate-grade-id", `grade_id "${gradeId}" is also used by cell ${prev}; grade_ids must be unique`, i, gradeId);
        else seenIds.set(gradeId, i);
      }
      if (meta.grade === true) {
        const p = meta.points;
        if (typeof p !== "number" || !Number.isFinite(p) || p < 0) add("points", `a test cell needs points: a finite number >= 0 (found ${p === undefined ? "none" : JSON.stringify(p)})`, i, gradeId);
        if (meta.solution === true) add("role", "grade and solution are both true (a manually graded answer): the autograder supports solution cells and test cells only", i, gradeId);
        if (meta.locked !== true) add("role", "a test cell must be locked (locked: true) so students cannot change it", i, gradeId);
        if (cell.cell_type !== "code") add("role", `a test cell must be a code cell (found ${cell.cell_type})`, i, gradeId);
      } else if ("points" in meta) {
        add("points", "points is only allowed on test cells (grade: true); remove it", i, gradeId);
      }
      if (meta.solution === true && meta.locked === true) add("role", "a solution cell cannot be locked: set locked to false", i, gradeId);
      if (meta.solution === true && cell.cell_type !== "code") add("role", `a solution cell must be a code cell (found ${cell.cell_type})`, i, gradeId);
    }

    const role = cellRole(cell);
    const lines = src.split("\n");
    // nbgrader treats every line that contains the words as a marker, in every cell (prose too).
    const mentions = (words: string[]): number[] => lines.flatMap((l, n) => (words.some((w) => l.includes(w)) ? [n + 1] : []));
    if (role === "solution") {
      const sol = scanRegions(src, MARKERS.beginSolution, MARKERS.endSolution);
      for (const p of sol.problems) add("solution-markers", p, i, gradeId);
      if (sol.regions.length === 0 && sol.problems.length === 0) {
        add("solution-markers", "a solution cell needs a region between `// BEGIN SOLUTION` and `// END SOLUTION`", i, gradeId);
      }
      for (const r of sol.regions) {
        for (const ln of [r.beginLine, r.endLine]) {
          const line = lines[ln].trim();
          if (!/^\/\/\s*(BEGIN|END) SOLUTION$/.test(line)) {
            add("solution-markers", `line ${ln + 1}: write the marker on its own line as "// BEGIN SOLUTION" / "// END SOLUTION" (found "${line}")`, i, gradeId);
          }
        }
      }
    } else {
      const at = mentions([MARKERS.beginSolution, MARKERS.endSolution]);
      if (at.length) {
        add(
          "solution-markers",
          `line ${at.join(", ")} contains "BEGIN SOLUTION"/"END SOLUTION" outside a solution cell; nbgrader reads every such line as a marker (generate_assignment fails: "no end solution statement found"). Reword it (e.g. "between the solution markers") or make this a solution cell`,
          i,
          gradeId,
        );
      }
    }
    if (role === "test") {
      const hid = scanRegions(src, MARKERS.beginHidden, MARKERS.endHidden);
      for (const p of hid.problems) add("hidden-markers", p, i, gradeId);
    } else {
      const at = mentions([MARKERS.beginHidden, MARKERS.endHidden]);
      if (at.length) {
        add(
          "hidden-markers",
          `line ${at.join(", ")} contains "BEGIN HIDDEN TESTS"/"END HIDDEN TESTS" outside a test cell; nbgrader reads every such line as a marker. Reword it or move the hidden tests into a test cell (grade: true)`,
          i,
          gradeId,
        );
      }
    }
  });

  // 3. Every solution cell is followed by a test cell before the next solution cell.
  let pending: number | undefined;
  nb.cells.forEach((cell, i) => {
    const role = cellRole(cell);
    if (role === "solution") {
      if (pending !== undefined) {
        add("untested-solution", `solution cell has no test cell after it before the next solution cell (cell ${i}); add a test cell (grade: true) for it`, pending, nbgraderMeta(nb.cells[pending])?.grade_id);
      }
      pending = i;
    } else if (role === "test") {
      pending = undefined;
    }
  });
  if (pending !== undefined) {
    add("untested-solution", "the last solution cell has no test cell after it; add a test cell (grade: true)", pending, nbgraderMeta(nb.cells[pending])?.grade_id);
  }
  return issues;
}

/** Result of checking files on disk. */
export interface CheckReport {
  notebooks: string[];
  issues: CheckIssue[];
}

/** Checks every notebook under the given paths (files or folders). */
export function checkPaths(paths: string[]): CheckReport {
  if (!Array.isArray(paths) || paths.length === 0) throw new Error("checkPaths: pass at least one notebook file or folder");
  const notebooks = findNotebooks(paths);
  const issues: CheckIssue[] = [];
  for (const file of notebooks) {
    const loaded = readNotebook(file);
    if (!loaded.ok) issues.push({ notebook: file, rule: "unreadable", message: loaded.message });
    else issues.push(...checkNotebook(loaded.notebook, file));
  }
  return { notebooks, issues };
}

/** One line per issue: `file: cell 3 (add-tests): message [rule]`. */
export function formatIssue(issue: CheckIssue, cwd = process.cwd()): string {
  const where = issue.cell === undefined ? "" : ` cell ${issue.cell}${issue.gradeId ? ` (${issue.gradeId})` : ""}:`;
  return `${path.relative(cwd, issue.notebook) || issue.notebook}:${where} ${issue.message} [${issue.rule}]`;
}
