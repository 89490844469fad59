import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { assignFolder, LOCKED_MANIFEST, releaseNotebook } from "../../src/grading/assign";
import { cellChecksum, pythonFloatString } from "../../src/grading/checksum";
import { replaceSolutionRegions, removeHiddenTests } from "../../src/grading/markers";
import { cellSource, Notebook } from "../../src/grading/notebook";
import { FIXTURES, PYTHON, SOURCE_DIR, SOURCE_NB, loadFixture, tempDir } from "./helpers";

describe("solution and hidden-test regions", () => {
  it("replaces a solution with the TypeScript stub at the marker's indent", () => {
    const src = "function f(): number {\n    // BEGIN SOLUTION\n    return 1;\n    // END SOLUTION\n}";
    expect(replaceSolutionRegions(src).source).toBe('function f(): number {\n    // YOUR CODE HERE\n    throw new Error("Not implemented");\n}');
    expect(replaceSolutionRegions(src).replaced).toBe(1);
    expect(() => replaceSolutionRegions("// BEGIN SOLUTION\nx")).toThrow(/never closed/);
  });

  it("removes hidden tests with their markers", () => {
    const src = "a;\n// BEGIN HIDDEN TESTS\nb;\n// END HIDDEN TESTS\nc;";
    expect(removeHiddenTests(src)).toEqual({ source: "a;\nc;", removed: 1 });
  });
});

describe("checksums", () => {
  it("prints floats like Python's str(float(x))", () => {
    expect([2, 0.5, 1e-5, 1e16, 0, 123.25].map(pythonFloatString)).toEqual(["2.0", "0.5", "1e-05", "1e+16", "0.0", "123.25"]);
    expect(() => pythonFloatString(NaN)).toThrow(/finite/);
  });

  it("equal nbgrader's compute_checksum for every released cell", () => {
    const { notebook } = releaseNotebook(loadFixture(SOURCE_NB));
    const script = [
      "import json, sys, nbformat",
      "from nbgrader.utils import compute_checksum",
      "nb = nbformat.reads(sys.stdin.read(), as_version=4)",
      "print(json.dumps([compute_checksum(c) if 'nbgrader' in c.metadata else None for c in nb.cells]))",
    ].join("\n");
    const py = JSON.parse(execFileSync(PYTHON, ["-c", script], { input: JSON.stringify(notebook) }).toString()) as Array<string | null>;
    const ours = notebook.cells.map((c) => (c.metadata.nbgrader ? cellChecksum(c) : null));
    expect(ours.filter((x) => x !== null).length).toBe(6);
    expect(ours).toEqual(py);
  });
});

describe("dl4ds assign", () => {
  it("writes the student version: stubs, no hidden tests, no outputs, checksums", () => {
    const source = loadFixture(SOURCE_NB);
    source.cells[3].outputs = [{ output_type: "stream", name: "stdout", text: "old output" }];
    source.cells[3].execution_count = 7;
    const before = JSON.stringify(source);
    const { notebook, locked } = releaseNotebook(source);
    expect(JSON.stringify(source)).toBe(before); // input untouched
    const text = notebook.cells.map(cellSource).join("\n");
    expect(text).not.toMatch(/BEGIN SOLUTION|END SOLUTION|HIDDEN TESTS|return a \+ b|add\(0\.5, 0\.25\)/);
    expect(cellSource(notebook.cells[3])).toBe('function add(a: number, b: number): number {\n  // YOUR CODE HERE\n  throw new Error("Not implemented");\n}');
    expect(cellSource(notebook.cells[4])).toBe("assert.equal(add(1, 2), 3);\nassert.equal(add(-1, 1), 0);");
    for (const c of notebook.cells.filter((c) => c.cell_type === "code")) {
      expect(c.outputs).toEqual([]);
      expect(c.execution_count).toBeNull();
    }
    expect(locked.map((l) => [l.gradeId, l.role])).toEqual([
      ["setup", "locked"],
      ["helper-square", "locked"],
      ["add-tests", "test"],
      ["scale-partial", "test"],
    ]);
    for (const l of locked) {
      const cell = notebook.cells.find((c) => c.metadata.nbgrader?.grade_id === l.gradeId)!;
      expect(cell.metadata.nbgrader?.checksum).toBe(l.checksum);
      expect(cell.metadata.editable).toBe(false);
    }
  });

  it("writes release/<name> and the locked-cell manifest; refuses a notebook that fails check", () => {
    const out = tempDir("dl4ds-release-");
    const report = assignFolder(SOURCE_DIR, out);
    expect(report.written).toEqual([path.join(out, "add.ipynb")]);
    const released = JSON.parse(fs.readFileSync(path.join(out, "add.ipynb"), "utf8")) as Notebook;
    expect(released.cells.length).toBe(7);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, LOCKED_MANIFEST), "utf8")) as Record<string, unknown[]>;
    expect(Object.keys(manifest)).toEqual(["add.ipynb"]);
    expect(manifest["add.ipynb"].length).toBe(4);
    expect(fs.readdirSync(out).filter((f) => f.includes(".tmp-"))).toEqual([]);

    const out2 = tempDir("dl4ds-release-");
    expect(() => assignFolder(path.join(FIXTURES, "invalid"), out2)).toThrow(/does not pass dl4ds check/);
    expect(fs.readdirSync(out2)).toEqual([]); // nothing written when any notebook fails
    for (const d of [out, out2]) fs.rmSync(d, { recursive: true, force: true });
  });
});
