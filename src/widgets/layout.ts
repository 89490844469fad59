/** Layout and style models (@jupyter-widgets/base LayoutModel, the controls' *StyleModel). */
import { BASE_MODULE, CONTROLS_MODULE, Widget } from "./widget";

/** CSS layout attributes, snake_case as in ipywidgets (width, height, margin, padding, border_top, ...). */
export type LayoutOptions = Record<string, string | null>;

/** The CSS layout of a widget. */
export class Layout extends Widget {
  constructor(options: LayoutOptions = {}) {
    for (const [k, v] of Object.entries(options)) {
      if (v !== null && typeof v !== "string") throw new TypeError(`Layout: ${k} must be a CSS string such as "300px" or null; got ${typeof v}`);
    }
    super(
      { modelName: "LayoutModel", modelModule: BASE_MODULE.name, modelModuleVersion: BASE_MODULE.version, viewName: "LayoutView", viewModule: BASE_MODULE.name, viewModuleVersion: BASE_MODULE.version },
      options,
    );
  }
}

/** Style attributes, snake_case as in ipywidgets (description_width, handle_color, button_color, ...). */
export type StyleOptions = Record<string, string | null>;

/** The style model of a control (its model name depends on the control: "SliderStyleModel", ...). */
export class Style extends Widget {
  constructor(modelName: string, options: StyleOptions = {}) {
    super(
      { modelName, modelModule: CONTROLS_MODULE.name, modelModuleVersion: CONTROLS_MODULE.version, viewName: "StyleView", viewModule: BASE_MODULE.name, viewModuleVersion: BASE_MODULE.version },
      options,
    );
  }
}
