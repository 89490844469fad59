/**
 * anywidget: a custom widget from a few lines of ES module code. The view is anywidget's AnyView (its
 * JupyterLab extension comes with the `anywidget` Python package); `esm` exports `render({ model, el })`
 * (and optionally `initialize`), where `model.get/set/save_changes/on/send` talk to this object.
 */
import { DOMWidget, type DOMWidgetOptions } from "./dom-widget";
import { WidgetArgumentError, type Observer } from "./widget";

/** The anywidget frontend version range this library speaks to (the pinned anywidget 0.11). */
export const ANYWIDGET_VERSION = "~0.11.*";

/** Options of `widget`. */
export interface AnyWidgetOptions extends Pick<DOMWidgetOptions, "layout"> {
  /** The ES module source: `export default { render({ model, el }) { ... } }` or `export function render(...)`. */
  esm: string;
  /** CSS for the widget's elements. */
  css?: string;
  /** The synced state (JSON values or Uint8Array), e.g. { count: 0 }. */
  state?: Record<string, unknown>;
}

/** A widget drawn by the `esm` module in the browser. */
export class AnyWidget extends DOMWidget {
  private readonly messageHandlers = new Set<(content: unknown, buffers: Uint8Array[]) => void | Promise<void>>();

  constructor(options: AnyWidgetOptions) {
    if (!options || typeof options.esm !== "string" || options.esm.trim() === "") {
      throw new WidgetArgumentError("widget", "pass { esm: \"export default { render({ model, el }) { ... } }\" } with the view's ES module source");
    }
    const state = options.state ?? {};
    for (const k of Object.keys(state)) {
      if (k.startsWith("_")) throw new WidgetArgumentError("widget", `state key "${k}" starts with "_", which anywidget reserves; rename it`);
    }
    super(
      { modelName: "AnyModel", modelModule: "anywidget", modelModuleVersion: ANYWIDGET_VERSION, viewName: "AnyView", viewModule: "anywidget", viewModuleVersion: ANYWIDGET_VERSION },
      { _esm: options.esm, _css: options.css ?? "", _anywidget_id: "dl4ds-diffusion.widget", ...state },
      options,
    );
  }

  /** Calls `callback` when the browser changes `name` (model.set + model.save_changes()). */
  override observe<T = unknown>(callback: Observer<T>, names: string | string[] = "value"): void {
    super.observe(callback, names);
  }

  /** Adds a handler for `model.send(content)` from the browser. */
  onMessage(callback: (content: unknown, buffers: Uint8Array[]) => void | Promise<void>): void {
    this.messageHandlers.add(callback);
  }

  /** Sends a message to the view (`model.on("msg:custom", ...)`). */
  send(content: unknown, buffers: Uint8Array[] = []): void {
    this.sendCustom(content, buffers);
  }

  protected override async onCustom(content: unknown, buffers: Uint8Array[]): Promise<void> {
    for (const cb of [...this.messageHandlers]) await cb(content, buffers);
  }

  override observerCount(): number {
    return super.observerCount() + this.messageHandlers.size;
  }

  override toString(): string {
    return "AnyWidget()";
  }
}

/** A custom widget: `widget({ esm, css, state })`. */
export function widget(options: AnyWidgetOptions): AnyWidget {
  return new AnyWidget(options);
}
