/**
 * The Gradescope autograder zip: its layout (Gradescope's contract: setup.sh and run_autograder at
 * the root), and run_autograder on a simulated /autograder tree (GRADESCOPE_ROOT, with DL4DS_HOME
 * pointing at this checkout instead of a copy installed by setup.sh, which needs Ubuntu 22.04 and
 * the network) for a correct (renamed), a stubbed, a broken and a not-a-notebook submission, and
 * one with no notebook at all.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseNotebook } from "../../src/grading/assign";
import { zipBytes } from "../../src/grading/gradescope/zip";
import { ROOT, SOURCE_NB, SUBMISSIONS, PYTHON, loadFixture, requireDl4dsKernel, tempDir } from "./helpers";
import { spawnAsync } from "../support/spawn";

// The fields Gradescope's specification (autograder_samples docs/specs.md) defines.
const SPEC_TOP = ["score", "execution_time", "output", "output_format", "test_output_format", "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"];
const SPEC_TEST = ["score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags", "visibility", "extra_data"];

interface Results {
  score: number;
  execution_time: number;
  output: string;
  stdout_visibility: string;
  tests: Array<{ name: string; score: number; max_score: number; status: string; output: string; visibility: string }>;
}

/** Lists a zip with Python's zipfile (an independent reader): name → unix mode. */
function zipListing(file: string): Record<string, number> {
  const out = execFileSync(PYTHON, ["-c", "import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: i.external_attr >> 16 for i in z.infolist()}))", file], { encoding: "utf8" });
  return JSON.parse(out) as Record<string, number>;
}

function unzip(file: string, dir: string): void {
  execFileSync(PYTHON, ["-c", "import os,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nfor i in z.infolist():\n  p=z.extract(i, sys.argv[2])\n  os.chmod(p, (i.external_attr >> 16) & 0o777)", file, dir]);
}

describe("dl4ds assign --gradescope", () => {
  let base: string;
  let zip: string;
  let listing: Record<string, number>;
  const results: Record<string, Results> = {};
  const stdout: Record<string, string> = {};

  beforeAll(async () => {
    requireDl4dsKernel();
    base = tempDir("dl4ds-gradescope-test-");
    const out = path.join(base, "zips");
    const made = await spawnAsync(process.execPath, [path.join(ROOT, "bin", "dl4ds.js"), "assign", "--gradescope", SOURCE_NB, "--out", out], { cwd: ROOT, timeoutMs: 120_000 });
    expect(made.stderr).toBe("");
    expect(made.status).toBe(0);
    zip = path.join(out, "add.autograder.zip");
    listing = zipListing(zip);

    // One simulated /autograder per submission, graded at the same time.
    const stub = releaseNotebook(loadFixture(SOURCE_NB)).notebook;
    const submissions: Record<string, Record<string, string | Buffer>> = {
      correct: { "my-homework.ipynb": fs.readFileSync(path.join(SUBMISSIONS, "alice", "add.ipynb")) }, // renamed
      stubbed: { "add.ipynb": JSON.stringify(stub) },
      broken: { "add.ipynb": fs.readFileSync(path.join(SUBMISSIONS, "bob", "add.ipynb")) }, // add is wrong
      notnotebook: { "add.ipynb": fs.readFileSync(path.join(SUBMISSIONS, "olivia", "add.ipynb")) }, // not JSON
      nothing: { "answers.txt": "I forgot the notebook" },
    };
    await Promise.all(
      Object.entries(submissions).map(async ([name, files]) => {
        const root = path.join(base, name, "autograder");
        fs.mkdirSync(path.join(root, "source"), { recursive: true });
        unzip(zip, path.join(root, "source"));
        fs.mkdirSync(path.join(root, "submission"));
        for (const [f, data] of Object.entries(files)) fs.writeFileSync(path.join(root, "submission", f), data);
        const run = await spawnAsync("bash", [path.join(root, "source", "run_autograder")], {
          cwd: root,
          env: { ...process.env, GRADESCOPE_ROOT: root, DL4DS_HOME: ROOT, DL4DS_GRADESCOPE_TIMEOUT_S: "60" },
          timeoutMs: 600_000,
        });
        expect(run.status).toBe(0);
        stdout[name] = run.stdout + run.stderr;
        results[name] = JSON.parse(fs.readFileSync(path.join(root, "results", "results.json"), "utf8")) as Results;
      }),
    );
  }, 900_000);

  afterAll(() => {
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it("puts setup.sh and run_autograder (executable) at the zip root, with the project and the instructor notebook", () => {
    expect(listing["setup.sh"] & 0o777).toBe(0o755);
    expect(listing["run_autograder"] & 0o777).toBe(0o755);
    for (const f of ["notebook/add.ipynb", "dl4ds/package.json", "dl4ds/package-lock.json", "dl4ds/scripts/setup.mjs", "dl4ds/requirements.txt", "dl4ds/bin/dl4ds.js", "dl4ds/src/grading/gradescope/runAutograder.ts", "dl4ds/src/grading/python/run_notebook.py"]) {
      expect(listing, f).toHaveProperty([f]);
    }
    expect(Object.keys(listing).some((f) => f.startsWith("dl4ds/datasets/weights/"))).toBe(true);
    // No other notebooks or lesson sources (their hidden tests), no tests, no installed files.
    const names = Object.keys(listing);
    expect(names.filter((f) => f.endsWith(".ipynb"))).toEqual(["notebook/add.ipynb"]);
    for (const bad of ["dl4ds/notebooks/", "dl4ds/scripts/notebooks/", "dl4ds/tests/", "dl4ds/node_modules/", "dl4ds/dist/", "dl4ds/.venv/"]) {
      expect(names.some((f) => f.startsWith(bad)), bad).toBe(false);
    }
  });

  it("ships the instructor notebook with its hidden tests; setup.sh is valid bash that runs the project's set-up", () => {
    const dir = path.join(base, "correct", "autograder", "source");
    expect(fs.readFileSync(path.join(dir, "notebook", "add.ipynb"), "utf8")).toContain("BEGIN HIDDEN TESTS");
    execFileSync("bash", ["-n", path.join(dir, "setup.sh")]);
    execFileSync("bash", ["-n", path.join(dir, "run_autograder")]);
    const setup = fs.readFileSync(path.join(dir, "setup.sh"), "utf8");
    expect(setup).toMatch(/setup_20\.x/);
    expect(setup).toMatch(/bubblewrap/);
    expect(setup).toMatch(/node scripts\/setup\.mjs/);
  });

  it("writes a zip Python's zipfile reads back byte for byte", () => {
    const bytes = zipBytes([{ name: "a/b.txt", data: Buffer.from("hello ".repeat(100)) }, { name: "x", data: Buffer.alloc(0), mode: 0o755 }]);
    const f = path.join(base, "small.zip");
    fs.writeFileSync(f, bytes);
    const read = execFileSync(PYTHON, ["-c", "import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(z.read('a/b.txt').decode(), len(z.read('x')))", f], { encoding: "utf8" });
    expect(read).toBe(`${"hello ".repeat(100)} 0\n`);
    expect(() => zipBytes([{ name: "../evil", data: Buffer.alloc(1) }])).toThrow(/bad entry name/);
  });

  it("results.json has exactly Gradescope's fields: top level and one test per graded cell", () => {
    for (const [name, r] of Object.entries(results)) {
      for (const k of Object.keys(r)) expect(SPEC_TOP, `${name}: ${k}`).toContain(k);
      expect(Object.keys(r).sort()).toEqual(["execution_time", "output", "score", "stdout_visibility", "tests"]);
      expect(r.stdout_visibility).toBe("hidden");
      expect(Number.isInteger(r.execution_time)).toBe(true);
      for (const t of r.tests) {
        for (const k of Object.keys(t)) expect(SPEC_TEST, `${name}: test ${k}`).toContain(k);
        expect(Object.keys(t).sort()).toEqual(["max_score", "name", "output", "score", "status", "visibility"]);
      }
    }
  });

  it("scores a correct notebook (renamed) in full", () => {
    const r = results.correct;
    expect(r.score).toBe(3);
    expect(r.tests).toEqual([
      { name: "add-tests", score: 2, max_score: 2, status: "passed", output: "passed", visibility: "visible" },
      expect.objectContaining({ name: "scale-partial", score: 1, max_score: 1, status: "passed", visibility: "visible" }),
    ]);
    expect(r.output).toMatch(/my-homework\.ipynb|matched/);
  });

  it("scores the stubbed release 0; failures of cells with hidden tests wait for publishing", () => {
    const r = results.stubbed;
    expect(r.score).toBe(0);
    expect(r.tests.map((t) => [t.name, t.score, t.status, t.visibility])).toEqual([
      ["add-tests", 0, "failed", "after_published"],
      ["scale-partial", 0, "failed", "visible"],
    ]);
    expect(r.tests[0].output).toMatch(/Not implemented/);
  });

  it("scores a broken notebook per cell, with the error as output", () => {
    const r = results.broken;
    expect(r.score).toBe(1);
    expect(r.tests[0]).toMatchObject({ name: "add-tests", score: 0, status: "failed", visibility: "after_published" });
    expect(r.tests[0].output).toMatch(/AssertionError/);
    expect(r.tests[1]).toMatchObject({ name: "scale-partial", score: 1, status: "passed" });
  });

  it("still answers for a file that is not a notebook, and for a submission without one: score 0 and why", () => {
    expect(results.notnotebook.score).toBe(0);
    expect(results.notnotebook.output).toMatch(/not valid JSON/);
    expect(results.notnotebook.tests.map((t) => [t.name, t.score, t.max_score])).toEqual([["add-tests", 0, 2], ["scale-partial", 0, 1]]);
    expect(results.nothing).toMatchObject({ score: 0, tests: [] });
    expect(results.nothing.output).toMatch(/No notebook \(\.ipynb file\) was found.*answers\.txt.*add\.ipynb/);
  });

  it("never puts hidden-test source into results.json", () => {
    for (const r of Object.values(results)) expect(JSON.stringify(r)).not.toContain("add(0.5, 0.25)");
  });
});
