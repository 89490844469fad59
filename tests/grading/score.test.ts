import { describe, expect, it } from "vitest";
import { escapeHtml, feedbackHtml } from "../../src/grading/feedback";
import { gradesCsv, SubmissionGrade } from "../../src/grading/grade";
import { NotebookCell, NotebookOutput } from "../../src/grading/notebook";
import { partialFraction, scoreTestCell } from "../../src/grading/score";

const testCell = (outputs: NotebookOutput[], points = 4): NotebookCell => ({
  cell_type: "code",
  source: "assert.ok(true)",
  metadata: { nbgrader: { grade: true, solution: false, locked: true, points, grade_id: "t1", schema_version: 3 } },
  outputs,
});
const ok = { index: 0, status: "ok" as const, seconds: 0.1 };
const result = (text: string): NotebookOutput => ({ output_type: "execute_result", data: { "text/plain": text }, metadata: {} });

describe("scoring a test cell", () => {
  it("gives full points without an error, whatever is on stderr", () => {
    const r = scoreTestCell(testCell([{ output_type: "stream", name: "stderr", text: "warning!\n" }]), 0, ok);
    expect([r.points, r.status]).toEqual([4, "passed"]);
  });

  it("gives 0 and the error text on an error output", () => {
    const err: NotebookOutput = { output_type: "error", ename: "AssertionError", evalue: "1 !== 2", traceback: ["\u001b[31mAssertionError\u001b[0m: 1 !== 2", "    at cell:1:8"] };
    const r = scoreTestCell(testCell([err]), 0, { ...ok, status: "error" });
    expect([r.points, r.status, r.message]).toEqual([0, "failed", "AssertionError: 1 !== 2"]);
    expect(r.error?.traceback).toBe("AssertionError: 1 !== 2\n    at cell:1:8");
  });

  it("gives 0 when the kernel says error without an error output", () => {
    const r = scoreTestCell(testCell([]), 0, { ...ok, status: "error", message: "the kernel reported an error" });
    expect([r.points, r.status]).toEqual([0, "failed"]);
  });

  it("gives the fraction of a numeric result in [0, 1]", () => {
    expect(scoreTestCell(testCell([result("0.75")]), 0, ok)).toMatchObject({ points: 3, status: "partial" });
    expect(scoreTestCell(testCell([result("0")]), 0, ok)).toMatchObject({ points: 0, status: "failed" });
    expect(scoreTestCell(testCell([result("1")]), 0, ok)).toMatchObject({ points: 4, status: "passed" });
    expect(scoreTestCell(testCell([result("1/3")], 3), 0, ok)).toMatchObject({ points: 3 }); // not a number: full
    expect(scoreTestCell(testCell([result("2.5")]), 0, ok)).toMatchObject({ points: 4 }); // outside [0, 1]: full
  });

  it("parses only single finite numbers", () => {
    expect(partialFraction(result(" 0.5\n"))).toBe(0.5);
    expect(partialFraction(result("5e-1"))).toBe(0.5);
    for (const t of ["NaN", "Infinity", "-0.5", "[0.5]", "0.5 0.5", "'0.5'", ""]) expect(partialFraction(result(t))).toBeUndefined();
  });

  it("gives 0 for timeouts, crashes and cells that never ran", () => {
    expect(scoreTestCell(testCell([]), 0, { ...ok, status: "timeout", message: "timed out after 3 s" })).toMatchObject({ points: 0, status: "timeout" });
    expect(scoreTestCell(testCell([]), 0, { ...ok, status: "dead", message: "the kernel ran out of memory" })).toMatchObject({ points: 0, status: "crashed" });
    expect(scoreTestCell(testCell([]), 0, undefined)).toMatchObject({ points: 0, status: "not_run" });
  });
});

describe("feedback and grades.csv", () => {
  const grade: SubmissionGrade = {
    student: "<script>alert(1)</script>",
    file: "add.ipynb",
    notebook: "add.ipynb",
    matchedBy: "name",
    status: "graded",
    score: 1,
    maxScore: 3,
    restarts: 0,
    seconds: 1,
    messages: ['cell "x" <b>edited</b>'],
    tests: [
      { gradeId: "t1", cell: 4, points: 0, maxPoints: 2, status: "failed", message: "Error: <img src=x onerror=alert(1)>", error: { name: "Error", message: "<img>", traceback: "Error: <img src=x onerror=alert(1)>\n  at cell:1" } },
      { gradeId: "t2", cell: 6, points: 1, maxPoints: 1, status: "passed", message: "passed" },
    ],
  };

  it("escapes everything in the feedback page", () => {
    const html = feedbackHtml(grade);
    expect(html).not.toMatch(/<script>|<img|<b>edited/);
    expect(html).toContain("&lt;b&gt;edited");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("1 / 3");
    expect(escapeHtml(`"'&`)).toBe("&quot;&#39;&amp;");
  });

  it("quotes CSV fields and defuses spreadsheet formulas", () => {
    const csv = gradesCsv([{ ...grade, student: "=HYPERLINK(1)", messages: ['a, "b"'] }]);
    const [head, row] = csv.trim().split("\n");
    expect(head).toBe("student,notebook,file,score,max_score,status,tests_passed,tests_total,messages");
    expect(row).toBe(`'=HYPERLINK(1),add.ipynb,add.ipynb,1,3,graded,1,2,"a, ""b"""`);
  });
});
