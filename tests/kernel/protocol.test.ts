/**
 * The dl4ds kernel over ZeroMQ, driven by jupyter_client (tests/fixtures/kernel/drive.py):
 * errors, stop_on_error, results, rich display, imports of the library, interrupts, completion,
 * inspection, is_complete, kernel_info, restart and shutdown.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { drive, ofType, type StepResult } from "./harness";

const LIB_IMPORT = 'import { throwIfCancelled, jupyterDisplay } from "dl4ds-diffusion";\ntypeof throwIfCancelled';
const ASYNC_LOOP = [
  'import { throwIfCancelled as stopIfAsked } from "dl4ds-diffusion";',
  "(globalThis as any).steps = 0;",
  "for (;;) {",
  "  if ((globalThis as any).steps++ === 10) console.log(\"looping\");",
  "  stopIfAsked();",
  "  await new Promise((r) => setTimeout(r, 5));",
  "}",
].join("\n");

const steps: Record<string, unknown>[] = [
  /* 0 */ { op: "kernel_info" },
  /* 1 */ { op: "execute", code: LIB_IMPORT },
  /* 2 */ { op: "execute", code: 'const fine = 1;\nconst bad: number = "text";' },
  /* 3 */ { op: "execute", code: "function dig(o: any) {\n  return o.a.b;\n}\ndig({});" },
  /* 4 */ { op: "execute", code: "1 + 1" },
  /* 5 */ { op: "execute", code: 'console.log("to stdout"); console.error("to stderr");' },
  /* 6 */ {
    op: "execute",
    code: [
      'display({ "text/plain": "first", "text/html": "<b>first</b>" }, { id: "progress" });',
      'display({ "text/plain": "second", "text/html": "<b>second</b>" }, { id: "progress", update: true });',
    ].join("\n"),
  },
  /* 7 */ {
    op: "execute",
    code: 'const fig = { [Symbol.for("Jupyter.display")]() { return { "text/plain": "a figure", "image/svg+xml": "<svg></svg>" }; } };\nfig',
  },
  /* 8 */ { op: "execute_batch", codes: ['throw new Error("first fails")', "2 + 2", "3 + 3"], stop_on_error: true },
  /* 9 */ { op: "execute_batch", codes: ['throw new Error("fails again")', "4 + 4"], stop_on_error: false },
  /* 10 */ {
    op: "execute",
    code: 'let spins = 0;\nwhile (true) {\n  if (++spins % 5_000_000 === 0) console.log("spinning");\n}',
    interrupt_when: "spinning",
  },
  /* 11 */ { op: "execute", code: '"alive after the interrupt"' },
  /* 12 */ { op: "execute", code: ASYNC_LOOP, interrupt_when: "looping" },
  /* 13 */ {
    op: "execute",
    code: "const before = (globalThis as any).steps;\nawait new Promise((r) => setTimeout(r, 300));\n[before > 0, (globalThis as any).steps - before]",
  },
  /* 14 */ { op: "complete", code: 'import * as lib from "dl4ds-diffusion";\nlib.throwIfCanc' },
  /* 15 */ { op: "inspect", code: 'import { throwIfCancelled } from "dl4ds-diffusion";\nthrowIfCancelled', cursor_pos: 70 },
  /* 16 */ { op: "is_complete", code: "function f() {" },
  /* 17 */ { op: "is_complete", code: "const x = 1;" },
  /* 18 */ { op: "execute", code: "const n: number = jupyterDisplay;" },
  /* 19 */ { op: "execute", code: "7 * 6", silent: true },
  /* 20 */ { op: "execute", code: "typeof fig" },
  /* 21 */ { op: "restart" },
  /* 22 */ { op: "execute", code: "typeof fig" },
  /* 23 */ { op: "execute", code: 'import twice, { answer } from "./esm-only.mjs";\ntwice(answer)' },
  /* 24 */ { op: "execute", code: 'const esm = await import("./esm-only.mjs");\nesm.answer + 1' },
  /* 25 */ { op: "execute", code: 'import { requestCancel as rc, throwIfCancelled as tic } from "dl4ds-diffusion";\nrc();\ntic();' },
  /* 26 */ { op: "execute", code: "const shortT = 100;" },
  /* 27 */ { op: "execute", code: "const holder = { shortT };\nholder.shortT + 1" },
  /* 28 */ { op: "execute", code: "process.exit(3);" },
  /* 29 */ { op: "execute", code: '"still alive after process.exit"' },
  /* 30 */ { op: "shutdown" },
];

let r: StepResult[];

beforeAll(async () => {
  r = await drive(steps);
}, 300_000);

describe("dl4ds kernel protocol (jupyter_client over ZeroMQ)", () => {
  it("kernel_info describes TypeScript", () => {
    const info = r[0].reply!;
    expect(info.status).toBe("ok");
    expect(info.protocol_version).toBe("5.3");
    const lang = info.language_info as Record<string, unknown>;
    expect(lang.name).toBe("typescript");
    expect(lang.file_extension).toBe(".ts");
    expect(lang.mimetype).toBe("text/typescript");
  });

  it("imports the library by package name, with no stderr output", () => {
    expect(r[1].reply!.status).toBe("ok");
    expect(ofType(r[1].iopub, "execute_result")[0].content.data).toEqual({ "text/plain": "'function'" });
    expect(ofType(r[1].iopub, "stream").filter((m) => m.content.name === "stderr")).toEqual([]);
  });

  it("reports a type error as TSError with the cell's line and column, on iopub and in the reply", () => {
    const reply = r[2].reply!;
    expect(reply.status).toBe("error");
    expect(reply.ename).toBe("TSError");
    expect(String(reply.evalue)).toContain("Type 'string' is not assignable to type 'number'");
    const tb = (reply.traceback as string[]).join("\n");
    expect(tb).toContain("line 2, col 7");
    expect(tb).toContain('const bad: number = "text";');
    const err = ofType(r[2].iopub, "error");
    expect(err).toHaveLength(1);
    expect(err[0].content.ename).toBe("TSError");
    expect(err[0].content.traceback).toEqual(reply.traceback);
  });

  it("reports a runtime error with its name, message and the cell's own lines (no tslab internals)", () => {
    const reply = r[3].reply!;
    expect(reply.ename).toBe("TypeError");
    expect(reply.evalue).toBe("Cannot read properties of undefined (reading 'b')");
    const tb = reply.traceback as string[];
    expect(tb[0]).toBe("TypeError: Cannot read properties of undefined (reading 'b')");
    expect(tb).toContain("    at dig (cell 3, line 2, col 14)");
    expect(tb).toContain("    at cell 3, line 4, col 1");
    const joined = tb.join("\n");
    expect(joined).not.toMatch(/evalmachine|tslab|node:internal|dist\/kernel/);
    expect(ofType(r[3].iopub, "error")[0].content.evalue).toBe(reply.evalue);
  });

  it("sends the last expression as execute_result", () => {
    const res = ofType(r[4].iopub, "execute_result");
    expect(res).toHaveLength(1);
    expect(res[0].content.data).toEqual({ "text/plain": "2" });
    expect(res[0].content.execution_count).toBe(r[4].reply!.execution_count);
  });

  it("sends console output as stdout and stderr streams", () => {
    const streams = ofType(r[5].iopub, "stream").map((m) => [m.content.name, m.content.text]);
    expect(streams).toEqual([
      ["stdout", "to stdout\n"],
      ["stderr", "to stderr\n"],
    ]);
    expect(ofType(r[5].iopub, "execute_result")).toEqual([]);
  });

  it("display() sends multi-MIME bundles and updates them in place", () => {
    const shown = ofType(r[6].iopub, "display_data");
    const updated = ofType(r[6].iopub, "update_display_data");
    expect(shown).toHaveLength(1);
    expect(shown[0].content.data).toEqual({ "text/plain": "first", "text/html": "<b>first</b>" });
    expect(shown[0].content.transient).toEqual({ display_id: "progress" });
    expect(updated).toHaveLength(1);
    expect(updated[0].content.data).toEqual({ "text/plain": "second", "text/html": "<b>second</b>" });
    expect(updated[0].content.transient).toEqual({ display_id: "progress" });
    expect(ofType(r[6].iopub, "execute_result")).toEqual([]);
  });

  it("an object with Symbol.for(\"Jupyter.display\") as last expression draws itself", () => {
    const res = ofType(r[7].iopub, "execute_result");
    expect(res[0].content.data).toEqual({ "text/plain": "a figure", "image/svg+xml": "<svg></svg>" });
  });

  it("stop_on_error: true aborts the requests queued behind the error", () => {
    const [a, b, c] = r[8].replies!;
    expect(a.status).toBe("error");
    expect(a.ename).toBe("Error");
    expect(a.evalue).toBe("first fails");
    expect(b.status).toBe("aborted");
    expect(c.status).toBe("aborted");
    expect(ofType(r[8].iopubs![1], "execute_result")).toEqual([]);
  });

  it("stop_on_error: false lets the queued requests run", () => {
    const [a, b] = r[9].replies!;
    expect(a.status).toBe("error");
    expect(b.status).toBe("ok");
    expect(ofType(r[9].iopubs![1], "execute_result")[0].content.data).toEqual({ "text/plain": "8" });
  });

  it("an interrupt stops a busy synchronous loop with KeyboardInterrupt, and the kernel keeps working", () => {
    expect(r[10].reply!.status).toBe("error");
    expect(r[10].reply!.ename).toBe("KeyboardInterrupt");
    expect(ofType(r[10].iopub, "error")[0].content.ename).toBe("KeyboardInterrupt");
    expect(ofType(r[11].iopub, "execute_result")[0].content.data).toEqual({ "text/plain": "'alive after the interrupt'" });
  });

  it("an interrupt stops an async loop that calls throwIfCancelled, and it does not run on in the background", () => {
    expect(r[12].reply!.ename).toBe("KeyboardInterrupt");
    expect(r[13].reply!.status).toBe("ok");
    expect(ofType(r[13].iopub, "execute_result")[0].content.data).toEqual({ "text/plain": "[ true, 0 ]" });
  });

  it("completes names from the library's types", () => {
    const reply = r[14].reply!;
    expect(reply.status).toBe("ok");
    expect(reply.matches).toContain("throwIfCancelled");
    const code = 'import * as lib from "dl4ds-diffusion";\nlib.throwIfCanc';
    expect(reply.cursor_end).toBe(code.length);
    expect(reply.cursor_start).toBe(code.length - "throwIfCanc".length);
  });

  it("inspects a library function with its signature and doc comment", () => {
    const reply = r[15].reply!;
    expect(reply.found).toBe(true);
    const text = (reply.data as Record<string, string>)["text/plain"];
    expect(text).toContain("throwIfCancelled(): void");
    expect(text).toContain("CancelledError");
  });

  it("is_complete tells complete from incomplete code", () => {
    expect(r[16].reply).toMatchObject({ status: "incomplete" });
    expect(r[17].reply).toMatchObject({ status: "complete" });
  });

  it("type-checks against the library's declarations", () => {
    expect(r[18].reply!.ename).toBe("TSError");
    expect(String(r[18].reply!.evalue)).toMatch(/jupyterDisplay' is not assignable to type 'number'/);
  });

  it("silent executions send no execute_input or result and do not count", () => {
    expect(r[19].reply!.status).toBe("ok");
    expect(ofType(r[19].iopub, "execute_input")).toEqual([]);
    expect(ofType(r[19].iopub, "execute_result")).toEqual([]);
    const before = r[18].reply!.execution_count as number;
    expect(r[20].reply!.execution_count).toBe(before + 1);
    expect(ofType(r[20].iopub, "execute_result")[0].content.data).toEqual({ "text/plain": "'object'" });
  });

  it("restart starts a fresh process that forgot the old variables", () => {
    expect(r[21].new_pid).not.toBe(r[21].old_pid);
    expect(r[21].old_alive).toBe(false);
    expect(r[22].reply!.status).toBe("error");
    expect(r[22].reply!.ename).toBe("TSError");
    expect(r[22].reply!.evalue).toBe("Cannot find name 'fig'.");
    expect(r[22].reply!.execution_count).toBe(1);
  });

  it("loads an ES module (static import and import()) through Node's require(esm)", () => {
    expect(ofType(r[23].iopub, "execute_result")[0].content.data).toEqual({ "text/plain": "84" });
    expect(ofType(r[24].iopub, "execute_result")[0].content.data).toEqual({ "text/plain": "43" });
    expect(ofType(r[23].iopub, "stream")).toEqual([]);
  });

  it("an error thrown inside the library shows the library frame (source-mapped when dist has maps) and the cell line", () => {
    const reply = r[25].reply!;
    expect(reply.ename).toBe("KeyboardInterrupt");
    const tb = reply.traceback as string[];
    expect(tb.some((l) => /^ {4}at throwIfCancelled \((src\/notebook\/cancel\.ts|dist\/notebook\/cancel\.js):\d+:\d+\)$/.test(l))).toBe(true);
    expect(tb.some((l) => /^ {4}at cell \d+, line 3, col 1$/.test(l))).toBe(true);
  });

  it("shutdown_request ends the process cleanly", () => {
    expect(r[30].alive).toBe(false);
    expect(r[30].returncode).toBe(0);
  });

  it("a shorthand property can name a variable of an earlier cell", () => {
    expect(r[27].reply!.status).toBe("ok");
    expect(ofType(r[27].iopub, "execute_result")[0].content.data).toEqual({ "text/plain": "101" });
  });

  it("process.exit() in a cell is a SystemExit error and the kernel keeps running", () => {
    expect(r[28].reply!.ename).toBe("SystemExit");
    expect(String(r[28].reply!.evalue)).toMatch(/process\.exit\(3\)/);
    expect(ofType(r[29].iopub, "execute_result")[0].content.data).toEqual({ "text/plain": "'still alive after process.exit'" });
  });
});
