/**
 * Jupyter's own kernel tests (jupyter_kernel_test, the suite kernel authors run) against the dl4ds kernel, with
 * every attribute that applies to TypeScript configured (tests/fixtures/kernel/kernel_suite.py); and, through
 * drive.py, the exact content behind what that suite only samples: history numbering, tslab's display API,
 * clearOutput, completion ranges and is_complete's three answers.
 */
import { describe, expect, it } from "vitest";
import { drive, ofType, runPython } from "./harness";

interface SuiteRecord {
  test: string;
  subtest: string | null;
  outcome: "pass" | "fail" | "error" | "skip";
  detail: string;
}

/** Tests of the suite that do not apply to a TypeScript kernel, with the suite's own skip reason. */
const NOT_APPLICABLE: Record<string, string> = {
  // The pager payload answers IPython's `?` help syntax; TypeScript has no such syntax (inspect_request covers help).
  test_pager: "No code page something",
};

const SUITE_TESTS = [
  "test_clear_output",
  "test_completion",
  "test_display_data",
  "test_error",
  "test_execute_result",
  "test_execute_stderr",
  "test_execute_stdout",
  "test_history",
  "test_inspect",
  "test_is_complete",
  "test_kernel_info",
  "test_pager",
  "test_recv_iopub_welcome_msg",
];

describe("jupyter_kernel_test against the dl4ds kernel", () => {
  it("passes every configured test of the suite, skipping only the ones that do not apply", async () => {
    const res = await runPython("kernel_suite.py", [], undefined, 400_000);
    const records = res.results as SuiteRecord[];
    const problems = records.filter((r) => r.outcome === "fail" || r.outcome === "error");
    expect(problems.map((r) => `${r.test} ${r.subtest ?? ""}: ${r.detail}`)).toEqual([]);
    const skips = records.filter((r) => r.outcome === "skip").map((r) => ({ test: r.test, subtest: r.subtest, detail: r.detail }));
    expect(skips).toEqual(Object.entries(NOT_APPLICABLE).map(([test, detail]) => ({ test, subtest: null, detail })));
    const passed = new Set(records.filter((r) => r.outcome === "pass" && r.subtest === null).map((r) => r.test));
    expect([...passed, ...Object.keys(NOT_APPLICABLE)].sort()).toEqual(SUITE_TESTS);
    // test_history's tail, range and search subtests each ran and passed (a skip would be listed above).
    const historySubtests = records.filter((r) => r.test === "test_history" && r.subtest !== null).map((r) => r.subtest);
    for (const kind of ["tail", "range", "search"]) expect(historySubtests.some((s) => s!.includes(`hist_access_type='${kind}'`))).toBe(true);
  }, 420_000);

  it("numbers history like ipykernel, and sends tslab displays, clear_output, completions and is_complete as meant", async () => {
    const tslab = 'import * as tslab from "tslab";\n';
    const r = await drive([
      /* 0 */ { op: "execute", code: "const a = 1;" },
      /* 1 */ { op: "execute", code: "a + 1" },
      /* 2 */ { op: "execute", code: "a + 2", silent: true },
      /* 3 */ { op: "execute", code: "a + 3", store_history: false },
      /* 4 */ { op: "execute", code: "a + 1" },
      /* 5 */ { op: "history", args: { hist_access_type: "tail", n: 2, output: true, raw: true } },
      /* 6 */ { op: "history", args: { hist_access_type: "range", session: 0, start: 2, stop: 3, output: false, raw: true } },
      /* 7 */ { op: "history", args: { hist_access_type: "search", pattern: "a + *", unique: true, output: false, raw: true } },
      /* 8 */ { op: "history", args: { hist_access_type: "search", pattern: "[^c]*", output: false, raw: true } },
      /* 9 */ { op: "history", args: { hist_access_type: "sideways", output: false, raw: true } },
      /* 10 */ { op: "execute", code: tslab + 'const d = tslab.newDisplay();\nd.html("<b>one</b>");\nd.png(new Uint8Array([1, 2, 255]));' },
      /* 11 */ { op: "execute", code: 'console.log("10%");\nclearOutput({ wait: true });\nconsole.log("20%");\nclearOutput();' },
      /* 12 */ { op: "execute", code: "clearOutput({ wait: 1 } as any)" },
      /* 13 */ { op: "complete", code: "const longName = 1;\nlongN + 1", cursor_pos: 25 },
      /* 14 */ { op: "is_complete", code: "for (const x of [1]) {" },
      /* 15 */ { op: "is_complete", code: "let x = ;" },
      /* 16 */ { op: "is_complete", code: "const t = `open" },
      /* 17 */ { op: "is_complete", code: "function f() {\n\n" },
    ]);
    // Lines are execution counts; silent and store_history: false cells are not stored (and do not count).
    expect(r[4].reply).toMatchObject({ status: "ok", execution_count: 3 });
    expect(r[5].reply).toEqual({ status: "ok", history: [[1, 2, ["a + 1", "2"]], [1, 3, ["a + 1", "2"]]] });
    expect(r[6].reply).toEqual({ status: "ok", history: [[1, 2, "a + 1"]] });
    expect(r[7].reply).toEqual({ status: "ok", history: [[1, 3, "a + 1"]] });
    expect(r[8].reply).toEqual({ status: "ok", history: [[1, 2, "a + 1"], [1, 3, "a + 1"]] });
    expect(r[9].reply).toMatchObject({ status: "error", ename: "TypeError" });
    expect((r[9].reply as { evalue: string }).evalue).toContain('"tail", "range" or "search"');

    // tslab's newDisplay(): one display_data with an id, then updates of that same output.
    expect(r[10].reply).toMatchObject({ status: "ok" });
    const shown = ofType(r[10].iopub, "display_data");
    const updated = ofType(r[10].iopub, "update_display_data");
    expect(shown.map((m) => m.content.data)).toEqual([{ "text/html": "<b>one</b>" }]);
    const id = (shown[0].content.transient as { display_id: string }).display_id;
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(updated.map((m) => [m.content.data, (m.content.transient as { display_id: string }).display_id])).toEqual([
      [{ "image/png": Buffer.from([1, 2, 255]).toString("base64") }, id],
    ]);

    // clearOutput: in order with the stream output around it, with its wait flag.
    const seq = (r[11].iopub ?? [])
      .filter((m) => m.msg_type === "stream" || m.msg_type === "clear_output")
      .map((m) => (m.msg_type === "stream" ? m.content.text : { wait: m.content.wait }));
    expect(seq).toEqual(["10%\n", { wait: true }, "20%\n", { wait: false }]);
    expect(r[12].reply).toMatchObject({ status: "error", ename: "TypeError" });
    expect((r[12].reply as { evalue: string }).evalue).toContain("wait must be true or false");

    // Completion replaces just the word before the cursor.
    expect(r[13].reply).toMatchObject({ status: "ok", cursor_start: 20, cursor_end: 25 });
    expect(r[13].reply!.matches).toContain("longName");

    expect(r[14].reply).toMatchObject({ status: "incomplete" });
    expect(typeof r[14].reply!.indent).toBe("string");
    expect(r[15].reply).toEqual({ status: "invalid" });
    expect(r[16].reply).toMatchObject({ status: "incomplete" });
    expect(r[17].reply).toEqual({ status: "complete" });
  }, 280_000);
});
