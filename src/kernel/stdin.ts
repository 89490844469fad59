/**
 * The stdin channel: `await input("prompt")` (and `prompt()`) in a cell sends an input_request to the
 * frontend that sent the running execute_request and resolves with its input_reply. Frontends that do
 * not allow stdin (nbclient, the grader, nbgrader) get a clear error instead of a hang.
 */
import type { JupyterMessage, MessageHeader } from "./wire";

/** Sends an input_request on the stdin socket to the given routing identities. */
export type InputRequestSender = (content: Record<string, unknown>, parent: MessageHeader, identities: Buffer[]) => void;

/** Thrown when a cell asks for input and the frontend cannot answer. */
export class StdinNotAllowedError extends Error {
  constructor() {
    super(
      "input() needs a frontend that allows stdin (JupyterLab and the console do; nbclient, nbgrader and the grader do not). " +
        "For a notebook that runs headlessly, set the value in code instead.",
    );
    this.name = "StdinNotAllowedError";
  }
}

/** Pairs input requests with their replies. */
export class StdinChannel {
  private request?: JupyterMessage;
  private pending?: { resolve: (v: string) => void; reject: (e: Error) => void };

  constructor(private readonly sendRequest: InputRequestSender) {}

  /** Sets the execute_request whose frontend is asked (undefined after it finished). */
  setRequest(msg: JupyterMessage | undefined): void {
    this.request = msg;
    if (!msg && this.pending) {
      this.pending.reject(new Error("the cell that asked for input has finished"));
      this.pending = undefined;
    }
  }

  /** Asks the frontend for one line of input. */
  ask(prompt = "", password = false): Promise<string> {
    const req = this.request;
    if (!req || req.content.allow_stdin !== true) return Promise.reject(new StdinNotAllowedError());
    if (this.pending) return Promise.reject(new Error("input() is already waiting for an answer; await it before asking again"));
    return new Promise<string>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.sendRequest({ prompt: String(prompt), password }, req.header, req.identities);
    });
  }

  /** Handles a message from the stdin socket (input_reply). */
  handleReply(msg: JupyterMessage): void {
    if (msg.header.msg_type !== "input_reply" || !this.pending) return;
    const p = this.pending;
    this.pending = undefined;
    p.resolve(String(msg.content.value ?? ""));
  }

  /** Installs the global `input(prompt)` and `prompt(message)` cells call. */
  installGlobals(): void {
    const g = globalThis as { input?: unknown; prompt?: unknown };
    g.input = (message?: string): Promise<string> => this.ask(message ?? "");
    g.prompt = (message?: string): Promise<string> => this.ask(message ?? "");
  }
}
