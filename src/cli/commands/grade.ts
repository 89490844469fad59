/**
 * `dl4ds grade <submissions> [--source notebooks/] [--workers N] [--timeout S] [--out DIR]
 *  [--memory MB] [--seed N] [--kernel NAME] [--max-restarts N] [--max-processes N] [--cpu-time S]
 *  [--no-notebooks] [--no-sandbox] [--all-cells] [--full-figures]`
 *
 * Every kernel runs in a bubblewrap sandbox; without bwrap grading stops and says how to get it,
 * unless --no-sandbox is given (then a warning goes to the console and into every row).
 *
 * Layout: <submissions>/<student>/<notebook>.ipynb. Writes <out>/grades.csv,
 * <out>/results/<student>/<notebook>.json, <out>/feedback/<student>/<notebook>.html and the executed
 * notebooks in <out>/autograded/ (instructor-only: they contain the hidden tests).
 */
import * as path from "path";
import { numberFlag, parseArgs, stringFlag } from "../args";
import { DEFAULT_GRADE_OPTIONS, gradeSubmissions, kernelNodeOptions, NO_SANDBOX_WARNING } from "../../grading/grade";
import { mergeShards } from "../../grading/merge";
import { projectRoot } from "../../grading/paths";
import { parseShard } from "../../grading/shard";
import { ensureSnapshotBlob } from "../../kernel/snapshot/blob";

/** One line for `dl4ds help`. */
export const summary =
  "autograde submissions: dl4ds grade <folder of student/notebook.ipynb> [--source notebooks/] [--workers N] [--timeout S] [--out grades/]";

const USAGE = `Usage: dl4ds grade <submissions> [options]
  <submissions>/<student>/<notebook>.ipynb   one folder per student; notebooks named as in --source
  --source PATH      instructor notebooks (folder or file), default ${DEFAULT_GRADE_OPTIONS.source}
  --out DIR          output folder, default ${DEFAULT_GRADE_OPTIONS.outDir} (replaced whole at the end)
  --workers N        submissions graded at once, default ${DEFAULT_GRADE_OPTIONS.workers}
  --timeout S        per-cell timeout in seconds, default ${DEFAULT_GRADE_OPTIONS.cellTimeoutS}
  --memory MB        kernel heap limit (address space gets 4096 MB more), default ${DEFAULT_GRADE_OPTIONS.memoryMb}
  --seed N           DL4DS_SEED for the kernel, default ${DEFAULT_GRADE_OPTIONS.seed}
  --kernel NAME      Jupyter kernel, default ${DEFAULT_GRADE_OPTIONS.kernelName}
  --max-restarts N   kernel restarts allowed per submission, default ${DEFAULT_GRADE_OPTIONS.maxRestarts}
  --max-processes N  processes and threads one notebook may have at once (sandbox only), default ${DEFAULT_GRADE_OPTIONS.maxProcesses}
  --cpu-time S       CPU seconds each kernel process may use, default ${DEFAULT_GRADE_OPTIONS.cpuSeconds}
  --no-notebooks     do not keep the executed notebooks in <out>/autograded/
  --no-sandbox       grade without the bubblewrap sandbox (trusted work only; every row says so)
  --all-cells        also run the cells after the last test cell (they cannot change a score)
  --full-figures     render figures in full (SVG/PNG/HTML) in the autograded notebooks, not only their spec
  --shard K/N        grade only the students whose name hashes to shard K of N (one machine of N);
                     combine the N output folders with: dl4ds grade merge <folders…> --out DIR
`;

const MERGE_USAGE = `Usage: dl4ds grade merge <shard folder 1> … <shard folder N> --out DIR
  combines the --out folders of \`dl4ds grade --shard K/N\` (every K from 1 to N, each once) into one
  folder as an unsharded run writes it; refuses missing or repeated shards and overlapping folders
`;

/** `dl4ds grade merge`: combines shard folders. */
function runMerge(args: string[]): number {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(MERGE_USAGE);
    return 0;
  }
  try {
    const p = parseArgs(args, ["out"]);
    if (!p.flags.has("out")) throw new Error("pass --out DIR for the merged grades\n" + MERGE_USAGE);
    const report = mergeShards(p.positionals, stringFlag(p, "out", ""));
    process.stdout.write(`merged ${report.shards} shard(s), ${report.grades.length} submission(s); wrote ${path.relative(process.cwd(), report.outDir) || "."}/grades.csv\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`dl4ds grade merge: ${(err as Error).message}\n`);
    return 1;
  }
}

/** Grades and prints one line per submission. */
export async function run(args: string[]): Promise<number> {
  if (args[0] === "merge") return runMerge(args.slice(1));
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    const p = parseArgs(args, ["source", "out", "workers", "timeout", "memory", "seed", "kernel", "max-restarts", "max-processes", "cpu-time", "shard"], ["no-notebooks", "no-sandbox", "all-cells", "full-figures"]);
    if (p.positionals.length !== 1) throw new Error("pass exactly one submissions folder\n" + USAGE);
    const sandbox = !p.flags.has("no-sandbox");
    if (!sandbox) process.stderr.write(`\n!!! dl4ds grade: ${NO_SANDBOX_WARNING} !!!\n\n`);
    const memoryMb = numberFlag(p, "memory", DEFAULT_GRADE_OPTIONS.memoryMb, { integer: true, min: 64 });
    // Kernels start from the start-up snapshot built for the grading heap limit (once; a few seconds).
    ensureSnapshotBlob(projectRoot(), { ...process.env, NODE_OPTIONS: kernelNodeOptions(memoryMb) });
    const report = await gradeSubmissions({
      sandbox,
      submissions: p.positionals[0],
      source: stringFlag(p, "source", DEFAULT_GRADE_OPTIONS.source),
      outDir: stringFlag(p, "out", DEFAULT_GRADE_OPTIONS.outDir),
      workers: numberFlag(p, "workers", DEFAULT_GRADE_OPTIONS.workers, { integer: true, min: 1 }),
      cellTimeoutS: numberFlag(p, "timeout", DEFAULT_GRADE_OPTIONS.cellTimeoutS, { min: 0.1 }),
      memoryMb,
      seed: numberFlag(p, "seed", DEFAULT_GRADE_OPTIONS.seed, { integer: true, min: 0 }),
      kernelName: stringFlag(p, "kernel", DEFAULT_GRADE_OPTIONS.kernelName),
      maxRestarts: numberFlag(p, "max-restarts", DEFAULT_GRADE_OPTIONS.maxRestarts, { integer: true, min: 0 }),
      maxProcesses: numberFlag(p, "max-processes", DEFAULT_GRADE_OPTIONS.maxProcesses, { integer: true, min: 32 }),
      cpuSeconds: numberFlag(p, "cpu-time", DEFAULT_GRADE_OPTIONS.cpuSeconds, { integer: true, min: 1 }),
      keepNotebooks: !p.flags.has("no-notebooks"),
      allCells: p.flags.has("all-cells"),
      fullFigures: p.flags.has("full-figures"),
      shard: p.flags.has("shard") ? parseShard(stringFlag(p, "shard", "")) : undefined,
      onGraded: (g) => {
        const note = g.status === "graded" ? "" : ` (${g.status})`;
        process.stdout.write(`${g.student}/${g.file}: ${g.score}/${g.maxScore}${note}\n`);
      },
    });
    for (const i of report.ignored) process.stderr.write(`dl4ds grade: ignored ${i}\n`);
    process.stdout.write(`${report.grades.length} submission(s) graded in ${report.seconds.toFixed(1)} s; wrote ${path.relative(process.cwd(), report.outDir) || "."}/grades.csv\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`dl4ds grade: ${(err as Error).message}\n`);
    return 1;
  }
}
