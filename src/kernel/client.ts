/**
 * A small Jupyter client on the zeromq package (shell + iopub + control), used by
 * `dl4ds bench kernel` to time the kernel without Python in the loop.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { randomBytes } from "crypto";
import { Dealer, Subscriber } from "zeromq";
import { channelAddress, type ConnectionInfo } from "./connection";
import { decodeMessage, MessageFactory, MessageSigner, type JupyterMessage } from "./wire";
import { freeLoopbackPort } from "./ports";

/** The reply and the iopub messages of one request. */
export interface RequestResult {
  reply: JupyterMessage;
  iopub: JupyterMessage[];
}

interface Pending {
  reply?: JupyterMessage;
  /** A message type without a reply (comm_msg): done at idle. */
  noReply?: boolean;
  onIopub?: (m: JupyterMessage) => void;
  iopub: JupyterMessage[];
  idle: boolean;
  resolve: (r: RequestResult) => void;
}

/** Writes a connection file with free TCP ports and a random key; returns its path and contents. */
export async function writeConnectionFile(dir: string = os.tmpdir()): Promise<{ file: string; info: ConnectionInfo }> {
  const info: ConnectionInfo = {
    transport: "tcp",
    ip: "127.0.0.1",
    key: randomBytes(16).toString("hex"),
    signature_scheme: "hmac-sha256",
    shell_port: await freeLoopbackPort(),
    iopub_port: await freeLoopbackPort(),
    stdin_port: await freeLoopbackPort(),
    control_port: await freeLoopbackPort(),
    hb_port: await freeLoopbackPort(),
  };
  const file = path.join(dir, `dl4ds-kernel-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(info));
  return { file, info };
}

/** Connects to a kernel's shell, control and iopub channels. */
export class KernelClient {
  private readonly signer: MessageSigner;
  private readonly factory: MessageFactory;
  private readonly shell = new Dealer();
  private readonly control = new Dealer();
  private readonly iopub = new Subscriber();
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  constructor(private readonly info: ConnectionInfo) {
    this.signer = new MessageSigner(info.key, info.signature_scheme);
    this.factory = new MessageFactory(this.signer, "bench");
    for (const s of [this.shell, this.control, this.iopub]) s.linger = 0;
    this.shell.connect(channelAddress(info, info.shell_port));
    this.control.connect(channelAddress(info, info.control_port));
    this.iopub.connect(channelAddress(info, info.iopub_port));
    this.iopub.subscribe();
    void this.loop(this.shell, (m) => this.onReply(m));
    void this.loop(this.control, (m) => this.onReply(m));
    void this.loop(this.iopub, (m) => this.onIopub(m));
  }

  private async loop(sock: Dealer | Subscriber, on: (m: JupyterMessage) => void): Promise<void> {
    try {
      for await (const frames of sock) on(decodeMessage(frames, this.signer));
    } catch (err) {
      if (!this.closed) throw err;
    }
  }

  private settle(id: string): void {
    const p = this.pending.get(id);
    if (p && (p.reply || p.noReply) && p.idle) {
      this.pending.delete(id);
      p.resolve({ reply: p.reply ?? p.iopub[0], iopub: p.iopub });
    }
  }

  private onReply(m: JupyterMessage): void {
    const id = m.parent_header.msg_id;
    const p = id ? this.pending.get(id) : undefined;
    if (!p) return;
    p.reply = m;
    this.settle(id!);
  }

  private onIopub(m: JupyterMessage): void {
    const id = m.parent_header.msg_id;
    const p = id ? this.pending.get(id) : undefined;
    if (!p) return;
    p.iopub.push(m);
    p.onIopub?.(m);
    if (m.header.msg_type === "status" && m.content.execution_state === "idle") {
      p.idle = true;
      this.settle(id!);
    }
  }

  /** Sends a request and resolves when its reply and its idle status have arrived. */
  request(msgType: string, content: Record<string, unknown>, channel: "shell" | "control" = "shell", timeoutMs = 120_000): Promise<RequestResult> {
    const header = this.factory.header(msgType);
    const frames = this.factory.encode({ msgType, content, header });
    return new Promise<RequestResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(header.msg_id);
        reject(new Error(`no reply to ${msgType} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(header.msg_id, {
        iopub: [],
        idle: false,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
      void (channel === "shell" ? this.shell : this.control).send(frames);
    });
  }

  /**
   * Sends a shell message that has no reply (comm_msg, comm_open, comm_close) and resolves at its idle
   * status (`reply` is then the first iopub message, its busy status); `onIopub` sees each iopub message
   * with this message as parent when it arrives.
   */
  sendNoReply(msgType: string, content: Record<string, unknown>, onIopub?: (m: JupyterMessage) => void, timeoutMs = 120_000): Promise<RequestResult> {
    const header = this.factory.header(msgType);
    const frames = this.factory.encode({ msgType, content, header });
    return new Promise<RequestResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(header.msg_id);
        reject(new Error(`no idle status after ${msgType} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(header.msg_id, {
        iopub: [],
        idle: false,
        noReply: true,
        onIopub,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
      void this.shell.send(frames);
    });
  }

  /** Waits until the kernel answers kernel_info on shell and its iopub messages arrive. */
  async waitForReady(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.request("kernel_info_request", {}, "shell", Math.min(2000, Math.max(1, deadline - Date.now())));
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
  }

  /** Runs code; resolves with the reply and the iopub messages. */
  execute(code: string, timeoutMs = 120_000): Promise<RequestResult> {
    return this.request("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true }, "shell", timeoutMs);
  }

  /** Closes the sockets. */
  close(): void {
    this.closed = true;
    for (const s of [this.shell, this.control, this.iopub]) s.close();
  }
}
