/**
 * The JupyterLite plugin of the browser kernel: registers the `dl4ds` kernelspec ("TypeScript (dl4ds)", the Node
 * kernel's name and language, so the lessons' metadata picks it) and creates a kernel object per session that
 * forwards requests to a web worker (lite/worker) and turns the worker's output into Jupyter messages.
 *
 * JupyterLite's own classes (BaseKernel, the IKernelSpecs token, KernelMessage) come from the page's shared
 * modules at load time (see container.ts), so this file is bundled without them.
 */
import { KERNEL_DISPLAY_NAME, KERNEL_NAME } from "../../src/kernel/kernel-names";
import type { FromWorker, Header, Request, ToWorker } from "../worker/protocol";

/* Just enough of JupyterLite's and JupyterLab's types for this file. */
type Message = { header: Header & { msg_type: string; session: string }; parent_header: Header; content: Record<string, unknown>; metadata: Record<string, unknown>; buffers?: ArrayBuffer[]; channel: string };
interface KernelOptions { id: string; name: string; location: string; sendMessage: (msg: Message) => void }
interface BaseKernelClass {
  new (options: KernelOptions): BaseKernelInstance;
}
interface BaseKernelInstance {
  readonly parentHeader: Header | undefined;
  readonly executionCount: number;
  readonly isDisposed: boolean;
  handleMessage(msg: Message): Promise<void>;
  dispose(): void;
}
export interface SharedModules {
  services: { BaseKernel: BaseKernelClass; IKernelSpecs: unknown };
  KernelMessage: { createMessage(options: Record<string, unknown>): Message };
}

/** Where the worker, its type pack and the TensorFlow.js .wasm files sit (beside this extension's script). */
export interface AssetUrls {
  worker: string;
  types: string;
  wasmDir: string;
}

/** The project's version, written into the bundle by scripts/lite/bundle.mjs. */
declare const __PACKAGE_VERSION__: string;
const VERSION = typeof __PACKAGE_VERSION__ === "string" ? __PACKAGE_VERSION__ : "0.0.0";

const LOGO =
  "data:image/svg+xml;base64," +
  btoa('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="8" fill="#3178c6"/><text x="32" y="44" font-family="sans-serif" font-size="28" font-weight="bold" fill="#fff" text-anchor="middle">TS</text></svg>');

/** The plugin object JupyterLite activates. */
export function createPlugin(shared: SharedModules, urls: AssetUrls): Record<string, unknown> {
  const { BaseKernel, IKernelSpecs } = shared.services;
  const { KernelMessage } = shared;

  class Dl4dsKernel extends (BaseKernel as unknown as new (o: KernelOptions) => BaseKernelInstance) {
    private readonly worker: Worker;
    private readonly pending = new Map<number, (content: Record<string, unknown>) => void>();
    private nextId = 1;
    private readonly started: Promise<void>;
    private readonly send: (msg: Message) => void;
    private info = { banner: "", typescript: "" };
    /** Why the worker did not start, if it did not. */
    private failure?: string;

    constructor(options: KernelOptions) {
      super(options);
      this.send = options.sendMessage;
      this.worker = new Worker(urls.worker);
      // A worker that cannot start still answers: every request then gets an error saying why (and the browser
      // console has the details), instead of a kernel that never becomes ready.
      this.started = new Promise<void>((resolve) => {
        let settled = false;
        const failed = (why: string): void => {
          if (settled) {
            console.error(`dl4ds browser kernel: ${why}`);
            return;
          }
          settled = true;
          this.failure = `the dl4ds browser kernel did not start: ${why}`;
          console.error(this.failure);
          resolve();
        };
        this.worker.onmessage = (event: MessageEvent<FromWorker>) => {
          const m = event.data;
          if (m.kind === "ready") {
            settled = true;
            this.info = { banner: m.banner, typescript: m.typescript };
            console.info(`${m.banner} (started in ${Math.round(m.startMs)} ms)`);
            if (m.fallbackReason) console.warn(`dl4ds browser kernel: ${m.fallbackReason}`);
            resolve();
          } else if (m.kind === "failed") failed(m.error);
          else this.fromWorker(m);
        };
        this.worker.onerror = (e) => failed(`its worker script failed (${e.message || "it could not be loaded"}); rebuild the site with \`npm run lite\``);
      });
      this.post({ kind: "init", typesUrl: urls.types, wasmDir: urls.wasmDir });
    }

    get ready(): Promise<void> {
      return this.started;
    }

    dispose(): void {
      if (this.isDisposed) return;
      this.worker.terminate();
      super.dispose();
    }

    private post(msg: ToWorker, transfer: Transferable[] = []): void {
      this.worker.postMessage(msg, transfer);
    }

    private request(header: Header | undefined, req: Request, transfer: Transferable[] = []): Promise<Record<string, unknown>> {
      if (this.failure) {
        const failure = this.failure;
        if (req.type === "execute") {
          const parent = (header ?? {}) as Header & { session?: string };
          this.send(KernelMessage.createMessage({
            channel: "iopub", msgType: "error", session: parent.session ?? "", parentHeader: parent,
            content: { ename: "KernelError", evalue: failure, traceback: [`KernelError: ${failure}`] },
          }));
        }
        return Promise.resolve({ status: "error", ename: "KernelError", evalue: failure, traceback: [`KernelError: ${failure}`], matches: [], start: 0, end: 0, found: false, comms: {} });
      }
      const id = this.nextId++;
      return new Promise((resolve) => {
        this.pending.set(id, resolve);
        this.post({ kind: "request", id, header: header ?? {}, ...req } as ToWorker, transfer);
      });
    }

    private fromWorker(m: FromWorker): void {
      if (m.kind === "reply") {
        const done = this.pending.get(m.id);
        this.pending.delete(m.id);
        done?.(m.content);
        return;
      }
      if (m.kind !== "iopub") return;
      const parent = (m.parent ?? this.parentHeader ?? {}) as Header & { session?: string };
      this.send(KernelMessage.createMessage({
        channel: "iopub", msgType: m.msgType, session: parent.session ?? "", parentHeader: parent,
        content: m.content, metadata: m.metadata ?? {}, buffers: m.buffers ?? [],
      }));
    }

    async handleMessage(msg: Message): Promise<void> {
      // BaseKernel leaves comm_info_request unanswered; the widget manager asks for it.
      if (msg.header.msg_type === "comm_info_request") {
        const reply = await this.request(msg.header, { type: "comm_info", targetName: (msg.content.target_name as string) || undefined });
        this.send(KernelMessage.createMessage({
          channel: "shell", msgType: "comm_info_reply", session: msg.header.session, parentHeader: msg.header,
          content: { status: "ok", comms: reply.comms },
        }));
        return;
      }
      return super.handleMessage(msg);
    }

    async kernelInfoRequest(): Promise<Record<string, unknown>> {
      return {
        status: "ok",
        protocol_version: "5.3",
        implementation: "dl4ds-lite",
        implementation_version: VERSION,
        language_info: {
          name: "typescript", version: this.info.typescript, mimetype: "text/typescript", file_extension: ".ts",
          pygments_lexer: "typescript", codemirror_mode: { name: "typescript", typescript: true },
        },
        banner: this.info.banner,
        help_links: [],
      };
    }

    async executeRequest(content: { code: string; silent?: boolean }): Promise<Record<string, unknown>> {
      const r = await this.request(this.parentHeader, {
        type: "execute", code: content.code, executionCount: this.executionCount, silent: content.silent === true,
      });
      if (r.status === "error") {
        return { status: "error", execution_count: this.executionCount, ename: r.ename, evalue: r.evalue, traceback: r.traceback };
      }
      return { status: "ok", execution_count: this.executionCount, user_expressions: {}, payload: [] };
    }

    async completeRequest(content: { code: string; cursor_pos: number }): Promise<Record<string, unknown>> {
      const cursor = codePointsToUtf16(content.code, content.cursor_pos);
      const r = await this.request(this.parentHeader, { type: "complete", code: content.code, cursor });
      return {
        status: "ok", matches: r.matches, metadata: {},
        cursor_start: utf16ToCodePoints(content.code, r.start as number), cursor_end: utf16ToCodePoints(content.code, r.end as number),
      };
    }

    async inspectRequest(content: { code: string; cursor_pos: number }): Promise<Record<string, unknown>> {
      const r = await this.request(this.parentHeader, { type: "inspect", code: content.code, cursor: codePointsToUtf16(content.code, content.cursor_pos) });
      return { status: "ok", found: r.found, data: r.found ? { "text/plain": r.text } : {}, metadata: {} };
    }

    async isCompleteRequest(content: { code: string }): Promise<Record<string, unknown>> {
      return this.request(this.parentHeader, { type: "is_complete", code: content.code });
    }

    async commInfoRequest(content: { target_name?: string }): Promise<Record<string, unknown>> {
      const r = await this.request(this.parentHeader, { type: "comm_info", targetName: content.target_name || undefined });
      return { status: "ok", comms: r.comms };
    }

    inputReply(): void {
      // input() is not offered in the worker (it says so when a cell calls it).
    }

    private async comm(msg: Message, msgType: "comm_open" | "comm_msg" | "comm_close"): Promise<void> {
      const buffers = (msg.buffers ?? []).map((b) => (ArrayBuffer.isView(b) ? (b as ArrayBufferView).buffer.slice(0) : (b as ArrayBuffer).slice(0)) as ArrayBuffer);
      await this.request(msg.header, { type: "comm", msgType, content: msg.content, metadata: msg.metadata ?? {}, buffers }, buffers);
    }

    commOpen(msg: Message): Promise<void> {
      return this.comm(msg, "comm_open");
    }

    commMsg(msg: Message): Promise<void> {
      return this.comm(msg, "comm_msg");
    }

    commClose(msg: Message): Promise<void> {
      return this.comm(msg, "comm_close");
    }
  }

  return {
    id: "dl4ds-lite-kernel:kernel",
    description: "The dl4ds TypeScript kernel, running in a web worker.",
    autoStart: true,
    requires: [IKernelSpecs],
    activate: (_app: unknown, kernelspecs: { register(o: Record<string, unknown>): void }) => {
      kernelspecs.register({
        spec: {
          name: KERNEL_NAME,
          display_name: KERNEL_DISPLAY_NAME,
          language: "typescript",
          argv: [],
          resources: { "logo-32x32": LOGO, "logo-64x64": LOGO },
        },
        create: async (options: KernelOptions) => new Dl4dsKernel(options),
      });
    },
  };
}

/** Jupyter counts cursor positions in code points, JavaScript strings in UTF-16 units. */
function codePointsToUtf16(text: string, cursor: number): number {
  let offset = 0;
  for (let i = 0; i < cursor && offset < text.length; i++) offset += text.codePointAt(offset)! > 0xffff ? 2 : 1;
  return offset;
}

function utf16ToCodePoints(text: string, offset: number): number {
  return [...text.slice(0, Math.max(0, offset))].length;
}
