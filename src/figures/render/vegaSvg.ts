/**
 * Vega-Lite spec → SVG text, synchronously, in Node, with no browser and nothing on stderr.
 *
 * Why synchronous: the kernel shows a cell's last value by calling its `Symbol.for("Jupyter.display")`
 * method, which must return a bundle at once. `View.toSVG()` is async only because it awaits dataflow
 * runs and image loads; our specs carry inline data and data-URL images, so the dataflow evaluates
 * synchronously inside `view.run()` (including vega's auto-size re-run), and we hand the scenegraph to
 * vega's headless SVG renderer ourselves. Tests compare the result with `await view.toSVG()`.
 */
import { createHash } from "node:crypto";
import type * as vega from "vega";
import type * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";

/** A silent logger: vega and vega-lite warnings must not reach a notebook's stderr. */
// Loaded at the first figure: importing the library (a kernel's start) does not pay for vega.
const loadVega = (): typeof vega => require("vega") as typeof vega;
const loadVegaLite = (): typeof vl => require("vega-lite") as typeof vl;

function silentLogger(): vega.LoggerInterface {
  const v = loadVega();
  return v.logger(v.None);
}

/** Compiles a Vega-Lite spec to a Vega spec; vega-lite's warnings are dropped. Errors are thrown. */
export function compileVegaLite(spec: TopLevelSpec): vega.Spec {
  return loadVegaLite().compile(spec, { logger: silentLogger() }).spec;
}

interface SceneNode {
  marktype?: string;
  items?: SceneNode[];
  url?: string;
  image?: unknown;
}

/** Marks images (data URLs) as loaded so the SVG renderer writes their href without an async load. */
function markImagesLoaded(node: SceneNode | undefined): void {
  if (!node || !node.items) return;
  for (const item of node.items) {
    if (node.marktype === "image" && typeof item.url === "string") {
      item.image = { complete: true, width: 1, height: 1, src: item.url, url: item.url };
    }
    markImagesLoaded(item);
  }
}

interface ViewInternals {
  _viewWidth: number;
  _viewHeight: number;
  _origin: [number, number];
}

type HeadlessRenderer = {
  initialize(el: null, width: number, height: number, origin: [number, number]): HeadlessRenderer;
  background(color: unknown): HeadlessRenderer;
  render(scene: unknown): HeadlessRenderer;
  svg(): string;
};

/** Renders a compiled Vega spec to SVG markup synchronously. */
export function renderVegaSvg(vgSpec: vega.Spec): string {
  const v = loadVega();
  const view = new v.View(v.parse(vgSpec), { renderer: "none", logger: silentLogger() });
  view.logLevel(v.None);
  try {
    view.run();
    const internals = view as unknown as ViewInternals;
    const padding = view.padding() as { left: number; right: number; top: number; bottom: number };
    const width = Math.max(0, internals._viewWidth + padding.left + padding.right);
    const height = Math.max(0, internals._viewHeight + padding.top + padding.bottom);
    const origin: [number, number] = [padding.left + internals._origin[0], padding.top + internals._origin[1]];
    const root = (view.scenegraph() as unknown as { root: SceneNode }).root;
    markImagesLoaded(root);
    const renderModule = loadVega().renderModule as unknown as (type: string) => { headless: new (loader: unknown) => HeadlessRenderer };
    const Renderer = renderModule("svg").headless;
    const renderer = new Renderer(view.loader());
    renderer.initialize(null, width, height, origin).background(view.background());
    renderer.render(root);
    return makeIdsUnique(renderer.svg());
  } finally {
    view.finalize();
  }
}

/**
 * Vega numbers clip paths and gradients with process-wide counters (clip3, gradient_1), so the same chart
 * drawn twice gives different SVG, and two charts inlined in one HTML page (nbconvert) could share an
 * id. Renumbers ids in order of appearance, then prefixes them with a hash of the renumbered SVG: the
 * same figure always gives the same SVG, and different figures never share an id.
 */
export function makeIdsUnique(svg: string): string {
  const ids = new Map<string, number>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1])) ids.set(m[1], ids.size);
  if (ids.size === 0) return svg;
  const mark = (id: string) => `\u0000${ids.get(id)}\u0000`;
  const placeholders = svg
    .replace(/(\sid=")([^"]+)(")/g, (m, a: string, id: string, b: string) => (ids.has(id) ? a + mark(id) + b : m))
    .replace(/url\(#([^)]+)\)/g, (m, id: string) => (ids.has(id) ? `url(#${mark(id)})` : m))
    .replace(/(href=")#([^"]+)(")/g, (m, a: string, id: string, b: string) => (ids.has(id) ? `${a}#${mark(id)}${b}` : m));
  const prefix = "v" + createHash("sha1").update(placeholders).digest("hex").slice(0, 8) + "-";
  return placeholders.replace(/\u0000(\d+)\u0000/g, (_m, k: string) => prefix + k);
}

/** Vega-Lite spec → SVG markup (compile + synchronous headless render). */
export function vegaLiteToSvg(spec: TopLevelSpec): string {
  return renderVegaSvg(compileVegaLite(spec));
}
