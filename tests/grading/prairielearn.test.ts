/**
 * The PrairieLearn external grader on simulated /grade trees (PL_GRADE_ROOT): data/data.json,
 * student/ and tests/ in, results/results.json out, in PrairieLearn's documented format
 * (docs/externalGrading.md, "Grading results"), for a correct (renamed), a stubbed, a broken and a
 * not-a-notebook submission, one without a notebook, and questions with two instructor notebooks.
 */
import * as fs from "fs";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseNotebook } from "../../src/grading/assign";
import { ROOT, SOURCE_NB, SUBMISSIONS, loadFixture, requireDl4dsKernel, tempDir } from "./helpers";
import { spawnAsync } from "../support/spawn";

// The keys PrairieLearn's documentation defines for results.json and for each test.
const PL_TOP = ["gradable", "score", "message", "output", "images", "tests", "format_errors", "points", "max_points"];
const PL_TEST = ["name", "description", "points", "max_points", "message", "output", "images"];

interface Results {
  gradable: boolean;
  score?: number;
  points?: number;
  max_points?: number;
  message: string;
  format_errors?: string[];
  tests?: Array<{ name: string; description: string; points: number; max_points: number; message: string; output: string }>;
}

describe("PrairieLearn external grader (dist/grading/prairielearn/runGrader.js)", () => {
  let base: string;
  const results: Record<string, Results> = {};
  const raw: Record<string, string> = {};

  beforeAll(async () => {
    requireDl4dsKernel();
    base = tempDir("dl4ds-prairielearn-test-");
    const stub = releaseNotebook(loadFixture(SOURCE_NB)).notebook;
    const other = fs.readFileSync(SOURCE_NB, "utf8").replace(/add-tests/g, "other-tests");
    const jobs: Record<string, { student: Record<string, string | Buffer>; tests?: Record<string, string | Buffer>; params?: Record<string, unknown> }> = {
      correct: { student: { "my-homework.ipynb": fs.readFileSync(path.join(SUBMISSIONS, "alice", "add.ipynb")) } },
      stubbed: { student: { "add.ipynb": JSON.stringify(stub) } },
      // Two instructor notebooks; data.json's params.dl4ds_notebook names the one to grade against.
      broken: { student: { "add.ipynb": fs.readFileSync(path.join(SUBMISSIONS, "bob", "add.ipynb")) }, tests: { "add.ipynb": fs.readFileSync(SOURCE_NB), "other.ipynb": other }, params: { dl4ds_notebook: "add.ipynb" } },
      notnotebook: { student: { "add.ipynb": fs.readFileSync(path.join(SUBMISSIONS, "olivia", "add.ipynb")) } },
      nothing: { student: { "answers.txt": "I forgot the notebook" } },
      ambiguous: { student: { "add.ipynb": fs.readFileSync(path.join(SUBMISSIONS, "alice", "add.ipynb")) }, tests: { "add.ipynb": fs.readFileSync(SOURCE_NB), "other.ipynb": other } },
    };
    await Promise.all(
      Object.entries(jobs).map(async ([name, job]) => {
        const root = path.join(base, name, "grade");
        for (const d of ["data", "student", "tests"]) fs.mkdirSync(path.join(root, d), { recursive: true });
        fs.writeFileSync(path.join(root, "data", "data.json"), JSON.stringify({ params: job.params ?? {}, correct_answers: {}, submitted_answers: {}, format_errors: {}, partial_scores: {}, score: 0, feedback: {}, variant_seed: 1, options: {}, raw_submitted_answers: {}, editable: false, panel: "render", extensions: {}, num_valid_submissions: 0, manual_grading: false, answers_names: {} }));
        for (const [f, data] of Object.entries(job.student)) fs.writeFileSync(path.join(root, "student", f), data);
        for (const [f, data] of Object.entries(job.tests ?? { "add.ipynb": fs.readFileSync(SOURCE_NB) })) fs.writeFileSync(path.join(root, "tests", f), data);
        const run = await spawnAsync(process.execPath, [path.join(ROOT, "dist", "grading", "prairielearn", "runGrader.js")], {
          cwd: root,
          env: { ...process.env, PL_GRADE_ROOT: root, DL4DS_PL_TIMEOUT_S: "60", DL4DS_PL_MEMORY_MB: "768" },
          timeoutMs: 600_000,
        });
        expect(run.status, run.stderr).toBe(0);
        raw[name] = fs.readFileSync(path.join(root, "results", "results.json"), "utf8");
        results[name] = JSON.parse(raw[name]) as Results;
        expect(fs.readdirSync(path.join(root, "results"))).toEqual(["results.json"]);
      }),
    );
  }, 900_000);

  afterAll(() => {
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it("writes only the fields PrairieLearn defines, under its 1 MB limit", () => {
    for (const [name, r] of Object.entries(results)) {
      expect(raw[name].length).toBeLessThan(1 << 20);
      for (const k of Object.keys(r)) expect(PL_TOP, `${name}: ${k}`).toContain(k);
      for (const t of r.tests ?? []) for (const k of Object.keys(t)) expect(PL_TEST, `${name}: test ${k}`).toContain(k);
    }
  });

  it("scores a correct notebook (renamed) 1 with every test cell's points", () => {
    const r = results.correct;
    expect(r).toMatchObject({ gradable: true, score: 1, points: 3, max_points: 3 });
    expect(r.tests!.map((t) => [t.name, t.points, t.max_points])).toEqual([["add-tests", 2, 2], ["scale-partial", 1, 1]]);
    expect(r.message).toMatch(/my-homework\.ipynb/);
  });

  it("scores the stubbed release 0 and a broken notebook per cell, the error as the test's output", () => {
    expect(results.stubbed).toMatchObject({ gradable: true, score: 0, points: 0 });
    expect(results.stubbed.tests![0].output).toMatch(/Not implemented/);
    const r = results.broken;
    expect(r.gradable).toBe(true);
    expect(r.score).toBeCloseTo(1 / 3, 10);
    expect(r.tests![0]).toMatchObject({ name: "add-tests", points: 0, max_points: 2 });
    expect(r.tests![0].output).toMatch(/AssertionError/);
  });

  it("marks a file that is not a notebook, or no notebook at all, not gradable (the attempt does not count), with why", () => {
    expect(results.notnotebook).toMatchObject({ gradable: false });
    expect(results.notnotebook.score).toBeUndefined();
    expect(results.notnotebook.format_errors!.join(" ")).toMatch(/not valid JSON/);
    expect(results.nothing).toMatchObject({ gradable: false });
    expect(results.nothing.format_errors![0]).toMatch(/No notebook \(\.ipynb file\) was submitted.*answers\.txt.*add\.ipynb/);
  });

  it("asks for params.dl4ds_notebook when the question holds two notebooks and data.json names none", () => {
    expect(results.ambiguous.gradable).toBe(false);
    expect(results.ambiguous.message).toMatch(/2 notebooks \(add\.ipynb, other\.ipynb\).*params\.dl4ds_notebook/);
  });

  it("never puts hidden-test source into results.json", () => {
    for (const r of Object.values(raw)) expect(r).not.toContain("add(0.5, 0.25)");
  });
});
