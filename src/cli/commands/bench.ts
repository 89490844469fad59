/**
 * `dl4ds bench <name> [--json] [options]`: benchmarks, one file per benchmark in src/cli/bench/<name>.ts.
 * Each exports `summary` and `run(args): Promise<Record<string, unknown>>`; this command prints the
 * result as one JSON object (`--json`) or as aligned lines.
 */
import * as fs from "fs";
import * as path from "path";
import { describeMachine, finishMachineInfo, machineInfo } from "../bench-report/machine";

/** One line for `dl4ds help`. */
export const summary =
  "run a benchmark: dl4ds bench <name> [--json] (names: see `dl4ds bench --list`); `dl4ds bench all --write-readme` runs them all and rewrites README.md's table";

/** The shape every benchmark module exports. */
export interface BenchModule {
  /** One line describing what is measured. */
  summary: string;
  /** Runs the benchmark and returns the numbers to print. */
  run(args: string[]): Promise<Record<string, unknown>>;
}

function benchNames(): string[] {
  const dir = path.join(__dirname, "..", "bench");
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith(".js")).map((f) => f.slice(0, -3)).sort();
}

/** Runs the named benchmark. */
export async function run(args: string[]): Promise<number> {
  const names = benchNames();
  const [name, ...rest] = args;
  if (!name || name === "--list") {
    for (const n of names) {
      const mod = require(path.join(__dirname, "..", "bench", n)) as BenchModule;
      process.stdout.write(`${n.padEnd(10)} ${mod.summary}\n`);
    }
    return name ? 0 : 2;
  }
  if (name === "all") {
    const { runAll } = require("../bench-report/all") as typeof import("../bench-report/all");
    const r = await runAll(rest);
    if (rest.includes("--json")) process.stdout.write(JSON.stringify(r) + "\n");
    else if (!rest.includes("--markdown")) process.stdout.write(`${r.machineSummary}\n`);
    return (r.runs as { error?: string }[]).some((x) => x.error) ? 1 : 0;
  }
  if (!names.includes(name)) {
    process.stderr.write(`dl4ds bench: unknown benchmark "${name}". Known: ${names.join(", ")}\n`);
    return 2;
  }
  const mod = require(path.join(__dirname, "..", "bench", name)) as BenchModule;
  const started = machineInfo();
  const measured = await mod.run(rest.filter((a) => a !== "--json"));
  // Child runs (`--tfjs-only` and the like) report numbers only; their parent prints the machine.
  const machine = finishMachineInfo(started);
  const result = rest.some((a) => a.endsWith("-only")) ? measured : { ...measured, machine };
  if (rest.includes("--json")) {
    process.stdout.write(JSON.stringify(result) + "\n");
  } else {
    for (const [k, v] of Object.entries(result)) process.stdout.write(`${k.padEnd(16)} ${k === "machine" ? describeMachine(machine) : JSON.stringify(v)}\n`);
  }
  return 0;
}
