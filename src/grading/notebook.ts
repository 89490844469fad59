/**
 * The slice of the Jupyter notebook format (nbformat 4) the grading tools read and write,
 * and safe ways to load and save it. A submission may be anything (empty, not JSON, not a
 * notebook), so loading never throws: it returns a typed result with a message for people.
 */
import * as fs from "fs";
import * as path from "path";

/** nbgrader's per-cell metadata (schema version 3). */
export interface NbgraderCellMeta {
  /** Always 3 for the schema we write. */
  schema_version?: number;
  /** True for test cells (they earn points). */
  grade?: boolean;
  /** True for cells the student writes (they hold a solution region). */
  solution?: boolean;
  /** True for cells the student may not change (restored at grading). */
  locked?: boolean;
  /** Points a test cell is worth (only when grade is true). */
  points?: number;
  /** Unique cell name within the notebook, ^[a-zA-Z0-9_-]+$. */
  grade_id?: string;
  /** Written by `assign` (as nbgrader does): md5 of the released cell. */
  checksum?: string;
  /** Written by `assign` (as nbgrader does): the cell type at release. */
  cell_type?: string;
  [key: string]: unknown;
}

/** One output of a code cell. */
export interface NotebookOutput {
  output_type: "stream" | "execute_result" | "display_data" | "error" | "update_display_data" | string;
  /** stream: "stdout" | "stderr". */
  name?: string;
  /** stream text. */
  text?: string | string[];
  /** execute_result / display_data bundle. */
  data?: Record<string, unknown>;
  /** error fields. */
  ename?: string;
  evalue?: string;
  traceback?: string[];
  [key: string]: unknown;
}

/** One notebook cell. */
export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw" | string;
  id?: string;
  source: string | string[];
  metadata: { nbgrader?: NbgraderCellMeta; [key: string]: unknown };
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  [key: string]: unknown;
}

/** A notebook document. */
export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: {
    kernelspec?: { name?: string; display_name?: string; language?: string; [key: string]: unknown };
    [key: string]: unknown;
  };
  cells: NotebookCell[];
}

/** Result of loading a notebook that may be broken. */
export type LoadedNotebook =
  | { ok: true; notebook: Notebook }
  | { ok: false; problem: "missing" | "empty" | "too-large" | "not-json" | "not-notebook"; message: string };

/** Largest notebook file the tools will parse (bytes); bigger files are rejected with a message. */
export const MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024;

/** The cell's source as one string (nbformat allows a string or a list of lines). */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");
}

/** The nbgrader metadata object of a cell, or undefined when it has none. */
export function nbgraderMeta(cell: NotebookCell): NbgraderCellMeta | undefined {
  const meta = cell.metadata?.nbgrader;
  return meta && typeof meta === "object" && !Array.isArray(meta) ? meta : undefined;
}

/** What a cell is for, in nbgrader's terms (only the kinds our tools support are named). */
export type CellRole = "solution" | "test" | "locked" | "plain";

/** The cell's role: test (grade), solution, locked (read-only) or plain. */
export function cellRole(cell: NotebookCell): CellRole {
  const meta = nbgraderMeta(cell);
  if (!meta) return "plain";
  if (meta.grade === true) return "test";
  if (meta.solution === true) return "solution";
  if (meta.locked === true) return "locked";
  return "plain";
}

/** Validates the outer shape of parsed JSON and returns it typed, or a message saying what is wrong. */
export function asNotebook(value: unknown): { ok: true; notebook: Notebook } | { ok: false; message: string } {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, message: "the file is JSON but not a notebook (expected an object with `cells`)" };
  }
  const v = value as Record<string, unknown>;
  if (v.nbformat !== 4) {
    return { ok: false, message: `unsupported nbformat ${JSON.stringify(v.nbformat)}: save the notebook as nbformat 4` };
  }
  if (!Array.isArray(v.cells)) return { ok: false, message: "the notebook has no `cells` list" };
  for (const [i, c] of (v.cells as unknown[]).entries()) {
    if (!c || typeof c !== "object" || Array.isArray(c)) return { ok: false, message: `cell ${i} is not an object` };
    const cell = c as Record<string, unknown>;
    if (typeof cell.cell_type !== "string") return { ok: false, message: `cell ${i} has no cell_type` };
    const src = cell.source;
    if (!(typeof src === "string" || (Array.isArray(src) && src.every((s) => typeof s === "string")))) {
      return { ok: false, message: `cell ${i} has no source text` };
    }
    if (cell.metadata === undefined) cell.metadata = {};
    if (!cell.metadata || typeof cell.metadata !== "object" || Array.isArray(cell.metadata)) {
      return { ok: false, message: `cell ${i} has metadata that is not an object` };
    }
  }
  if (v.metadata === undefined) v.metadata = {};
  if (!v.metadata || typeof v.metadata !== "object" || Array.isArray(v.metadata)) {
    return { ok: false, message: "the notebook's metadata is not an object" };
  }
  if (typeof v.nbformat_minor !== "number") v.nbformat_minor = 4;
  return { ok: true, notebook: value as Notebook };
}

/** Parses notebook text; never throws. */
export function parseNotebook(text: string): LoadedNotebook {
  if (typeof text !== "string") throw new TypeError("parseNotebook: expected the file's text as a string");
  if (text.trim() === "") return { ok: false, problem: "empty", message: "the file is empty" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: "not-json", message: `the file is not valid JSON (${(err as Error).message})` };
  }
  const typed = asNotebook(value);
  return typed.ok ? typed : { ok: false, problem: "not-notebook", message: typed.message };
}

/** Reads and parses a notebook file; never throws for a bad file (only for a bad argument). */
export function readNotebook(file: string): LoadedNotebook {
  if (typeof file !== "string" || file === "") throw new TypeError("readNotebook: expected a file path");
  let size: number;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return { ok: false, problem: "missing", message: `${file} is not a regular file` };
    size = st.size;
  } catch {
    return { ok: false, problem: "missing", message: `${file} does not exist` };
  }
  if (size > MAX_NOTEBOOK_BYTES) {
    return {
      ok: false,
      problem: "too-large",
      message: `the file is ${(size / 1048576).toFixed(1)} MiB; notebooks over ${MAX_NOTEBOOK_BYTES / 1048576} MiB are not graded (clear large outputs and resubmit)`,
    };
  }
  return parseNotebook(fs.readFileSync(file, "utf8"));
}

/** Serialises a notebook the way Jupyter does (one-space indent, trailing newline). */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Writes a file whole: to a temporary name in the same folder, then renames it into place. */
export function writeFileAtomic(file: string, contents: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${Date.now()}`);
  try {
    fs.writeFileSync(tmp, contents);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Renames the finished folder `staging` over `target`; a previous `target` is removed only once the new one is in place
 *  (and put back if the rename fails), so `target` is never half-written. */
export function replaceFolder(staging: string, target: string): void {
  const previous = `${target}.previous-${process.pid}-${Date.now()}`;
  const hadPrevious = fs.existsSync(target);
  if (hadPrevious) fs.renameSync(target, previous);
  try {
    fs.renameSync(staging, target);
  } catch (err) {
    if (hadPrevious) fs.renameSync(previous, target);
    throw err;
  }
  if (hadPrevious) fs.rmSync(previous, { recursive: true, force: true });
}

/** A deep copy made through JSON (notebooks are plain JSON data). */
export function cloneNotebook(nb: Notebook): Notebook {
  return JSON.parse(JSON.stringify(nb)) as Notebook;
}

/** Every .ipynb under the given files/folders (checkpoints skipped), sorted. */
export function findNotebooks(paths: string[]): string[] {
  const found = new Set<string>();
  const walk = (p: string): void => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        if (name === ".ipynb_checkpoints" || name === "node_modules" || name.startsWith(".")) continue;
        walk(path.join(p, name));
      }
    } else if (p.endsWith(".ipynb")) {
      found.add(p);
    }
  };
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new Error(`${p} does not exist: pass notebook files or folders that hold them`);
    walk(p);
  }
  return [...found].sort();
}
