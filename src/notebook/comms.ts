/**
 * The contract between library code that talks to the frontend over Jupyter comms (widgets) and the
 * host that carries the messages (the dl4ds kernel). Like the display sink, the host is stored on
 * globalThis so every copy of the library finds the same one; without a host (CLI, plain Node) widgets
 * still work as local objects and nothing is sent.
 */

/** The parts of a Jupyter message header the library uses. */
export interface CommHeader {
  msg_id: string;
  session?: string;
  msg_type?: string;
  [key: string]: unknown;
}

/** One comm message from the frontend (comm_open, comm_msg or comm_close). */
export interface CommMessage {
  commId: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  buffers: Uint8Array[];
  header: CommHeader;
}

/** Callbacks of one open comm. A returned promise is awaited before the kernel reports idle. */
export interface CommHandlers {
  onMsg?: (msg: CommMessage) => void | Promise<void>;
  onClose?: (msg: CommMessage) => void | Promise<void>;
}

/** Called when the frontend opens a comm for a registered target; returns the comm's callbacks. */
export type CommTargetHandler = (msg: CommMessage & { targetName: string }) => CommHandlers | void | Promise<CommHandlers | void>;

/** Error content as the kernel formats it (ename, evalue, traceback pointing at cell lines). */
export interface CommErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** What a host gives the library. */
export interface CommHost {
  /** Opens a comm from the kernel side; returns its id (`commId` when given). */
  open(targetName: string, data: Record<string, unknown>, options?: { metadata?: Record<string, unknown>; buffers?: Uint8Array[]; commId?: string; handlers?: CommHandlers }): string;
  /** Sends a comm_msg on an open comm. */
  send(commId: string, data: Record<string, unknown>, options?: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] }): void;
  /** Closes a comm (sends comm_close). */
  close(commId: string, data?: Record<string, unknown>): void;
  /** Replaces the callbacks of an open comm. */
  setHandlers(commId: string, handlers: CommHandlers): void;
  /** Registers the handler for comms the frontend opens with `targetName`. */
  registerTarget(targetName: string, handler: CommTargetHandler): void;
  /** The header of the message being handled now (an execute_request or a comm_msg), if any. */
  currentParent(): CommHeader | undefined;
  /** Publishes an iopub message (display_data, update_display_data, error, stream) with the given parent. */
  publish(msgType: string, content: Record<string, unknown>, parent: CommHeader | undefined): void;
  /** Formats a thrown value as the kernel formats cell errors. */
  errorContent(err: unknown): CommErrorContent;
}

const HOST_KEY = Symbol.for("dl4ds.commHost");
type GlobalWithHost = typeof globalThis & { [HOST_KEY]?: CommHost };

/** Installs the comm host (the dl4ds kernel does this at start-up). */
export function setCommHost(host: CommHost | undefined): void {
  (globalThis as GlobalWithHost)[HOST_KEY] = host;
}

/** The installed comm host, if any. */
export function getCommHost(): CommHost | undefined {
  return (globalThis as GlobalWithHost)[HOST_KEY];
}
