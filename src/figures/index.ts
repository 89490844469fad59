/**
 * The figure layer: one call per figure, each returning an object that displays itself in Jupyter as
 * one MIME bundle (Vega-Lite + SVG + PNG + text, or Plotly + offline HTML + PNG + text, or PNG + text).
 */
export { FigureInputError } from "./errors";
export { WARM_COLORMAP, WARM_COLORMAP_RGB, warmColor, warmColorStops } from "./colormap";
export { VegaFigure, VEGALITE_MIME } from "./render/VegaFigure";
export type { VegaFigureOptions } from "./render/VegaFigure";
export { figureFontStatus } from "./render/rasterize";
export type { FontStatus } from "./render/rasterize";
export type { ChartOptions, FitLabel } from "./charts/common";
export type { CurveInput } from "./charts/densityCurve";
export { linePlot } from "./charts/linePlot";
export type { LinePlotOptions, LineSeries } from "./charts/linePlot";
export { histogram } from "./charts/histogram";
export type { HistogramPlotOptions } from "./charts/histogram";
export { trajectories } from "./charts/trajectories";
export type { TrajectoriesOptions } from "./charts/trajectories";
export { heatmap } from "./charts/heatmap";
export type { HeatmapOptions, HeatmapCurve } from "./charts/heatmap";
export { smallMultiples } from "./charts/smallMultiples";
export type { SmallMultiplesOptions, SmallMultiplesPanel } from "./charts/smallMultiples";
export { numbersChart } from "./charts/numbersChart";
export { numbersTable, NumbersTableFigure } from "./charts/numbersTable";
export type { NumbersTableOptions } from "./charts/numbersTable";
export type { NumbersChartOptions, NumbersTable } from "./charts/numbersChart";
export { PlotlyFigure, PLOTLY_MIME } from "./plotly/PlotlyFigure";
export type { PlotlySpec } from "./plotly/PlotlyFigure";
export { plotlyAlreadySent, setPlotlySent } from "./plotly/plotlySource";
export { timeSlider } from "./plotly/timeSlider";
export type { TimeSliderOptions } from "./plotly/timeSlider";
export { surface3d } from "./plotly/surface3d";
export type { Surface3dOptions } from "./plotly/surface3d";
export { zoomableImageGrid } from "./plotly/zoomableImageGrid";
export { imageGrid, ImageGridFigure } from "./images/imageGrid";
export type { ImageGridOptions } from "./images/imageGrid";
export type { ImageBatch, ImageTensorLike, ShapedImages } from "./images/imageData";
export type { ChannelMode } from "./images/gridPng";
export { progress } from "./progress";
export type { Progress, ProgressInfo, ProgressOptions } from "./progress";
export { measureFigureRendering } from "./benchmark";
export type { FigureTimings } from "./benchmark";
