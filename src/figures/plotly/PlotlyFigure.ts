/**
 * An interactive Plotly figure that displays itself in Jupyter as ONE bundle:
 * application/vnd.plotly.v1+json, text/html that draws it offline (plotly.js inlined once per kernel
 * session; until Plotly draws, or where no JavaScript runs, the HTML shows the static PNG), image/png
 * (a static rendering of the same data) and text/plain.
 */
import { createHash } from "node:crypto";
import { jupyterDisplay, type MimeBundle } from "../../notebook/display";
import { plotlyAlreadySent, plotlyScriptTag, setPlotlySent } from "./plotlySource";
import { specOnlyFigures } from "../render/bundleMode";

/** The MIME type of Plotly figures in Jupyter. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** A Plotly figure as JSON: traces, layout, config and optional animation frames. */
export interface PlotlySpec {
  data: Array<Record<string, unknown>>;
  layout: Record<string, unknown>;
  config?: Record<string, unknown>;
  frames?: Array<Record<string, unknown>>;
}

/** Escapes JSON for inclusion inside a <script> element. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

let figureCounter = 0;

/** A displayable Plotly figure with a static PNG fallback. */
export class PlotlyFigure {
  /** The Plotly figure JSON. */
  readonly spec: PlotlySpec;
  /** One line saying what the figure shows (text/plain). */
  readonly description: string;
  private readonly fallback: () => Buffer;
  private png?: Buffer;

  /** `fallback` renders the static PNG (called at most once, on first display). */
  constructor(spec: PlotlySpec, description: string, fallback: () => Buffer) {
    this.spec = { ...spec, config: { displaylogo: false, ...(spec.config ?? {}) } };
    this.description = description.replace(/\s+/g, " ").trim();
    this.fallback = fallback;
  }

  /** The static PNG (what nbconvert, GitHub and graders show where Plotly cannot run). */
  toPNG(): Buffer {
    if (this.png === undefined) this.png = this.fallback();
    return this.png;
  }

  /**
   * HTML that draws the figure with no network: the PNG inside a div, replaced by Plotly when
   * window.Plotly exists (plotly.js is included in this HTML only if not yet sent this session).
   */
  toHTML(options: { includePlotly?: boolean } = {}): string {
    const json = scriptSafeJson(this.spec);
    const id = "dl4ds-plotly-" + createHash("sha1").update(json).digest("hex").slice(0, 10) + "-" + ++figureCounter;
    const width = typeof this.spec.layout.width === "number" ? `${this.spec.layout.width}px` : "100%";
    const png = this.toPNG().toString("base64");
    const include = options.includePlotly ?? !plotlyAlreadySent();
    const library = include ? plotlyScriptTag() : "";
    if (include) setPlotlySent(true);
    const draw =
      `(function(){var script=document.currentScript;var el=(script&&script.previousElementSibling&&script.previousElementSibling.id===${JSON.stringify(id)})` +
      `?script.previousElementSibling:document.getElementById(${JSON.stringify(id)});var fig=${json};var tries=0;` +
      `function draw(){if(!el)return;if(window.Plotly){el.innerHTML="";window.Plotly.newPlot(el,fig);}else if(tries++<100){setTimeout(draw,100);}}draw();})();`;
    return (
      library +
      `<div id="${id}" class="dl4ds-plotly" style="max-width:${width}">` +
      `<img src="data:image/png;base64,${png}" alt="${escapeAttr(this.description)}" style="max-width:100%"/></div>` +
      `<script type="text/javascript">${draw}</script>`
    );
  }

  /** The Jupyter MIME bundle: Plotly JSON, offline HTML, static PNG and a one-line description (while grading: no HTML/PNG). */
  [jupyterDisplay](): MimeBundle {
    if (specOnlyFigures()) return { [PLOTLY_MIME]: JSON.parse(JSON.stringify(this.spec)) as unknown, "text/plain": this.description };
    return {
      [PLOTLY_MIME]: JSON.parse(JSON.stringify(this.spec)) as unknown,
      "text/html": this.toHTML(),
      "image/png": this.toPNG().toString("base64"),
      "text/plain": this.description,
    };
  }

  /** The one-line description. */
  toString(): string {
    return this.description;
  }

  /** Node's util.inspect shows the description, not the JSON. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `[PlotlyFigure: ${this.description}]`;
  }
}
