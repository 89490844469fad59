/**
 * SVG → PNG with @resvg/resvg-js. resvg draws text only with fonts it can load: we point it at DejaVu
 * Sans when present (most Linux images have it), else let it scan the system fonts; DL4DS_FONT_FILE
 * names a .ttf/.otf to use instead.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { config } from "../../config";
import type { Resvg as ResvgClass, ResvgRenderOptions } from "@resvg/resvg-js";

// Loaded at the first PNG (a native module): importing the library does not pay for it.
const loadResvg = (): typeof ResvgClass => (require("@resvg/resvg-js") as { Resvg: typeof ResvgClass }).Resvg;

const FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "/System/Library/Fonts", "C:\\Windows\\Fonts"];
const PREFERRED = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

/** Where text fonts for PNGs come from: explicit files, a system scan, or none found. */
export interface FontStatus {
  /** Font files given to resvg explicitly (empty when it scans the system). */
  files: string[];
  /** True when resvg scans the system font directories. */
  systemScan: boolean;
  /** True when at least one font file was found, so PNGs will show axis labels. */
  found: boolean;
}

function findFontFiles(dir: string, depth: number, out: string[]): void {
  if (depth < 0 || out.length > 0) return;
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.isFile() && /\.(ttf|otf|ttc)$/i.test(e.name)) {
      out.push(join(dir, e.name));
      return;
    }
  }
  for (const e of entries) if (e.isDirectory()) findFontFiles(join(dir, e.name), depth - 1, out);
}

let fontStatusMemo: FontStatus | undefined;

/** Finds fonts once per process (the answer does not change while a kernel runs). */
export function figureFontStatus(): FontStatus {
  if (fontStatusMemo) return fontStatusMemo;
  const explicit = config.fontFile;
  if (explicit && existsSync(explicit)) {
    fontStatusMemo = { files: [explicit], systemScan: false, found: true };
    return fontStatusMemo;
  }
  const dejavu = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF"]
    .flatMap((d) => PREFERRED.map((f) => join(d, f)))
    .filter((p) => existsSync(p));
  if (dejavu.length > 0) {
    fontStatusMemo = { files: dejavu, systemScan: false, found: true };
    return fontStatusMemo;
  }
  const any: string[] = [];
  for (const d of FONT_DIRS) findFontFiles(d, 4, any);
  fontStatusMemo = { files: [], systemScan: true, found: any.length > 0 };
  return fontStatusMemo;
}

function resvgOptions(scale: number): ResvgRenderOptions {
  const fonts = figureFontStatus();
  const font: ResvgRenderOptions["font"] = fonts.systemScan
    ? { loadSystemFonts: true }
    : { loadSystemFonts: false, fontFiles: fonts.files, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" };
  return { font, fitTo: { mode: "zoom", value: scale }, logLevel: "off" };
}

/** Rasterizes SVG markup to PNG bytes at `scale` × its own size. */
export function svgToPng(svg: string, scale = 1): Buffer {
  if (!(scale > 0 && scale <= 8)) throw new RangeError(`svgToPng: scale must be in (0, 8]; got ${scale}`);
  const Resvg = loadResvg();
  const rendered = new Resvg(svg, resvgOptions(scale)).render();
  return Buffer.from(rendered.asPng());
}
