/**
 * The browser kernel's TypeScript engine: tslab's own converter (the code the Node kernel uses, bundled for the
 * worker) over an in-memory file system, and an executor that runs each compiled cell the way tslab's does —
 * earlier cells' declarations in scope (tslab's `prevDecl`), their values on one shared `exports` object.
 * Cell sources get the same line anchors and error mapping as the Node kernel (src/kernel/cell-source.ts,
 * src/kernel/errors.ts), so an error names the cell's own line.
 */
import * as ts from "@tslab/typescript-for-tslab";
import type * as TS from "@tslab/typescript-for-tslab";
import type { Converter } from "tslab/dist/converter";
import { printQuickInfo } from "tslab/dist/inspect";
import { addLineMarkers, expandShorthandProperties } from "../../src/kernel/cell-source";
import { CELL_FILE_PREFIX, diagnosticsToError, runtimeErrorToContent, type CellRecord, type CompileDiagnostic, type ErrorContent } from "../../src/kernel/errors";
import { CELL_GLOBAL_DECLARATIONS, valueToBundle } from "../../src/kernel/cell-output";
import { reuseUnchangedBuilderState } from "../../src/kernel/tslab-patches";
import { resetCancel } from "../../src/notebook/cancel";
import type { MimeBundle } from "../../src/notebook/display";
import { createMemorySys, type TypePack } from "./memory-sys";

/** Outcome of one execution (as the Node kernel's Engine reports it). */
export type ExecutionOutcome = { status: "ok" } | ({ status: "error" } & ErrorContent);

const GLOBALS_MODULE = "__dl4ds_globals__";
const MAX_CELL_RECORDS = 500;

/** tslab's `exports` object: named imports arrive as getters (defineProperty), stored as plain values so cells can reassign them. */
function createExports(): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  return new Proxy(exports, {
    defineProperty: (_target, prop, attrs) => {
      if (prop === "__esModule") return true;
      exports[prop as string] = attrs.get ? attrs.get() : attrs.value;
      return true;
    },
  });
}

interface TslabDiagnostic {
  start: { line: number; character: number };
  messageText: string;
  fileName?: string;
}

/** The engine: one per worker. */
export class LiteEngine {
  private readonly converter: Converter;
  private readonly exports = createExports();
  private readonly records = new Map<string, CellRecord>();
  private prevDecl = "";
  private runs = 0;
  private busy = false;
  /** The folder of the worker's script (its frames are hidden from tracebacks). */
  private readonly scriptDir = String(self.location?.href ?? "").replace(/\/[^/]*$/, "");
  private readonly isCompleteCode: (code: string) => { completed: boolean; indent?: string };

  /** @param requireModule what a cell's `import` / `require` returns (the worker's module table) */
  constructor(pack: TypePack, requireModule: (id: string) => unknown) {
    // tslab's converter touches ts.sys when its module loads, so it is required only once the file system is in.
    (ts as unknown as { setSys(sys: TS.System): void }).setSys(createMemorySys(pack));
    reuseUnchangedBuilderState();
    const tslab = require("tslab/dist/converter") as typeof import("tslab/dist/converter");
    this.isCompleteCode = tslab.isCompleteCode;
    this.converter = tslab.createConverter({ isJS: false, isBrowser: false });
    this.converter.addModule(GLOBALS_MODULE, CELL_GLOBAL_DECLARATIONS);
    (globalThis as { __tslab__?: unknown }).__tslab__ = { exports: this.exports, require: requireModule };
  }

  /** Looks up a cell record by the script name in a stack frame. */
  findCell(fileName: string): CellRecord | undefined {
    return this.records.get(fileName.slice(fileName.lastIndexOf("/") + 1));
  }

  /** Compiles and runs one cell; `onResult` receives the bundle of its last expression. */
  async execute(code: string, label: string, onResult: (bundle: MimeBundle) => void): Promise<ExecutionOutcome> {
    if (typeof code !== "string") throw new TypeError("LiteEngine.execute: code must be a string");
    if (this.busy) throw new Error("LiteEngine.execute: another cell is still running; the kernel runs one at a time");
    this.busy = true;
    resetCancel();
    const fileName = `${CELL_FILE_PREFIX}${++this.runs}.ts`;
    const record: CellRecord = { fileName, label, source: code, jsLines: [], firstLineOffset: 0 };
    this.records.set(fileName, record);
    if (this.records.size > MAX_CELL_RECORDS) this.records.delete(this.records.keys().next().value as string);
    try {
      return await this.run(code, record, onResult);
    } finally {
      this.busy = false;
    }
  }

  private async run(code: string, record: CellRecord, onResult: (bundle: MimeBundle) => void): Promise<ExecutionOutcome> {
    const converted = this.converter.convert(this.prevDecl, addLineMarkers(expandShorthandProperties(code)));
    const diagnostics = converted.diagnostics as unknown as TslabDiagnostic[];
    if (diagnostics.length > 0) {
      const diags: CompileDiagnostic[] = diagnostics.map((d) => ({
        file: d.fileName ?? "", line: d.start.line + 1, column: d.start.character + 1, message: d.messageText,
      }));
      return { status: "error", ...diagnosticsToError(diags, record) };
    }
    if (!converted.output) {
      this.prevDecl = converted.declOutput ?? "";
      return { status: "ok" };
    }
    const prefix = converted.hasToplevelAwait ? "(async function(exports, require) { " : "(function(exports, require) { ";
    const wrapped = prefix + converted.output + "\n})(__tslab__.exports, __tslab__.require)";
    record.jsLines = wrapped.split("\n");
    record.firstLineOffset = prefix.length;
    try {
      // Indirect eval runs in the worker's global scope; the sourceURL names the cell in stack frames.
      const ret = (0, eval)(`${wrapped}\n//# sourceURL=${record.fileName}`) as unknown;
      if (converted.hasToplevelAwait) await ret;
    } catch (err) {
      return this.errorOutcome(err);
    }
    this.prevDecl = converted.declOutput ?? "";
    const name = converted.lastExpressionVar;
    if (name && this.exports[name] != null) {
      const value = this.exports[name];
      delete this.exports[name];
      try {
        onResult(valueToBundle(value));
      } catch (err) {
        return this.errorOutcome(err);
      }
    }
    return { status: "ok" };
  }

  private errorOutcome(err: unknown): ExecutionOutcome {
    return { status: "error", ...this.errorContent(err) };
  }

  /**
   * A thrown value as error content whose traceback points at cell lines. Frames inside the worker's own
   * script (this kernel, the library bundle) are left out, as the Node kernel leaves out its own; a cell's
   * top level, which V8 names "eval" here, is shown as the Node kernel shows it.
   */
  errorContent(err: unknown): ErrorContent {
    const content = runtimeErrorToContent(err, { findCell: (f: string) => this.findCell(f), kernelDir: this.scriptDir, projectRoot: "/dl4ds" });
    const traceback = content.traceback.map((line) => line.replace(/^ {4}at eval \((cell .*)\)$/, "    at $1"));
    return { ...content, traceback };
  }

  /** Completion candidates at a UTF-16 offset. */
  complete(code: string, cursor: number): { start: number; end: number; matches: string[] } {
    const info = this.converter.complete(this.prevDecl, code, cursor);
    return { start: info.start, end: info.end, matches: info.candidates };
  }

  /** Type and documentation of the symbol at a UTF-16 offset, or undefined. */
  inspect(code: string, cursor: number): string | undefined {
    const info = this.converter.inspect(this.prevDecl, code, cursor);
    return info ? printQuickInfo(info) : undefined;
  }

  /** Whether the code is a complete statement list (for consoles). */
  isComplete(code: string): { status: "complete" | "incomplete"; indent?: string } {
    const r = this.isCompleteCode(code);
    return r.completed ? { status: "complete" } : { status: "incomplete", indent: r.indent ?? "" };
  }
}
