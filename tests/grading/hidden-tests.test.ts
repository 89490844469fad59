/**
 * Hidden tests in the lessons: every graded test cell has them, the student version does not, and they are what
 * stops an answer fitted to the visible test — shown by grading a hard-coded submission with and without them.
 */
import * as fs from "fs";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { releaseNotebook } from "../../src/grading/assign";
import { gradeSubmissions } from "../../src/grading/grade";
import { cellSource, nbgraderMeta, type Notebook } from "../../src/grading/notebook";
import { diffusionKernel } from "../../src/diffusion";
import { ROOT, loadFixture, requireDl4dsKernel, tempDir } from "./helpers";

const LESSONS = path.join(ROOT, "notebooks");
const lessonFiles = fs.readdirSync(LESSONS).filter((f) => f.endsWith(".ipynb")).sort();
const testCells = (nb: Notebook) => nb.cells.filter((c) => nbgraderMeta(c)?.grade === true && nbgraderMeta(c)?.solution !== true);

describe("hidden tests in the lessons", () => {
  it("every graded test cell of every lesson holds a hidden-test region", () => {
    let count = 0;
    for (const file of lessonFiles) {
      for (const cell of testCells(loadFixture(path.join(LESSONS, file)))) {
        const src = cellSource(cell);
        expect(src, `${file} ${nbgraderMeta(cell)?.grade_id}`).toMatch(/\/\/ BEGIN HIDDEN TESTS\n[\s\S]*assert[\s\S]*\n\s*\/\/ END HIDDEN TESTS/);
        count++;
      }
    }
    expect(count).toBe(11);
  });

  it("the student version keeps the visible tests and drops every hidden line", () => {
    for (const file of lessonFiles) {
      const source = loadFixture(path.join(LESSONS, file));
      const released = releaseNotebook(source).notebook;
      const text = JSON.stringify(released);
      expect(text).not.toMatch(/HIDDEN TESTS/);
      for (const cell of testCells(source)) {
        const src = cellSource(cell);
        const hidden = src.slice(src.indexOf("// BEGIN HIDDEN TESTS"), src.indexOf("// END HIDDEN TESTS"));
        const visible = src.split("\n").filter((_, i, lines) => {
          const begin = lines.findIndex((l) => l.includes("BEGIN HIDDEN TESTS"));
          const end = lines.findIndex((l) => l.includes("END HIDDEN TESTS"));
          return i < begin || i > end;
        }).join("\n").trim();
        const mine = released.cells.find((c) => nbgraderMeta(c)?.grade_id === nbgraderMeta(cell)?.grade_id)!;
        expect(cellSource(mine).trim()).toBe(visible);
        // no line of hidden-test code (beyond braces and blank lines) survives anywhere in the release
        const visibleLines = new Set(visible.split("\n").map((l) => l.trim()));
        const own = hidden.split("\n").map((l) => l.trim()).filter((l) => l.length > 12 && !visibleLines.has(l));
        expect(own.length).toBeGreaterThan(0);
        for (const line of own) expect(text).not.toContain(JSON.stringify(line).slice(1, -1));
      }
    }
  });
});

describe("a hard-coded answer passes the visible test and loses the hidden one", () => {
  const work = tempDir("dl4ds-hardcoded-");
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("18.1 diffusionKernel as a lookup of the visible test's answers: full marks without hidden tests, none with them", async () => {
    requireDl4dsKernel();
    const file = "18.1-diffusion-encoder.ipynb";
    const source = loadFixture(path.join(LESSONS, file));
    // Only the cells up to the kernel's test cell, to keep the test short (the grader matches them by name).
    const lastCell = source.cells.findIndex((c) => nbgraderMeta(c)?.grade_id === "test-diffusion-kernel");
    source.cells = source.cells.slice(0, lastCell + 1);
    const released = releaseNotebook(source).notebook;
    const instructor = path.join(work, "instructor");
    fs.mkdirSync(instructor, { recursive: true });
    fs.writeFileSync(path.join(instructor, file), JSON.stringify(source));
    // The cheat: the visible test's five (x, t) cases and their answers, copied in as literals.
    const cases = [[-2, 1], [-2, 20], [0.5, 50], [1.3, 100], [3, 0]];
    const table = Object.fromEntries(cases.map(([x, t]) => [`${x},${t}`, diffusionKernel(x, t, 0.01511)]));
    const solution = released.cells.find((c) => nbgraderMeta(c)?.grade_id === "diffusion-kernel")!;
    solution.source = [
      "function diffusionKernel(x: number, t: number, beta: number): { mean: number; std: number } {",
      `  const answers: Record<string, { mean: number; std: number }> = ${JSON.stringify(table)};`,
      "  return answers[`${x},${t}`] ?? { mean: 0, std: 1 };",
      "}",
    ].join("\n");
    const visibleOnly = path.join(work, "visible-only");
    fs.mkdirSync(visibleOnly, { recursive: true });
    fs.writeFileSync(path.join(visibleOnly, file), JSON.stringify(released));
    fs.mkdirSync(path.join(work, "submissions", "cheater"), { recursive: true });
    fs.writeFileSync(path.join(work, "submissions", "cheater", file), JSON.stringify(released));
    const grade = async (src: string, out: string) => {
      const report = await gradeSubmissions({ source: src, submissions: path.join(work, "submissions"), outDir: path.join(work, out), workers: 1, cellTimeoutS: 120, seed: 3 });
      return report.grades[0].tests.find((t) => t.gradeId === "test-diffusion-kernel")!;
    };
    // Graded against the student version's own tests (visible only), the lookup passes …
    const withoutHidden = await grade(visibleOnly, "g1");
    expect(withoutHidden).toMatchObject({ status: "passed", points: 2 });
    // … against the instructor's source, whose hidden tests try other points, it scores nothing.
    const withHidden = await grade(instructor, "g2");
    expect(withHidden).toMatchObject({ status: "failed", points: 0 });
    expect(withHidden.error?.name).toBe("AssertionError");
    // The feedback names the failure but carries none of the hidden-test source.
    const feedback = fs.readdirSync(path.join(work, "g2"), { recursive: true }).map(String).filter((f) => /\.(html|json)$/.test(f) && !f.includes("autograded"));
    expect(feedback.length).toBeGreaterThan(0);
    for (const f of feedback) expect(fs.readFileSync(path.join(work, "g2", f), "utf8")).not.toContain("Closed form at other points");
  }, 600_000);
});
