/**
 * Jupyter comms in the kernel (messaging spec "Custom Messages"): comm_open, comm_msg and comm_close in
 * both directions, comm_info_request with target_name filtering, and binary buffers. Messages from the
 * kernel go out on iopub with the request being handled as their parent; messages from the frontend
 * arrive on shell and are handled in order with the other shell requests (so busy/idle brackets them).
 */
import { randomUUID } from "crypto";
import type { CommHandlers, CommHeader, CommMessage, CommTargetHandler } from "../../notebook/comms";
import type { JupyterMessage } from "../wire";

/** How the manager sends iopub messages. */
export type CommPublisher = (msgType: string, content: Record<string, unknown>, extra: { buffers?: Uint8Array[]; metadata?: Record<string, unknown> }) => void;

interface OpenComm {
  targetName: string;
  handlers: CommHandlers;
}

/** Reports a failing comm callback (the kernel shows it; the comm keeps working). */
export type CommErrorReporter = (err: unknown, msg: JupyterMessage) => void;

/** The kernel's table of targets and open comms. */
export class CommManager {
  private readonly targets = new Map<string, CommTargetHandler>();
  private readonly comms = new Map<string, OpenComm>();

  constructor(private readonly publish: CommPublisher, private readonly reportError: CommErrorReporter) {}

  /** Registers the handler for comms the frontend opens with `targetName` (replaces an earlier one). */
  registerTarget(targetName: string, handler: CommTargetHandler): void {
    if (typeof targetName !== "string" || targetName.length === 0) throw new TypeError("registerTarget: targetName must be a non-empty string");
    if (typeof handler !== "function") throw new TypeError(`registerTarget("${targetName}"): handler must be a function`);
    this.targets.set(targetName, handler);
  }

  /** Opens a comm from the kernel; returns its id. */
  open(targetName: string, data: Record<string, unknown>, options: { metadata?: Record<string, unknown>; buffers?: Uint8Array[]; commId?: string; handlers?: CommHandlers } = {}): string {
    const commId = options.commId ?? randomUUID().replace(/-/g, "");
    if (this.comms.has(commId)) throw new Error(`comm ${commId} is already open`);
    this.comms.set(commId, { targetName, handlers: options.handlers ?? {} });
    this.publish("comm_open", { comm_id: commId, target_name: targetName, data }, { buffers: options.buffers, metadata: options.metadata });
    return commId;
  }

  /** Sends data on an open comm. */
  send(commId: string, data: Record<string, unknown>, options: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] } = {}): void {
    if (!this.comms.has(commId)) throw new Error(`comm ${commId} is not open (closed, or never opened)`);
    this.publish("comm_msg", { comm_id: commId, data }, options);
  }

  /** Closes a comm from the kernel. */
  close(commId: string, data: Record<string, unknown> = {}): void {
    if (!this.comms.delete(commId)) return;
    this.publish("comm_close", { comm_id: commId, data }, {});
  }

  /** Replaces the callbacks of an open comm. */
  setHandlers(commId: string, handlers: CommHandlers): void {
    const c = this.comms.get(commId);
    if (!c) throw new Error(`comm ${commId} is not open`);
    c.handlers = handlers;
  }

  /** The open comms, optionally only those of one target (the comm_info_reply content's `comms`). */
  info(targetName?: string): Record<string, { target_name: string }> {
    const out: Record<string, { target_name: string }> = {};
    for (const [id, c] of this.comms) if (!targetName || c.targetName === targetName) out[id] = { target_name: c.targetName };
    return out;
  }

  /** True for the shell message types this manager handles. */
  static handles(msgType: string): boolean {
    return msgType === "comm_open" || msgType === "comm_msg" || msgType === "comm_close";
  }

  /** Handles comm_open, comm_msg or comm_close from the frontend; resolves when its callback is done. */
  async handle(msg: JupyterMessage): Promise<void> {
    const c = msg.content;
    const commId = typeof c.comm_id === "string" ? c.comm_id : "";
    const cm: CommMessage = {
      commId,
      data: isObject(c.data) ? c.data : {},
      metadata: msg.metadata,
      buffers: msg.buffers.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)),
      header: msg.header as CommHeader,
    };
    try {
      switch (msg.header.msg_type) {
        case "comm_open":
          await this.handleOpen(cm, String(c.target_name ?? ""), msg);
          return;
        case "comm_msg": {
          const comm = this.comms.get(commId);
          if (comm?.handlers.onMsg) await comm.handlers.onMsg(cm);
          return;
        }
        case "comm_close": {
          const comm = this.comms.get(commId);
          this.comms.delete(commId);
          if (comm?.handlers.onClose) await comm.handlers.onClose(cm);
          return;
        }
      }
    } catch (err) {
      this.reportError(err, msg);
    }
  }

  private async handleOpen(cm: CommMessage, targetName: string, msg: JupyterMessage): Promise<void> {
    const handler = this.targets.get(targetName);
    if (!handler || !cm.commId) {
      // As ipykernel: a comm for an unknown target is closed at once, so the frontend does not wait on it.
      if (cm.commId) this.publish("comm_close", { comm_id: cm.commId, data: {} }, {});
      return;
    }
    const entry: OpenComm = { targetName, handlers: {} };
    this.comms.set(cm.commId, entry);
    try {
      const handlers = await handler({ ...cm, targetName });
      if (handlers) entry.handlers = handlers;
    } catch (err) {
      this.comms.delete(cm.commId);
      this.publish("comm_close", { comm_id: cm.commId, data: {} }, {});
      this.reportError(err, msg);
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export type { CommHeader };
