/**
 * The contract between library code and whatever hosts it (the dl4ds kernel, the CLI, a test).
 *
 * A host installs a display sink with `setDisplaySink`; the dl4ds kernel installs one that sends
 * `display_data` / `update_display_data` on iopub. Library code (figures, progress bars) calls
 * `display(...)` and never talks to the kernel directly.
 */

/** A Jupyter MIME bundle: MIME type → data (string for text/SVG/base64 PNG, object for JSON types). */
export type MimeBundle = Record<string, unknown>;

/** The symbol under which an object returns its MIME bundle: `obj[jupyterDisplay]()`. */
export const jupyterDisplay: unique symbol = Symbol.for("Jupyter.display") as never;

/**
 * Optional: a cheaper bundle for live updates (a widget redrawing a figure in JupyterLab), without the
 * static images a saved notebook needs.
 */
export const jupyterLiveDisplay: unique symbol = Symbol.for("dl4ds.liveDisplay") as never;

/** An object that can draw itself (the convention of Deno's Jupyter kernel). */
export interface Displayable {
  [jupyterDisplay](): MimeBundle;
}

/** Options for `display`. */
export interface DisplayOptions {
  /** A display id; outputs with the same id can be updated in place. */
  id?: string;
  /** When true, replace the output that has `id` instead of adding a new one. */
  update?: boolean;
  /** Optional metadata (e.g. image sizes) sent with the bundle. */
  metadata?: Record<string, unknown>;
}

/** Receives bundles; installed by the host (kernel, CLI, tests). */
export type DisplaySink = (bundle: MimeBundle, options: DisplayOptions) => void;

const SINK_KEY = Symbol.for("dl4ds.displaySink");
type GlobalWithSink = typeof globalThis & { [SINK_KEY]?: DisplaySink };

/** Installs the function that receives display bundles (replaces any previous one). */
export function setDisplaySink(sink: DisplaySink | undefined): void {
  (globalThis as GlobalWithSink)[SINK_KEY] = sink;
}

/** The installed display sink, if any (stored on globalThis so every copy of the library shares it). */
export function getDisplaySink(): DisplaySink | undefined {
  return (globalThis as GlobalWithSink)[SINK_KEY];
}

/** True when a host (such as the dl4ds kernel) is listening for display bundles. */
export function hasDisplaySink(): boolean {
  return getDisplaySink() !== undefined;
}

/** Turns an object with a `Symbol.for("Jupyter.display")` method, or a plain bundle, into a bundle. */
export function toMimeBundle(value: unknown): MimeBundle {
  if (value !== null && typeof value === "object") {
    const method = (value as Record<symbol, unknown>)[jupyterDisplay];
    if (typeof method === "function") {
      const bundle = (method as () => unknown).call(value);
      if (bundle === null || typeof bundle !== "object") {
        throw new TypeError("Symbol.for(\"Jupyter.display\") must return a MIME bundle object such as { \"text/plain\": \"...\" }");
      }
      return bundle as MimeBundle;
    }
    const keys = Object.keys(value);
    if (keys.length > 0 && keys.every((k) => k.includes("/"))) return value as MimeBundle;
  }
  throw new TypeError(
    "display() takes an object with a Symbol.for(\"Jupyter.display\") method or a MIME bundle such as " +
      "{ \"text/plain\": \"hello\" }; got " + (value === null ? "null" : typeof value),
  );
}

/**
 * Shows a displayable object or a MIME bundle in the host. With `{ id, update: true }` it replaces the
 * earlier output with that id. Without a host (see `hasDisplaySink`) it does nothing. Returns nothing, so
 * `display(fig)` as a cell's last line shows the figure once and no result after it.
 */
export function display(value: unknown, options: DisplayOptions = {}): void {
  const sink = getDisplaySink();
  if (!sink) return;
  const bundle = toMimeBundle(value);
  // An empty bundle: the object showed itself with display() calls of its own (e.g. interact).
  if (Object.keys(bundle).length === 0) return;
  sink(bundle, options);
}

/** Options for `clearOutput`. */
export interface ClearOutputOptions {
  /** When true, the frontend clears the output only when the next output arrives (no flicker in animations). */
  wait?: boolean;
}

/** Receives clear-output requests; installed by the host next to the display sink. */
export type ClearOutputSink = (options: { wait: boolean }) => void;

const CLEAR_SINK_KEY = Symbol.for("dl4ds.clearOutputSink");
type GlobalWithClearSink = typeof globalThis & { [CLEAR_SINK_KEY]?: ClearOutputSink };

/** Installs the function that clears the current cell's outputs (replaces any previous one). */
export function setClearOutputSink(sink: ClearOutputSink | undefined): void {
  (globalThis as GlobalWithClearSink)[CLEAR_SINK_KEY] = sink;
}

/** The installed clear-output sink, if any. */
export function getClearOutputSink(): ClearOutputSink | undefined {
  return (globalThis as GlobalWithClearSink)[CLEAR_SINK_KEY];
}

/**
 * Clears the outputs of the running cell (Jupyter's `clear_output`). With `{ wait: true }` the frontend waits
 * for the next output before clearing, so a progress line or an animation frame replaces the previous one
 * without flicker. Without a host it does nothing.
 */
export function clearOutput(options: ClearOutputOptions = {}): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`clearOutput(options) takes an object such as { wait: true }; got ${options === null ? "null" : typeof options}`);
  }
  if (options.wait !== undefined && typeof options.wait !== "boolean") {
    throw new TypeError(`clearOutput({ wait }): wait must be true or false; got ${JSON.stringify(options.wait)}`);
  }
  getClearOutputSink()?.({ wait: options.wait === true });
}
