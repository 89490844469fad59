/**
 * `dl4ds assign`: instructor notebook → student version, as nbgrader's generate_assignment does:
 * solution regions become the TypeScript stub, hidden tests are removed, outputs are cleared, and
 * each nbgrader cell records its checksum and cell type (metadata.nbgrader.checksum / cell_type).
 * The locked and test cells' checksums are also listed in release/.dl4ds-locked.json.
 */
import * as fs from "fs";
import * as path from "path";
import { cellChecksum } from "./checksum";
import { checkNotebook, formatIssue } from "./check";
import { removeHiddenTests, replaceSolutionRegions, TYPESCRIPT_STUB } from "./markers";
import {
  cellRole,
  cellSource,
  cloneNotebook,
  CellRole,
  findNotebooks,
  nbgraderMeta,
  Notebook,
  readNotebook,
  serializeNotebook,
  writeFileAtomic,
} from "./notebook";

/** File beside the released notebooks that lists locked cells and their checksums. */
export const LOCKED_MANIFEST = ".dl4ds-locked.json";

/** A locked or test cell recorded at release. */
export interface LockedCellRecord {
  gradeId: string;
  role: CellRole;
  cellType: string;
  checksum: string;
  points?: number;
}

/** Turns one instructor notebook into the student version (the input is not modified). */
export function releaseNotebook(source: Notebook, stub: string = TYPESCRIPT_STUB): { notebook: Notebook; locked: LockedCellRecord[] } {
  if (!source || !Array.isArray(source.cells)) throw new TypeError("releaseNotebook: expected a parsed notebook");
  const nb = cloneNotebook(source);
  const locked: LockedCellRecord[] = [];
  for (const cell of nb.cells) {
    const role = cellRole(cell);
    let src = cellSource(cell);
    if (role === "solution") src = replaceSolutionRegions(src, stub).source;
    if (role === "test") src = removeHiddenTests(src).source;
    cell.source = src;
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
    delete cell.metadata.execution;
    const meta = nbgraderMeta(cell);
    if (meta && typeof meta.grade_id === "string") {
      // As nbgrader's LockCells: nbgrader cells cannot be deleted; locked and test cells not edited.
      cell.metadata.deletable = false;
      if (role === "test" || role === "locked") cell.metadata.editable = false;
      meta.checksum = cellChecksum(cell);
      meta.cell_type = cell.cell_type;
      if (role === "test" || role === "locked") {
        locked.push({
          gradeId: meta.grade_id,
          role,
          cellType: cell.cell_type,
          checksum: meta.checksum,
          ...(role === "test" ? { points: Number(meta.points) } : {}),
        });
      }
    }
  }
  return { notebook: nb, locked };
}

/** What `assignNotebooks` wrote. */
export interface AssignReport {
  written: string[];
  manifest: string;
}

/**
 * Releases each notebook to `outDir/<name>.ipynb` (names relative to `sourceRoot`), after
 * `dl4ds check` passes on it. Every file is written whole (temporary file, then rename).
 */
export function assignNotebooks(files: string[], sourceRoot: string, outDir: string): AssignReport {
  if (!Array.isArray(files) || files.length === 0) throw new Error("assign: no notebooks to release; pass files or a folder that holds .ipynb files");
  const manifest: Record<string, LockedCellRecord[]> = {};
  const releases: Array<{ target: string; text: string }> = [];
  for (const file of files) {
    const loaded = readNotebook(file);
    if (!loaded.ok) throw new Error(`assign: ${file}: ${loaded.message}`);
    const issues = checkNotebook(loaded.notebook, file);
    if (issues.length) throw new Error(`assign: ${file} does not pass dl4ds check:\n${issues.map((i) => "  " + formatIssue(i)).join("\n")}`);
    const rel = path.relative(sourceRoot, file);
    const name = rel.startsWith("..") || path.isAbsolute(rel) ? path.basename(file) : rel;
    const { notebook, locked } = releaseNotebook(loaded.notebook);
    releases.push({ target: path.join(outDir, name), text: serializeNotebook(notebook) });
    manifest[name.split(path.sep).join("/")] = locked;
  }
  // Checks passed for all: now write (each file whole).
  for (const r of releases) writeFileAtomic(r.target, r.text);
  const manifestPath = path.join(outDir, LOCKED_MANIFEST);
  let previous: Record<string, LockedCellRecord[]> = {};
  if (fs.existsSync(manifestPath)) {
    try {
      previous = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as Record<string, LockedCellRecord[]>;
    } catch {
      previous = {};
    }
  }
  writeFileAtomic(manifestPath, JSON.stringify({ ...previous, ...manifest }, null, 2) + "\n");
  return { written: releases.map((r) => r.target), manifest: manifestPath };
}

/** Convenience: release every notebook under `sourceDir` (or the given paths) to `outDir`. */
export function assignFolder(sourceDir: string, outDir: string, paths?: string[]): AssignReport {
  const files = findNotebooks(paths && paths.length ? paths : [sourceDir]);
  return assignNotebooks(files, sourceDir, outDir);
}
