/** IntSlider, FloatSlider and Play: a number in [min, max] on a grid of `step`. */
import { DOMWidget, type DOMWidgetOptions } from "./dom-widget";
import { controlsSpec, WidgetArgumentError, type Observer } from "./widget";

/** Options of the number controls. */
export interface NumberRangeOptions extends DOMWidgetOptions {
  value?: number;
  min?: number;
  max?: number;
  step?: number;
}

/** Options of the sliders. */
export interface SliderOptions extends NumberRangeOptions {
  /** Send values while dragging (default true) or only on release. */
  continuousUpdate?: boolean;
  orientation?: "horizontal" | "vertical";
  /** Show the value next to the slider (default true). */
  readout?: boolean;
  /** d3-format of the readout, e.g. ".2f" or ".3f". */
  readoutFormat?: string;
}

function checkNumber(widget: string, name: string, v: unknown, integer: boolean): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new WidgetArgumentError(widget, `${name} must be a finite number; got ${String(v)}`);
  if (integer && !Number.isInteger(v)) throw new WidgetArgumentError(widget, `${name} must be an integer; got ${v} (use FloatSlider for fractions)`);
  return v;
}

/** A value widget on [min, max] with a step; shared by the sliders and Play. */
export class NumberRangeWidget extends DOMWidget {
  constructor(model: string, view: string, state: Record<string, unknown>, options: NumberRangeOptions, private readonly integer: boolean, defaults: { max: number; step: number }, styleModel: string) {
    const name = model.replace(/Model$/, "");
    const min = checkNumber(name, "min", options.min ?? 0, integer);
    const max = checkNumber(name, "max", options.max ?? defaults.max, integer);
    const step = checkNumber(name, "step", options.step ?? defaults.step, integer);
    const value = checkNumber(name, "value", options.value ?? min, integer);
    checkRange(name, min, max, step, value);
    super(controlsSpec(model, view), { value, min, max, step, description: options.description ?? "", description_allow_html: false, disabled: options.disabled ?? false, ...state }, options, styleModel);
  }

  get value(): number {
    return this.values.value as number;
  }
  set value(v: number) {
    this.set({ value: v });
  }
  get min(): number {
    return this.values.min as number;
  }
  set min(v: number) {
    this.set({ min: v });
  }
  get max(): number {
    return this.values.max as number;
  }
  set max(v: number) {
    this.set({ max: v });
  }
  get step(): number {
    return this.values.step as number;
  }
  set step(v: number) {
    this.set({ step: v });
  }
  get description(): string {
    return this.values.description as string;
  }

  /** `observe(cb)` with the value's type. */
  override observe<T = number>(callback: Observer<T>, names: string | string[] = "value"): void {
    super.observe(callback, names);
  }

  protected override validate(patch: Record<string, unknown>, fromFrontend: boolean): Record<string, unknown> {
    const name = this.constructor.name;
    const next = { ...this.values, ...patch };
    if (fromFrontend) {
      // Frontend values are clamped into range (a stale slider after max shrank); bad types are dropped.
      for (const k of ["value", "min", "max", "step"]) {
        if (k in patch && (typeof patch[k] !== "number" || !Number.isFinite(patch[k] as number))) delete patch[k];
      }
      if ("value" in patch) {
        let v = Math.min(next.max as number, Math.max(next.min as number, patch.value as number));
        if (this.integer) v = Math.round(v);
        patch.value = v;
      }
      return patch;
    }
    for (const k of ["value", "min", "max", "step"]) if (k in patch) checkNumber(name, k, patch[k], this.integer);
    const min = next.min as number, max = next.max as number;
    if (!("value" in patch) && ("min" in patch || "max" in patch)) {
      // As ipywidgets: moving a bound drags the value along instead of failing.
      patch.value = Math.min(max, Math.max(min, next.value as number));
      next.value = patch.value;
    }
    checkRange(name, min, max, next.step as number, next.value as number);
    return patch;
  }

  override toString(): string {
    const d = this.description ? `description=${JSON.stringify(this.description)}, ` : "";
    return `${this.constructor.name}(${d}value=${this.value}, min=${this.min}, max=${this.max}, step=${this.step})`;
  }
}

function checkRange(name: string, min: number, max: number, step: number, value: number): void {
  if (!(min <= max)) throw new WidgetArgumentError(name, `min (${min}) must be ≤ max (${max})`);
  if (!(step > 0)) throw new WidgetArgumentError(name, `step must be > 0; got ${step}`);
  if (!(value >= min && value <= max)) throw new WidgetArgumentError(name, `value ${value} is outside [min, max] = [${min}, ${max}]; choose a value between min and max or widen the range`);
}

function sliderState(options: SliderOptions, readoutFormat: string): Record<string, unknown> {
  return {
    continuous_update: options.continuousUpdate ?? true,
    orientation: options.orientation ?? "horizontal",
    readout: options.readout ?? true,
    readout_format: options.readoutFormat ?? readoutFormat,
    behavior: "drag-tap",
  };
}

/** A slider for integers (default [0, 100], step 1). */
export class IntSlider extends NumberRangeWidget {
  constructor(options: SliderOptions = {}) {
    super("IntSliderModel", "IntSliderView", sliderState(options, "d"), options, true, { max: 100, step: 1 }, "SliderStyleModel");
  }
}

/** A slider for real numbers (default [0, 10], step 0.1). */
export class FloatSlider extends NumberRangeWidget {
  constructor(options: SliderOptions = {}) {
    super("FloatSliderModel", "FloatSliderView", sliderState(options, ".2f"), options, false, { max: 10, step: 0.1 }, "SliderStyleModel");
  }
}

/** Options of Play. */
export interface PlayOptions extends NumberRangeOptions {
  /** Milliseconds between steps (default 100). */
  interval?: number;
  /** Start again at min after max (default false). */
  repeat?: boolean;
  showRepeat?: boolean;
  playing?: boolean;
}

/** A play/pause button that steps an integer from min to max (link it to a slider with jslink). */
export class Play extends NumberRangeWidget {
  constructor(options: PlayOptions = {}) {
    const interval = options.interval ?? 100;
    if (!(Number.isInteger(interval) && interval > 0)) throw new WidgetArgumentError("Play", `interval must be a positive integer (milliseconds); got ${interval}`);
    super("PlayModel", "PlayView", { interval, repeat: options.repeat ?? false, show_repeat: options.showRepeat ?? true, playing: options.playing ?? false }, options, true, { max: 100, step: 1 }, "DescriptionStyleModel");
  }
}
