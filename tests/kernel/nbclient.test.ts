/**
 * The "done when": nbclient runs a notebook with an error in the middle through the dl4ds
 * kernel. With allow_errors the error output has its name, message and the cell's own line and the
 * later cells run; without it nbclient stops with a CellExecutionError naming the error.
 */
import * as path from "path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runPython } from "./harness";

const NOTEBOOK = path.join(FIXTURES, "error-in-middle.ipynb");

interface NbOutput {
  output_type: string;
  name?: string;
  text?: string;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  data?: Record<string, unknown>;
}

describe("nbclient with the dl4ds kernel", () => {
  it("with allow_errors: the error shows name, message and cell line, and later cells run", async () => {
    const res = await runPython("run_nb.py", [NOTEBOOK, "--allow-errors"]);
    expect(res.exception).toBeUndefined();
    const cells = res.cells as { outputs: NbOutput[] }[];
    expect(cells[0].outputs).toEqual([{ output_type: "stream", name: "stdout", text: "first cell ran\n" }]);
    const err = cells[1].outputs.find((o) => o.output_type === "error")!;
    expect(err.ename).toBe("RangeError");
    expect(err.evalue).toBe("n must be <= 0, got 1");
    expect(err.traceback).toContain("    at boom (cell 2, line 2, col 20)");
    expect(err.traceback!.join("\n")).toContain('throw new RangeError("n must be <= 0, got " + n);');
    expect(cells[2].outputs).toEqual([{ output_type: "stream", name: "stdout", text: "after the error 2\n" }]);
    expect(cells[3].outputs[0].data).toEqual({ "text/plain": "10" });
  }, 280_000);

  it("without allow_errors: CellExecutionError names the error and the later cells do not run", async () => {
    const res = await runPython("run_nb.py", [NOTEBOOK]);
    const exc = res.exception as Record<string, string>;
    expect(exc.type).toBe("CellExecutionError");
    expect(exc.ename).toBe("RangeError");
    expect(exc.evalue).toBe("n must be <= 0, got 1");
    expect(exc.str).toContain("RangeError: n must be <= 0, got 1");
    expect(exc.str).toContain("cell 2, line 2");
    const cells = res.cells as { outputs: NbOutput[] }[];
    expect(cells[2].outputs).toEqual([]);
    expect(cells[3].outputs).toEqual([]);
  }, 280_000);
});
