/**
 * Turns runtime errors and TypeScript diagnostics into Jupyter error content
 * (`ename`, `evalue`, `traceback`) whose lines point at the cell's own line and column.
 */
import * as path from "path";
import { inspect } from "util";
import { mapToCell, stripLineMarkers } from "./cell-source";
import { originalPosition } from "./source-maps";

/** The `error` content of the Jupyter protocol (iopub `error` and `execute_reply` with status "error"). */
export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** What the kernel remembers about one executed cell, to map stack frames back to it. */
export interface CellRecord {
  /** The script file name given to V8 (appears in stack frames). */
  fileName: string;
  /** How the cell is named in tracebacks, e.g. "cell 3". */
  label: string;
  /** The cell's TypeScript source as typed. */
  source: string;
  /** The JavaScript that was run (with line markers), split into lines; empty until it ran. */
  jsLines: string[];
  /** Characters of tslab's wrapper before the compiled code on line 1. */
  firstLineOffset: number;
}

/** One diagnostic as tslab reports it: `console.error("%s%d:%d - %s", file, line, col, message)`. */
export interface CompileDiagnostic {
  /** File name relative to the notebook folder, or "" for the cell itself. */
  file: string;
  line: number;
  column: number;
  message: string;
}

/** The file-name prefix of cell scripts in stack frames. */
export const CELL_FILE_PREFIX = "dl4ds-cell-";

/** The error name used for compile (type) errors. */
export const COMPILE_ERROR_NAME = "TSError";

function sourceContext(source: string, line: number, column: number): string[] {
  const lines = source.split("\n");
  const text = (lines[line - 1] ?? "").replace(/\r$/, "");
  if (!text.trim()) return [];
  const gutter = String(line);
  return [`  ${gutter} | ${text}`, `  ${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, column - 1))}^`];
}

const ROOTDIR_HINT =
  ' Notebooks import the library by its package name, e.g. import { ... } from "dl4ds-diffusion"; TypeScript files outside the notebook\'s folder cannot be compiled into a cell.';

/** Adds a how-to-fix hint to diagnostics that have a known cause. */
function withHint(message: string): string {
  return /is not under 'rootDir'/.test(message) ? message + ROOTDIR_HINT : message;
}

/** Formats compile diagnostics as a TSError. */
export function diagnosticsToError(diagnostics: CompileDiagnostic[], cell: CellRecord): ErrorContent {
  if (diagnostics.length === 0) throw new Error("diagnosticsToError: needs at least one diagnostic");
  const diags = diagnostics.map((d) => ({ ...d, message: withHint(d.message) }));
  const first = diags[0];
  const evalue = diags.length === 1 ? first.message : `${first.message} (and ${diags.length - 1} more error${diags.length > 2 ? "s" : ""})`;
  const traceback = [`${COMPILE_ERROR_NAME}: ${evalue}`];
  for (const d of diags) {
    const where = d.file ? `${d.file}, line ${d.line}, col ${d.column}` : `${cell.label}, line ${d.line}, col ${d.column}`;
    traceback.push(`    at ${where}: ${d.message}`);
    if (!d.file) traceback.push(...sourceContext(cell.source, d.line, d.column));
  }
  return { ename: COMPILE_ERROR_NAME, evalue, traceback };
}

interface ParsedFrame {
  fn?: string;
  file: string;
  line: number;
  column: number;
}

const FRAME_RE = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

function parseFrames(stack: string): ParsedFrame[] {
  const frames: ParsedFrame[] = [];
  for (const raw of stack.split("\n")) {
    const m = FRAME_RE.exec(raw);
    if (!m || !/^\s*at /.test(raw)) continue;
    frames.push({ fn: m[1], file: m[2], line: Number(m[3]), column: Number(m[4]) });
  }
  return frames;
}

/** Frames from Node internals, tslab and this kernel are noise for a notebook user. */
function isInternal(file: string, kernelDir: string): boolean {
  return (
    file.startsWith("node:") ||
    file.startsWith("internal/") ||
    file === "evalmachine.<anonymous>" ||
    file.includes(`${path.sep}tslab${path.sep}dist${path.sep}`) ||
    file.includes(`${path.sep}zeromq${path.sep}`) ||
    file.startsWith(kernelDir + path.sep)
  );
}

function cleanMessage(message: string): string {
  // tslab rewrites a variable `x` from an earlier cell to `exports.x`; V8 quotes that in messages.
  return stripLineMarkers(message).replace(/\bexports\.(?=[A-Za-z_$])/g, "");
}

/** Options for `runtimeErrorToContent`. */
export interface RuntimeErrorOptions {
  /** Looks up a cell by its script file name. */
  findCell(fileName: string): CellRecord | undefined;
  /** This kernel's own folder (frames inside it are hidden). */
  kernelDir: string;
  /** Paths under this folder are shown relative to it (the project root). */
  projectRoot: string;
  /** Overrides the error name (e.g. "KeyboardInterrupt" for an interrupt). */
  ename?: string;
  /** Overrides the message. */
  evalue?: string;
}

/** Converts a thrown value into Jupyter error content with frames mapped to cell lines. */
export function runtimeErrorToContent(err: unknown, opts: RuntimeErrorOptions): ErrorContent {
  const isErr = err !== null && typeof err === "object" && typeof (err as Error).message === "string";
  const rawName = isErr ? String((err as Error).name || (err as object).constructor?.name || "Error") : "Error";
  const ename = opts.ename ?? rawName;
  const evalue = opts.evalue ?? (isErr ? cleanMessage((err as Error).message) : `Uncaught ${inspect(err)}`);
  const traceback = [`${ename}: ${evalue}`];
  const stack = isErr && typeof (err as Error).stack === "string" ? (err as Error).stack! : "";
  let context: string[] = [];
  for (const f of parseFrames(stack)) {
    const fn = f.fn && f.fn !== "Object.<anonymous>" ? f.fn : "";
    const at = (where: string): string => (fn ? `    at ${fn} (${where})` : `    at ${where}`);
    if (path.basename(f.file).startsWith(CELL_FILE_PREFIX)) {
      const cell = opts.findCell(f.file);
      if (!cell) continue;
      if (f.line >= cell.jsLines.length) continue; // tslab's wrapper invocation on the last line
      const pos = mapToCell(cell.jsLines, cell.source.split("\n"), f.line, f.column, cell.firstLineOffset);
      traceback.push(at(`${cell.label}, line ${pos.line}, col ${pos.column}`));
      if (context.length === 0) context = [`${cell.label}, line ${pos.line}:`, ...sourceContext(cell.source, pos.line, pos.column)];
      continue;
    }
    if (isInternal(f.file, opts.kernelDir)) continue;
    const orig = path.isAbsolute(f.file) && f.file.endsWith(".js") ? originalPosition(f.file, f.line, f.column) : undefined;
    const pos = orig ?? { file: f.file, line: f.line, column: f.column };
    const rel = path.isAbsolute(pos.file) && pos.file.startsWith(opts.projectRoot + path.sep) ? path.relative(opts.projectRoot, pos.file) : pos.file;
    traceback.push(at(`${rel}:${pos.line}:${pos.column}`));
  }
  return { ename, evalue, traceback: context.length > 0 ? [...traceback, ...context] : traceback };
}
