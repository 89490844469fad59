/**
 * Finding submissions and the assignment notebook each one answers.
 *
 * Layout: <submissions>/<student>/<notebook>.ipynb — one folder per student (the folder name is the
 * student id), the notebook named as in the source (e.g. 18.2-diffusion-model.ipynb). Other files in
 * the student's folder are copied into the working folder the kernel runs in. A notebook with
 * another name is matched to the source notebook that shares the most grade_ids, with a message.
 */
import * as fs from "fs";
import * as path from "path";
import { cellRole, findNotebooks, LoadedNotebook, nbgraderMeta, Notebook, readNotebook } from "./notebook";
import { gradeIds } from "./restore";

/** An instructor notebook that has tests. */
export interface SourceNotebook {
  /** File name, e.g. "add.ipynb". */
  name: string;
  path: string;
  notebook: Notebook;
  gradeIds: Set<string>;
  maxScore: number;
}

/** One file found in a student's folder. */
export interface SubmissionEntry {
  student: string;
  /** Absolute path of the submitted file. */
  path: string;
  /** The submitted file's name. */
  fileName: string;
  loaded: LoadedNotebook;
  source?: SourceNotebook;
  matchedBy: "name" | "grade_ids" | "none";
  messages: string[];
}

/** Loads the instructor notebooks that have at least one test cell. */
export function loadSources(sourcePath: string): SourceNotebook[] {
  if (!fs.existsSync(sourcePath)) throw new Error(`the source ${sourcePath} does not exist: pass --source <folder or notebook>`);
  const sources: SourceNotebook[] = [];
  for (const file of findNotebooks([sourcePath])) {
    const loaded = readNotebook(file);
    if (!loaded.ok) throw new Error(`source notebook ${file}: ${loaded.message}`);
    const tests = loaded.notebook.cells.filter((c) => cellRole(c) === "test");
    if (tests.length === 0) continue;
    const maxScore = tests.reduce((s, c) => s + Number(nbgraderMeta(c)?.points ?? 0), 0);
    sources.push({ name: path.basename(file), path: file, notebook: loaded.notebook, gradeIds: new Set(gradeIds(loaded.notebook)), maxScore });
  }
  const names = sources.map((s) => s.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`two source notebooks are named ${dup}: notebook file names must be unique`);
  if (sources.length === 0) throw new Error(`no notebook under ${sourcePath} has test cells (grade: true); nothing to grade`);
  return sources;
}

/** A student folder name made safe for output paths. */
export function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._@+-]/g, "_").replace(/^\.+/, "_");
  return cleaned || "_";
}

/** Finds every submitted notebook and matches it to its source notebook. */
export function discoverSubmissions(folder: string, sources: SourceNotebook[]): { entries: SubmissionEntry[]; ignored: string[] } {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new Error(`${folder} is not a folder: expected <submissions>/<student>/<notebook>.ipynb`);
  }
  const byName = new Map(sources.map((s) => [s.name, s]));
  const entries: SubmissionEntry[] = [];
  const ignored: string[] = [];
  for (const student of fs.readdirSync(folder).sort()) {
    const dir = path.join(folder, student);
    if (student.startsWith(".")) continue;
    const st = fs.lstatSync(dir);
    if (!st.isDirectory()) {
      ignored.push(`${dir} (not in a student folder: use <submissions>/<student>/<notebook>.ipynb)`);
      continue;
    }
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ipynb") && !f.startsWith(".") && fs.lstatSync(path.join(dir, f)).isFile())
      .sort();
    if (files.length === 0) ignored.push(`${dir} (no .ipynb file)`);
    for (const fileName of files) {
      const file = path.resolve(dir, fileName);
      const loaded = readNotebook(file);
      const entry: SubmissionEntry = { student, path: file, fileName, loaded, matchedBy: "none", messages: [] };
      const named = byName.get(fileName);
      if (named) {
        entry.source = named;
        entry.matchedBy = "name";
      } else if (loaded.ok) {
        const ids = new Set(gradeIds(loaded.notebook));
        let best: SourceNotebook | undefined;
        let bestOverlap = 0;
        for (const s of sources) {
          const overlap = [...s.gradeIds].filter((id) => ids.has(id)).length;
          if (overlap > bestOverlap) [best, bestOverlap] = [s, overlap];
        }
        if (best) {
          entry.source = best;
          entry.matchedBy = "grade_ids";
          entry.messages.push(`the notebook was renamed to ${fileName}; it was graded as ${best.name} because its cells' grade_ids match (${bestOverlap} of ${best.gradeIds.size})`);
        }
      }
      if (!entry.source) {
        entry.messages.push(
          `could not tell which assignment ${fileName} answers (no file name or grade_id matches); name it as one of: ${sources.map((s) => s.name).join(", ")}`,
        );
      }
      entries.push(entry);
    }
  }
  return { entries, ignored };
}
