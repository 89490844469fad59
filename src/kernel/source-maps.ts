/**
 * Maps positions in compiled library files (dist/**\/*.js built by tsc with source maps) back to the
 * TypeScript source, so a traceback through the library names src/...ts lines. A file rebuilt by
 * esbuild at kernel start has no source map comment and is shown as it is.
 */
import * as fs from "fs";
import * as path from "path";

/** A 1-based position in a file. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

interface ParsedMap {
  sources: string[];
  /** Per generated line: segments [generatedColumn, sourceIndex, sourceLine, sourceColumn] (0-based). */
  lines: number[][][];
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Decodes one Base64 VLQ segment into numbers. */
export function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64_INDEX.get(ch);
    if (digit === undefined) throw new Error(`invalid base64 VLQ character "${ch}" in source map`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    out.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return out;
}

function parseMappings(mappings: string): number[][][] {
  const lines: number[][][] = [];
  let src = 0;
  let srcLine = 0;
  let srcCol = 0;
  for (const lineText of mappings.split(";")) {
    let genCol = 0;
    const segs: number[][] = [];
    for (const seg of lineText.split(",")) {
      if (!seg) continue;
      const v = decodeVlq(seg);
      genCol += v[0];
      if (v.length >= 4) {
        src += v[1];
        srcLine += v[2];
        srcCol += v[3];
        segs.push([genCol, src, srcLine, srcCol]);
      }
    }
    lines.push(segs);
  }
  return lines;
}

const cache = new Map<string, { mtimeMs: number; map: ParsedMap | null }>();

function loadMap(jsFile: string): ParsedMap | null {
  let st: fs.Stats;
  try {
    st = fs.statSync(jsFile);
  } catch {
    return null;
  }
  const hit = cache.get(jsFile);
  if (hit && hit.mtimeMs === st.mtimeMs) return hit.map;
  let map: ParsedMap | null = null;
  try {
    const js = fs.readFileSync(jsFile, "utf8");
    const m = /\/\/# sourceMappingURL=([^\s]+)\s*$/.exec(js);
    if (m && !m[1].startsWith("data:")) {
      const mapFile = path.resolve(path.dirname(jsFile), m[1]);
      const raw = JSON.parse(fs.readFileSync(mapFile, "utf8")) as { sources: string[]; sourceRoot?: string; mappings: string };
      const base = path.resolve(path.dirname(mapFile), raw.sourceRoot ?? "");
      map = { sources: raw.sources.map((s) => path.resolve(base, s)), lines: parseMappings(raw.mappings) };
    }
  } catch {
    map = null;
  }
  cache.set(jsFile, { mtimeMs: st.mtimeMs, map });
  return map;
}

/** The original position of a 1-based (line, column) in a compiled file, or undefined without a map. */
export function originalPosition(jsFile: string, line: number, column: number): SourcePosition | undefined {
  const map = loadMap(jsFile);
  const segs = map?.lines[line - 1];
  if (!map || !segs || segs.length === 0) return undefined;
  let best = segs[0];
  for (const s of segs) {
    if (s[0] <= column - 1) best = s;
    else break;
  }
  return { file: map.sources[best[1]], line: best[2] + 1, column: best[3] + 1 };
}
