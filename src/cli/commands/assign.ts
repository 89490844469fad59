/**
 * `dl4ds assign [paths] [--source notebooks/] [--out release/]`: writes the student versions:
 * solutions → `// YOUR CODE HERE` + `throw new Error("Not implemented")`, hidden tests removed,
 * outputs cleared, checksums of locked cells recorded (cell metadata and release/.dl4ds-locked.json).
 */
import * as fs from "fs";
import * as path from "path";
import { assignFolder } from "../../grading/assign";
import { numberFlag, parseArgs, stringFlag } from "../../grading/cliArgs";
import { readNotebook } from "../../grading/notebook";
import { verifyRelease } from "../../grading/verify";

/** One line for `dl4ds help`. */
export const summary =
  "write student versions to release/: dl4ds assign [paths] [--source notebooks/] [--out release/] [--verify] (run them: only exercise/test cells may fail)";

/** Releases the notebooks. */
export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`Usage: dl4ds assign [notebook ...] [--source DIR] [--out DIR] [--verify [--timeout S]]\n${summary}\n`);
    return 0;
  }
  try {
    const p = parseArgs(args, ["source", "out", "timeout"], ["verify"]);
    const source = stringFlag(p, "source", "notebooks");
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
