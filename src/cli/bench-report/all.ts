/**
 * `dl4ds bench all [--json] [--markdown] [--write-readme] [--only a,b]`: every benchmark in one run, each in its own
 * process, and the README's benchmark table made from that run. `--write-readme` replaces what lies between
 * <!-- bench-table:start --> and <!-- bench-table:end --> in README.md (written whole: temp file + rename).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../paths";
import { parseArgs, stringFlag } from "../args";
import { benchTable, type BenchRun } from "./markdown";
import { describeMachine, finishMachineInfo, machineInfo } from "./machine";

/** The runs behind the README's table, in order: [name, arguments]. */
export const ALL_RUNS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["kernel", ["--with-tslab"]],
  ["mlp", []],
  ["1d", ["--vs-numpy"]],
  ["latent", ["--quick"]],
  ["figures", []],
  ["quality", []],
  ["widgets", []],
  ["grade", ["--lessons", "18.1,18.2", "--count", "6"]],
];

export const START_MARKER = "<!-- bench-table:start -->";
export const END_MARKER = "<!-- bench-table:end -->";

function runOne(name: string, args: readonly string[]): Promise<BenchRun> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(projectRoot(), "bin", "dl4ds.js"), "bench", name, ...args, "--json"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on("close", (code) => {
      const seconds = (Date.now() - started) / 1000;
      const last = out.trim().split("\n").pop() ?? "";
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve({ name, args: [...args], seconds, result: JSON.parse(last) as Record<string, unknown> });
      } catch (e) {
        resolve({ name, args: [...args], seconds, error: `${(e as Error).message}: ${err.trim().split("\n").slice(-3).join(" ")}` });
      }
    });
  });
}

/** Replaces the table between the markers in `readme` (text); throws when the markers are missing. */
export function replaceTable(readme: string, table: string): string {
  const a = readme.indexOf(START_MARKER);
  const b = readme.indexOf(END_MARKER);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START_MARKER} … ${END_MARKER} block; add the two markers where the table goes.`);
  return `${readme.slice(0, a + START_MARKER.length)}\n${table}\n${readme.slice(b)}`;
}

/** Runs every benchmark (or those named by --only) and prints / writes the table. */
export async function runAll(args: string[]): Promise<Record<string, unknown>> {
  const p = parseArgs(args, ["only"], ["write-readme", "markdown", "json"]);
  const only = p.flags.has("only") ? new Set(stringFlag(p, "only", "").split(",").filter(Boolean)) : undefined;
  const unknown = only ? [...only].filter((n) => !ALL_RUNS.some(([name]) => name === n)) : [];
  if (unknown.length) throw new Error(`bench all: --only names unknown benchmarks: ${unknown.join(", ")} (known: ${ALL_RUNS.map(([n]) => n).join(", ")})`);
  const started = machineInfo();
  const runs: BenchRun[] = [];
  for (const [name, runArgs] of ALL_RUNS) {
    if (only && !only.has(name)) continue;
    process.stderr.write(`[bench all] ${name} ${runArgs.join(" ")}…\n`);
    runs.push(await runOne(name, runArgs));
  }
  const machine = finishMachineInfo(started);
  const table = benchTable(runs, machine, new Date());
  if (p.flags.has("write-readme")) {
    const readme = path.join(projectRoot(), "README.md");
    const text = replaceTable(fs.readFileSync(readme, "utf8"), table);
    const tmp = `${readme}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, readme);
    process.stderr.write(`[bench all] wrote the table into ${readme}\n`);
  }
  if (p.flags.has("markdown")) process.stdout.write(`${table}\n`);
  return { runs, machineSummary: describeMachine(machine) };
}
