/**
 * The real nbgrader with our nbgrader_config.py and the dl4ds kernel: generate_assignment writes the
 * TypeScript stub (the same student version as `dl4ds assign`), and autograde scores a correct, an
 * incorrect and a partially correct submission.
 */
import { spawnAsync } from "../support/spawn";
import * as fs from "fs";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseNotebook } from "../../src/grading/assign";
import { cellSource, Notebook } from "../../src/grading/notebook";
import { ROOT, SOURCE_NB, SUBMISSIONS, VENV_BIN, loadFixture, requireDl4dsKernel, tempDir } from "./helpers";

async function nbgrader(course: string, ...args: string[]): Promise<string> {
  const env = { ...process.env, PATH: `${VENV_BIN}${path.delimiter}${process.env.PATH ?? ""}` };
  const r = await spawnAsync(path.join(VENV_BIN, "nbgrader"), args, { cwd: course, env, timeoutMs: 300_000 });
  if (r.status !== 0) {
    throw new Error(`nbgrader ${args.join(" ")} failed (exit ${r.status}${r.timedOut ? ", timed out" : ""}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

describe("nbgrader with nbgrader_config.py and the dl4ds kernel", () => {
  let course: string;

  beforeAll(async () => {
    requireDl4dsKernel();
    course = tempDir("dl4ds-course-");
    fs.copyFileSync(path.join(ROOT, "nbgrader_config.py"), path.join(course, "nbgrader_config.py"));
    fs.mkdirSync(path.join(course, "source", "ps1"), { recursive: true });
    fs.copyFileSync(SOURCE_NB, path.join(course, "source", "ps1", "add.ipynb"));
    await nbgrader(course, "generate_assignment", "ps1", "--force");
  }, 300_000);

  afterAll(() => {
    if (course) fs.rmSync(course, { recursive: true, force: true });
  });

  it("generate_assignment writes the TypeScript stub, like dl4ds assign", () => {
    const released = JSON.parse(fs.readFileSync(path.join(course, "release", "ps1", "add.ipynb"), "utf8")) as Notebook;
    const text = released.cells.map(cellSource).join("\n");
    expect(text).toContain('// YOUR CODE HERE\n  throw new Error("Not implemented");');
    expect(text).not.toMatch(/BEGIN SOLUTION|HIDDEN TESTS|raise NotImplementedError|return a \+ b/);
    const ours = releaseNotebook(loadFixture(SOURCE_NB)).notebook;
    expect(released.cells.map(cellSource)).toEqual(ours.cells.map(cellSource));
    expect(released.cells.map((c) => c.metadata.nbgrader?.checksum)).toEqual(ours.cells.map((c) => c.metadata.nbgrader?.checksum));
  });

  it("autograde scores correct, incorrect and partially correct submissions", async () => {
    for (const student of ["alice", "bob", "carol"]) {
      const dir = path.join(course, "submitted", student, "ps1");
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(path.join(SUBMISSIONS, student, "add.ipynb"), path.join(dir, "add.ipynb"));
    }
    await nbgrader(course, "autograde", "ps1", "--force");
    await nbgrader(course, "export", "--to", "grades.csv");
    const rows = fs.readFileSync(path.join(course, "grades.csv"), "utf8").trim().split("\n");
    const head = rows[0].split(",");
    const scores = Object.fromEntries(
      rows.slice(1).map((r) => {
        const f = r.split(",");
        return [f[head.indexOf("student_id")], [Number(f[head.indexOf("score")]), Number(f[head.indexOf("max_score")])]];
      }),
    );
    // nbgrader reads a numeric test result as points; scale-partial is worth 1 point, so its
    // fraction (0.75 for carol) means the same to nbgrader and to dl4ds grade.
    expect(scores).toEqual({ alice: [3, 3], bob: [1, 3], carol: [2.75, 3] });
  }, 300_000);
});
