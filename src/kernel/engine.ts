/**
 * The TypeScript engine of the dl4ds kernel: tslab's converter and executor (used as a library, not
 * copied), with a console that captures what tslab prints so the kernel can send proper Jupyter
 * messages: compile diagnostics become a "TSError", thrown values become errors whose traceback points
 * at the cell's own lines, and the cell's last expression becomes an `execute_result` bundle.
 */
import * as path from "path";
import { createRequire } from "module";
import type * as vm from "vm";
import type { Converter, ConvertResult, CompletionInfo } from "tslab/dist/converter";
import type { ConverterSet, Executor } from "tslab/dist/executor";
import type * as TS from "@tslab/typescript-for-tslab";
import type { MimeBundle } from "../notebook/display";
import { CELL_GLOBAL_DECLARATIONS, valueToBundle } from "./cell-output";
import { resetCancel, requestCancel } from "../notebook/cancel";
import { addLineMarkers, expandShorthandProperties } from "./cell-source";
import { codeCompleteness, type Completeness } from "./is-complete";
import {
  CELL_FILE_PREFIX,
  diagnosticsToError,
  runtimeErrorToContent,
  type CellRecord,
  type CompileDiagnostic,
  type ErrorContent,
} from "./errors";
import { installPollingWatchers, limitAutomaticTypePackages, pollWatchedFiles, reuseUnchangedBuilderState } from "./tslab-patches";

/** Outcome of one execution. */
export type ExecutionOutcome = { status: "ok" } | ({ status: "error" } & ErrorContent);

/** Completion result in UTF-16 offsets of the code. */
export interface CompletionResult {
  start: number;
  end: number;
  matches: string[];
}

export { CELL_GLOBAL_DECLARATIONS, valueToBundle };

const GLOBALS_MODULE = "__dl4ds_globals__";
const TSLAB_DIAGNOSTIC_FORMAT = "%s%d:%d - %s";
const MAX_CELL_RECORDS = 500;

interface Running {
  record: CellRecord;
  diagnostics: CompileDiagnostic[];
  thrown: unknown[];
  onResult: (bundle: MimeBundle) => void;
  resultError?: unknown;
}

/** Options for the engine. */
export interface EngineOptions {
  /** Folder used as TypeScript root and for resolving imports (the notebook's folder). */
  rootDir: string;
  /** Project root; stack frames under it are shown relative to it. */
  projectRoot: string;
  /** Keep TypeScript's builder state for unchanged declaration files between cells (default true; false is the
   *  slower path before, for measuring). */
  reuseBuilderState?: boolean;
}

/**
 * `process.exit()` inside a cell would kill the kernel (and with it every variable and the student's work); like
 * Python's `sys.exit()` in IPython it becomes an error in that cell and the kernel keeps running.
 */
function exitFromCell(code?: number | string | null): never {
  const err = new Error(
    `process.exit(${code ?? ""}) was called in a cell; the kernel keeps running. To stop or restart it, use the Kernel menu.`,
  );
  err.name = "SystemExit";
  throw err;
}

/** tslab's engine with error capture. One per kernel process. */
export class Engine {
  private readonly executor: Executor;
  private readonly nodeConverter: Converter;
  private browserConverter?: Converter;
  private readonly records = new Map<string, CellRecord>();
  private running?: Running;
  private pendingScript?: CellRecord;
  private interrupted = false;
  private runs = 0;
  private readonly kernelDir = __dirname;
  private readonly isCompleteCode: (code: string) => { completed: boolean; indent?: string };
  private readonly printQuickInfo: (info: TS.QuickInfo) => string;

  constructor(private readonly options: EngineOptions) {
    installPollingWatchers();
    limitAutomaticTypePackages();
    if (options.reuseBuilderState !== false) reuseUnchangedBuilderState();
    this.patchVm();
    const conv = require("tslab/dist/converter") as typeof import("tslab/dist/converter");
    const exec = require("tslab/dist/executor") as typeof import("tslab/dist/executor");
    this.isCompleteCode = conv.isCompleteCode;
    this.printQuickInfo = (require("tslab/dist/inspect") as { printQuickInfo: (i: TS.QuickInfo) => string }).printQuickInfo;
    // The converter takes its root from the process's working directory.
    const cwd = process.cwd();
    if (path.resolve(cwd) !== path.resolve(options.rootDir)) process.chdir(options.rootDir);
    const withGlobals = (c: Converter): Converter => {
      // A virtual root file (not the cells' declaration file: tslab would rewrite `display` to `exports.display`).
      c.addModule(GLOBALS_MODULE, CELL_GLOBAL_DECLARATIONS);
      return c;
    };
    this.nodeConverter = withGlobals(conv.createConverter({ isJS: false, isBrowser: false }));
    const self = this;
    const wrap = (inner: () => Converter): Converter => ({
      convert(prevDecl: string, src: string): ConvertResult {
        pollWatchedFiles();
        const full = expandShorthandProperties(src);
        return inner().convert(prevDecl, self.running ? addLineMarkers(full) : full);
      },
      inspect(prevDecl: string, src: string, position: number) {
        pollWatchedFiles();
        return inner().inspect(prevDecl, src, position);
      },
      complete(prevDecl: string, src: string, position: number): CompletionInfo {
        pollWatchedFiles();
        return inner().complete(prevDecl, src, position);
      },
      addModule: (name, content, meta) => inner().addModule(name, content, meta),
      close: () => inner().close(),
    });
    const convs: ConverterSet = {
      node: wrap(() => this.nodeConverter),
      browser: wrap(() => (this.browserConverter ??= withGlobals(conv.createConverter({ isJS: false, isBrowser: true })))),
      close: () => {
        this.nodeConverter.close();
        this.browserConverter?.close();
      },
    };
    this.executor = exec.createExecutor(options.rootDir, convs, {
      log: (...args: unknown[]) => this.onLog(args),
      error: (...args: unknown[]) => this.onError(args),
    });
  }

  /** Gives tslab's scripts a file name per cell so stack frames say which cell they come from. */
  private patchVm(): void {
    // The real module object (an `import * as` namespace would be a read-only copy).
    const mod = require("vm") as { runInThisContext: typeof vm.runInThisContext };
    const original = mod.runInThisContext;
    if ((original as { __dl4ds?: boolean }).__dl4ds) return;
    const self = this;
    const patched = function (this: unknown, code: string, options?: vm.RunningScriptOptions | string) {
      const rec = self.pendingScript;
      if (rec && typeof code === "string" && /^\((async )?function\(exports, require\) \{ /.test(code)) {
        self.pendingScript = undefined;
        if (self.interrupted) {
          // The interrupt came while the cell was compiling: do not start it.
          throw Object.assign(new Error("Script execution interrupted."), { code: "ERR_SCRIPT_EXECUTION_INTERRUPTED" });
        }
        rec.jsLines = code.split("\n");
        rec.firstLineOffset = code.indexOf("{ ") + 2;
        const opts = typeof options === "object" && options ? options : {};
        return original.call(this, code, { ...opts, filename: rec.fileName });
      }
      return original.call(this, code, options as vm.RunningScriptOptions);
    } as typeof vm.runInThisContext;
    (patched as { __dl4ds?: boolean }).__dl4ds = true;
    mod.runInThisContext = patched;
  }

  private onLog(args: unknown[]): void {
    const run = this.running;
    if (!run) return;
    // tslab calls console.log(value) once, with the cell's last expression.
    try {
      run.onResult(valueToBundle(args[0]));
    } catch (err) {
      run.resultError = err;
    }
  }

  private onError(args: unknown[]): void {
    const run = this.running;
    if (!run) return;
    if (args.length === 5 && args[0] === TSLAB_DIAGNOSTIC_FORMAT) {
      run.diagnostics.push({ file: String(args[1]).trim(), line: Number(args[2]), column: Number(args[3]), message: String(args[4]) });
      return;
    }
    run.thrown.push(args[0]);
  }

  /** Looks up a cell record by the script file name in a stack frame. */
  findCell(fileName: string): CellRecord | undefined {
    return this.records.get(path.basename(fileName));
  }

  /**
   * Compiles and runs one cell.
   * @param code the cell source
   * @param label how the cell is named in tracebacks, e.g. "cell 3"
   * @param onResult receives the bundle of the cell's last expression
   */
  async execute(code: string, label: string, onResult: (bundle: MimeBundle) => void): Promise<ExecutionOutcome> {
    if (typeof code !== "string") throw new TypeError("Engine.execute: code must be a string");
    if (this.running) throw new Error("Engine.execute: another cell is still running; the kernel runs one at a time");
    resetCancel();
    this.interrupted = false;
    const fileName = `${CELL_FILE_PREFIX}${++this.runs}.ts`;
    const record: CellRecord = { fileName, label, source: code, jsLines: [], firstLineOffset: 0 };
    this.records.set(fileName, record);
    if (this.records.size > MAX_CELL_RECORDS) this.records.delete(this.records.keys().next().value as string);
    const run: Running = { record, diagnostics: [], thrown: [], onResult };
    this.running = run;
    this.pendingScript = record;
    const realExit = process.exit;
    process.exit = exitFromCell;
    let ok: boolean;
    try {
      ok = await this.executor.execute(code);
    } catch (err) {
      ok = false;
      run.thrown.push(err);
    } finally {
      process.exit = realExit;
      this.running = undefined;
      this.pendingScript = undefined;
    }
    if (run.diagnostics.length > 0) return { status: "error", ...diagnosticsToError(run.diagnostics, record) };
    const thrown = run.thrown.length > 0 ? run.thrown[0] : run.resultError;
    if (ok && thrown === undefined) return { status: "ok" };
    const errOpts = { findCell: (f: string) => this.findCell(f), kernelDir: this.kernelDir, projectRoot: this.options.projectRoot };
    if (this.isInterrupt(thrown)) {
      return {
        status: "error",
        ...runtimeErrorToContent(thrown, { ...errOpts, ename: "KeyboardInterrupt", evalue: "Interrupted by the user (kernel interrupt)" }),
      };
    }
    if (thrown === undefined) return { status: "error", ename: "Error", evalue: "The cell failed without reporting an error", traceback: [] };
    return { status: "error", ...runtimeErrorToContent(thrown, errOpts) };
  }

  private isInterrupt(err: unknown): boolean {
    if (err === null || typeof err !== "object") return false;
    const e = err as { code?: string; message?: string; name?: string };
    if (e.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") return true;
    return this.interrupted && e.message === "Interrupted asynchronously";
  }

  /**
   * Interrupts the running cell: asynchronous waits are abandoned and library loops that call
   * `throwIfCancelled()` stop. (A busy synchronous loop is stopped by V8's breakOnSigint.)
   */
  interrupt(): void {
    this.interrupted = true;
    requestCancel();
    this.executor.interrupt();
  }

  /**
   * Loads a package and its types ahead of the first cell that imports it (start-up latency).
   * Does nothing when the package cannot be resolved from the root folder; a failure to load shows
   * up later, when a cell imports it.
   */
  preload(moduleName: string): void {
    let resolved: string;
    try {
      resolved = createRequire(path.join(this.options.rootDir, "__dl4ds_preload__.js")).resolve(moduleName);
    } catch {
      return;
    }
    try {
      this.nodeConverter.convert("", `import * as __dl4ds_preload from ${JSON.stringify(moduleName)};\n__dl4ds_preload;\n`);
      require(resolved);
    } catch {
      // reported when a cell imports it
    }
  }

  /** True while a cell runs. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Completion candidates at a UTF-16 offset. */
  complete(code: string, cursor: number): CompletionResult {
    const info = this.executor.complete(code, cursor);
    return { start: info.start, end: info.end, matches: info.candidates };
  }

  /** Type and documentation of the symbol at a UTF-16 offset, or undefined. */
  inspect(code: string, cursor: number): string | undefined {
    const info = this.executor.inspect(code, cursor);
    return info ? this.printQuickInfo(info) : undefined;
  }

  /** Whether the code is a complete statement list, needs more lines, or cannot be fixed by more (for consoles). */
  isComplete(code: string): { status: Completeness; indent?: string } {
    const status = codeCompleteness(require("@tslab/typescript-for-tslab") as typeof TS, code);
    return status === "incomplete" ? { status, indent: this.isCompleteCode(code).indent ?? "" } : { status };
  }

  /** Releases the compiler's resources. */
  close(): void {
    this.executor.close();
  }
}
