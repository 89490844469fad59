/** Plain comms for cells: open one to the frontend, or answer comms the frontend opens. */
import { getCommHost, type CommMessage } from "../notebook/comms";

/** One open comm, seen from the kernel. */
export class Comm {
  private handlers = new Set<(data: Record<string, unknown>, buffers: Uint8Array[]) => void | Promise<void>>();

  constructor(readonly id: string, readonly targetName: string) {}

  /** Sends data (and binary buffers) to the frontend. */
  send(data: Record<string, unknown>, buffers: Uint8Array[] = []): void {
    getCommHost()?.send(this.id, data, { buffers });
  }

  /** Closes the comm. */
  close(data: Record<string, unknown> = {}): void {
    getCommHost()?.close(this.id, data);
  }

  /** Adds a handler for messages from the frontend. */
  onMsg(callback: (data: Record<string, unknown>, buffers: Uint8Array[]) => void | Promise<void>): void {
    this.handlers.add(callback);
  }

  /** @internal */
  async deliver(msg: CommMessage): Promise<void> {
    for (const cb of [...this.handlers]) await cb(msg.data, msg.buffers);
  }
}

function requireHost(what: string) {
  const host = getCommHost();
  if (!host) throw new Error(`${what} needs the dl4ds kernel (comms travel over its Jupyter connection)`);
  return host;
}

/** Opens a comm to the frontend's handler for `targetName`. */
export function openComm(targetName: string, data: Record<string, unknown> = {}, buffers: Uint8Array[] = []): Comm {
  const host = requireHost("openComm");
  let comm: Comm | undefined;
  const id = host.open(targetName, data, { buffers, handlers: { onMsg: (m) => comm?.deliver(m) } });
  comm = new Comm(id, targetName);
  return comm;
}

/** Calls `onOpen` for every comm the frontend opens with `targetName`. */
export function registerCommTarget(targetName: string, onOpen: (comm: Comm, data: Record<string, unknown>, buffers: Uint8Array[]) => void | Promise<void>): void {
  const host = requireHost("registerCommTarget");
  host.registerTarget(targetName, async (open) => {
    const comm = new Comm(open.commId, targetName);
    await onOpen(comm, open.data, open.buffers);
    return { onMsg: (m) => comm.deliver(m) };
  });
}
