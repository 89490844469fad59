/**
 * Messages between the kernel object on the page (lite/extension) and the worker that compiles and runs cells.
 * Jupyter message headers travel as plain objects; the page builds the real Jupyter messages.
 */

/** A Jupyter header as the worker sees it (only passed back as the parent of what it publishes). */
export type Header = Record<string, unknown>;

/** Page → worker. */
export type ToWorker =
  | { kind: "init"; typesUrl: string; wasmDir: string }
  | ({ kind: "request"; id: number; header: Header } & Request);

/** The requests the worker answers (each gets one `reply` with the same id). */
export type Request =
  | { type: "execute"; code: string; executionCount: number; silent: boolean }
  | { type: "complete"; code: string; cursor: number }
  | { type: "inspect"; code: string; cursor: number }
  | { type: "is_complete"; code: string }
  | { type: "comm_info"; targetName?: string }
  | { type: "comm"; msgType: "comm_open" | "comm_msg" | "comm_close"; content: Record<string, unknown>; metadata: Record<string, unknown>; buffers: ArrayBuffer[] };

/** Worker → page. */
export type FromWorker =
  | { kind: "ready"; banner: string; typescript: string; backend: string; fallbackReason?: string; startMs: number }
  | { kind: "failed"; error: string }
  | { kind: "reply"; id: number; content: Record<string, unknown> }
  | { kind: "iopub"; parent?: Header; msgType: string; content: Record<string, unknown>; metadata?: Record<string, unknown>; buffers?: ArrayBuffer[] };
