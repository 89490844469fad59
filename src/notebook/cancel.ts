/**
 * Cooperative cancellation for long loops (training, sampling).
 *
 * The dl4ds kernel calls `requestCancel()` when the user interrupts; the library's long loops call
 * `throwIfCancelled()` every step and `await yieldToHost()` now and then so the interrupt message can
 * arrive. A new cell execution calls `resetCancel()`.
 */

const KEY = Symbol.for("dl4ds.cancel");
type GlobalWithCancel = typeof globalThis & { [KEY]?: { cancelled: boolean } };

function state(): { cancelled: boolean } {
  const g = globalThis as GlobalWithCancel;
  if (!g[KEY]) g[KEY] = { cancelled: false };
  return g[KEY];
}

/** The error thrown by a loop that stopped because the user interrupted it. */
export class CancelledError extends Error {
  constructor(message = "Interrupted: the loop was cancelled by a kernel interrupt") {
    super(message);
    this.name = "KeyboardInterrupt";
  }
}

/** Raises the cancellation flag (the kernel does this on interrupt). */
export function requestCancel(): void {
  state().cancelled = true;
}

/** Lowers the cancellation flag (the kernel does this before each execution). */
export function resetCancel(): void {
  state().cancelled = false;
}

/** True after an interrupt, until the next `resetCancel()`. */
export function isCancelled(): boolean {
  return state().cancelled;
}

/** Throws `CancelledError` when an interrupt has been requested. Call it once per loop step. */
export function throwIfCancelled(): void {
  if (state().cancelled) throw new CancelledError();
}

/** Lets pending I/O (such as an interrupt request) run, then checks for cancellation. */
export async function yieldToHost(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  throwIfCancelled();
}
