/** Checkbox, Text, Label, HTML and Button. */
import { DOMWidget, type DOMWidgetOptions } from "./dom-widget";
import { controlsSpec, WidgetArgumentError, type Observer } from "./widget";

/** A widget with a typed `value`. */
class ValueWidget<T> extends DOMWidget {
  constructor(model: string, view: string, private readonly kind: "boolean" | "string", state: Record<string, unknown>, options: DOMWidgetOptions & { value?: T }, styleModel: string) {
    const name = model.replace(/Model$/, "");
    const value = options.value ?? (kind === "boolean" ? false : "");
    if (typeof value !== kind) throw new WidgetArgumentError(name, `value must be a ${kind}; got ${typeof value}`);
    super(controlsSpec(model, view), { value, description: options.description ?? "", description_allow_html: false, ...state }, options, styleModel);
  }

  get value(): T {
    return this.values.value as T;
  }
  set value(v: T) {
    this.set({ value: v });
  }

  override observe<V = T>(callback: Observer<V>, names: string | string[] = "value"): void {
    super.observe(callback, names);
  }

  protected override validate(patch: Record<string, unknown>, fromFrontend: boolean): Record<string, unknown> {
    if ("value" in patch && typeof patch.value !== this.kind) {
      if (fromFrontend) delete patch.value;
      else throw new WidgetArgumentError(this.constructor.name, `value must be a ${this.kind}; got ${typeof patch.value}`);
    }
    return patch;
  }

  override toString(): string {
    return `${this.constructor.name}(value=${JSON.stringify(this.value)})`;
  }
}

/** Options of Checkbox. */
export interface CheckboxOptions extends DOMWidgetOptions {
  value?: boolean;
  /** Indent to line up with controls that have a description (default true). */
  indent?: boolean;
}

/** A check box. */
export class Checkbox extends ValueWidget<boolean> {
  constructor(options: CheckboxOptions = {}) {
    super("CheckboxModel", "CheckboxView", "boolean", { indent: options.indent ?? true, disabled: options.disabled ?? false }, options, "CheckboxStyleModel");
  }
}

/** Options of Text. */
export interface TextOptions extends DOMWidgetOptions {
  value?: string;
  placeholder?: string;
  /** Send the value on every key (default true) or on Enter / blur. */
  continuousUpdate?: boolean;
}

/** A one-line text box. */
export class Text extends ValueWidget<string> {
  constructor(options: TextOptions = {}) {
    super("TextModel", "TextView", "string", { placeholder: options.placeholder ?? "\u200b", continuous_update: options.continuousUpdate ?? true, disabled: options.disabled ?? false }, options, "TextStyleModel");
  }
}

/** Options of Label and HTML. */
export interface LabelOptions extends DOMWidgetOptions {
  value?: string;
}

/** Plain text (set `.value` to change it). */
export class Label extends ValueWidget<string> {
  constructor(options: LabelOptions | string = {}) {
    const o = typeof options === "string" ? { value: options } : options;
    super("LabelModel", "LabelView", "string", { placeholder: "\u200b" }, o, "LabelStyleModel");
  }
}

/** HTML markup (set `.value` to change it). */
export class HTML extends ValueWidget<string> {
  constructor(options: LabelOptions | string = {}) {
    const o = typeof options === "string" ? { value: options } : options;
    super("HTMLModel", "HTMLView", "string", { placeholder: "\u200b" }, o, "HTMLStyleModel");
  }
}

/** Options of Button. */
export interface ButtonOptions extends DOMWidgetOptions {
  buttonStyle?: "primary" | "success" | "info" | "warning" | "danger" | "";
  /** A Font Awesome icon name, e.g. "refresh". */
  icon?: string;
}

/** A push button; `onClick(cb)` runs `cb` in the kernel on every click. */
export class Button extends DOMWidget {
  private readonly clickHandlers = new Set<(button: Button) => void | Promise<void>>();

  constructor(options: ButtonOptions = {}) {
    super(controlsSpec("ButtonModel", "ButtonView"), { description: options.description ?? "", button_style: options.buttonStyle ?? "", icon: options.icon ?? "", disabled: options.disabled ?? false }, options, "ButtonStyleModel");
  }

  get description(): string {
    return this.values.description as string;
  }
  set description(v: string) {
    this.set({ description: v });
  }

  /** Adds a click callback (`remove: true` removes it). */
  onClick(callback: (button: Button) => void | Promise<void>, remove = false): void {
    if (typeof callback !== "function") throw new WidgetArgumentError("Button", "onClick(callback) needs a function");
    if (remove) this.clickHandlers.delete(callback);
    else this.clickHandlers.add(callback);
  }

  /** Runs the click callbacks as a click in the browser does. */
  async click(): Promise<void> {
    for (const cb of [...this.clickHandlers]) {
      try {
        await cb(this);
      } catch (err) {
        this.reportError(err);
      }
    }
  }

  protected override async onCustom(content: unknown): Promise<void> {
    if (content && typeof content === "object" && (content as { event?: unknown }).event === "click") await this.click();
  }

  override observerCount(): number {
    return super.observerCount() + this.clickHandlers.size;
  }

  override toString(): string {
    return `Button(description=${JSON.stringify(this.description)})`;
  }
}
