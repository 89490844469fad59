/**
 * The kernel's input history, answering `history_request` the way ipykernel does: every stored execution is a
 * line numbered by its execution count, in session 1 (the history lives in memory, one per kernel process, so
 * there are no earlier sessions). Entries are `[session, line, source]`, or `[session, line, [source, output]]`
 * with `output: true`, where output is the `text/plain` of the cell's result or null.
 *
 * - tail: the last `n` entries (10 by default), oldest first;
 * - range: lines `start` ≤ line < `stop` of a session (0 is the current one, negative counts back);
 * - search: entries whose whole source matches a glob pattern (`*`, `?`, `[abc]`, `[^abc]`, case-sensitive, as
 *   SQLite's GLOB in IPython), oldest first; `unique` keeps the latest entry of each source, `n` the last n.
 *
 * Plain data, no Node APIs: a browser kernel can use it as is.
 */

/** The history entries live in this session (IPython numbers sessions from 1). */
export const HISTORY_SESSION = 1;

const DEFAULT_TAIL = 10;

/** One history entry as sent in `history_reply`. */
export type HistoryEntry = [number, number, string] | [number, number, [string, string | null]];

/** The fields of a `history_request` (Jupyter messaging spec). */
export interface HistoryRequest {
  output?: unknown;
  raw?: unknown;
  hist_access_type?: unknown;
  session?: unknown;
  start?: unknown;
  stop?: unknown;
  n?: unknown;
  pattern?: unknown;
  unique?: unknown;
}

/** A `history_reply`'s content. */
export type HistoryReply =
  | { status: "ok"; history: HistoryEntry[] }
  | { status: "error"; ename: string; evalue: string; traceback: string[] };

interface Line {
  line: number;
  source: string;
  output: string | null;
}

/** Turns a glob pattern into an anchored regular expression (SQLite GLOB rules). */
export function globToRegExp(pattern: string): RegExp {
  if (typeof pattern !== "string") throw new TypeError(`globToRegExp: pattern must be a string, got ${typeof pattern}`);
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "*") re += "[\\s\\S]*";
    else if (ch === "?") re += "[\\s\\S]";
    else if (ch === "[") {
      // A "]" right after "[" or "[^" is a literal, as in SQLite.
      let first = i + 1;
      if (pattern[first] === "^") first++;
      const close = pattern.indexOf("]", first + 1);
      if (close < 0) {
        re += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith("^");
      if (negate) body = body.slice(1);
      re += `[${negate ? "^" : ""}${body.replace(/[\\\]]/g, "\\$&")}]`;
      i = close;
    } else re += ch.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** The execution history of one kernel session, kept in memory. */
export class ExecutionHistory {
  private readonly lines: Line[] = [];

  /** Stores a cell's source under its execution count (only executions with store_history do this). */
  record(line: number, source: string): void {
    if (!Number.isInteger(line) || line < 1) throw new RangeError(`ExecutionHistory.record: line must be an integer >= 1 (the execution count), got ${line}`);
    if (typeof source !== "string") throw new TypeError(`ExecutionHistory.record: source must be a string, got ${typeof source}`);
    this.lines.push({ line, source, output: null });
  }

  /** Stores the text/plain of a line's result (the last one wins, like IPython's output history). */
  recordOutput(line: number, text: string): void {
    if (typeof text !== "string") throw new TypeError(`ExecutionHistory.recordOutput: text must be a string, got ${typeof text}`);
    const entry = this.find(line);
    if (entry) entry.output = text;
  }

  /** Number of stored lines. */
  get size(): number {
    return this.lines.length;
  }

  private find(line: number): Line | undefined {
    for (let i = this.lines.length - 1; i >= 0; i--) if (this.lines[i].line === line) return this.lines[i];
    return undefined;
  }

  private entry(l: Line, output: boolean): HistoryEntry {
    return output ? [HISTORY_SESSION, l.line, [l.source, l.output]] : [HISTORY_SESSION, l.line, l.source];
  }

  /** The last `n` lines, oldest first. */
  tail(n: number = DEFAULT_TAIL, output = false): HistoryEntry[] {
    checkCount("tail", n);
    return (n === 0 ? [] : this.lines.slice(-n)).map((l) => this.entry(l, output));
  }

  /** Lines start ≤ line < stop (stop undefined: to the end) of a session; 0 and negative count back from this one. */
  range(session = 0, start = 1, stop?: number, output = false): HistoryEntry[] {
    for (const [name, v] of [["session", session], ["start", start], ["stop", stop]] as const) {
      if (v !== undefined && !Number.isInteger(v)) throw new TypeError(`history range: ${name} must be an integer, got ${String(v)}`);
    }
    const wanted = session <= 0 ? session + HISTORY_SESSION : session;
    if (wanted !== HISTORY_SESSION) return [];
    return this.lines.filter((l) => l.line >= start && (stop === undefined || l.line < stop)).map((l) => this.entry(l, output));
  }

  /** Lines whose whole source matches the glob pattern. */
  search(pattern = "*", options: { n?: number; unique?: boolean; output?: boolean } = {}): HistoryEntry[] {
    if (typeof pattern !== "string") throw new TypeError(`history search: pattern must be a glob string such as "*range*", got ${typeof pattern}`);
    if (options.n !== undefined) checkCount("search", options.n);
    const re = globToRegExp(pattern);
    let hits = this.lines.filter((l) => re.test(l.source));
    if (options.unique) {
      const latest = new Map<string, Line>();
      for (const l of hits) latest.set(l.source, l);
      hits = hits.filter((l) => latest.get(l.source) === l);
    }
    if (options.n !== undefined) hits = options.n === 0 ? [] : hits.slice(-options.n);
    return hits.map((l) => this.entry(l, options.output === true));
  }

  /** Answers a history_request's content; invalid fields give an error reply that says what was wrong. */
  handleRequest(req: HistoryRequest): HistoryReply {
    try {
      const output = optional(req.output, "boolean", "output") ?? false;
      const n = optional(req.n, "number", "n");
      switch (req.hist_access_type) {
        case "tail":
          return ok(this.tail(n ?? DEFAULT_TAIL, output));
        case "range":
          return ok(this.range(optional(req.session, "number", "session") ?? 0, optional(req.start, "number", "start") ?? 1, optional(req.stop, "number", "stop"), output));
        case "search":
          return ok(this.search(optional(req.pattern, "string", "pattern") ?? "*", { n, unique: optional(req.unique, "boolean", "unique") ?? false, output }));
        default:
          throw new TypeError(`hist_access_type must be "tail", "range" or "search", got ${JSON.stringify(req.hist_access_type)}`);
      }
    } catch (err) {
      const e = err as Error;
      return { status: "error", ename: e.name, evalue: e.message, traceback: [`${e.name}: ${e.message}`] };
    }
  }
}

function ok(history: HistoryEntry[]): HistoryReply {
  return { status: "ok", history };
}

function checkCount(op: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`history ${op}: n must be a whole number >= 0, got ${n}`);
}

function optional<T extends "boolean" | "number" | "string">(
  value: unknown,
  type: T,
  name: string,
): (T extends "boolean" ? boolean : T extends "number" ? number : string) | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw new TypeError(`history_request: ${name} must be a ${type}, got ${JSON.stringify(value)}`);
  return value as never;
}
