/**
 * Charts of numbers: fit vs number of steps (one line per η, the 1-D analogue of the DDIM paper's
 * Table 1), or bars of timings (pixel vs latent diffusion). Input is a small table of records.
 */
import { VegaFigure } from "../render/VegaFigure";
import { FigureInputError } from "../errors";
import { formatNumber, round6 } from "../validate";
import { STRIP, TRAJECTORY_COLORS } from "../style";
import { asSpec, chartSize, checkOptions, coverRange, joinSubtitle, optionalRange, titleBlock, type ChartOptions } from "./common";

/** A table (array of records) or a name → number map (drawn as bars). */
export type NumbersTable = ReadonlyArray<Readonly<Record<string, number | string>>> | Readonly<Record<string, number>>;

/** Options of `numbersChart`. */
export interface NumbersChartOptions extends ChartOptions {
  /** Field on the x axis (default: the first field). */
  x?: string;
  /** Field on the y axis (default: the last field). */
  y?: string;
  /** Field whose values make separate lines/bar groups (e.g. "eta"). */
  series?: string;
  /** "line" (points joined; default when x is numeric) or "bar" (default when x is text). */
  kind?: "line" | "bar";
  /** Logarithmic x axis (numeric x only), e.g. for steps 10, 20, 50, 100. */
  logX?: boolean;
  /** Logarithmic y axis. */
  logY?: boolean;
  /** Write each value next to its bar or point (default true for bars). */
  labels?: boolean;
}

const FIG = "numbersChart";

function toRows(table: NumbersTable): Array<Record<string, number | string>> {
  if (Array.isArray(table)) {
    if (table.length === 0) throw new FigureInputError(FIG, "the table is empty; pass at least one record");
    return table.map((r, i) => {
      if (!r || typeof r !== "object" || Array.isArray(r)) throw new FigureInputError(FIG, `row ${i} must be a record such as { steps: 10, tv: 0.2 }`);
      return { ...r };
    });
  }
  if (table && typeof table === "object") {
    const entries = Object.entries(table as Record<string, unknown>);
    if (entries.length === 0) throw new FigureInputError(FIG, "the table is empty; pass { name: value, ... } with at least one entry");
    return entries.map(([name, value]) => ({ name, value: value as number }));
  }
  throw new FigureInputError(FIG, `table must be an array of records or a { name: number } object; got ${typeof table}`);
}

/**
 * A chart of a few numbers.
 *
 * @example numbersChart(rows, { x: "steps", y: "tv", series: "eta", logX: true, title: "Fit vs steps" })
 * @example numbersChart({ pixels: 41.2, latents: 6.3 }, { yLabel: "ms per denoising step" })
 */
export function numbersChart(table: NumbersTable, options?: NumbersChartOptions): VegaFigure {
  const opts = checkOptions(FIG, options);
  const rows = toRows(table);
  const fields = Object.keys(rows[0]);
  if (opts.x === undefined || opts.y === undefined) {
    const needed = opts.series === undefined ? 2 : 3;
    if (fields.length > needed) throw new FigureInputError(FIG, `the rows have fields ${fields.join(", ")}; say which to plot with { x: "...", y: "..." }`);
  }
  const x = opts.x ?? fields[0];
  const y = opts.y ?? fields[fields.length - 1];
  const series = opts.series;
  rows.forEach((r, i) => {
    for (const f of [x, y, ...(series ? [series] : [])]) {
      if (!(f in r)) throw new FigureInputError(FIG, `row ${i} has no field "${f}" (fields: ${Object.keys(r).join(", ")})`);
    }
    const v = r[y];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new FigureInputError(FIG, `row ${i}: ${y} = ${String(v)} is not a finite number`);
    r[y] = round6(v);
  });
  const numericX = rows.every((r) => typeof r[x] === "number" && Number.isFinite(r[x] as number));
  const kind = opts.kind ?? (numericX ? "line" : "bar");
  if (kind !== "line" && kind !== "bar") throw new FigureInputError(FIG, `kind must be "line" or "bar"; got ${String(kind)}`);
  if (opts.logX && (!numericX || rows.some((r) => (r[x] as number) <= 0))) throw new FigureInputError(FIG, "logX needs positive numeric x values");
  if (opts.logY && rows.some((r) => (r[y] as number) <= 0)) throw new FigureInputError(FIG, "logY needs positive y values");
  const size = chartSize(FIG, opts, kind === "bar" && !series ? { width: Math.min(STRIP.width, 80 * rows.length + 80), height: STRIP.height + 40 } : { width: 480, height: 260 });
  const xDomain = optionalRange(FIG, "xRange", opts.xRange);
  const yDomain = coverRange(optionalRange(FIG, "yRange", opts.yRange), rows.map((r) => r[y] as number));
  const seriesValues = series ? [...new Set(rows.map((r) => r[series]))] : [];
  const color = series
    ? { field: series, type: "nominal", scale: { domain: seriesValues, range: seriesValues.map((_, i) => TRAJECTORY_COLORS[(i + 2) % TRAJECTORY_COLORS.length]) }, legend: { title: series } }
    : { value: TRAJECTORY_COLORS[2] };
  const xEnc =
    kind === "line" && numericX
      ? { field: x, type: "quantitative", title: opts.xLabel ?? x, scale: { ...(opts.logX ? { type: "log" } : { zero: false }), ...(xDomain ? { domain: xDomain } : {}) }, axis: { values: [...new Set(rows.map((r) => r[x] as number))] } }
      : { field: x, type: numericX ? "ordinal" : "nominal", title: opts.xLabel ?? x, sort: null, axis: { labelAngle: 0 } };
  const yEnc = { field: y, type: "quantitative", title: opts.yLabel ?? y, scale: { ...(opts.logY ? { type: "log" } : {}), ...(yDomain ? { domain: yDomain } : {}) } };
  const main: Record<string, unknown> =
    kind === "line"
      ? { mark: { type: "line", point: true, aria: false }, encoding: { x: xEnc, y: yEnc, color, ...(series ? { detail: { field: series } } : {}) } }
      : { mark: { type: "bar", aria: false }, encoding: { x: xEnc, y: yEnc, color, ...(series ? { xOffset: { field: series, sort: null } } : {}) } };
  const layers = [main];
  if (opts.labels ?? kind === "bar") {
    layers.push({
      mark: { type: "text", dy: -7, fontSize: 10, aria: false },
      encoding: { x: xEnc, y: yEnc, text: { field: y, type: "quantitative", format: ".3~g" }, ...(series && kind === "bar" ? { xOffset: { field: series, sort: null } } : {}) },
    });
  }
  const title = titleBlock(opts.title, joinSubtitle(opts.subtitle));
  const spec = asSpec({ ...(title ? { title } : {}), width: size.width, height: size.height, data: { values: rows }, layer: layers });
  const description =
    `${kind === "bar" ? "Bar chart" : "Line chart"}${opts.title ? ` "${opts.title}"` : ""}: ${y} by ${x}` +
    (series ? ` for each ${series} (${seriesValues.join(", ")})` : "") +
    (rows.length <= 6 ? ` — ${rows.map((r) => `${series ? `${r[series]}/` : ""}${r[x]}: ${formatNumber(r[y] as number)}`).join(", ")}` : `, ${rows.length} values`);
  return new VegaFigure(spec, description, opts);
}
