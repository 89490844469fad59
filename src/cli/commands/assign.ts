/**
 * `dl4ds assign [paths] [--source notebooks/] [--out release/]`: writes the student versions:
 * solutions → `// YOUR CODE HERE` + `throw new Error("Not implemented")`, hidden tests removed,
 * outputs cleared, checksums of locked cells recorded (cell metadata and release/.dl4ds-locked.json).
 */
import * as path from "path";
import { assignFolder } from "../../grading/assign";
import { parseArgs, stringFlag } from "../../grading/cliArgs";

/** One line for `dl4ds help`. */
export const summary = "write student versions to release/: dl4ds assign [paths] [--source notebooks/] [--out release/]";

/** Releases the notebooks. */
export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`Usage: dl4ds assign [notebook ...] [--source DIR] [--out DIR]\n${summary}\n`);
    return 0;
  }
  try {
    const p = parseArgs(args, ["source", "out"]);
    const source = stringFlag(p, "source", "notebooks");
    const out = stringFlag(p, "out", "release");
    const report = assignFolder(source, out, p.positionals);
    for (const f of report.written) process.stdout.write(`wrote ${path.relative(process.cwd(), f)}\n`);
    process.stdout.write(`wrote ${path.relative(process.cwd(), report.manifest)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`dl4ds assign: ${(err as Error).message}\n`);
    return 1;
  }
}
