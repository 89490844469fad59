/**
 * Output: an area the kernel fills with outputs (figures, text, errors). The kernel sets its `outputs`
 * state, so what it shows comes back after a page reload (request_states).
 */
import { getClearOutputSink, getDisplaySink, jupyterLiveDisplay, setClearOutputSink, setDisplaySink, toMimeBundle, type DisplayOptions, type MimeBundle } from "../notebook/display";
import { getCommHost } from "../notebook/comms";
import { DOMWidget, type DOMWidgetOptions } from "./dom-widget";
import { OUTPUT_MODULE, type ErrorSink } from "./widget";

/** One output in nbformat form. */
export type OutputItem =
  | { output_type: "display_data"; data: MimeBundle; metadata: Record<string, unknown> }
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** A bundle for a value, the cheaper live one when the value has it (no static images). */
export function liveBundle(value: unknown): MimeBundle {
  if (value !== null && typeof value === "object") {
    const live = (value as Record<symbol, unknown>)[jupyterLiveDisplay];
    if (typeof live === "function") return (live as () => MimeBundle).call(value);
  }
  return bundleOf(value);
}

/** A bundle for any value: displayables and bundles as they are, other values as text. */
export function bundleOf(value: unknown): MimeBundle {
  if (typeof value === "string") return { "text/plain": value };
  if (value === undefined || value === null || typeof value !== "object") return { "text/plain": String(value) };
  return toMimeBundle(value);
}

/** An output area widget. */
export class Output extends DOMWidget implements ErrorSink {
  constructor(options: DOMWidgetOptions = {}) {
    super(
      { modelName: "OutputModel", modelModule: OUTPUT_MODULE.name, modelModuleVersion: OUTPUT_MODULE.version, viewName: "OutputView", viewModule: OUTPUT_MODULE.name, viewModuleVersion: OUTPUT_MODULE.version },
      { outputs: [], msg_id: "" },
      options,
    );
  }

  /** The outputs shown now. */
  get outputs(): OutputItem[] {
    return [...(this.values.outputs as OutputItem[])];
  }

  /** Removes every output. */
  clear(): void {
    this.set({ outputs: [] });
  }

  /** Replaces the contents with one value (a figure, a bundle, a text). */
  show(value: unknown): void {
    this.set({ outputs: [displayItem(liveBundle(value))] });
  }

  /** Adds a value below the current outputs. */
  append(value: unknown): void {
    this.set({ outputs: [...this.outputs, displayItem(liveBundle(value))] });
  }

  /** Shows an error (as the kernel formats cell errors) in place of the contents. */
  showError(err: unknown): void {
    const host = getCommHost();
    const content = host ? host.errorContent(err) : { ename: (err as Error)?.name ?? "Error", evalue: (err as Error)?.message ?? String(err), traceback: [String((err as Error)?.stack ?? err)] };
    this.set({ outputs: [{ output_type: "error", ...content }] });
  }

  /**
   * Runs `fn` with every `display(...)` it makes going into this area instead of the cell, replacing
   * the previous contents when it finishes. If `fn` throws, the area shows the error and `capture`
   * resolves to undefined.
   */
  async capture<R>(fn: () => R | Promise<R>): Promise<R | undefined> {
    const collector = new DisplayCollector();
    const previous = getDisplaySink();
    const previousClear = getClearOutputSink();
    setDisplaySink(collector.sink);
    setClearOutputSink(collector.clear);
    try {
      const result = await fn();
      this.set({ outputs: collector.items });
      return result;
    } catch (err) {
      this.showError(err);
      return undefined;
    } finally {
      setDisplaySink(previous);
      setClearOutputSink(previousClear);
    }
  }

  /** `capture` for a synchronous function (a promise it returns is not awaited). */
  captureSync<R>(fn: () => R): { ok: true; result: R } | { ok: false } {
    const collector = new DisplayCollector();
    const previous = getDisplaySink();
    const previousClear = getClearOutputSink();
    setDisplaySink(collector.sink);
    setClearOutputSink(collector.clear);
    try {
      const result = fn();
      this.set({ outputs: collector.items });
      return { ok: true, result };
    } catch (err) {
      this.showError(err);
      return { ok: false };
    } finally {
      setDisplaySink(previous);
      setClearOutputSink(previousClear);
    }
  }

  override toString(): string {
    return `Output(${this.outputs.length} outputs)`;
  }
}

/**
 * Collects display() calls as outputs (an update with a known id replaces that output); clearOutput() empties
 * them, with { wait: true } when the next output comes.
 */
class DisplayCollector {
  readonly items: OutputItem[] = [];
  private readonly ids = new Map<string, number>();
  private clearPending = false;
  readonly clear = ({ wait }: { wait: boolean }): void => {
    if (wait) this.clearPending = true;
    else this.clearNow();
  };
  private clearNow(): void {
    this.items.length = 0;
    this.ids.clear();
    this.clearPending = false;
  }
  readonly sink = (bundle: MimeBundle, options: DisplayOptions): void => {
    if (this.clearPending) this.clearNow();
    const item = displayItem(bundle, options.metadata);
    if (options.update && options.id && this.ids.has(options.id)) this.items[this.ids.get(options.id)!] = item;
    else {
      if (options.id) this.ids.set(options.id, this.items.length);
      this.items.push(item);
    }
  };
}

function displayItem(data: MimeBundle, metadata: Record<string, unknown> = {}): OutputItem {
  return { output_type: "display_data", data, metadata };
}
