/**
 * A project that lives under /tmp (a fresh clone, a Gradescope tree, a course folder) grades in the
 * sandbox, whose own private /tmp must not hide it. The project here is a copy of this checkout's
 * runtime under the system's temporary folder: bin/, dist/, widgets/, package.json and the runner
 * scripts copied; node_modules/ and .venv/ linked (an `npm install` is too slow for a test); the
 * dl4ds kernelspec installed from the copy into a Jupyter folder of its own. Its `dl4ds grade`
 * (which also builds the copy's kernel start-up snapshot) grades a submission that prints where the
 * library it imports lives.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Notebook } from "../../src/grading/notebook";
import { probeSandbox } from "../../src/grading/sandbox/bwrap";
import { spawnAsync } from "../support/spawn";
import { addNotebookWith, requireDl4dsKernel, ROOT, SOURCE_DIR } from "./helpers";

const SOLUTION = `console.log("LIBRARY " + require.resolve("dl4ds-diffusion"));
console.log("SNAPSHOT " + typeof (globalThis as { __dl4dsSnapshot?: unknown }).__dl4dsSnapshot);
function add(a: number, b: number): number {
  return a + b;
}
`;

/** Copies what `dl4ds grade` and the kernel need into `dir`, linking the installed dependencies. */
function copyProject(dir: string): void {
  for (const name of ["package.json", "bin", "dist", "widgets", path.join("src", "grading", "python")]) {
    fs.cpSync(path.join(ROOT, name), path.join(dir, name), { recursive: true, preserveTimestamps: true });
  }
  for (const name of ["node_modules", ".venv"]) fs.symlinkSync(path.join(ROOT, name), path.join(dir, name), "dir");
}

describe("a project under /tmp", () => {
  let base: string;
  let project: string;
  let graded: { status: number | null; stdout: string; stderr: string };
  let csv = "";
  let printed = "";

  beforeAll(async () => {
    requireDl4dsKernel();
    const probe = probeSandbox();
    if (!probe.ok) throw new Error(`the sandbox tests need bubblewrap: ${probe.reason} (run \`npm run setup\` as root, or apt-get install bubblewrap)`);
    // Under /tmp itself, whatever TMPDIR says: that is the folder the sandbox replaces.
    base = fs.mkdtempSync(path.join("/tmp", "dl4ds-project-in-tmp-"));
    project = path.join(base, "dl4ds");
    fs.mkdirSync(project);
    copyProject(project);
    const jupyter = path.join(base, "jupyter");
    const installed = await spawnAsync(process.execPath, [path.join(project, "bin", "dl4ds.js"), "install-kernel", "--prefix", jupyter], { cwd: base, timeoutMs: 60_000 });
    expect(installed.status, installed.stderr).toBe(0);
    const subs = path.join(base, "submissions");
    fs.mkdirSync(path.join(subs, "alice"), { recursive: true });
    fs.writeFileSync(path.join(subs, "alice", "add.ipynb"), JSON.stringify(addNotebookWith(SOLUTION)));
    const out = path.join(base, "grades");
    graded = await spawnAsync(process.execPath, [path.join(project, "bin", "dl4ds.js"), "grade", subs, "--source", SOURCE_DIR, "--out", out, "--memory", "768"], {
      cwd: base,
      env: { ...process.env, JUPYTER_PATH: path.join(jupyter, "share", "jupyter"), TMPDIR: os.tmpdir() },
      timeoutMs: 400_000,
    });
    if (graded.status === 0) {
      csv = fs.readFileSync(path.join(out, "grades.csv"), "utf8");
      const nb = JSON.parse(fs.readFileSync(path.join(out, "autograded", "alice", "add.ipynb"), "utf8")) as Notebook;
      const cell = nb.cells.find((c) => c.metadata?.nbgrader?.grade_id === "add-solution")!;
      printed = (cell.outputs ?? []).map((o) => (Array.isArray(o.text) ? o.text.join("") : String(o.text ?? ""))).join("");
    }
  }, 600_000);

  afterAll(() => {
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it("grades a submission in the sandbox with the copy's own kernel and library", () => {
    expect(graded.status, graded.stdout + graded.stderr).toBe(0);
    expect(graded.stdout).toMatch(/alice\/add\.ipynb: 3\/3/);
    expect(csv).toMatch(/^alice,add\.ipynb,add\.ipynb,3,3,graded,2,2,$/m);
    expect(printed).toContain(`LIBRARY ${path.join(project, "dist", "index.js")}`);
  });

  it("builds the copy's kernel start-up snapshot under the copy, and the sandboxed kernel starts from it", () => {
    const cache = path.join(project, ".cache", "dl4ds-kernel");
    expect(fs.readdirSync(cache).some((f) => f.endsWith(".blob"))).toBe(true);
    expect(printed).toContain("SNAPSHOT object");
  });
});
