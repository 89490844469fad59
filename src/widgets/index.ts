/**
 * Live widgets for JupyterLab (ipywidgets 8 protocol 2.1), imported as `dl4ds-diffusion/widgets`:
 * sliders, selections, buttons, text, output areas and boxes, `jslink`, `interact` and anywidget's
 * custom views (`widget({ esm, css, state })`). They need the dl4ds kernel and JupyterLab with
 * jupyterlab_widgets; elsewhere they are plain objects (values, validation and callbacks still work).
 */
export { Widget, WidgetArgumentError, WIDGET_PROTOCOL_VERSION, WIDGET_TARGET, WIDGET_VIEW_MIME, CONTROLS_MODULE, BASE_MODULE, OUTPUT_MODULE } from "./widget";
export type { Change, Observer, ModelSpec, ErrorSink } from "./widget";
export { Layout, Style } from "./layout";
export type { LayoutOptions, StyleOptions } from "./layout";
export type { DOMWidgetOptions } from "./dom-widget";
export { IntSlider, FloatSlider, Play } from "./sliders";
export type { SliderOptions, PlayOptions } from "./sliders";
export { Dropdown, ToggleButtons } from "./selection";
export type { SelectionOptions, ToggleButtonsOptions, SelectionOptionsInput } from "./selection";
export { Checkbox, Text, Label, HTML, Button } from "./simple";
export type { CheckboxOptions, TextOptions, LabelOptions, ButtonOptions } from "./simple";
export { Output, liveBundle } from "./output";
export type { OutputItem } from "./output";
export { HBox, VBox, Box } from "./boxes";
export type { BoxOptions } from "./boxes";
export { jslink, Link } from "./link";
export { interact, Interactive } from "./interact";
export type { ControlValues, ValueControl } from "./interact";
export { widget, AnyWidget, ANYWIDGET_VERSION } from "./anywidget";
export type { AnyWidgetOptions } from "./anywidget";
export { liveWidgets } from "./registry";
export { registerWidgetTargets, allStates, CONTROL_TARGET } from "./targets";
export { Comm, openComm, registerCommTarget } from "./comm";
