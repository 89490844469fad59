/**
 * End-to-end autograding of the fixture submissions through the real dl4ds kernel: correct, wrong,
 * partial, broken (syntax/type error, empty, not JSON) and hostile (infinite loop, memory hog,
 * process.exit, deleted/edited test, renamed notebook, stderr noise, looking for hidden tests).
 */
import * as fs from "fs";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GradeReport, gradeSubmissions, GradingSetupError, SubmissionGrade } from "../../src/grading/grade";
import { ROOT, SOURCE_DIR, SUBMISSIONS, requireDl4dsKernel, tempDir } from "./helpers";
import { spawnAsync } from "../support/spawn";

const TRENT_SCORE = process.getuid?.() === 0 ? 1 : 3;

// Expected scores out of 3 (add-tests: 2 points, scale-partial: 1 point, fraction of 4 cases).
const EXPECTED: Record<string, number> = {
  alice: 3, // correct
  bob: 1, // add wrong
  carol: 2.75, // scale passes 3 of 4 cases
  dave: 1, // syntax error in add
  erin: 1, // type error in add
  frank: 1, // add loops forever
  grace: 1, // add exhausts memory
  heidi: 1, // add calls process.exit(3)
  walter: 1, // add kills its own kernel
  ivan: 1, // deleted the add test, wrong add
  judy: 1, // edited the add test, wrong add
  mallory: 3, // renamed notebook
  niaj: 0, // empty file
  olivia: 0, // not JSON
  peggy: 3, // stderr noise
  sybil: 3, // found no hidden tests to read
  // tried to kill the notebook runner, which the sandbox hides (tests/grading/sandbox.test.ts kills it without): its
  // parent is the sandbox's init, which ignores the signal, or, when the grader is root and the kernel runs as a
  // user of its own, refuses it (EPERM: add throws)
  trent: TRENT_SCORE,
};

const OPTIONS = { source: SOURCE_DIR, workers: 2, cellTimeoutS: 8, memoryMb: 768, maxRestarts: 3, seed: 7 };


describe("dl4ds grade on hostile and broken submissions", () => {
  let report: GradeReport;
  let out: string;
  const byStudent = new Map<string, SubmissionGrade>();
  const test = (student: string, id: string) => byStudent.get(student)!.tests.find((t) => t.gradeId === id)!;
  let gradingTmp: string;

  beforeAll(async () => {
    requireDl4dsKernel();
    out = path.join(tempDir("dl4ds-grades-"), "grades");
    // Working copies go to a temporary folder of this test's own, so the clean-up check below
    // does not see other processes' folders.
    gradingTmp = tempDir("dl4ds-grading-tmp-");
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = gradingTmp;
    try {
      report = await gradeSubmissions({ ...OPTIONS, submissions: SUBMISSIONS, outDir: out });
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    for (const g of report.grades) byStudent.set(g.student, g);
  }, 600_000);

  const made: string[] = [];
  afterAll(() => {
    for (const d of [path.dirname(out), gradingTmp, ...made]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it("gives every submission its expected score, never crashing", () => {
    const scores = Object.fromEntries(report.grades.map((g) => [g.student, g.score]));
    expect(scores).toEqual(EXPECTED);
    for (const g of report.grades) expect(g.maxScore).toBe(3);
  });

  it("explains failures: assertion, syntax and type errors", () => {
    expect(test("bob", "add-tests")).toMatchObject({ status: "failed", points: 0 });
    expect(test("bob", "add-tests").error?.name).toBe("AssertionError");
    expect(test("bob", "add-tests").error?.traceback).toMatch(/AssertionError/);
    for (const s of ["dave", "erin"]) {
      expect(test(s, "add-tests")).toMatchObject({ status: "failed", points: 0 });
      expect(test(s, "scale-partial")).toMatchObject({ status: "passed", points: 1 });
    }
  });

  it("gives partial credit from a fraction result", () => {
    expect(test("carol", "scale-partial")).toMatchObject({ status: "partial", points: 0.75 });
  });

  it("times out an infinite loop and still grades the rest", () => {
    expect(test("frank", "add-tests")).toMatchObject({ status: "timeout", points: 0 });
    expect(test("frank", "add-tests").message).toMatch(/timed out after 8 s/);
    expect(test("frank", "scale-partial").points).toBe(1);
  });

  it("process.exit() is an error in the test cell, not a dead kernel", () => {
    expect(test("heidi", "add-tests")).toMatchObject({ points: 0 });
    expect(test("heidi", "add-tests").message).toMatch(/SystemExit.*process\.exit\(3\)/);
    expect(byStudent.get("heidi")!.restarts).toBe(0);
    expect(test("heidi", "scale-partial").points).toBe(1);
  });

  it("restarts a kernel killed by memory exhaustion or a signal and grades the rest", () => {
    expect(test("grace", "add-tests")).toMatchObject({ status: "crashed", points: 0 });
    expect(test("grace", "add-tests").message).toMatch(/memory|signal/);
    expect(test("walter", "add-tests")).toMatchObject({ status: "crashed", points: 0 });
    expect(test("walter", "add-tests").message).toMatch(/kernel process was killed by signal/);
    for (const s of ["grace", "walter"]) {
      expect(byStudent.get(s)!.restarts).toBe(1);
      expect(test(s, "scale-partial").points).toBe(1);
    }
  });

  it("restores deleted and edited tests and matches a renamed notebook, with messages", () => {
    expect(byStudent.get("ivan")!.messages.join("\n")).toMatch(/"add-tests" was missing; it was restored/);
    expect(byStudent.get("judy")!.messages.join("\n")).toMatch(/"add-tests" was edited; it was restored/);
    expect(byStudent.get("mallory")!).toMatchObject({ file: "my-homework.ipynb", notebook: "add.ipynb", matchedBy: "grade_ids" });
  });

  it("scores empty and non-JSON files 0 with a clear message", () => {
    expect(byStudent.get("niaj")!).toMatchObject({ status: "unreadable", score: 0 });
    expect(byStudent.get("niaj")!.messages.join()).toMatch(/the file is empty/);
    expect(byStudent.get("olivia")!.messages.join()).toMatch(/not valid JSON/);
    expect(test("olivia", "add-tests").status).toBe("not_run");
  });

  it("a submission cannot signal the notebook runner from inside the sandbox", () => {
    expect(byStudent.get("trent")!).toMatchObject({ status: "graded", score: TRENT_SCORE, maxScore: 3, restarts: 0 });
    if (TRENT_SCORE === 1) expect(test("trent", "add-tests").message).toMatch(/kill EPERM/);
  });

  it("ignores stderr noise", () => {
    expect(test("peggy", "add-tests")).toMatchObject({ status: "passed", points: 2 });
  });

  it("writes grades.csv, a JSON file and an escaped feedback page per submission, and cleans up", () => {
    const csv = fs.readFileSync(path.join(out, "grades.csv"), "utf8").trim().split("\n");
    expect(csv.length).toBe(1 + Object.keys(EXPECTED).length);
    expect(csv).toContain("carol,add.ipynb,add.ipynb,2.75,3,graded,1,2,");
    for (const g of report.grades) {
      const stem = g.file.replace(/\.ipynb$/, "");
      const json = JSON.parse(fs.readFileSync(path.join(out, "results", g.student, `${stem}.json`), "utf8")) as SubmissionGrade;
      expect(json.score).toBe(g.score);
      const html = fs.readFileSync(path.join(out, "feedback", g.student, `${stem}.html`), "utf8");
      expect(html).toContain(`${g.score} / 3`);
    }
    const bobHtml = fs.readFileSync(path.join(out, "feedback", "bob", "add.html"), "utf8");
    expect(bobHtml).toMatch(/AssertionError/);
    expect(fs.readdirSync(path.dirname(out))).toEqual(["grades"]); // no staging folder left
    expect(fs.readdirSync(gradingTmp)).toEqual([]); // working copies and private folders removed
  });

  it("grades the same submissions the same way again (CLI, fixed seed), replacing the output folder", async () => {
    const subset = tempDir("dl4ds-subset-");
    made.push(subset);
    for (const s of ["alice", "bob", "carol"]) fs.cpSync(path.join(SUBMISSIONS, s), path.join(subset, s), { recursive: true });
    const cli = path.join(ROOT, "bin", "dl4ds.js");
    const args = [cli, "grade", subset, "--source", SOURCE_DIR, "--out", out, "--workers", "2", "--timeout", "8", "--memory", "768", "--seed", "7"];
    const run = await spawnAsync(process.execPath, args, { cwd: ROOT, timeoutMs: 300_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/carol\/add\.ipynb: 2\.75\/3/);
    const again = fs.readFileSync(path.join(out, "grades.csv"), "utf8").trim().split("\n").slice(1);
    expect(again.map((r) => r.split(",").slice(0, 5).join(","))).toEqual(
      ["alice", "bob", "carol"].map((s) => `${s},add.ipynb,add.ipynb,${EXPECTED[s]},3`),
    );
    for (const s of ["alice", "bob", "carol"]) {
      const json = JSON.parse(fs.readFileSync(path.join(out, "results", s, "add.json"), "utf8")) as SubmissionGrade;
      expect(json.tests.map((t) => [t.gradeId, t.points, t.status])).toEqual(byStudent.get(s)!.tests.map((t) => [t.gradeId, t.points, t.status]));
    }
    expect(fs.existsSync(path.join(out, "results", "frank"))).toBe(false); // the old folder was replaced whole
  }, 300_000);

  it("stops before writing anything when the kernel is not installed", async () => {
    const out2 = path.join(tempDir("dl4ds-grades-"), "grades");
    made.push(path.dirname(out2));
    await expect(
      gradeSubmissions({ ...OPTIONS, submissions: SUBMISSIONS, outDir: out2, kernelName: "no-such-kernel-xyz" }),
    ).rejects.toThrow(GradingSetupError);
    expect(fs.existsSync(out2)).toBe(false);
  });
});
