/** HBox and VBox: widgets side by side or stacked. */
import { DOMWidget, type DOMWidgetOptions } from "./dom-widget";
import { controlsSpec, Widget, WidgetArgumentError } from "./widget";

/** Options of the boxes. */
export interface BoxOptions extends DOMWidgetOptions {
  boxStyle?: "success" | "info" | "warning" | "danger" | "";
}

function checkChildren(name: string, children: unknown): Widget[] {
  if (!Array.isArray(children) || !children.every((c) => c instanceof Widget)) {
    throw new WidgetArgumentError(name, "children must be an array of widgets, e.g. new VBox([slider, button])");
  }
  return children as Widget[];
}

/** A flex box of child widgets. */
export class Box extends DOMWidget {
  constructor(model: string, view: string, children: Widget[], options: BoxOptions = {}) {
    super(controlsSpec(model, view), { children: checkChildren(model.replace(/Model$/, ""), children), box_style: options.boxStyle ?? "" }, options);
  }

  get children(): Widget[] {
    return [...(this.values.children as Widget[])];
  }
  set children(children: Widget[]) {
    this.set({ children: checkChildren(this.constructor.name, children) });
  }

  override childWidgets(): Widget[] {
    return this.children;
  }

  override toString(): string {
    return `${this.constructor.name}(children=[${this.children.map((c) => c.toString()).join(", ")}])`;
  }
}

/** Children side by side. */
export class HBox extends Box {
  constructor(children: Widget[] = [], options: BoxOptions = {}) {
    super("HBoxModel", "HBoxView", children, options);
  }
}

/** Children stacked. */
export class VBox extends Box {
  constructor(children: Widget[] = [], options: BoxOptions = {}) {
    super("VBoxModel", "VBoxView", children, options);
  }
}
