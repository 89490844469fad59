/**
 * Line anchors that let a runtime error point at the cell's own line.
 *
 * tslab compiles a cell to JavaScript that does not keep the cell's line numbers (import helpers,
 * `exports.x = ...` lines, reformatted statements). Before compiling, the kernel appends a comment
 * `//@dl4ds:L<n>` to the end of each source line n; TypeScript keeps most of them in the emitted
 * JavaScript, so a stack frame's JavaScript line can be mapped back to a cell line. Markers are
 * appended only at line ends outside string and template literals, so columns and line numbers of
 * compile diagnostics are unchanged.
 */
import type * as TS from "@tslab/typescript-for-tslab";

const MARKER_PREFIX = "//@dl4ds:L";
const MARKER_RE = /\/\/@dl4ds:L(\d+)/;
const MARKER_RE_GLOBAL = /\s?\/\/@dl4ds:L\d+/g;

let tsModule: typeof TS | undefined;
function ts(): typeof TS {
  // tslab's TypeScript fork is already loaded by the converter; reuse it instead of loading a second compiler.
  if (!tsModule) tsModule = require("@tslab/typescript-for-tslab") as typeof TS;
  return tsModule;
}

/** Character ranges [start, end) of string and template literal pieces (a line end inside one must not be touched). */
function literalRanges(src: string): Array<[number, number]> {
  const t = ts();
  const sf = t.createSourceFile("cell.ts", src, t.ScriptTarget.Latest, false, t.ScriptKind.TS);
  const ranges: Array<[number, number]> = [];
  const visit = (node: TS.Node): void => {
    switch (node.kind) {
      case t.SyntaxKind.StringLiteral:
      case t.SyntaxKind.NoSubstitutionTemplateLiteral:
      case t.SyntaxKind.TemplateHead:
      case t.SyntaxKind.TemplateMiddle:
      case t.SyntaxKind.TemplateTail:
        ranges.push([node.getStart(sf), node.end]);
        return;
      default:
        t.forEachChild(node, visit);
    }
  };
  visit(sf);
  return ranges;
}

/** Appends a `//@dl4ds:L<n>` anchor to every non-blank source line that does not end inside a literal. */
export function addLineMarkers(src: string): string {
  if (typeof src !== "string") throw new TypeError("addLineMarkers: src must be a string");
  const ranges = literalRanges(src);
  const lines = src.split("\n");
  let offset = 0;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const cr = line.endsWith("\r");
    if (cr) line = line.slice(0, -1);
    const end = offset + line.length;
    const inLiteral = ranges.some(([s, e]) => s < end && end < e);
    const trimmed = line.trim();
    if (trimmed !== "" && !inLiteral && !trimmed.startsWith("///")) {
      line = `${line} ${MARKER_PREFIX}${i + 1}`;
    }
    out.push(cr ? line + "\r" : line);
    offset += lines[i].length + 1;
  }
  return out.join("\n");
}

/** Removes the anchors from a piece of JavaScript (for showing code or messages to the user). */
export function stripLineMarkers(text: string): string {
  return text.replace(MARKER_RE_GLOBAL, "");
}

/** A position in the cell: 1-based line and column. */
export interface CellPosition {
  line: number;
  column: number;
}

const WORD = /[A-Za-z0-9_$]/;

function wordAt(text: string, index: number): { word: string; start: number } | undefined {
  let i = Math.max(0, Math.min(index, text.length - 1));
  // Move to the next word character if the column points at punctuation (e.g. the '.' of `a.b`).
  while (i < text.length && !WORD.test(text[i])) i++;
  if (i >= text.length) return undefined;
  let s = i;
  while (s > 0 && WORD.test(text[s - 1])) s--;
  let e = i;
  while (e < text.length && WORD.test(text[e])) e++;
  let word = text.slice(s, e);
  // `exports.x` is tslab's rewrite of a variable `x` from an earlier cell: use `x`.
  if (word === "exports" && text[e] === ".") return wordAt(text, e + 1);
  return { word, start: s };
}

function wordStarts(text: string, word: string): number[] {
  const starts: number[] = [];
  const re = new RegExp(`(?<![A-Za-z0-9_$])${word.replace(/\$/g, "\\$")}(?![A-Za-z0-9_$])`, "g");
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index);
  return starts;
}

/**
 * Maps a 1-based (line, column) in the executed JavaScript back to the cell source.
 *
 * @param jsLines the executed script, split into lines
 * @param srcLines the cell's TypeScript source (without markers), split into lines
 * @param firstLineOffset characters of wrapper code before the compiled output on JavaScript line 1
 */
export function mapToCell(jsLines: string[], srcLines: string[], jsLine: number, jsColumn: number, firstLineOffset = 0): CellPosition {
  const nSrc = Math.max(1, srcLines.length);
  let line: number | undefined;
  const own = MARKER_RE.exec(jsLines[jsLine - 1] ?? "");
  if (own) line = Number(own[1]);
  for (let k = 1; line === undefined && k <= 200; k++) {
    const below = MARKER_RE.exec(jsLines[jsLine - 1 + k] ?? "");
    if (below) line = Number(below[1]) - k;
  }
  for (let k = 1; line === undefined && k <= 200; k++) {
    const above = MARKER_RE.exec(jsLines[jsLine - 1 - k] ?? "");
    if (above) line = Number(above[1]) + k;
  }
  line = Math.min(nSrc, Math.max(1, line ?? 1));
  const src = srcLines[line - 1] ?? "";
  const firstCode = Math.max(0, src.search(/\S/)) + 1;
  let js = stripLineMarkers(jsLines[jsLine - 1] ?? "");
  let col = jsColumn - 1;
  if (jsLine === 1 && firstLineOffset > 0) {
    js = js.slice(firstLineOffset);
    col -= firstLineOffset;
  }
  const hit = wordAt(js, col);
  if (!hit) return { line, column: firstCode };
  const k = wordStarts(js.slice(0, hit.start), hit.word).length;
  const inSrc = wordStarts(src, hit.word);
  if (inSrc.length === 0) return { line, column: firstCode };
  return { line, column: inSrc[Math.min(k, inSrc.length - 1)] + 1 };
}

/**
 * Writes shorthand properties out in full: `{ T }` → `{ T: T }`.
 *
 * tslab rewrites a reference to an earlier cell's variable `T` as `exports.T`, but it looks the name up through the
 * type checker, which resolves a shorthand property name to the property, not to the variable: `{ T }` then runs as
 * a reference to an undefined local ("T is not defined"). The long form is the same program and gets rewritten.
 * Only the shorthand's own line shifts (by the inserted text), so line anchors stay exact.
 */
export function expandShorthandProperties(src: string): string {
  if (typeof src !== "string") throw new TypeError("expandShorthandProperties: src must be a string");
  if (!src.includes("{")) return src;
  const t = ts();
  const sf = t.createSourceFile("cell.ts", src, t.ScriptTarget.Latest, true, t.ScriptKind.TS);
  const inserts: Array<{ at: number; text: string }> = [];
  const visit = (node: TS.Node): void => {
    if (t.isShorthandPropertyAssignment(node)) {
      inserts.push({ at: node.name.end, text: `: ${node.name.text}` });
    }
    t.forEachChild(node, visit);
  };
  visit(sf);
  if (inserts.length === 0) return src;
  let out = src;
  for (const { at, text } of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(at);
  return out;
}
