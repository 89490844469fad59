/** Dropdown and ToggleButtons: one value out of a list of options, each with a label. */
import { DOMWidget, type DOMWidgetOptions } from "./dom-widget";
import { controlsSpec, WidgetArgumentError, type Change, type Observer } from "./widget";

/** Options as a list of values (their labels are String(value)), [label, value] pairs, or { label: value }. */
export type SelectionOptionsInput<T> = readonly T[] | readonly (readonly [string, T])[] | Record<string, T>;

/** Options of the selection widgets. */
export interface SelectionOptions<T> extends DOMWidgetOptions {
  options: SelectionOptionsInput<T>;
  /** The selected value (default: the first option). */
  value?: T;
}

function normalizeOptions<T>(widget: string, input: SelectionOptionsInput<T>): { labels: string[]; values: T[] } {
  if (input === null || typeof input !== "object") throw new WidgetArgumentError(widget, "options must be a list of values, a list of [label, value] pairs, or an object { label: value }");
  const pairs: [string, T][] = Array.isArray(input)
    ? (input as unknown[]).map((o) => (Array.isArray(o) && o.length === 2 && typeof o[0] === "string" ? [o[0], o[1] as T] : [String(o), o as T]))
    : Object.entries(input as Record<string, T>);
  if (pairs.length === 0) throw new WidgetArgumentError(widget, "options must not be empty; give at least one option");
  return { labels: pairs.map((p) => p[0]), values: pairs.map((p) => p[1]) };
}

/** A widget holding one of several options (the frontend sends the index). */
export class SelectionWidget<T = unknown> extends DOMWidget {
  private optionValues: T[];

  constructor(model: string, view: string, state: Record<string, unknown>, options: SelectionOptions<T>, styleModel: string) {
    const name = model.replace(/Model$/, "");
    if (!options || typeof options !== "object") throw new WidgetArgumentError(name, "pass { options: [...] }");
    const { labels, values } = normalizeOptions(name, options.options);
    let index = 0;
    if (options.value !== undefined) {
      index = values.findIndex((v) => v === options.value);
      if (index < 0) throw new WidgetArgumentError(name, `value ${JSON.stringify(options.value)} is not one of the options (${labels.join(", ")})`);
    }
    super(controlsSpec(model, view), { _options_labels: labels, index, description: options.description ?? "", description_allow_html: false, disabled: options.disabled ?? false, ...state }, options, styleModel);
    this.optionValues = values;
  }

  /** The selected value. */
  get value(): T {
    return this.optionValues[this.values.index as number];
  }
  set value(v: T) {
    const i = this.optionValues.findIndex((x) => x === v);
    if (i < 0) throw new WidgetArgumentError(this.constructor.name, `value ${JSON.stringify(v)} is not one of the options (${this.labels.join(", ")})`);
    this.set({ index: i });
  }

  /** The selected option's label. */
  get label(): string {
    return this.labels[this.index];
  }

  get index(): number {
    return this.values.index as number;
  }

  get labels(): string[] {
    return [...(this.values._options_labels as string[])];
  }

  /** Replaces the options (keeps the value when it is still an option, else selects the first). */
  setOptions(input: SelectionOptionsInput<T>): void {
    const { labels, values } = normalizeOptions(this.constructor.name, input);
    const keep = values.findIndex((v) => v === this.value);
    this.optionValues = values;
    this.set({ _options_labels: labels, index: keep < 0 ? 0 : keep });
  }

  override observe<V = T>(callback: Observer<V>, names: string | string[] = "value"): void {
    super.observe(callback, names);
  }

  protected override validate(patch: Record<string, unknown>, fromFrontend: boolean): Record<string, unknown> {
    if ("index" in patch) {
      const i = patch.index;
      const n = (("_options_labels" in patch ? patch._options_labels : this.values._options_labels) as string[]).length;
      if (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i >= n) {
        if (fromFrontend) delete patch.index;
        else throw new WidgetArgumentError(this.constructor.name, `index must be an integer in [0, ${n - 1}]; got ${String(i)}`);
      }
    }
    return patch;
  }

  protected override derivedChanges(changes: Change[]): Change[] {
    const c = changes.find((x) => x.name === "index");
    if (!c) return [];
    return [{ name: "value", old: this.optionValues[c.old as number], new: this.value, owner: this, type: "change" }];
  }

  override toString(): string {
    return `${this.constructor.name}(options=[${this.labels.join(", ")}], value=${this.label})`;
  }
}

/** A drop-down list. */
export class Dropdown<T = unknown> extends SelectionWidget<T> {
  constructor(options: SelectionOptions<T>) {
    super("DropdownModel", "DropdownView", {}, options, "DescriptionStyleModel");
  }
}

/** Options of ToggleButtons. */
export interface ToggleButtonsOptions<T> extends SelectionOptions<T> {
  tooltips?: string[];
  buttonStyle?: "primary" | "success" | "info" | "warning" | "danger" | "";
  icons?: string[];
}

/** A row of buttons of which one is pressed. */
export class ToggleButtons<T = unknown> extends SelectionWidget<T> {
  constructor(options: ToggleButtonsOptions<T>) {
    super("ToggleButtonsModel", "ToggleButtonsView", { tooltips: options?.tooltips ?? [], button_style: options?.buttonStyle ?? "", icons: options?.icons ?? [] }, options, "ToggleButtonsStyleModel");
  }
}
