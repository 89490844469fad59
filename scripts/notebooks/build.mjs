#!/usr/bin/env node
/**
 * Builds the 1-D lesson notebooks (notebooks/18.*.ipynb) from their plain-text sources in
 * scripts/notebooks/lessons/*.nb.txt, so the lessons are edited and reviewed as text.
 *
 * Source format: cells separated by header lines
 *   %% markdown                      a markdown cell
 *   %% code                          a code cell
 *   %% solution <grade_id>           a student's function: nbgrader solution cell (BEGIN/END SOLUTION inside)
 *   %% test <grade_id> <points>      an autograded test cell, locked
 * Blank lines around a cell are dropped. Everything before the first header is ignored (a file comment).
 *
 * Usage:
 *   node scripts/notebooks/build.mjs            write every notebook (whole-file writes: temp, then rename)
 *   node scripts/notebooks/build.mjs --check    exit 1 if a committed notebook differs from its source
 *   node scripts/notebooks/build.mjs --ts DIR   also write each notebook's code cells as DIR/<name>.ts (for tsc)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Project root (two folders up from this script). */
export const ROOT = path.resolve(HERE, "..", "..");
/** Folder of the lesson sources. */
export const LESSONS_DIR = path.join(HERE, "lessons");
/** Folder the notebooks are written to. */
export const NOTEBOOKS_DIR = path.join(ROOT, "notebooks");

/** Notebook-level metadata of every lesson (the dl4ds TypeScript kernel). */
export const NOTEBOOK_METADATA = {
  kernelspec: { name: "dl4ds", display_name: "TypeScript (dl4ds)", language: "typescript" },
  language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
};

const GRADE_ID = /^[a-zA-Z0-9_-]+$/;
const HEADER = /^%%\s*(\S+)(.*)$/;

/**
 * Parses a lesson source into cells { kind, source, gradeId?, points? }.
 * Throws with the line number when a header is malformed or a grade_id repeats.
 */
export function parseSource(text, name = "source") {
  if (typeof text !== "string") throw new TypeError(`parseSource(${name}): text must be a string`);
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const cells = [];
  const seen = new Set();
  let current = null;
  const finish = () => {
    if (!current) return;
    const body = current.lines.join("\n").replace(/^\s*\n/, "").replace(/\s+$/, "");
    if (body.trim() === "") throw new Error(`${name}:${current.line}: empty ${current.kind} cell`);
    const cell = { kind: current.kind, source: body };
    if (current.gradeId !== undefined) cell.gradeId = current.gradeId;
    if (current.points !== undefined) cell.points = current.points;
    cells.push(cell);
  };
  lines.forEach((line, i) => {
    const m = HEADER.exec(line);
    if (!m) {
      if (current) current.lines.push(line);
      return;
    }
    finish();
    const kind = m[1];
    const args = m[2].trim() === "" ? [] : m[2].trim().split(/\s+/);
    const where = `${name}:${i + 1}`;
    current = { kind, lines: [], line: i + 1 };
    if (kind === "markdown" || kind === "code") {
      if (args.length) throw new Error(`${where}: "%% ${kind}" takes no arguments`);
    } else if (kind === "solution" || kind === "test") {
      const [gradeId, points] = args;
      if (!gradeId || !GRADE_ID.test(gradeId)) throw new Error(`${where}: "%% ${kind}" needs a grade_id matching ${GRADE_ID}`);
      if (seen.has(gradeId)) throw new Error(`${where}: grade_id "${gradeId}" is used twice`);
      seen.add(gradeId);
      current.gradeId = gradeId;
      if (kind === "test") {
        const p = Number(points);
        if (points === undefined || !Number.isFinite(p) || p < 0) throw new Error(`${where}: "%% test ${gradeId}" needs points ≥ 0`);
        current.points = p;
      } else if (points !== undefined) {
        throw new Error(`${where}: "%% solution" takes only a grade_id`);
      }
    } else {
      throw new Error(`${where}: unknown cell kind "${kind}" (use markdown, code, solution or test)`);
    }
  });
  finish();
  if (!cells.length) throw new Error(`${name}: no cells (start each cell with a line "%% markdown", "%% code", ...)`);
  return cells;
}

/** Splits a cell's text into nbformat's list of lines (each but the last ends with "\n"). */
function sourceLines(text) {
  const parts = text.split("\n");
  return parts.map((p, i) => (i < parts.length - 1 ? p + "\n" : p));
}

/** nbgrader metadata of a graded cell (exactly the keys `dl4ds check` allows). */
function nbgraderMeta(cell) {
  if (cell.kind === "solution") {
    return { nbgrader: { schema_version: 3, grade: false, solution: true, locked: false, grade_id: cell.gradeId } };
  }
  if (cell.kind === "test") {
    return { nbgrader: { schema_version: 3, grade: true, solution: false, locked: true, points: cell.points, grade_id: cell.gradeId } };
  }
  return {};
}

/** Builds the nbformat 4.5 notebook object for parsed cells; cell ids are stable (`<stem>-<index>`). */
export function buildNotebook(cells, stem) {
  const idStem = stem.replace(/[^a-zA-Z0-9_-]/g, "-");
  return {
    cells: cells.map((cell, i) => {
      const id = `${idStem}-${String(i).padStart(2, "0")}`;
      if (cell.kind === "markdown") return { cell_type: "markdown", id, metadata: {}, source: sourceLines(cell.source) };
      return { cell_type: "code", execution_count: null, id, metadata: nbgraderMeta(cell), outputs: [], source: sourceLines(cell.source) };
    }),
    metadata: NOTEBOOK_METADATA,
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The notebook file's text (1-space JSON like Jupyter writes, with a final newline). */
export function notebookText(notebook) {
  return JSON.stringify(notebook, null, 1) + "\n";
}

/** The code cells joined into one TypeScript file (for type-checking with tsc). */
export function codeAsTypeScript(cells) {
  return cells
    .filter((c) => c.kind !== "markdown")
    .map((c) => `// ---- ${c.kind}${c.gradeId ? ` ${c.gradeId}` : ""}\n${c.source}\n`)
    .join("\n") + "\nexport {};\n";
}

/** Lesson sources found in LESSONS_DIR: [{ stem, file }], sorted. */
export function lessonSources(dir = LESSONS_DIR) {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".nb.txt"))
    .sort()
    .map((f) => ({ stem: f.slice(0, -".nb.txt".length), file: path.join(dir, f) }));
}

/** Writes a file whole: to a temp file beside it, then renamed over it. */
function writeWhole(file, text) {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function main(argv) {
  const check = argv.includes("--check");
  const tsIndex = argv.indexOf("--ts");
  const tsDir = tsIndex >= 0 ? argv[tsIndex + 1] : undefined;
  if (tsIndex >= 0 && !tsDir) throw new Error("--ts needs a folder");
  let stale = 0;
  for (const { stem, file } of lessonSources()) {
    const cells = parseSource(fs.readFileSync(file, "utf8"), path.relative(ROOT, file));
    const text = notebookText(buildNotebook(cells, stem));
    const out = path.join(NOTEBOOKS_DIR, `${stem}.ipynb`);
    if (tsDir) {
      fs.mkdirSync(tsDir, { recursive: true });
      writeWhole(path.join(tsDir, `${stem}.ts`), codeAsTypeScript(cells));
    }
    if (check) {
      const current = fs.existsSync(out) ? fs.readFileSync(out, "utf8") : "";
      if (current !== text) {
        stale++;
        process.stdout.write(`${path.relative(ROOT, out)} is out of date: run node scripts/notebooks/build.mjs\n`);
      }
    } else {
      fs.mkdirSync(NOTEBOOKS_DIR, { recursive: true });
      writeWhole(out, text);
      process.stdout.write(`wrote ${path.relative(ROOT, out)} (${cells.length} cells)\n`);
    }
  }
  return stale ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    process.stdout.write(`build.mjs: ${err.message}\n`);
    process.exitCode = 2;
  }
}
