/**
 * plotly.js goes into a notebook at most once per kernel session: the first Plotly figure's HTML
 * carries the library (offline, no CDN), later ones reuse window.Plotly. The "already sent" flag
 * lives on globalThis so every copy of this module in the process shares it; a kernel restart is a new
 * process and sends it again.
 */
import { readFileSync } from "node:fs";

const SENT_KEY = Symbol.for("dl4ds.plotlyInlined");
type GlobalWithFlag = typeof globalThis & { [SENT_KEY]?: boolean };

/** True once plotly.js has been placed in an output of this session. */
export function plotlyAlreadySent(): boolean {
  return (globalThis as GlobalWithFlag)[SENT_KEY] === true;
}

/** Marks plotly.js as sent (or, with false, as not sent: the next figure inlines it again). */
export function setPlotlySent(sent: boolean): void {
  (globalThis as GlobalWithFlag)[SENT_KEY] = sent;
}

/**
 * The plotly.js bundle as a <script> that defines window.Plotly. It runs inside a function whose
 * `module`, `exports` and `define` are undefined, so an AMD loader (require.js in some nbconvert
 * templates) cannot capture it. `</script` inside the code is escaped so the HTML parser cannot end
 * the element early.
 */
export function plotlyScriptTag(): string {
  const path = require.resolve("plotly.js-dist-min/plotly.min.js");
  const source = readFileSync(path, "utf8").replace(/<\/script/gi, "<\\/script");
  return `<script type="text/javascript">(function(module, exports, define){\n${source}\n}).call(window);</script>`;
}
