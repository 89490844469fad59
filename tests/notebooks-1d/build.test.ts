/**
 * The 1-D lesson notebook generator (scripts/notebooks/build.mjs): source parsing, the notebook format,
 * and that the committed notebooks/18.*.ipynb are exactly what their sources build.
 */
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { checkNotebook } from "../../src/grading/check";
import { buildNotebook, codeAsTypeScript, lessonSources, NOTEBOOKS_DIR, notebookText, parseSource } from "../../scripts/notebooks/build.mjs";

const SMALL = [
  "a file comment, ignored",
  "%% markdown",
  "# Title",
  "",
  "%% code",
  "const a = 1;",
  "%% solution add-one",
  "function addOne(x: number): number {",
  "  // BEGIN SOLUTION",
  "  return x + 1;",
  "  // END SOLUTION",
  "}",
  "%% test test-add-one 2",
  "{ if (addOne(1) !== 2) throw new Error(\"wrong\"); }",
  "",
].join("\n");

describe("parseSource", () => {
  it("splits cells at %% headers and keeps grade ids and points", () => {
    const cells = parseSource(SMALL, "small");
    expect(cells.map((c) => c.kind)).toEqual(["markdown", "code", "solution", "test"]);
    expect(cells[0].source).toBe("# Title");
    expect(cells[2].gradeId).toBe("add-one");
    expect(cells[3]).toMatchObject({ gradeId: "test-add-one", points: 2 });
    expect(cells[2].source.split("\n")).toHaveLength(5);
  });

  it("rejects unknown kinds, repeated or malformed grade ids, missing points and empty cells", () => {
    expect(() => parseSource("%% python\nx = 1", "s")).toThrow(/s:1: unknown cell kind "python"/);
    expect(() => parseSource("%% solution a\nx\n%% test a 1\ny", "s")).toThrow(/grade_id "a" is used twice/);
    expect(() => parseSource("%% solution bad!\nx", "s")).toThrow(/needs a grade_id/);
    expect(() => parseSource("%% solution two words\nx", "s")).toThrow(/takes only a grade_id/);
    expect(() => parseSource("%% test t\nx", "s")).toThrow(/needs points/);
    expect(() => parseSource("%% test t -1\nx", "s")).toThrow(/needs points/);
    expect(() => parseSource("%% code\n\n%% code\nx", "s")).toThrow(/s:1: empty code cell/);
    expect(() => parseSource("no headers at all", "s")).toThrow(/no cells/);
  });
});

describe("buildNotebook", () => {
  const nb = buildNotebook(parseSource(SMALL), "18.9-example");

  it("writes nbformat 4.5 with the dl4ds kernelspec and TypeScript language_info", () => {
    expect(nb.nbformat).toBe(4);
    expect(nb.nbformat_minor).toBe(5);
    expect(nb.metadata.kernelspec).toEqual({ name: "dl4ds", display_name: "TypeScript (dl4ds)", language: "typescript" });
    expect(nb.metadata.language_info).toEqual({ name: "typescript", file_extension: ".ts", mimetype: "text/typescript" });
  });

  it("gives every cell a valid unique id and code cells no outputs", () => {
    const ids = nb.cells.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    for (const c of nb.cells.filter((c) => c.cell_type === "code")) {
      expect(c.outputs).toEqual([]);
      expect(c.execution_count).toBeNull();
    }
  });

  it("puts exactly nbgrader's keys on solution and test cells", () => {
    expect(nb.cells[1].metadata).toEqual({});
    expect(nb.cells[2].metadata).toEqual({ nbgrader: { schema_version: 3, grade: false, solution: true, locked: false, grade_id: "add-one" } });
    expect(nb.cells[3].metadata).toEqual({ nbgrader: { schema_version: 3, grade: true, solution: false, locked: true, points: 2, grade_id: "test-add-one" } });
  });

  it("keeps the source as lines that join back to the cell text", () => {
    expect(nb.cells[2].source.join("")).toBe(parseSource(SMALL)[2].source);
    expect(nb.cells[2].source[0].endsWith("\n")).toBe(true);
    expect(nb.cells[2].source[nb.cells[2].source.length - 1].endsWith("\n")).toBe(false);
  });

  it("joins the code cells into one TypeScript module", () => {
    const ts = codeAsTypeScript(parseSource(SMALL));
    expect(ts).toContain("function addOne");
    expect(ts).not.toContain("# Title");
    expect(ts.trim().endsWith("export {};")).toBe(true);
  });
});

describe("the committed 1-D lesson notebooks", () => {
  const sources = lessonSources();

  it("has the five lessons 18.1–18.5", () => {
    expect(sources.map((s) => s.stem)).toEqual([
      "18.1-diffusion-encoder",
      "18.2-diffusion-decoder",
      "18.3-reparameterized-model",
      "18.4-ddim-families",
      "18.5-neural-eps-model",
    ]);
  });

  for (const { stem, file } of sources) {
    describe(stem, () => {
      const cells = parseSource(fs.readFileSync(file, "utf8"), file);
      const code = cells.filter((c) => c.kind !== "markdown");

      it("is up to date with its source (run node scripts/notebooks/build.mjs)", () => {
        const committed = fs.readFileSync(path.join(NOTEBOOKS_DIR, `${stem}.ipynb`), "utf8");
        expect(committed).toBe(notebookText(buildNotebook(cells, stem)));
      });

      it("passes dl4ds check (nbgrader metadata, markers, kernelspec)", () => {
        const nb = JSON.parse(fs.readFileSync(path.join(NOTEBOOKS_DIR, `${stem}.ipynb`), "utf8"));
        expect(checkNotebook(nb, stem)).toEqual([]);
      });

      it("imports only in its first code cell and seeds its generator with the book's 6", () => {
        code.slice(1).forEach((c) => expect(c.source).not.toMatch(/^import /m));
        expect(code[0].source).toMatch(/from "dl4ds-diffusion"/);
        expect(code.some((c) => /createRng\(6\)/.test(c.source))).toBe(true);
      });

      it("follows every solution cell with its test cell, and wraps test code in a block", () => {
        cells.forEach((c, i) => {
          if (c.kind === "solution") {
            expect(c.source).toMatch(/^\s*\/\/ BEGIN SOLUTION$/m);
            expect(c.source).toMatch(/^\s*\/\/ END SOLUTION$/m);
            expect(cells[i + 1]?.kind, `cell after solution ${c.gradeId}`).toBe("test");
          }
          if (c.kind === "test") {
            expect(cells[i - 1]?.kind).toBe("solution");
            expect(c.source.startsWith("{") && c.source.endsWith("}"), `${c.gradeId} is one block`).toBe(true);
            expect(c.source).toMatch(/assert\./);
          }
          if (c.kind !== "solution") expect(c.source).not.toMatch(/(BEGIN|END) SOLUTION/);
        });
      });

      it("keeps most code cells to one line (one idea per cell)", () => {
        const plain = cells.filter((c) => c.kind === "code").map((c) => c.source.split("\n").length).sort((a, b) => a - b);
        expect(plain[Math.floor(plain.length / 2)]).toBe(1);
      });
    });
  }
});
