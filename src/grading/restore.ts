/**
 * Rebuilds a submission for grading (nbgrader's OverwriteCells, plus re-inserting deleted cells):
 * every locked and test cell comes back from the instructor's source — hidden tests included — and
 * every nbgrader cell gets the source's metadata and cell type back. The student's own code stays.
 * Cells claiming a grade_id the source does not have lose their nbgrader metadata (they cannot earn
 * points). Each change is reported as a message for the feedback page.
 */
import { removeHiddenTests } from "./markers";
import { cellRole, cellSource, cloneNotebook, nbgraderMeta, Notebook, NotebookCell } from "./notebook";

/** The notebook to run plus what was changed to get it. */
export interface PreparedSubmission {
  notebook: Notebook;
  messages: string[];
}

function gradeIdOf(cell: NotebookCell): string | undefined {
  const id = nbgraderMeta(cell)?.grade_id;
  return typeof id === "string" ? id : undefined;
}

function freshCopy(cell: NotebookCell): NotebookCell {
  const copy = JSON.parse(JSON.stringify(cell)) as NotebookCell;
  copy.source = cellSource(copy);
  if (copy.cell_type === "code") {
    copy.outputs = [];
    copy.execution_count = null;
  }
  return copy;
}

/** grade_ids of the source's cells, in order. */
export function gradeIds(nb: Notebook): string[] {
  return nb.cells.map(gradeIdOf).filter((x): x is string => x !== undefined);
}

/**
 * Restores locked/test cells from `source` into a copy of `submission` (neither is modified).
 * The result runs with the source's kernelspec and has every output cleared.
 */
export function prepareSubmission(source: Notebook, submission: Notebook): PreparedSubmission {
  if (!source || !Array.isArray(source.cells)) throw new TypeError("prepareSubmission: source must be a parsed notebook");
  if (!submission || !Array.isArray(submission.cells)) throw new TypeError("prepareSubmission: submission must be a parsed notebook");
  const messages: string[] = [];
  const sourceById = new Map<string, NotebookCell>();
  for (const cell of source.cells) {
    const id = gradeIdOf(cell);
    if (id !== undefined) sourceById.set(id, cell);
  }

  // 1. Walk the student's cells: overwrite known nbgrader cells, neutralise unknown/duplicate ones.
  const seen = new Set<string>();
  const cells: NotebookCell[] = [];
  for (const studentCell of submission.cells) {
    const cell = freshCopy(studentCell);
    const id = gradeIdOf(cell);
    const original = id !== undefined ? sourceById.get(id) : undefined;
    if (id !== undefined && (!original || seen.has(id))) {
      delete cell.metadata.nbgrader;
      messages.push(
        original
          ? `a second cell with grade_id "${id}" was found; it runs as an ordinary cell and earns no points`
          : `a cell claims grade_id "${id}", which the assignment does not have; it runs as an ordinary cell and earns no points`,
      );
      cells.push(cell);
      continue;
    }
    if (id === undefined || !original) {
      cells.push(cell);
      continue;
    }
    seen.add(id);
    const role = cellRole(original);
    const restored = freshCopy(original);
    if (role === "test" || role === "locked") {
      if (cellSource(studentCell) !== cellSource(original) && !(role === "test" && sameVisibleTest(studentCell, original))) {
        messages.push(`${role === "test" ? "test" : "locked"} cell "${id}" was edited; it was restored from the assignment`);
      }
      if (studentCell.cell_type !== original.cell_type) messages.push(`cell "${id}" had its type changed to ${studentCell.cell_type}; restored to ${original.cell_type}`);
      cells.push(restored);
    } else {
      // Solution (or plain nbgrader) cell: the student's code with the source's metadata and type.
      if (studentCell.cell_type !== original.cell_type) messages.push(`cell "${id}" had its type changed to ${studentCell.cell_type}; restored to ${original.cell_type}`);
      cell.cell_type = original.cell_type;
      cell.metadata = { ...cell.metadata, nbgrader: { ...nbgraderMeta(original) } };
      if (cell.cell_type === "code") {
        cell.outputs = [];
        cell.execution_count = null;
      } else {
        delete cell.outputs;
        delete cell.execution_count;
      }
      cells.push(cell);
    }
  }

  // 2. Re-insert deleted locked/test cells after the nearest earlier source cell that is present.
  let insertAt = 0;
  for (const original of source.cells) {
    const id = gradeIdOf(original);
    if (id === undefined) continue;
    const at = cells.findIndex((c) => gradeIdOf(c) === id);
    if (at >= 0) {
      insertAt = at + 1;
      continue;
    }
    const role = cellRole(original);
    if (role === "test" || role === "locked") {
      cells.splice(insertAt, 0, freshCopy(original));
      messages.push(`${role === "test" ? "test" : "locked"} cell "${id}" was missing; it was restored from the assignment`);
      insertAt += 1;
    } else if (role === "solution") {
      messages.push(`solution cell "${id}" is missing; the tests that need it will fail`);
    }
  }

  const notebook = cloneNotebook(submission);
  notebook.cells = cells;
  notebook.metadata = { ...notebook.metadata, kernelspec: { ...source.metadata.kernelspec } };
  if (source.metadata.language_info) notebook.metadata.language_info = source.metadata.language_info;
  return { notebook, messages };
}

/** True when the student's test cell is the released version (hidden tests removed) of the original. */
function sameVisibleTest(studentCell: NotebookCell, original: NotebookCell): boolean {
  return cellSource(studentCell) === removeHiddenTests(cellSource(original)).source;
}
