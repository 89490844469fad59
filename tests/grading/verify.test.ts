import { describe, expect, it } from "vitest";
import { releaseNotebook } from "../../src/grading/assign";
import { verifyRelease } from "../../src/grading/verify";
import { SOURCE_DIR, SOURCE_NB, loadFixture, requireDl4dsKernel } from "./helpers";

describe("the student version runs top to bottom", () => {
  it("fails only in exercise and test cells for the fixture, and flags a cell that calls an unfinished function", async () => {
    requireDl4dsKernel();
    // The fixture plus a plotting-like cell after the exercise that calls add(): only that cell is
    // reported (the stubs throw "Not implemented" in the exercise and test cells, which is expected).
    const source = loadFixture(SOURCE_NB);
    source.cells.splice(5, 0, { cell_type: "code", metadata: {}, outputs: [], execution_count: null, source: "const total = add(2, 3);" });
    const problems = await verifyRelease(releaseNotebook(source).notebook, { cellTimeoutS: 20, dataDir: SOURCE_DIR });
    expect(problems.length).toBe(1);
    expect(problems[0].cell).toBe(5);
    expect(problems[0].message).toMatch(/Not implemented/);
  }, 240_000);
});
