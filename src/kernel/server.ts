/**
 * The dl4ds kernel's Jupyter server: messaging protocol 5.3 over ZeroMQ (shell, control, stdin,
 * iopub, heartbeat), with tslab's engine (see engine.ts) doing the TypeScript work.
 *
 * Differences from tslab that matter to nbclient / nbgrader / JupyterLab:
 * - errors are sent as iopub `error` messages with ename/evalue/traceback, and the same fields are in
 *   `execute_reply`;
 * - queued execute requests are aborted after an error only when the failing request had
 *   `stop_on_error: true`, and only those already sent before the error reply;
 * - the last expression is an `execute_result`; `display()` sends full MIME bundles and updates them;
 *   `clearOutput()` sends `clear_output`; tslab's own display API goes the same way (tslab-display.ts);
 * - history_request is answered from the session's history (history.ts); iopub is an XPUB socket that welcomes
 *   each subscriber with `iopub_welcome`;
 * - SIGINT stops busy synchronous loops and raises the library's cancellation flag for async loops.
 */
import * as path from "path";
import { Worker } from "worker_threads";
import { projectRoot } from "../config";
import { Router, XPublisher } from "zeromq";
import { setDisplaySink, setClearOutputSink, display, clearOutput, type ClearOutputOptions, type DisplayOptions, type MimeBundle } from "../notebook/display";
import { setCommHost, type CommHeader } from "../notebook/comms";
import { CommManager } from "./comms/comm-manager";
import { createCommHost } from "./comms/host";
import { runtimeErrorToContent } from "./errors";
import { IopubWelcome } from "./iopub-welcome";
import { StdinChannel } from "./stdin";
import { registerWidgetTargets } from "../widgets/targets";
import { saveCompileCache } from "./compile-cache";
import { channelAddress, readConnectionFile, type ConnectionInfo } from "./connection";
import { Engine, type ExecutionOutcome } from "./engine";
import { ExecutionHistory } from "./history";
import { connectTslabDisplay } from "./tslab-display";
import { StreamRouter } from "./streams";
import { decodeMessage, MessageFactory, MessageSigner, PROTOCOL_VERSION, type JupyterMessage, type MessageHeader, type OutgoingMessage } from "./wire";

/** Converts a position in Unicode code points (Jupyter's unit) to a UTF-16 offset (JavaScript's unit). */
export function codePointsToUtf16(text: string, cursor: number): number {
  let offset = 0;
  for (let i = 0; i < cursor && offset < text.length; i++) offset += text.codePointAt(offset)! > 0xffff ? 2 : 1;
  return offset;
}

/** Converts a UTF-16 offset to a position in Unicode code points. */
export function utf16ToCodePoints(text: string, offset: number): number {
  return [...text.slice(0, Math.max(0, offset))].length;
}

function packageVersion(): string {
  try {
    return (require(path.join(projectRoot(), "package.json")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}

/** Options for `startKernel`. */
export interface KernelOptions {
  /** Load the library and its types right after start-up (default: true). */
  preload?: boolean;
}

/** One running kernel. */
export class KernelServer {
  private readonly signer: MessageSigner;
  private readonly factory: MessageFactory;
  private readonly shell = new Router();
  private readonly control = new Router();
  private readonly stdin = new Router();
  private readonly iopub = new XPublisher();
  private heartbeat?: Worker;
  private welcome?: IopubWelcome<ReturnType<MessageFactory["encode"]>>;
  private readonly queue: JupyterMessage[] = [];
  private processing = false;
  private executionCount = 0;
  private engine?: Engine;
  private readonly streams: StreamRouter;
  private currentParent?: Partial<MessageHeader>;
  private shuttingDown = false;
  private exiting = false;
  private readonly comms: CommManager;
  private readonly stdinChannel: StdinChannel;
  private readonly history = new ExecutionHistory();

  constructor(private readonly conn: ConnectionInfo, private readonly options: KernelOptions = {}) {
    this.signer = new MessageSigner(conn.key, conn.signature_scheme);
    this.factory = new MessageFactory(this.signer);
    this.streams = new StreamRouter((name, text, parent) => this.publish("stream", { name, text }, parent));
    this.comms = new CommManager(
      (msgType, content, extra) => this.publish(msgType, content, this.currentParent ?? {}, extra),
      (err, msg) => this.publish("error", { ...this.errorContent(err) }, msg.header),
    );
    this.stdinChannel = new StdinChannel((content, parent, identities) =>
      this.send(this.stdin, { msgType: "input_request", content, parent, identities }),
    );
  }

  /** Binds the sockets, starts the heartbeat and the message loops, then loads the engine. */
  async start(): Promise<void> {
    for (const s of [this.shell, this.control, this.stdin, this.iopub]) s.linger = 1000;
    // Every subscriber's subscription reaches the kernel (not only a topic's first), so each one gets a welcome.
    this.iopub.verbosity = "allSubs";
    // A PUB socket never blocks (a slow subscriber's messages are dropped at its high-water mark), so every send can
    // go out at once. With the default, zeromq.js defers one send in 512 to the event loop, and a subscriber that
    // joins meanwhile would get that message before its welcome.
    this.iopub.sendTimeout = 0;
    await Promise.all([
      this.shell.bind(channelAddress(this.conn, this.conn.shell_port)),
      this.control.bind(channelAddress(this.conn, this.conn.control_port)),
      this.stdin.bind(channelAddress(this.conn, this.conn.stdin_port)),
      this.iopub.bind(channelAddress(this.conn, this.conn.iopub_port)),
    ]);
    this.welcome = new IopubWelcome(this.iopub, {
      welcome: (subscription) =>
        this.send(this.iopub, { msgType: "iopub_welcome", content: { subscription }, parent: {}, identities: subscription ? [Buffer.from(subscription, "utf8")] : undefined }),
      release: (frames) => this.sendInOrder(this.iopub, frames),
      failed: (err) => this.streams.originalStderr(`dl4ds kernel: iopub subscription loop ended: ${err.message}\n`),
    });
    this.heartbeat = new Worker(path.join(__dirname, "heartbeat.js"), {
      workerData: { address: channelAddress(this.conn, this.conn.hb_port) },
      stdout: true,
      stderr: true,
    });
    this.heartbeat.unref();
    this.publish("status", { execution_state: "starting" }, {});
    this.installProcessHooks();
    void this.receiveLoop(this.shell, (msg) => {
      this.queue.push(msg);
      void this.processQueue();
    });
    void this.receiveLoop(this.control, (msg) => void this.handleControl(msg));
    void this.receiveLoop(this.stdin, (msg) => this.stdinChannel.handleReply(msg));
    // Load the compiler (and the library) once the sockets answer; messages wait in the queue meanwhile.
    setImmediate(() => this.getEngine());
  }

  private getEngine(): Engine {
    if (!this.engine) {
      this.engine = new Engine({ rootDir: process.cwd(), projectRoot: projectRoot() });
      if (this.options.preload !== false) this.engine.preload("dl4ds-diffusion");
      connectTslabDisplay();
      // Store V8's compiled code for the next start once things are quiet (see compile-cache.ts).
      setTimeout(() => saveCompileCache(), 3000).unref();
    }
    return this.engine;
  }

  private installProcessHooks(): void {
    this.streams.install();
    setDisplaySink((bundle, options) => this.sendDisplay(bundle, options));
    // The global returns nothing, so `display(x)` as a cell's last line does not also print "true".
    (globalThis as { display?: unknown }).display = (value: unknown, options?: DisplayOptions): void => void display(value, options);
    setClearOutputSink(({ wait }) => this.publish("clear_output", { wait }, this.currentParent ?? {}));
    (globalThis as { clearOutput?: unknown }).clearOutput = (options?: ClearOutputOptions): void => clearOutput(options);
    const host = createCommHost(this.comms, {
      currentParent: () => this.currentParent as CommHeader | undefined,
      publish: (msgType, content, parent) => this.publish(msgType, content, parent ?? {}),
      errorContent: (err) => this.errorContent(err),
    });
    setCommHost(host);
    registerWidgetTargets(host);
    this.stdinChannel.installGlobals();
    process.on("SIGINT", () => this.interrupt());
    process.on("uncaughtException", (err) => this.streams.write("stderr", `Uncaught ${err && err.stack ? err.stack : String(err)}\n`));
    process.on("unhandledRejection", (reason) =>
      this.streams.write("stderr", `Unhandled promise rejection: ${reason instanceof Error && reason.stack ? reason.stack : String(reason)}\n`),
    );
  }

  /** Interrupts the running cell (SIGINT or interrupt_request). */
  interrupt(): void {
    this.engine?.interrupt();
  }

  private async receiveLoop(sock: Router, onMessage: (msg: JupyterMessage) => void): Promise<void> {
    try {
      for await (const frames of sock) {
        let msg: JupyterMessage;
        try {
          msg = decodeMessage(frames, this.signer);
        } catch (err) {
          this.streams.originalStderr(`dl4ds kernel: dropped a message: ${(err as Error).message}\n`);
          continue;
        }
        onMessage(msg);
      }
    } catch (err) {
      if (!this.shuttingDown) this.streams.originalStderr(`dl4ds kernel: socket loop ended: ${(err as Error).message}\n`);
    }
  }

  private send(sock: Router | XPublisher, msg: OutgoingMessage): void {
    if (this.shuttingDown && sock !== this.control && sock !== this.shell) return;
    const frames = this.factory.encode(msg);
    if (sock === this.iopub && msg.msgType === "iopub_welcome") {
      // Ahead of output that zeromq has not taken yet: that output would reach the new subscriber after its subscription.
      this.welcomes.add(frames);
      const backlog = this.backlog.get(sock);
      if (backlog && backlog.length > 0) backlog.unshift(frames);
      else this.trySend(sock, frames);
      return;
    }
    // With a backlog, the flush checks for welcomes in order; otherwise a waiting subscription may hold the message.
    if (sock === this.iopub && !this.backlog.get(sock)?.length && this.welcome?.hold(frames)) return;
    this.sendInOrder(sock, frames);
  }

  private readonly welcomes = new WeakSet<ReturnType<MessageFactory["encode"]>>();

  /** Keeps the order: once one message waits for the socket, every later one waits behind it. */
  private sendInOrder(sock: Router | XPublisher, frames: ReturnType<MessageFactory["encode"]>): void {
    const backlog = this.backlog.get(sock);
    if (backlog && backlog.length > 0) backlog.push(frames);
    else this.trySend(sock, frames);
  }

  /** Messages a socket could not take yet (zeromq allows one pending send per socket), in order. */
  private readonly backlog = new Map<Router | XPublisher, Array<ReturnType<MessageFactory["encode"]>>>();

  /**
   * Sends at once when the socket takes it (ROUTER and PUB queue immediately, so this also works inside a busy
   * cell); when zeromq says the socket is busy writing (a slow peer), the message waits and is retried.
   */
  private trySend(sock: Router | XPublisher, frames: ReturnType<MessageFactory["encode"]>): void {
    try {
      sock.send(frames).catch((err: Error) => this.streams.originalStderr(`dl4ds kernel: send failed: ${err.message}\n`));
    } catch (err) {
      if (!/busy/i.test((err as Error).message)) {
        this.streams.originalStderr(`dl4ds kernel: send failed: ${(err as Error).message}\n`);
        return;
      }
      const backlog = this.backlog.get(sock) ?? [];
      backlog.unshift(frames);
      this.backlog.set(sock, backlog);
      setTimeout(() => this.flushBacklog(sock), 1);
    }
  }

  private flushBacklog(sock: Router | XPublisher): void {
    const backlog = this.backlog.get(sock);
    if (!backlog) return;
    const pending = backlog.splice(0);
    for (let i = 0; i < pending.length; i++) {
      if (sock === this.iopub && !this.welcomes.has(pending[i]) && this.welcome?.hold(pending[i])) {
        // a subscription is waiting for its welcome: the rest is held behind this one
        for (const frames of pending.slice(i + 1)) this.welcome.hold(frames);
        return;
      }
      this.trySend(sock, pending[i]);
      const waiting = this.backlog.get(sock);
      if (waiting && waiting.length > 0) {
        // busy again: the rest waits behind the message that bounced
        waiting.push(...pending.slice(i + 1));
        return;
      }
    }
  }

  /** Publishes an iopub message. */
  publish(msgType: string, content: Record<string, unknown>, parent: Partial<MessageHeader>, extra: { buffers?: Uint8Array[]; metadata?: Record<string, unknown> } = {}): void {
    if (msgType !== "stream") this.streams.flush();
    const buffers = extra.buffers?.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    this.send(this.iopub, { msgType, content, parent, buffers, metadata: extra.metadata });
  }

  /** A thrown value as error content whose traceback points at cell lines. */
  private errorContent(err: unknown): { ename: string; evalue: string; traceback: string[] } {
    return runtimeErrorToContent(err, { findCell: (f) => this.engine?.findCell(f), kernelDir: __dirname, projectRoot: projectRoot() });
  }

  /** Runs a comm message's callback with the comm message as the parent of everything it outputs. */
  private async handleComm(msg: JupyterMessage): Promise<void> {
    const previous = this.currentParent;
    this.currentParent = msg.header;
    this.streams.setParent(msg.header);
    try {
      await this.comms.handle(msg);
    } finally {
      this.streams.flush();
      this.currentParent = previous;
      if (previous) this.streams.setParent(previous);
    }
  }

  private reply(sock: Router, req: JupyterMessage, msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): void {
    this.send(sock, { msgType, content, parent: req.header, identities: req.identities, metadata });
  }

  private sendDisplay(bundle: MimeBundle, options: DisplayOptions): void {
    const parent = this.currentParent ?? {};
    if (options.update && !options.id) {
      throw new Error("display(value, { update: true }) needs the id of the output to update: display(value, { id: \"progress\", update: true })");
    }
    if (Object.keys(bundle).length === 0) return;
    const content: Record<string, unknown> = { data: bundle, metadata: options.metadata ?? {}, transient: options.id ? { display_id: options.id } : {} };
    this.publish(options.update ? "update_display_data" : "display_data", content, parent);
  }

  private async processQueue(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0 && !this.shuttingDown) {
        const msg = this.queue.shift()!;
        this.publish("status", { execution_state: "busy" }, msg.header);
        try {
          await this.handleShell(msg);
        } catch (err) {
          this.streams.originalStderr(`dl4ds kernel: error handling ${msg.header.msg_type}: ${(err as Error).stack}\n`);
        } finally {
          this.publish("status", { execution_state: "idle" }, msg.header);
        }
      }
    } finally {
      this.processing = false;
    }
  }

  private kernelInfo(): Record<string, unknown> {
    const tsVersion = (() => {
      try {
        return (require("@tslab/typescript-for-tslab/package.json") as { version: string }).version;
      } catch {
        return "5";
      }
    })();
    return {
      status: "ok",
      protocol_version: PROTOCOL_VERSION,
      implementation: "dl4ds",
      implementation_version: packageVersion(),
      language_info: {
        name: "typescript",
        version: tsVersion,
        mimetype: "text/typescript",
        file_extension: ".ts",
        pygments_lexer: "typescript",
        codemirror_mode: { name: "typescript", typescript: true },
      },
      banner: `dl4ds kernel: TypeScript ${tsVersion} (tslab engine) on Node.js ${process.version}`,
      help_links: [],
      debugger: false,
    };
  }

  private async handleShell(msg: JupyterMessage): Promise<void> {
    const c = msg.content;
    switch (msg.header.msg_type) {
      case "kernel_info_request":
        this.reply(this.shell, msg, "kernel_info_reply", this.kernelInfo());
        return;
      case "execute_request":
        await this.handleExecute(msg);
        return;
      case "complete_request": {
        const code = String(c.code ?? "");
        const cursor = codePointsToUtf16(code, Number(c.cursor_pos ?? code.length));
        const r = this.getEngine().complete(code, cursor);
        this.reply(this.shell, msg, "complete_reply", {
          status: "ok",
          matches: r.matches,
          cursor_start: utf16ToCodePoints(code, r.start),
          cursor_end: utf16ToCodePoints(code, r.end),
          metadata: {},
        });
        return;
      }
      case "inspect_request": {
        const code = String(c.code ?? "");
        const text = this.getEngine().inspect(code, codePointsToUtf16(code, Number(c.cursor_pos ?? code.length)));
        this.reply(this.shell, msg, "inspect_reply", { status: "ok", found: text !== undefined, data: text !== undefined ? { "text/plain": text } : {}, metadata: {} });
        return;
      }
      case "is_complete_request":
        this.reply(this.shell, msg, "is_complete_reply", this.getEngine().isComplete(String(c.code ?? "")));
        return;
      case "comm_info_request": {
        const target = typeof c.target_name === "string" && c.target_name ? c.target_name : undefined;
        this.reply(this.shell, msg, "comm_info_reply", { status: "ok", comms: this.comms.info(target) });
        return;
      }
      case "comm_open":
      case "comm_msg":
      case "comm_close":
        await this.handleComm(msg);
        return;
      case "history_request":
        this.reply(this.shell, msg, "history_reply", this.history.handleRequest(c));
        return;
      case "shutdown_request":
        this.handleShutdown(this.shell, msg);
        return;
      default:
        // Unknown requests: no reply.
        return;
    }
  }

  private async handleControl(msg: JupyterMessage): Promise<void> {
    // Like ipykernel, control requests are bracketed by busy/idle status messages too.
    this.publish("status", { execution_state: "busy" }, msg.header);
    try {
      this.handleControlRequest(msg);
    } finally {
      this.publish("status", { execution_state: "idle" }, msg.header);
    }
  }

  private handleControlRequest(msg: JupyterMessage): void {
    switch (msg.header.msg_type) {
      case "shutdown_request":
        this.handleShutdown(this.control, msg);
        return;
      case "interrupt_request":
        this.interrupt();
        this.reply(this.control, msg, "interrupt_reply", { status: "ok" });
        return;
      case "kernel_info_request":
        this.reply(this.control, msg, "kernel_info_reply", this.kernelInfo());
        return;
      default:
        return;
    }
  }

  private async handleExecute(msg: JupyterMessage): Promise<void> {
    const c = msg.content;
    const code = typeof c.code === "string" ? c.code : "";
    const silent = c.silent === true;
    const storeHistory = c.store_history !== false && !silent;
    const stopOnError = c.stop_on_error !== false;
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    if (storeHistory) this.history.record(count, code);
    const started = new Date().toISOString();
    if (!silent) this.publish("execute_input", { code, execution_count: count }, msg.header);
    this.currentParent = msg.header;
    this.streams.setParent(msg.header);
    this.stdinChannel.setRequest(msg);
    let outcome: ExecutionOutcome;
    try {
      const engine = this.getEngine();
      outcome = await engine.execute(code, silent ? "silent cell" : `cell ${count}`, (bundle) => {
        if (silent || Object.keys(bundle).length === 0) return;
        if (storeHistory && typeof bundle["text/plain"] === "string") this.history.recordOutput(count, bundle["text/plain"]);
        this.publish("execute_result", { execution_count: count, data: bundle, metadata: {} }, msg.header);
      });
    } catch (err) {
      outcome = { status: "error", ename: "KernelError", evalue: (err as Error).message, traceback: [`KernelError: ${(err as Error).message}`] };
    }
    this.stdinChannel.setRequest(undefined);
    this.streams.flush();
    const metadata = { started, dependencies_met: true, engine: this.factory.session, status: outcome.status };
    if (outcome.status === "error") {
      const { ename, evalue, traceback } = outcome;
      if (!silent) this.publish("error", { ename, evalue, traceback }, msg.header);
      if (ename === "KeyboardInterrupt") await delay(20); // let background loops see the cancellation flag
      if (stopOnError) await this.abortQueuedExecutions();
      this.reply(this.shell, msg, "execute_reply", { status: "error", execution_count: count, ename, evalue, traceback, user_expressions: {}, payload: [] }, metadata);
      return;
    }
    this.reply(this.shell, msg, "execute_reply", { status: "ok", execution_count: count, user_expressions: {}, payload: [] }, metadata);
  }

  /**
   * Aborts the execute requests that were sent before the failing request's reply: first lets
   * ZeroMQ hand over everything already received, then answers each queued execute_request with
   * status "aborted". Requests sent after the client sees the error reply run normally.
   */
  private async abortQueuedExecutions(): Promise<void> {
    await delay(5);
    await new Promise<void>((r) => setImmediate(r));
    const keep: JupyterMessage[] = [];
    for (const m of this.queue.splice(0)) {
      if (m.header.msg_type !== "execute_request") {
        keep.push(m);
        continue;
      }
      this.publish("status", { execution_state: "busy" }, m.header);
      this.reply(this.shell, m, "execute_reply", { status: "aborted", execution_count: null }, { status: "aborted", engine: this.factory.session });
      this.publish("status", { execution_state: "idle" }, m.header);
    }
    this.queue.unshift(...keep);
  }

  private handleShutdown(sock: Router, msg: JupyterMessage): void {
    const restart = msg.content.restart === true;
    this.reply(sock, msg, "shutdown_reply", { status: "ok", restart });
    void this.shutdown();
  }

  /** Closes everything and exits the process. */
  async shutdown(code = 0): Promise<void> {
    if (this.exiting) return;
    this.exiting = true;
    this.streams.flush();
    await delay(50); // let ZeroMQ deliver the reply and the idle status
    this.shuttingDown = true;
    this.welcome?.close();
    try {
      this.engine?.close();
    } catch {
      // the process exits anyway
    }
    const hb = this.heartbeat;
    if (hb) {
      const exited = new Promise<void>((r) => hb.once("exit", () => r()));
      hb.postMessage("stop");
      await Promise.race([exited, delay(1000)]);
    }
    for (const s of [this.shell, this.control, this.stdin, this.iopub]) {
      s.linger = 0;
      s.close();
    }
    process.exit(code);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts a kernel for a Jupyter connection file. Resolves once the sockets are bound. */
export async function startKernel(connectionFile: string, options: KernelOptions = {}): Promise<KernelServer> {
  const server = new KernelServer(readConnectionFile(connectionFile), options);
  await server.start();
  return server;
}
