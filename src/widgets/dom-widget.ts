/** Widgets with a view on the page: a Layout, an optional Style, description, tooltip, disabled. */
import { Layout, Style, type LayoutOptions, type StyleOptions } from "./layout";
import { Widget, type ModelSpec, type WidgetInit } from "./widget";

/** Options shared by the controls. */
export interface DOMWidgetOptions {
  /** The label next to the control. */
  description?: string;
  /** A tooltip. */
  tooltip?: string;
  /** Greys the control out. */
  disabled?: boolean;
  /** CSS layout (width, height, margin, ...) or a Layout to share. */
  layout?: LayoutOptions | Layout;
  /** Style attributes (description_width, ...) or a Style. */
  style?: StyleOptions | Style;
}

/** A widget with a Layout (and a Style when `styleModel` is given). */
export class DOMWidget extends Widget {
  readonly layout: Layout;
  readonly style?: Style;
  private readonly owned: Widget[];

  constructor(spec: ModelSpec, state: Record<string, unknown>, options: DOMWidgetOptions, styleModel?: string, init?: WidgetInit) {
    const layout = options.layout instanceof Layout ? options.layout : new Layout(options.layout ?? {});
    const style = styleModel ? (options.style instanceof Style ? options.style : new Style(styleModel, (options.style as StyleOptions) ?? {})) : undefined;
    const common: Record<string, unknown> = { layout, _dom_classes: [], tabbable: null, tooltip: options.tooltip ?? null };
    if (style) common.style = style;
    super(spec, { ...common, ...state }, init);
    this.layout = layout;
    this.style = style;
    this.owned = [options.layout instanceof Layout ? undefined : layout, options.style instanceof Style ? undefined : style].filter((w): w is Layout | Style => w !== undefined);
  }

  /** Closes the widget with its layout and style. */
  override close(): void {
    super.close();
    for (const w of this.owned) w.close();
  }
}
