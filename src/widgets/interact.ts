/**
 * interact: controls that re-run a function on every change and redraw its figure in place.
 *
 * Displaying an Interactive shows two outputs: the controls, and the function's result for their
 * initial values as an ordinary output (so a saved or exported notebook shows the figure). Each change
 * re-runs the function and replaces that output with update_display_data. A page opened later (after a
 * reload) has no route for those updates, so for it the figure is drawn in the controls' Output area.
 */
import { randomUUID } from "crypto";
import { getCommHost } from "../notebook/comms";
import { display, jupyterDisplay, type MimeBundle } from "../notebook/display";
import { VBox, type BoxOptions } from "./boxes";
import { bundleOf, liveBundle, Output } from "./output";
import { Widget, WidgetArgumentError } from "./widget";

/** A control with a value (sliders, Dropdown, Checkbox, Text, ToggleButtons, ...). */
export type ValueControl = Widget & { readonly value: unknown };

/** The values of a set of controls, by name. */
export type ControlValues<C extends Record<string, ValueControl>> = { [K in keyof C]: C[K]["value"] };

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return v !== null && typeof v === "object" && typeof (v as { then?: unknown }).then === "function";
}

/** The function's controls, its output area and the id of its figure output. */
export class Interactive<C extends Record<string, ValueControl>> extends VBox {
  /** The controls by name. */
  readonly controls: C;
  /** Where errors (and anything the function displays) appear. */
  readonly output: Output;
  /** The display id of the figure output. */
  readonly displayId = `dl4ds-interact-${randomUUID()}`;
  /** How many times the function ran. */
  runs = 0;
  private figureSession?: string;
  /** The first result, computed ahead of the display (see `interact` with an async function). */
  private first?: { ok: true; result: unknown } | { ok: false };
  private readonly onChange = (): Promise<void> => this.rerun();

  constructor(private readonly fn: (values: ControlValues<C>) => unknown, controls: C, options: BoxOptions = {}) {
    if (typeof fn !== "function") throw new WidgetArgumentError("interact", "the first argument must be the function to re-run, e.g. interact(({ beta }) => figure(beta), { beta: new FloatSlider() })");
    if (!controls || typeof controls !== "object" || Object.keys(controls).length === 0) {
      throw new WidgetArgumentError("interact", "the second argument must name at least one control, e.g. { beta: new FloatSlider({ min: 0, max: 1 }) }");
    }
    for (const [name, c] of Object.entries(controls)) {
      if (!(c instanceof Widget) || !("value" in c)) throw new WidgetArgumentError("interact", `control "${name}" must be a widget with a value (a slider, Dropdown, Checkbox, Text, ...)`);
    }
    const output = new Output();
    super([...Object.values(controls), output], options);
    this.controls = controls;
    this.output = output;
    for (const c of Object.values(controls)) c.observe(this.onChange, "value");
    for (const c of [...Object.values(controls), output]) c.errorSink = output;
  }

  /** The controls' current values. */
  currentValues(): ControlValues<C> {
    return Object.fromEntries(Object.entries(this.controls).map(([k, c]) => [k, c.value])) as ControlValues<C>;
  }

  /** Runs the function; display() calls inside it go to the output area. Undefined when it threw. */
  private async call(): Promise<{ ok: boolean; result: unknown }> {
    this.runs++;
    let ok = true;
    const result = await this.output.capture(async () => {
      try {
        return await this.fn(this.currentValues());
      } catch (err) {
        ok = false;
        throw err;
      }
    });
    return { ok, result };
  }

  /** Re-runs the function for the current values and replaces the figure. */
  async rerun(): Promise<void> {
    const { ok, result } = await this.call();
    if (!ok) return;
    const host = getCommHost();
    if (!host) return;
    const parent = host.currentParent();
    const bundle = liveBundle(result);
    host.publish("update_display_data", { data: bundle, metadata: {}, transient: { display_id: this.displayId } }, parent);
    if (parent?.session && this.figureSession && parent.session !== this.figureSession) this.output.append(result);
  }

  /** Shows the controls and the figure for their initial values (two outputs). */
  override [jupyterDisplay](): MimeBundle {
    display(super[jupyterDisplay]());
    this.figureSession = getCommHost()?.currentParent()?.session;
    const first = this.first ?? this.runOnce();
    this.first = undefined;
    if (!first.ok) {
      display({ "text/plain": "(no figure: the function threw; the error is shown above)" }, { id: this.displayId });
    } else if (isPromiseLike(first.result)) {
      display({ "text/plain": "(computing the figure…)" }, { id: this.displayId });
      first.result.then(
        (r) => display(bundleOf(r), { id: this.displayId, update: true }),
        (err) => this.output.showError(err),
      );
    } else {
      // The full bundle (with static images): a saved or exported notebook shows this figure.
      display(bundleOf(first.result), { id: this.displayId });
    }
    return {};
  }

  private runOnce(): { ok: true; result: unknown } | { ok: false } {
    this.runs++;
    return this.output.captureSync(() => this.fn(this.currentValues()));
  }

  /**
   * Runs the function for the initial values now, ahead of the display. Returns the Interactive, or a
   * promise of it when the function returned a promise (awaited, so the display shows its result).
   */
  prime(): this | Promise<this> {
    const first = this.runOnce();
    if (!(first.ok && isPromiseLike(first.result))) {
      this.first = first;
      return this;
    }
    return Promise.resolve(first.result).then(
      (result) => {
        this.first = { ok: true, result };
        return this;
      },
      (err: unknown) => {
        this.output.showError(err);
        this.first = { ok: false };
        return this;
      },
    );
  }

  /** Stops listening to the controls and closes every widget of the interact. */
  override close(): void {
    for (const c of Object.values(this.controls)) c.unobserve(this.onChange, "value");
    for (const c of Object.values(this.controls)) c.close();
    this.output.close();
    super.close();
  }

  override toString(): string {
    return `interact(${Object.entries(this.controls).map(([k, c]) => `${k}=${JSON.stringify(c.value)}`).join(", ")})`;
  }
}

/**
 * Re-runs `fn` with the controls' values on every change and redraws what it returns, in place:
 *
 *     interact(({ beta, T }) => marginalFigure(beta, T), { beta: new FloatSlider({ min: 0.001, max: 0.1, step: 0.001, value: 0.01 }), T: new IntSlider({ min: 10, max: 200 }) })
 *
 * With an async `fn` it returns a promise: `await interact(async (...) => ..., controls)` computes the
 * first figure before the cell ends, so a headless run and the saved notebook show it.
 */
export function interact<C extends Record<string, ValueControl>>(fn: (values: ControlValues<C>) => Promise<unknown>, controls: C, options?: BoxOptions): Promise<Interactive<C>>;
export function interact<C extends Record<string, ValueControl>>(fn: (values: ControlValues<C>) => unknown, controls: C, options?: BoxOptions): Interactive<C>;
export function interact<C extends Record<string, ValueControl>>(fn: (values: ControlValues<C>) => unknown, controls: C, options: BoxOptions = {}): Interactive<C> | Promise<Interactive<C>> {
  return new Interactive(fn, controls, options).prime();
}
