/**
 * `dl4ds run`: headless notebook runs through the dl4ds kernel with executed copies, HTML exports
 * and summary.json; exit status 1 when a notebook fails; --seed reaches the kernel as DL4DS_SEED.
 */
import { spawnAsync } from "../support/spawn";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { parseRunArgs } from "../../src/cli/commands/run";
import { FIXTURES, ROOT, requirePrerequisites } from "./harness";

describe("dl4ds run", () => {
  it("parses options and rejects bad values with a message", () => {
    const o = parseRunArgs(["a.ipynb", "--timeout", "30", "--allow-errors", "--seed=7", "--out", "/tmp/x"], "/proj");
    expect(o).toMatchObject({ paths: ["a.ipynb"], timeoutSeconds: 30, allowErrors: true, seed: 7, outDir: "/tmp/x" });
    expect(parseRunArgs([], "/proj").outDir).toBe(path.join("/proj", "build", "notebooks"));
    expect(() => parseRunArgs(["--timeout", "-1"])).toThrow(/positive number/);
    expect(() => parseRunArgs(["--seed", "1.5"])).toThrow(/integer/);
    expect(() => parseRunArgs(["--bogus"])).toThrow(/unknown option --bogus/);
  });

  it("executes notebooks, writes copies, HTML and summary.json, and fails when one notebook fails", async () => {
    requirePrerequisites();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-run-test-"));
    try {
      const r = await spawnAsync(
        process.execPath,
        [path.join(ROOT, "bin", "dl4ds.js"), "run", path.join(FIXTURES, "error-in-middle.ipynb"), path.join(FIXTURES, "figure.ipynb"), "--out", out, "--seed", "42", "--timeout", "120"],
        { cwd: ROOT, timeoutMs: 280_000 },
      );
      expect(r.status, r.stdout + r.stderr).toBe(1);
      const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8")) as Record<string, Record<string, unknown>>;
      const bad = summary["tests/fixtures/kernel/error-in-middle.ipynb"];
      const good = summary["tests/fixtures/kernel/figure.ipynb"];
      expect(bad).toMatchObject({ ok: false, cells: 4, figures: 0, error: { name: "RangeError", message: "n must be <= 0, got 1", cell: 2 } });
      expect(good).toMatchObject({ ok: true, cells: 3, figures: 1, error: null });
      expect(typeof good.seconds).toBe("number");
      for (const name of ["error-in-middle", "figure"]) {
        expect(fs.existsSync(path.join(out, `${name}.ipynb`))).toBe(true);
        expect(fs.readFileSync(path.join(out, `${name}.html`), "utf8")).toContain("<html");
      }
      const executed = JSON.parse(fs.readFileSync(path.join(out, "figure.ipynb"), "utf8")) as { cells: { outputs: { text?: string | string[] }[] }[] };
      expect([executed.cells[0].outputs[0].text].flat().join("")).toBe("seed=42\n");
      expect(fs.readdirSync(out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
