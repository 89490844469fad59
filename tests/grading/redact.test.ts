/** Hidden-test source never reaches a student's feedback through an error's code frame or message. */
import { describe, expect, it } from "vitest";
import { HIDDEN_LINE, hiddenLines, redactTestResult, redactText } from "../../src/grading/redact";
import type { TestResult } from "../../src/grading/score";

const SOURCE = `assert.equal(add(1, 2), 3);
// BEGIN HIDDEN TESTS
assert.ok(add(0.5, 0.25) === 0.75);
assert.deepEqual(scale([1, 2], 3), [3, 6]);
}
// END HIDDEN TESTS`;

describe("redacting hidden tests from test results", () => {
  it("collects the hidden lines only (no visible lines, no bare punctuation)", () => {
    expect(hiddenLines(SOURCE)).toEqual(["assert.ok(add(0.5, 0.25) === 0.75)", "assert.deepEqual(scale([1, 2], 3), [3, 6])"]);
    expect(hiddenLines("assert.equal(1, 1);")).toEqual([]);
  });

  it("replaces a quoted code frame and its caret, and assert.ok's quoted expression; keeps the rest", () => {
    const traceback = "AssertionError: false == true\n    at cell 4, line 4, col 8\ncell 4, line 4:\n  4 | assert.ok(add(0.5, 0.25) === 0.75);\n    |        ^";
    const out = redactText(traceback, hiddenLines(SOURCE));
    expect(out).toBe(`AssertionError: false == true\n    at cell 4, line 4, col 8\ncell 4, line 4:\n  ${HIDDEN_LINE}`);
    const message = "The expression evaluated to a falsy value:\n\n  assert.ok(add(0.5, 0.25) === 0.75)\n";
    expect(redactText(message, hiddenLines(SOURCE))).toBe(`The expression evaluated to a falsy value:\n\n  ${HIDDEN_LINE}\n`);
    const visible = "cell 4, line 1:\n  1 | assert.equal(add(1, 2), 3);\n    |        ^";
    expect(redactText(visible, hiddenLines(SOURCE))).toBe(visible);
  });

  it("redacts message, error message and traceback of a result; results of cells without hidden tests are untouched", () => {
    const t: TestResult = {
      gradeId: "add-tests",
      cell: 4,
      points: 0,
      maxPoints: 2,
      status: "failed",
      message: "AssertionError: assert.deepEqual(scale([1, 2], 3), [3, 6])",
      error: { name: "AssertionError", message: "x\nassert.ok(add(0.5, 0.25) === 0.75)", traceback: "  5 | assert.deepEqual(scale([1, 2], 3), [3, 6]);" },
    };
    const r = redactTestResult(t, hiddenLines(SOURCE));
    expect(JSON.stringify(r)).not.toMatch(/0\.25|scale\(\[1, 2\]/);
    expect(r.error?.message).toBe(`x\n${HIDDEN_LINE}`);
    expect(redactTestResult(t, [])).toBe(t);
  });
});
