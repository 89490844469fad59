/**
 * Solution and hidden-test regions inside cell sources.
 *
 * A marker is any line that contains the delimiter text, exactly as nbgrader's ClearSolutions and
 * ClearHiddenTests find them (`"BEGIN SOLUTION" in line`), so our tools and nbgrader always agree
 * on where a region starts and ends. Our notebooks write them as `// BEGIN SOLUTION` lines.
 */

/** Delimiter texts (nbgrader's defaults; see nbgrader_config.py). */
export const MARKERS = {
  beginSolution: "BEGIN SOLUTION",
  endSolution: "END SOLUTION",
  beginHidden: "BEGIN HIDDEN TESTS",
  endHidden: "END HIDDEN TESTS",
} as const;

/** The TypeScript stub that replaces a solution region (same text as ClearSolutions.code_stub.typescript). */
export const TYPESCRIPT_STUB = '// YOUR CODE HERE\nthrow new Error("Not implemented");';

/** A region between a begin and an end marker (0-based line numbers of the marker lines). */
export interface MarkedRegion {
  beginLine: number;
  endLine: number;
}

/** Regions found in a source plus the structural problems (nesting, unmatched markers). */
export interface RegionScan {
  regions: MarkedRegion[];
  problems: string[];
}

/** Finds begin/end regions; reports nesting, an end without a begin, and a begin never closed. */
export function scanRegions(source: string, begin: string, end: string): RegionScan {
  if (typeof source !== "string") throw new TypeError("scanRegions: source must be a string");
  if (!begin || !end) throw new Error("scanRegions: begin and end delimiters must be non-empty");
  const lines = source.split("\n");
  const regions: MarkedRegion[] = [];
  const problems: string[] = [];
  let open = -1;
  lines.forEach((line, i) => {
    if (line.includes(begin)) {
      if (open >= 0) problems.push(`line ${i + 1}: "${begin}" inside the region opened on line ${open + 1} (regions cannot nest)`);
      else open = i;
    } else if (line.includes(end)) {
      if (open < 0) problems.push(`line ${i + 1}: "${end}" without a "${begin}" before it`);
      else {
        regions.push({ beginLine: open, endLine: i });
        open = -1;
      }
    }
  });
  if (open >= 0) problems.push(`line ${open + 1}: "${begin}" is never closed: add a line "// ${end}"`);
  return { regions, problems };
}

/**
 * Replaces each solution region (markers included) with the stub, indented like the begin marker —
 * what nbgrader's ClearSolutions does. Throws on unbalanced markers (run `dl4ds check` first).
 */
export function replaceSolutionRegions(source: string, stub: string = TYPESCRIPT_STUB): { source: string; replaced: number } {
  const scan = scanRegions(source, MARKERS.beginSolution, MARKERS.endSolution);
  if (scan.problems.length) throw new Error(`unbalanced solution markers: ${scan.problems.join("; ")}`);
  const stubLines = stub.split("\n");
  const out: string[] = [];
  let inside = false;
  for (const line of source.split("\n")) {
    if (line.includes(MARKERS.beginSolution)) {
      const indent = /^\s*/.exec(line)?.[0] ?? "";
      for (const s of stubLines) out.push(indent + s);
      inside = true;
    } else if (line.includes(MARKERS.endSolution)) {
      inside = false;
    } else if (!inside) {
      out.push(line);
    }
  }
  return { source: out.join("\n"), replaced: scan.regions.length };
}

/** Removes each hidden-test region, markers included (nbgrader's ClearHiddenTests). */
export function removeHiddenTests(source: string): { source: string; removed: number } {
  const scan = scanRegions(source, MARKERS.beginHidden, MARKERS.endHidden);
  if (scan.problems.length) throw new Error(`unbalanced hidden-test markers: ${scan.problems.join("; ")}`);
  const out: string[] = [];
  let inside = false;
  for (const line of source.split("\n")) {
    if (line.includes(MARKERS.beginHidden)) inside = true;
    else if (line.includes(MARKERS.endHidden)) inside = false;
    else if (!inside) out.push(line);
  }
  return { source: out.join("\n"), removed: scan.regions.length };
}
