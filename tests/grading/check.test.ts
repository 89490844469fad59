import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { checkNotebook, checkPaths } from "../../src/grading/check";
import { scanRegions } from "../../src/grading/markers";
import { FIXTURES, ROOT, SOURCE_NB, loadFixture } from "./helpers";

const INVALID = path.join(FIXTURES, "invalid");

// Each invalid fixture breaks exactly one rule (see tests/fixtures/grading/make-fixtures.mjs).
const EXPECTED_RULE: Record<string, string> = {
  "schema-version": "schema-version",
  "unknown-key": "unknown-key",
  "points-on-solution": "points",
  "missing-points": "points",
  "duplicate-grade-id": "duplicate-grade-id",
  "bad-grade-id": "grade-id",
  "unbalanced-solution": "solution-markers",
  "solution-outside-solution-cell": "solution-markers",
  "hidden-outside-test-cell": "hidden-markers",
  "unbalanced-hidden": "hidden-markers",
  "kernelspec-no-language": "kernelspec",
  "kernelspec-wrong-name": "kernelspec",
  "untested-solution": "untested-solution",
  "unlocked-test": "role",
};

describe("dl4ds check", () => {
  it("passes the lesson notebooks in notebooks/ (every notebook that has landed)", () => {
    const dir = path.join(ROOT, "notebooks");
    fs.mkdirSync(dir, { recursive: true });
    const report = checkPaths([dir]);
    expect(report.notebooks.length).toBe(fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).length);
    expect(report.issues.map((i) => `${path.basename(i.notebook)} cell ${i.cell}: ${i.message}`)).toEqual([]);
  });

  it("passes the valid fixture", () => {
    expect(checkNotebook(loadFixture(SOURCE_NB), "add.ipynb")).toEqual([]);
  });

  it("has an invalid fixture for every rule", () => {
    const files = fs.readdirSync(INVALID).map((f) => f.replace(/\.ipynb$/, "")).sort();
    expect(files).toEqual(Object.keys(EXPECTED_RULE).sort());
  });

  for (const [name, rule] of Object.entries(EXPECTED_RULE)) {
    it(`fails ${name} with rule ${rule}`, () => {
      const issues = checkNotebook(loadFixture(path.join(INVALID, `${name}.ipynb`)), name);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.map((i) => i.rule)).toContain(rule);
      for (const i of issues) expect(i.message.length).toBeGreaterThan(10);
    });
  }

  it("checkPaths reports each invalid file and an unreadable one", () => {
    const report = checkPaths([INVALID]);
    expect(new Set(report.issues.map((i) => path.basename(i.notebook))).size).toBe(Object.keys(EXPECTED_RULE).length);
    expect(() => checkPaths([path.join(FIXTURES, "does-not-exist")])).toThrow(/does not exist/);
  });

  it("rejects grade and solution both true, and markdown test cells", () => {
    const nb = loadFixture(SOURCE_NB);
    nb.cells[4].metadata.nbgrader!.solution = true;
    expect(checkNotebook(nb, "x").map((i) => i.rule)).toContain("role");
    const nb2 = loadFixture(SOURCE_NB);
    nb2.cells[4].cell_type = "markdown";
    expect(checkNotebook(nb2, "x").some((i) => /code cell/.test(i.message))).toBe(true);
  });
});

describe("dl4ds check command", () => {
  const cli = path.join(ROOT, "bin", "dl4ds.js");
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, "check", ...args], { cwd: ROOT, encoding: "utf8" });

  it("exits 0 on a valid notebook and 1 with one line per problem on invalid ones", () => {
    if (!fs.existsSync(path.join(ROOT, "dist", "cli", "commands", "check.js"))) throw new Error("dist/ is not built: run `npm run build` first");
    const good = run(SOURCE_NB);
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/1 notebook\(s\) checked, 0 with problems/);
    const bad = run(path.join(INVALID, "duplicate-grade-id.ipynb"), path.join(INVALID, "kernelspec-no-language.ipynb"));
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/duplicate-grade-id\.ipynb: cell 5 \(add-solution\): grade_id "add-solution" is also used/);
    expect(bad.stdout).toMatch(/kernelspec-no-language\.ipynb: metadata\.kernelspec must be/);
  });
});

describe("marker scanning", () => {
  it("finds regions and reports nesting, stray ends and unclosed begins", () => {
    const ok = scanRegions("a\n// BEGIN SOLUTION\nb\n// END SOLUTION\nc", "BEGIN SOLUTION", "END SOLUTION");
    expect(ok).toEqual({ regions: [{ beginLine: 1, endLine: 3 }], problems: [] });
    const nested = scanRegions("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", "BEGIN SOLUTION", "END SOLUTION");
    expect(nested.problems[0]).toMatch(/cannot nest/);
    expect(scanRegions("// END SOLUTION", "BEGIN SOLUTION", "END SOLUTION").problems[0]).toMatch(/without/);
    expect(scanRegions("// BEGIN SOLUTION\nx", "BEGIN SOLUTION", "END SOLUTION").problems[0]).toMatch(/never closed/);
  });
});
