/**
 * Cells after the last test cell cannot change a score, so the grader does not run them: an instructor's
 * figure cell at the end of a lesson costs nothing, and it comes back unexecuted in the autograded copy.
 */
import * as fs from "fs";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { gradeSubmissions } from "../../src/grading/grade";
import { loadFixture, requireDl4dsKernel, SOURCE_NB, tempDir } from "./helpers";

describe("cells after the last test cell", () => {
  const work = tempDir("dl4ds-after-last-");
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("are not run (a cell that would loop forever costs nothing) and come back unexecuted", async () => {
    requireDl4dsKernel();
    const source = loadFixture(SOURCE_NB);
    // An instructor cell at the end that would time out, and one that would write a marker file.
    source.cells.push({ cell_type: "code", metadata: {}, outputs: [], execution_count: null, source: 'require("fs").writeFileSync("ran-after-tests.txt", "x");' });
    source.cells.push({ cell_type: "code", metadata: {}, outputs: [], execution_count: null, source: "while (true) {}" });
    fs.mkdirSync(path.join(work, "source"));
    fs.writeFileSync(path.join(work, "source", "add.ipynb"), JSON.stringify(source));
    fs.mkdirSync(path.join(work, "subs", "ann"), { recursive: true });
    fs.writeFileSync(path.join(work, "subs", "ann", "add.ipynb"), JSON.stringify(source));
    const report = await gradeSubmissions({ source: path.join(work, "source"), submissions: path.join(work, "subs"), outDir: path.join(work, "out"), workers: 1, cellTimeoutS: 20, seed: 1 });
    const g = report.grades[0];
    expect([g.score, g.maxScore]).toEqual([3, 3]);
    expect(g.messages.join("\n")).not.toMatch(/timeout|timed out/i);
    const executed = JSON.parse(fs.readFileSync(path.join(work, "out", "autograded", "ann", "add.ipynb"), "utf8"));
    expect(executed.cells.length).toBe(source.cells.length);
    expect(executed.cells.slice(-2).map((c: { execution_count: unknown; outputs: unknown[] }) => [c.execution_count, c.outputs.length])).toEqual([[null, 0], [null, 0]]);
  }, 300_000);

  it("are run with allCells (--all-cells), also on the path before the speed-ups that `dl4ds bench grade` measures", async () => {
    requireDl4dsKernel();
    const source = loadFixture(SOURCE_NB);
    source.cells.push({ cell_type: "code", metadata: {}, outputs: [], execution_count: null, source: 'console.log("after the tests");' });
    fs.mkdirSync(path.join(work, "source-all"));
    fs.writeFileSync(path.join(work, "source-all", "add.ipynb"), JSON.stringify(source));
    fs.mkdirSync(path.join(work, "subs-all", "bo"), { recursive: true });
    fs.writeFileSync(path.join(work, "subs-all", "bo", "add.ipynb"), JSON.stringify(source));
    const report = await gradeSubmissions({
      source: path.join(work, "source-all"), submissions: path.join(work, "subs-all"), outDir: path.join(work, "out-all"), workers: 1, cellTimeoutS: 60, seed: 1,
      allCells: true, kernelSnapshot: false, runnerFullImports: true,
    });
    expect([report.grades[0].score, report.grades[0].maxScore]).toEqual([3, 3]);
    const executed = JSON.parse(fs.readFileSync(path.join(work, "out-all", "autograded", "bo", "add.ipynb"), "utf8"));
    const last = executed.cells[executed.cells.length - 1];
    expect(last.execution_count).not.toBeNull();
    expect(JSON.stringify(last.outputs)).toContain("after the tests");
  }, 300_000);
});
