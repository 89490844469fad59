/**
 * `dl4ds check [paths]`: validates nbgrader metadata and markers of instructor notebooks
 * (default: every notebook under notebooks/). Exit 1 when any problem is found.
 */
import * as fs from "fs";
import { checkPaths, formatIssue } from "../../grading/check";
import { parseArgs } from "../args";

/** One line for `dl4ds help`. */
export const summary = "validate nbgrader metadata and solution/test markers: dl4ds check [paths] (default notebooks/)";

/** Runs the check and prints one line per problem. */
export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`Usage: dl4ds check [notebook or folder ...]\n${summary}\n`);
    return 0;
  }
  let given: string[];
  try {
    given = parseArgs(args, []).positionals;
  } catch (err) {
    process.stderr.write(`dl4ds check: ${(err as Error).message}\n`);
    return 2;
  }
  const paths = given.length ? given : ["notebooks"];
  if (!given.length && !fs.existsSync("notebooks")) {
    process.stderr.write("dl4ds check: no notebooks/ folder here; run it in the project root or pass paths\n");
    return 2;
  }
  let report;
  try {
    report = checkPaths(paths);
  } catch (err) {
    process.stderr.write(`dl4ds check: ${(err as Error).message}\n`);
    return 2;
  }
  for (const issue of report.issues) process.stdout.write(formatIssue(issue) + "\n");
  const bad = new Set(report.issues.map((i) => i.notebook)).size;
  process.stdout.write(`${report.notebooks.length} notebook(s) checked, ${bad} with problems, ${report.issues.length} problem(s)\n`);
  return report.issues.length ? 1 : 0;
}
