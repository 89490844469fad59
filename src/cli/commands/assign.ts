/**
 * `dl4ds assign [paths] [--source notebooks/] [--out release/]`: writes the student versions:
 * solutions → `// YOUR CODE HERE` + `throw new Error("Not implemented")`, hidden tests removed,
 * outputs cleared, checksums of locked cells recorded (cell metadata and release/.dl4ds-locked.json).
 * `dl4ds assign --gradescope [paths] [--out gradescope/]`: one Gradescope autograder zip per notebook.
 */
import * as fs from "fs";
import * as path from "path";
import { assignFolder } from "../../grading/assign";
import { numberFlag, parseArgs, stringFlag } from "../args";
import { readNotebook } from "../../grading/notebook";
import { writeGradescopeAutograders } from "../../grading/gradescope/package";
import { verifyRelease } from "../../grading/verify";

/** One line for `dl4ds help`. */
export const summary =
  "write student versions to release/: dl4ds assign [paths] [--source notebooks/] [--out release/] [--verify] (run them: only exercise/test cells may fail)";

/** Releases the notebooks. */
export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(
      `Usage: dl4ds assign [notebook ...] [--source DIR] [--out DIR] [--verify [--timeout S]]\n${summary}\n` +
        `       dl4ds assign --gradescope [notebook ...] [--source DIR] [--out DIR]   writes DIR/<notebook>.autograder.zip (default DIR: gradescope/)\n`,
    );
    return 0;
  }
  try {
    const p = parseArgs(args, ["source", "out", "timeout"], ["verify", "gradescope"]);
    const source = stringFlag(p, "source", "notebooks");
    if (p.flags.has("gradescope")) {
      if (p.flags.has("verify")) throw new Error("--verify and --gradescope do not go together; run them one after the other");
      const zips = writeGradescopeAutograders(p.positionals.length ? p.positionals : [source], stringFlag(p, "out", "gradescope"));
      for (const z of zips) process.stdout.write(`wrote ${path.relative(process.cwd(), z)} (upload it on Gradescope: Configure Autograder → Zip file upload)\n`);
      return 0;
    }
    const out = stringFlag(p, "out", "release");
    const report = assignFolder(source, out, p.positionals);
    for (const f of report.written) process.stdout.write(`wrote ${path.relative(process.cwd(), f)}\n`);
    process.stdout.write(`wrote ${path.relative(process.cwd(), report.manifest)}\n`);
    if (!p.flags.has("verify")) return 0;
    let failing = 0;
    for (const file of report.written) {
      const loaded = readNotebook(file);
      if (!loaded.ok) throw new Error(`${file}: ${loaded.message}`);
      const problems = await verifyRelease(loaded.notebook, { cellTimeoutS: numberFlag(p, "timeout", 600, { min: 1 }), dataDir: fs.statSync(source).isDirectory() ? source : path.dirname(source) });
      for (const pr of problems) process.stdout.write(`${path.relative(process.cwd(), file)}: cell ${pr.cell} fails in the student version (${pr.status}): ${pr.message}\n`);
      failing += problems.length;
      if (!problems.length) process.stdout.write(`${path.relative(process.cwd(), file)}: runs top to bottom; only exercise and test cells fail\n`);
    }
    return failing ? 1 : 0;
  } catch (err) {
    process.stderr.write(`dl4ds assign: ${(err as Error).message}\n`);
    return 1;
  }
}
