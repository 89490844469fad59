/**
 * iopub's `iopub_welcome` (JEP 65): a new subscriber's first message must be its welcome, so that a client that has
 * seen it knows it gets everything published from then on.
 *
 * zeromq applies a subscription inside whatever call next touches the socket, a send included, so a message sent
 * right after a subscriber connects can reach it before the kernel has read the subscription. Two rules prevent that:
 * - subscriptions are read only when the socket says one is waiting (no receive is left pending: zeromq.js would
 *   complete a pending receive inside a send, out of sight, and the sends after it would overtake the welcome);
 * - output published while a subscription waits is held, and goes out right after the welcome.
 * A cell that blocks the event loop keeps the welcome from being sent; its output is held at most MAX_HOLD_MS, so
 * live output keeps flowing (that late subscriber may then see some of it before its welcome).
 */
import type { XPublisher } from "zeromq";

const MAX_HOLD_MS = 50;
/** How often an idle kernel looks for subscriptions, and how often just after a connection's handshake. */
const IDLE_POLL_MS = 100;
const HANDSHAKE_POLL_MS = 1;
const HANDSHAKE_POLL_FOR_MS = 1000;

export interface IopubWelcomeHooks<Frames> {
  /** Sends the welcome for a subscription topic ("" for all). */
  welcome(subscription: string): void;
  /** Sends held output, in order. */
  release(frames: Frames): void;
  /** Reports a failure of the subscription loop (not during shutdown). */
  failed(err: Error): void;
}

/** `Frames`: an encoded message, kept as it is and handed back to `release` in order. */
export class IopubWelcome<Frames> {
  private readonly held: Frames[] = [];
  private heldSince = 0;
  private reading = false;
  private closed = false;
  private fastUntil = 0;
  private readonly idleTimer: ReturnType<typeof setInterval>;
  private fastTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly socket: XPublisher,
    private readonly hooks: IopubWelcomeHooks<Frames>,
  ) {
    this.idleTimer = setInterval(() => void this.readSubscriptions(), IDLE_POLL_MS);
    this.idleTimer.unref();
    void this.watchHandshakes();
  }

  /** Takes a message to publish when it must wait for a welcome; returns false when it can go out now. */
  hold(frames: Frames): boolean {
    if (this.closed) return false;
    if (this.held.length === 0 && !this.reading && !this.socket.readable) return false;
    if (this.held.length === 0) this.heldSince = Date.now();
    this.held.push(frames);
    void this.readSubscriptions();
    if (Date.now() - this.heldSince > MAX_HOLD_MS) this.releaseHeld();
    return true;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.idleTimer);
    if (this.fastTimer) clearInterval(this.fastTimer);
    this.held.length = 0;
  }

  private async readSubscriptions(): Promise<void> {
    if (this.reading || this.closed) return;
    this.reading = true;
    try {
      while (!this.closed && this.socket.readable) {
        const frames = await this.socket.receive();
        for (const frame of frames) {
          if (frame.length === 0 || frame[0] !== 1) continue; // 1: subscribe, 0: unsubscribe
          this.hooks.welcome(frame.subarray(1).toString("utf8"));
        }
      }
    } catch (err) {
      if (!this.closed) this.hooks.failed(err as Error);
    } finally {
      this.reading = false;
    }
    this.releaseHeld();
  }

  private releaseHeld(): void {
    for (const frames of this.held.splice(0)) this.hooks.release(frames);
  }

  /** After a connection's handshake its subscription follows within milliseconds: look for it often for a while. */
  private async watchHandshakes(): Promise<void> {
    try {
      for await (const event of this.socket.events) {
        if (this.closed) return;
        if (event.type !== "handshake" && event.type !== "accept") continue;
        this.fastUntil = Date.now() + HANDSHAKE_POLL_FOR_MS;
        if (this.fastTimer) continue;
        this.fastTimer = setInterval(() => {
          void this.readSubscriptions();
          if (Date.now() > this.fastUntil && this.fastTimer) {
            clearInterval(this.fastTimer);
            this.fastTimer = undefined;
          }
        }, HANDSHAKE_POLL_MS);
        this.fastTimer.unref();
      }
    } catch (err) {
      if (!this.closed) this.hooks.failed(err as Error);
    }
  }
}
