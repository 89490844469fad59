/** Helpers for the figure tests: bundle access, a small XML well-formedness check, PNG decoding. */
import { PNG } from "pngjs";
import { toMimeBundle, type MimeBundle } from "../../src/notebook/display";

/** The bundle an object shows in Jupyter (through the same path the kernel uses). */
export function bundleOf(figure: unknown): MimeBundle {
  return toMimeBundle(figure);
}

/**
 * Checks that markup is well-formed XML: every tag closes in order, attributes are quoted, no stray
 * '<' or '&'. Returns the element names in document order (for counting marks).
 */
export function parseXml(xml: string): string[] {
  const names: string[] = [];
  const stack: string[] = [];
  let i = xml.startsWith("<?xml") ? xml.indexOf("?>") + 2 : 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) throw new Error(`bad entity in text near ${JSON.stringify(text.slice(0, 40))}`);
    if (lt < 0) break;
    const gt = xml.indexOf(">", lt);
    if (gt < 0) throw new Error("unterminated tag at " + lt);
    const tag = xml.slice(lt + 1, gt);
    if (tag.startsWith("!--")) {
      i = xml.indexOf("-->", lt) + 3;
      continue;
    }
    if (tag.startsWith("/")) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else {
      const selfClosing = tag.endsWith("/");
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const m = /^([A-Za-z_][\w:.-]*)([\s\S]*)$/.exec(body);
      if (!m) throw new Error(`bad tag <${tag.slice(0, 40)}>`);
      const attrs = m[2].trim();
      const attrRe = /^([\w:.-]+)="[^"<]*"\s*/;
      let rest = attrs;
      while (rest.length > 0) {
        const a = attrRe.exec(rest);
        if (!a) throw new Error(`bad attribute in <${m[1]}>: ${rest.slice(0, 60)}`);
        rest = rest.slice(a[0].length);
      }
      names.push(m[1]);
      if (!selfClosing) stack.push(m[1]);
    }
    i = gt + 1;
  }
  if (stack.length) throw new Error(`unclosed <${stack.join("> <")}>`);
  return names;
}

/** Number of <path> items inside vega mark groups whose class contains `markClass` (e.g. "mark-rect role-mark"). */
export function countMarkItems(svg: string, markClass: string, element = "path"): number {
  let count = 0;
  const re = new RegExp(`<g class="${markClass}[^"]*"[^>]*>`, "g");
  for (const m of svg.matchAll(re)) {
    // The group's items are its direct children up to the matching </g> (mark groups hold no nested <g>).
    const start = (m.index ?? 0) + m[0].length;
    const end = svg.indexOf("</g>", start);
    const body = svg.slice(start, end);
    count += (body.match(new RegExp(`<${element}[\\s/>]`, "g")) ?? []).length;
  }
  return count;
}

/** Decodes a base64 PNG from a bundle. */
export function decodePng(base64: unknown): PNG {
  if (typeof base64 !== "string") throw new Error("image/png must be a base64 string");
  return PNG.sync.read(Buffer.from(base64, "base64"));
}

/** Width and height attributes of the root <svg>. */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!m) throw new Error("no svg width/height");
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** Count of pixels darker than `level` (0–255, all channels) in a region. */
export function darkPixels(png: PNG, x0: number, y0: number, x1: number, y1: number, level = 100): number {
  let n = 0;
  for (let y = Math.max(0, y0); y < Math.min(png.height, y1); y++) {
    for (let x = Math.max(0, x0); x < Math.min(png.width, x1); x++) {
      const o = (y * png.width + x) * 4;
      if (png.data[o] < level && png.data[o + 1] < level && png.data[o + 2] < level && png.data[o + 3] > 0) n++;
    }
  }
  return n;
}

/** The book's mixture (lessons.md) for realistic test data, with a tiny seeded generator. */
export const MIX = { means: [1.5, -0.216, 0.45, -1.875], sds: [0.3, 0.15, 0.525, 0.075], weights: [0.2, 0.3, 0.35, 0.15] };

/** Pdf of the book's mixture. */
export function mixPdf(x: number): number {
  return MIX.means.reduce((s, m, i) => s + (MIX.weights[i] * Math.exp(-0.5 * ((x - m) / MIX.sds[i]) ** 2)) / (Math.sqrt(2 * Math.PI) * MIX.sds[i]), 0);
}

/** Deterministic samples of the mixture (Park–Miller + Box–Muller; tests only). */
export function mixSamples(n: number, seed = 1): Float64Array {
  let s = seed;
  const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = u();
    let k = 0;
    let c = MIX.weights[0];
    while (r > c && k < 3) c += MIX.weights[++k];
    out[i] = MIX.means[k] + MIX.sds[k] * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  }
  return out;
}

/** Forward diffusion rows (rows[t] = samples at step t), book β = 0.01511, for test data. */
export function forwardRows(x: Float64Array, T = 100, beta = 0.01511, seed = 3): Float64Array[] {
  let s = seed;
  const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const rows = [x];
  for (let t = 1; t <= T; t++) {
    const prev = rows[t - 1];
    const next = new Float64Array(prev.length);
    for (let i = 0; i < prev.length; i++) next[i] = Math.sqrt(1 - beta) * prev[i] + Math.sqrt(beta) * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    rows.push(next);
  }
  return rows;
}
