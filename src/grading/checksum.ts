/**
 * nbgrader-compatible cell checksums (nbgrader/utils.py `compute_checksum`): md5 over the source,
 * the cell type, the grade/solution/locked flags as Python prints them, the grade_id, and for test
 * cells the points as Python's `str(float(points))`. Released notebooks carry them, so nbgrader and
 * `dl4ds grade` can both tell an edited locked cell.
 */
import { createHash } from "crypto";
import { cellSource, nbgraderMeta, NotebookCell } from "./notebook";

/** Python's `str(float(x))` for a finite number (e.g. 2 → "2.0", 1e-5 → "1e-05"). */
export function pythonFloatString(x: number): string {
  if (typeof x !== "number" || !Number.isFinite(x)) throw new Error(`pythonFloatString: expected a finite number, got ${x}`);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    const [mantissa, exp] = x.toExponential().split("e");
    const sign = exp.startsWith("-") ? "-" : "+";
    const digits = exp.replace(/^[+-]/, "").padStart(2, "0");
    return `${mantissa}e${sign}${digits}`;
  }
  const s = String(x);
  return Number.isInteger(x) ? `${s}.0` : s;
}

/** The flags exactly as nbgrader's is_grade / is_solution / is_locked compute them. */
function nbgraderFlags(cell: NotebookCell): { grade: boolean; solution: boolean; locked: boolean } {
  const meta = nbgraderMeta(cell);
  if (!meta) return { grade: false, solution: false, locked: false };
  const grade = meta.grade === true;
  const solution = meta.solution === true;
  const locked = solution ? false : grade ? true : meta.locked === true;
  return { grade, solution, locked };
}

/** nbgrader's checksum of a cell that has nbgrader metadata with a grade_id. */
export function cellChecksum(cell: NotebookCell): string {
  const meta = nbgraderMeta(cell);
  if (!meta || typeof meta.grade_id !== "string") {
    throw new Error("cellChecksum: the cell has no nbgrader grade_id (only nbgrader cells have checksums)");
  }
  const flags = nbgraderFlags(cell);
  const py = (b: boolean): string => (b ? "True" : "False");
  const md5 = createHash("md5");
  md5.update(cellSource(cell), "utf8");
  md5.update(cell.cell_type, "utf8");
  md5.update(py(flags.grade));
  md5.update(py(flags.solution));
  md5.update(py(flags.locked));
  md5.update(meta.grade_id, "utf8");
  if (flags.grade) md5.update(pythonFloatString(Number(meta.points)));
  return md5.digest("hex");
}
