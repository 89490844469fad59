import * as path from "path";
import { describe, expect, it } from "vitest";
import { cellSource, readNotebook } from "../../src/grading/notebook";
import { prepareSubmission } from "../../src/grading/restore";
import { discoverSubmissions, loadSources } from "../../src/grading/submissions";
import { SOURCE_DIR, SOURCE_NB, SUBMISSIONS, loadFixture } from "./helpers";

const ids = (nb: { cells: Array<{ metadata: { nbgrader?: { grade_id?: string } } }> }) => nb.cells.map((c) => c.metadata.nbgrader?.grade_id ?? "-");

describe("restoring a submission from the source", () => {
  const source = loadFixture(SOURCE_NB);

  it("puts the hidden tests back and keeps the student's solution", () => {
    const alice = loadFixture(path.join(SUBMISSIONS, "alice", "add.ipynb"));
    expect(cellSource(alice.cells[4])).not.toMatch(/HIDDEN/);
    const { notebook, messages } = prepareSubmission(source, alice);
    expect(messages).toEqual([]);
    expect(cellSource(notebook.cells[4])).toBe(cellSource(source.cells[4]));
    expect(cellSource(notebook.cells[3])).toBe(cellSource(alice.cells[3]));
    expect(notebook.metadata.kernelspec?.name).toBe("dl4ds");
  });

  it("restores an edited test cell, with a message", () => {
    const judy = loadFixture(path.join(SUBMISSIONS, "judy", "add.ipynb"));
    const { notebook, messages } = prepareSubmission(source, judy);
    expect(cellSource(notebook.cells[4])).toBe(cellSource(source.cells[4]));
    expect(messages).toEqual(['test cell "add-tests" was edited; it was restored from the assignment']);
  });

  it("re-inserts a deleted test cell after the cell before it", () => {
    const ivan = loadFixture(path.join(SUBMISSIONS, "ivan", "add.ipynb"));
    expect(ids(ivan)).not.toContain("add-tests");
    const { notebook, messages } = prepareSubmission(source, ivan);
    expect(ids(notebook)).toEqual(ids(source));
    expect(messages[0]).toMatch(/"add-tests" was missing; it was restored/);
  });

  it("neutralises invented and duplicated grade_ids and restores changed metadata and cell types", () => {
    const nb = loadFixture(path.join(SUBMISSIONS, "alice", "add.ipynb"));
    nb.cells.push({ cell_type: "code", metadata: { nbgrader: { grade: true, points: 100, grade_id: "free-points", locked: true, solution: false } }, source: "1", outputs: [] });
    nb.cells.push(JSON.parse(JSON.stringify(nb.cells[4])));
    nb.cells[3].metadata.nbgrader!.points = 50;
    nb.cells[3].metadata.nbgrader!.grade = true;
    nb.cells[2].cell_type = "markdown";
    const { notebook, messages } = prepareSubmission(source, nb);
    const graded = notebook.cells.filter((c) => c.metadata.nbgrader?.grade === true).map((c) => c.metadata.nbgrader?.grade_id);
    expect(graded).toEqual(["add-tests", "scale-partial"]);
    expect(notebook.cells[3].metadata.nbgrader).toEqual(source.cells[3].metadata.nbgrader);
    expect(notebook.cells[2].cell_type).toBe("code");
    expect(messages.join("\n")).toMatch(/"free-points", which the assignment does not have/);
    expect(messages.join("\n")).toMatch(/a second cell with grade_id "add-tests"/);
    expect(messages.join("\n")).toMatch(/"helper-square" had its type changed to markdown/);
  });
});

describe("finding submissions", () => {
  it("matches by name, matches a renamed notebook by grade_ids, and flags unreadable files", () => {
    const sources = loadSources(SOURCE_DIR);
    expect(sources.map((s) => [s.name, s.maxScore])).toEqual([["add.ipynb", 3]]);
    const { entries } = discoverSubmissions(SUBMISSIONS, sources);
    const byStudent = new Map(entries.map((e) => [e.student, e]));
    expect(byStudent.get("alice")?.matchedBy).toBe("name");
    const mallory = byStudent.get("mallory")!;
    expect(mallory.matchedBy).toBe("grade_ids");
    expect(mallory.source?.name).toBe("add.ipynb");
    expect(mallory.messages[0]).toMatch(/renamed to my-homework\.ipynb; it was graded as add\.ipynb/);
    const niaj = byStudent.get("niaj")!.loaded;
    const olivia = byStudent.get("olivia")!.loaded;
    expect(niaj.ok ? "" : niaj.problem).toBe("empty");
    expect(olivia.ok ? "" : olivia.message).toMatch(/not valid JSON/);
  });

  it("explains a notebook it cannot match, and non-notebook JSON", () => {
    const r = readNotebook(path.join(SOURCE_DIR, "..", "make-fixtures.mjs"));
    expect(r.ok).toBe(false);
    expect(() => discoverSubmissions(path.join(SUBMISSIONS, "nobody"), loadSources(SOURCE_DIR))).toThrow(/is not a folder/);
  });
});
