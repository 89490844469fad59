/**
 * The browser kernel's worker: loads the type pack and TensorFlow.js, then compiles and runs cells for the
 * kernel object on the page (see protocol.ts). Output goes out as Jupyter iopub content: console output as
 * `stream`, the last expression as `execute_result`, display() as `display_data`, comms as comm messages.
 */
import { setDisplaySink, setClearOutputSink, display, clearOutput, type ClearOutputOptions, type DisplayOptions, type MimeBundle } from "../../src/notebook/display";
import { setCommHost, type CommHeader } from "../../src/notebook/comms";
import { CommManager } from "../../src/kernel/comms/comm-manager";
import { createCommHost } from "../../src/kernel/comms/host";
import { registerWidgetTargets } from "../../src/widgets/targets";
import type { JupyterMessage } from "../../src/kernel/wire";
import { version as tsVersion } from "@tslab/typescript-for-tslab";
import { format } from "../shims/util";
import { LiteEngine } from "./engine";
import { requireModule } from "./modules";
import { initBackend } from "./tf";
import type { TypePack } from "./memory-sys";
import type { FromWorker, Header, Request, ToWorker } from "./protocol";

const post = (msg: FromWorker, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(msg, transfer);

let engine: LiteEngine | undefined;
/** The request being handled, or the last one (output of background work goes there, as in ipykernel). */
let parent: Header | undefined;

function publish(msgType: string, content: Record<string, unknown>, to: Header | undefined = parent, extra: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] } = {}): void {
  flushStreams();
  const buffers = extra.buffers?.map((b) => b.slice().buffer as ArrayBuffer);
  post({ kind: "iopub", parent: to, msgType, content, metadata: extra.metadata, buffers }, buffers ?? []);
}

/** Console output waiting to be sent: coalesced into one stream message per 50 ms (a loop may print thousands of lines). */
let pendingStream: { name: "stdout" | "stderr"; text: string; to: Header | undefined } | undefined;
let streamTimer: ReturnType<typeof setTimeout> | undefined;

function flushStreams(): void {
  if (streamTimer !== undefined) clearTimeout(streamTimer);
  streamTimer = undefined;
  const p = pendingStream;
  pendingStream = undefined;
  if (p) post({ kind: "iopub", parent: p.to, msgType: "stream", content: { name: p.name, text: p.text } });
}

function installConsole(): void {
  const toStream = (name: "stdout" | "stderr") => (...args: unknown[]): void => {
    if (!parent) return;
    const text = format(...args) + "\n";
    if (pendingStream && (pendingStream.name !== name || pendingStream.to !== parent)) flushStreams();
    if (pendingStream) pendingStream.text += text;
    else pendingStream = { name, text, to: parent };
    if (pendingStream.text.length > 64 * 1024) flushStreams();
    else streamTimer ??= setTimeout(flushStreams, 50);
  };
  console.log = toStream("stdout");
  console.info = toStream("stdout");
  console.debug = toStream("stdout");
  console.warn = toStream("stderr");
  console.error = toStream("stderr");
}

const comms = new CommManager(
  (msgType, content, extra) => publish(msgType, content, parent, extra),
  (err) => publish("error", { ...(engine ? engine.errorContent(err) : { ename: "Error", evalue: String(err), traceback: [] }) }),
);

function installGlobals(): void {
  setDisplaySink((bundle: MimeBundle, options: DisplayOptions) => {
    if (options.update && !options.id) {
      throw new Error("display(value, { update: true }) needs the id of the output to update: display(value, { id: \"progress\", update: true })");
    }
    if (Object.keys(bundle).length === 0) return;
    const content = { data: bundle, metadata: options.metadata ?? {}, transient: options.id ? { display_id: options.id } : {} };
    publish(options.update ? "update_display_data" : "display_data", content);
  });
  setClearOutputSink(({ wait }) => publish("clear_output", { wait }));
  const g = globalThis as Record<string, unknown>;
  g.display = (value: unknown, options?: DisplayOptions): void => void display(value, options);
  g.clearOutput = (options?: ClearOutputOptions): void => clearOutput(options);
  const noStdin = (): Promise<string> =>
    Promise.reject(new Error("input() is not available in the browser kernel (a web worker cannot wait for the page's answer); use a widget, or the Node kernel"));
  g.input = noStdin;
  g.prompt = noStdin;
  const host = createCommHost(comms, {
    currentParent: () => parent as CommHeader | undefined,
    publish: (msgType, content, to) => publish(msgType, content, (to as Header | undefined) ?? parent),
    errorContent: (err) => (engine ? engine.errorContent(err) : { ename: "Error", evalue: String(err), traceback: [] }),
  });
  setCommHost(host);
  registerWidgetTargets(host);
  installConsole();
}

async function init(typesUrl: string, wasmDir: string): Promise<void> {
  const started = performance.now();
  const [pack, backend] = await Promise.all([
    fetch(typesUrl).then((r) => {
      if (!r.ok) throw new Error(`could not load the type declarations from ${typesUrl} (HTTP ${r.status}); rebuild the site with \`npm run lite\``);
      return r.json() as Promise<TypePack>;
    }),
    initBackend(wasmDir),
  ]);
  installGlobals();
  engine = new LiteEngine(pack, requireModule);
  // Compile an import of the library now, so the first cell does not pay for loading its declarations.
  await engine.execute('import type {} from "dl4ds-diffusion";', "warm-up", () => undefined);
  const banner = `dl4ds browser kernel: TypeScript ${tsVersion} (tslab's converter) in a web worker; TensorFlow.js on the ${backend.backend} backend`;
  post({ kind: "ready", banner, typescript: tsVersion, backend: backend.backend, fallbackReason: backend.fallbackReason, startMs: performance.now() - started });
}

async function handle(header: Header, req: Request): Promise<Record<string, unknown>> {
  const e = engine;
  if (!e) throw new Error("the kernel's worker has not started yet");
  switch (req.type) {
    case "execute": {
      const outcome = await e.execute(req.code, req.silent ? "silent cell" : `cell ${req.executionCount}`, (bundle) => {
        if (!req.silent && Object.keys(bundle).length > 0) publish("execute_result", { execution_count: req.executionCount, data: bundle, metadata: {} }, header);
      });
      if (outcome.status === "error" && !req.silent) publish("error", { ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback }, header);
      return { ...outcome };
    }
    case "complete":
      return e.complete(req.code, req.cursor);
    case "inspect": {
      const text = e.inspect(req.code, req.cursor);
      return { found: text !== undefined, text };
    }
    case "is_complete":
      return e.isComplete(req.code);
    case "comm_info":
      return { comms: comms.info(req.targetName) };
    case "comm": {
      const msg = {
        header, content: req.content, metadata: req.metadata, buffers: req.buffers.map((b) => new Uint8Array(b)),
      } as unknown as JupyterMessage;
      (msg.header as Record<string, unknown>).msg_type = req.msgType;
      await comms.handle(msg);
      return {};
    }
  }
}

// Errors nobody caught (a timer or promise a cell left behind) go to the notebook's stderr, as the Node kernel sends them.
self.addEventListener("error", (e: ErrorEvent) => {
  if (!parent) return;
  e.preventDefault();
  publish("stream", { name: "stderr", text: `Uncaught ${e.error instanceof Error && e.error.stack ? e.error.stack : e.message}\n` });
});
self.addEventListener("unhandledrejection", (e: PromiseRejectionEvent) => {
  if (!parent) return;
  e.preventDefault();
  publish("stream", { name: "stderr", text: `Unhandled promise rejection: ${e.reason instanceof Error && e.reason.stack ? e.reason.stack : String(e.reason)}\n` });
});

self.onmessage = (event: MessageEvent<ToWorker>): void => {
  const msg = event.data;
  if (msg.kind === "init") {
    init(msg.typesUrl, msg.wasmDir).catch((err: Error) => post({ kind: "failed", error: err.stack ?? String(err) }));
    return;
  }
  flushStreams();
  parent = msg.header;
  handle(msg.header, msg)
    .catch((err: Error) => ({ status: "error", ename: "KernelError", evalue: err.message, traceback: [`KernelError: ${err.message}`] }))
    .then((content) => {
      flushStreams();
      post({ kind: "reply", id: msg.id, content });
    });
};
