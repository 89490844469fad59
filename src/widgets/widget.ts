/**
 * The kernel side of one Jupyter widget (widget messaging protocol 2.1, as ipywidgets 8 speaks it): a
 * model whose state is opened on the `jupyter.widget` comm, kept in sync both ways ("update" from
 * either side, "echo_update" back to every frontend, "request_state"), and displayed as an
 * `application/vnd.jupyter.widget-view+json` output. Without a kernel (plain Node) widgets are local
 * objects: values, validation and callbacks work and nothing is sent.
 */
import { randomUUID } from "crypto";
import { getCommHost, type CommHeader, type CommMessage } from "../notebook/comms";
import { jupyterDisplay, type MimeBundle } from "../notebook/display";
import { putBuffers, removeBuffers } from "./buffers";
import { liveWidgets } from "./registry";

/** The widget protocol version announced in comm_open metadata. */
export const WIDGET_PROTOCOL_VERSION = "2.1.0";
/** The comm target of widget models. */
export const WIDGET_TARGET = "jupyter.widget";
/** The MIME type of a widget view. */
export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";
/** Module names and versions of the models this library creates (ipywidgets 8). */
export const CONTROLS_MODULE = { name: "@jupyter-widgets/controls", version: "2.0.0" } as const;
export const BASE_MODULE = { name: "@jupyter-widgets/base", version: "2.0.0" } as const;
export const OUTPUT_MODULE = { name: "@jupyter-widgets/output", version: "1.0.0" } as const;

/** Which frontend class draws a model. */
export interface ModelSpec {
  modelName: string;
  modelModule: string;
  modelModuleVersion: string;
  viewName: string | null;
  viewModule: string;
  viewModuleVersion: string;
}

/** A controls-module model with its view (the common case). */
export function controlsSpec(model: string, view: string | null): ModelSpec {
  return { modelName: model, modelModule: CONTROLS_MODULE.name, modelModuleVersion: CONTROLS_MODULE.version, viewName: view, viewModule: CONTROLS_MODULE.name, viewModuleVersion: CONTROLS_MODULE.version };
}

/** What an observer receives, as in ipywidgets. */
export interface Change<T = unknown> {
  name: string;
  old: T;
  new: T;
  owner: Widget;
  type: "change";
}

/** A callback for `observe`; a returned promise is awaited before the kernel reports idle. */
export type Observer<T = unknown> = (change: Change<T>) => void | Promise<void>;

/** Where a widget reports errors of its callbacks (an Output area, such as interact's). */
export interface ErrorSink {
  showError(err: unknown): void;
}

/** Thrown for bad widget arguments; the message names the widget, the argument and the fix. */
export class WidgetArgumentError extends RangeError {
  constructor(widget: string, message: string) {
    super(`${widget}: ${message}`);
    this.name = "WidgetArgumentError";
  }
}

const REF_PREFIX = "IPY_MODEL_";

/** Options every widget constructor takes internally. */
export interface WidgetInit {
  /** Adopt a comm the frontend opened (no comm_open is sent). */
  commId?: string;
}

/** Base class of all widget models. */
export class Widget {
  /** The model id (the comm id). */
  readonly modelId: string;
  /** The state in protocol form (snake_case keys; widget references as Widget objects). */
  protected readonly values: Record<string, unknown>;
  private readonly observers = new Map<string, Set<Observer>>();
  private closed = false;
  /** Where callback errors go; unset: the cell that displayed the widget. */
  errorSink?: ErrorSink;
  /** The request that displayed this widget (its callback errors are shown under it). */
  protected displayedBy?: CommHeader;

  constructor(readonly spec: ModelSpec, state: Record<string, unknown>, init: WidgetInit = {}) {
    this.values = { ...state };
    this.modelId = init.commId ?? randomUUID().replace(/-/g, "");
    liveWidgets().set(this.modelId, this);
    const host = getCommHost();
    if (!host) return;
    const handlers = { onMsg: (m: CommMessage) => this.handleMessage(m), onClose: () => this.forget() };
    if (init.commId) {
      host.setHandlers(this.modelId, handlers);
      return;
    }
    const { state: json, bufferPaths, buffers } = removeBuffers(this.serializedState());
    host.open(WIDGET_TARGET, { state: json, buffer_paths: bufferPaths }, { metadata: { version: WIDGET_PROTOCOL_VERSION }, buffers, commId: this.modelId, handlers });
  }

  /** The full state as sent to the frontend (model and view names included). */
  serializedState(): Record<string, unknown> {
    const s = this.spec;
    return {
      _model_name: s.modelName,
      _model_module: s.modelModule,
      _model_module_version: s.modelModuleVersion,
      _view_name: s.viewName,
      _view_module: s.viewModule,
      _view_module_version: s.viewModuleVersion,
      ...serialize(this.values) as Record<string, unknown>,
    };
  }

  /** One state attribute (protocol name). */
  get(name: string): unknown {
    return this.values[name];
  }

  /** Sets state attributes from the kernel side: validates, sends one update, then calls observers. */
  set(patch: Record<string, unknown>): void {
    this.checkOpen();
    const checked = this.validate({ ...patch }, false);
    const changed = this.apply(checked);
    if (changed.length === 0) return;
    this.sendState(Object.fromEntries(changed.map((c) => [c.name, this.values[c.name]])), "update");
    void this.notifyAll(changed);
  }

  /**
   * Checks (and may normalize) attributes before they are applied. Kernel-side calls throw on bad values;
   * values from the frontend are clamped or dropped instead. Subclasses override.
   */
  protected validate(patch: Record<string, unknown>, _fromFrontend: boolean): Record<string, unknown> {
    return patch;
  }

  /** Extra changes to report for the attributes that changed (e.g. "value" when "index" changed). */
  protected derivedChanges(_changes: Change[]): Change[] {
    return [];
  }

  /** Calls `callback` whenever one of `names` (default "value") changes. */
  observe<T = unknown>(callback: Observer<T>, names: string | string[] = "value"): void {
    if (typeof callback !== "function") throw new WidgetArgumentError(this.constructor.name, "observe(callback, names) needs a function as the callback");
    for (const n of Array.isArray(names) ? names : [names]) {
      let set = this.observers.get(n);
      if (!set) this.observers.set(n, (set = new Set()));
      set.add(callback as Observer);
    }
  }

  /** Removes a callback added with `observe`. */
  unobserve<T = unknown>(callback: Observer<T>, names: string | string[] = "value"): void {
    for (const n of Array.isArray(names) ? names : [names]) this.observers.get(n)?.delete(callback as Observer);
  }

  /** How many observer callbacks are registered (all names). */
  observerCount(): number {
    let n = 0;
    for (const s of this.observers.values()) n += s.size;
    return n;
  }

  /** Closes the comm; the frontend removes the widget's views. */
  close(): void {
    if (this.closed) return;
    getCommHost()?.close(this.modelId);
    this.forget();
  }

  /** True after `close()`. */
  get isClosed(): boolean {
    return this.closed;
  }

  private forget(): void {
    this.closed = true;
    this.observers.clear();
    liveWidgets().delete(this.modelId);
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`${this.constructor.name} was closed; create a new widget`);
  }

  /** Sends attributes to the frontend (`method` "update" or "echo_update"). */
  protected sendState(state: Record<string, unknown>, method: "update" | "echo_update"): void {
    const host = getCommHost();
    if (!host || this.closed) return;
    const { state: json, bufferPaths, buffers } = removeBuffers(serialize(state) as Record<string, unknown>);
    host.send(this.modelId, { method, state: json, buffer_paths: bufferPaths }, { buffers });
  }

  /** Sends a custom message (anywidget's `model.on("msg:custom")`). */
  sendCustom(content: unknown, buffers: Uint8Array[] = []): void {
    getCommHost()?.send(this.modelId, { method: "custom", content }, { buffers });
  }

  /** Handles a custom message from the frontend (Button clicks, anywidget's model.send). */
  protected async onCustom(_content: unknown, _buffers: Uint8Array[]): Promise<void> {}

  private apply(patch: Record<string, unknown>): Change[] {
    const changes: Change[] = [];
    for (const [name, value] of Object.entries(patch)) {
      const old = this.values[name];
      if (sameValue(old, value)) continue;
      this.values[name] = value;
      changes.push({ name, old, new: value, owner: this, type: "change" });
    }
    return changes;
  }

  private async notifyAll(changes: Change[]): Promise<void> {
    for (const change of [...changes, ...this.derivedChanges(changes)]) {
      for (const cb of [...(this.observers.get(change.name) ?? [])]) {
        try {
          await cb(change);
        } catch (err) {
          this.reportError(err);
        }
      }
    }
  }

  /** Shows a callback's error in the widget's output area; the kernel keeps serving. */
  protected reportError(err: unknown): void {
    if (this.errorSink) {
      this.errorSink.showError(err);
      return;
    }
    const host = getCommHost();
    if (host) host.publish("error", { ...host.errorContent(err) }, this.displayedBy ?? host.currentParent());
  }

  private async handleMessage(msg: CommMessage): Promise<void> {
    const data = msg.data;
    switch (data.method) {
      case "update": {
        const raw = (data.state ?? {}) as Record<string, unknown>;
        putBuffers(raw, data.buffer_paths, msg.buffers);
        // Echo the frontend's update to every frontend first (protocol 2.1), then apply it.
        const { state: echoed, bufferPaths, buffers } = removeBuffers(raw);
        getCommHost()?.send(this.modelId, { method: "echo_update", state: echoed, buffer_paths: bufferPaths }, { buffers });
        const incoming = deserialize(raw) as Record<string, unknown>;
        const accepted = this.validate({ ...incoming }, true);
        const changes = this.apply(accepted);
        // Values the kernel corrected (clamped, dropped) go back as an update.
        const corrected: Record<string, unknown> = {};
        for (const k of Object.keys(incoming)) if (!sameValue(incoming[k], this.values[k])) corrected[k] = this.values[k];
        if (Object.keys(corrected).length > 0) this.sendState(corrected, "update");
        await this.notifyAll(changes);
        return;
      }
      case "request_state":
        this.sendState(this.serializedState(), "update");
        return;
      case "custom":
        try {
          await this.onCustom(data.content, msg.buffers);
        } catch (err) {
          this.reportError(err);
        }
        return;
      default:
        return;
    }
  }

  /** Records where the widget (and what it contains) is displayed. */
  markDisplayed(by: CommHeader | undefined): void {
    this.displayedBy = by;
    for (const child of this.childWidgets()) child.markDisplayed(by);
  }

  /** Widgets this one contains (boxes override). */
  childWidgets(): Widget[] {
    return [];
  }

  /** The widget view bundle: JupyterLab draws the widget; other frontends show the text. */
  [jupyterDisplay](): MimeBundle {
    this.checkOpen();
    this.markDisplayed(getCommHost()?.currentParent());
    return {
      [WIDGET_VIEW_MIME]: { model_id: this.modelId, version_major: 2, version_minor: 1 },
      "text/plain": this.toString(),
    };
  }

  toString(): string {
    return `${this.constructor.name}()`;
  }
}

/** State values in protocol form: widgets become "IPY_MODEL_<id>". */
export function serialize(v: unknown): unknown {
  if (v instanceof Widget) return REF_PREFIX + v.modelId;
  if (Array.isArray(v)) return v.map(serialize);
  if (v instanceof Uint8Array || v instanceof ArrayBuffer || v instanceof DataView) return v;
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, serialize(x)]));
  return v;
}

/** The inverse of `serialize` for widgets this kernel knows. */
export function deserialize(v: unknown): unknown {
  if (typeof v === "string" && v.startsWith(REF_PREFIX)) return liveWidgets().get(v.slice(REF_PREFIX.length)) ?? v;
  if (Array.isArray(v)) return v.map(deserialize);
  if (v instanceof Uint8Array) return v;
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deserialize(x)]));
  return v;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a instanceof Uint8Array || b instanceof Uint8Array) return false;
  if (a && b && typeof a === "object" && typeof b === "object" && !(a instanceof Widget) && !(b instanceof Widget)) {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}
