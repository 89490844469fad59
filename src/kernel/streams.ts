/**
 * Routes `process.stdout` / `process.stderr` writes (the cell's console.log, console.error, warnings)
 * to iopub `stream` messages of the request that is running, or ran last (like ipykernel).
 * Writes are coalesced: flushed after 50 ms, when 100 ms of output has piled up during a busy
 * synchronous loop, at 64 KiB, before any other output message, and at the end of each execution.
 * stderr written before the first request (a warning from preloading the library) goes to the kernel's
 * log and is also shown in the first cell, so the notebook sees it too.
 */
import type { MessageHeader } from "./wire";

/** Sends one stream message. */
export type StreamPublisher = (name: "stdout" | "stderr", text: string, parent: Partial<MessageHeader>) => void;

const FLUSH_DELAY_MS = 50;
const MAX_AGE_MS = 100;
const MAX_BYTES = 64 * 1024;

/** Buffers and forwards stream output for the current parent request. */
export class StreamRouter {
  private parent?: Partial<MessageHeader>;
  private chunks: Array<{ name: "stdout" | "stderr"; text: string }> = [];
  private size = 0;
  private firstAt = 0;
  private timer?: NodeJS.Timeout;
  private installed = false;
  /** stderr written before the first request, shown in the first cell; undefined once shown. */
  private beforeFirst: string[] | undefined = [];
  /** The process's original writers (the kernel's own log, not the notebook). */
  readonly originalStdout = process.stdout.write.bind(process.stdout);
  readonly originalStderr = process.stderr.write.bind(process.stderr);

  constructor(private readonly publish: StreamPublisher) {}

  /** Sets the request that receives output from now on. */
  setParent(parent: Partial<MessageHeader>): void {
    if (this.parent !== parent) this.flush();
    this.parent = parent;
    const held = this.beforeFirst;
    this.beforeFirst = undefined;
    if (held && held.length > 0) this.write("stderr", held.join(""));
  }

  /** Adds text to the buffer of stream `name`. */
  write(name: "stdout" | "stderr", text: string): void {
    if (!this.parent) {
      (name === "stdout" ? this.originalStdout : this.originalStderr)(text);
      if (name === "stderr" && this.beforeFirst && this.beforeFirst.join("").length < MAX_BYTES) this.beforeFirst.push(text);
      return;
    }
    if (text.length === 0) return;
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.name === name) last.text += text;
    else this.chunks.push({ name, text });
    if (this.size === 0) this.firstAt = Date.now();
    this.size += text.length;
    if (this.size >= MAX_BYTES || Date.now() - this.firstAt >= MAX_AGE_MS) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_DELAY_MS);
      this.timer.unref();
    }
  }

  /** Sends everything buffered now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const chunks = this.chunks;
    this.chunks = [];
    this.size = 0;
    if (!this.parent) return;
    for (const c of chunks) this.publish(c.name, c.text, this.parent);
  }

  /** Replaces process.stdout.write and process.stderr.write with writers into this router. */
  install(): void {
    if (this.installed) return;
    this.installed = true;
    const make = (name: "stdout" | "stderr") =>
      ((chunk: string | Uint8Array, encodingOrCb?: BufferEncoding | ((err?: Error) => void), cb?: (err?: Error) => void): boolean => {
        const encoding = typeof encodingOrCb === "string" ? encodingOrCb : "utf8";
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(encoding);
        this.write(name, text);
        const done = typeof encodingOrCb === "function" ? encodingOrCb : cb;
        if (done) process.nextTick(done);
        return true;
      }) as typeof process.stdout.write;
    process.stdout.write = make("stdout");
    process.stderr.write = make("stderr");
  }
}
