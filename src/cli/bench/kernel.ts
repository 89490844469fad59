/**
 * `dl4ds bench kernel [--json] [--cells N] [--with-tslab]`: the dl4ds kernel's start-up time (process
 * start → first result of a cell that imports the library), started as Jupyter starts it (the kernelspec's
 * command, so from the start-up snapshot when its blob exists), and the per-cell overhead of a trivial
 * cell (median over N cells, default 500, each declaring a new variable so a growing declaration history
 * shows; first-10 vs last-10 medians). The same kernel without the snapshot (DL4DS_KERNEL_SNAPSHOT=0)
 * is measured in the same run. Goals: start ≤ 1 s and ≤ ½ of plain tslab's, cell ≤ 10 ms, no growth.
 * --with-tslab measures plain tslab the same way, as a reference on the same machine.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { KernelClient, writeConnectionFile } from "../../kernel/client";
import { projectRoot } from "../../config";
import { numberFlag, parseArgs } from "../args";
import { kernelSpecFor } from "../../kernel/kernelspec";
import { snapshotBlobPath } from "../../kernel/snapshot/blob";

/** One line for `dl4ds bench --list`. */
export const summary = "kernel start → first result with the library imported, and per-cell overhead (median of 100)";

/** Timings of one kernel. */
export interface KernelTimings {
  start_to_ready_s: number;
  start_to_first_result_s: number;
  /** CPU seconds the kernel process used until the first result (less sensitive to a busy machine than wall time). */
  start_cpu_s?: number;
  cell_median_ms: number;
  cell_first10_median_ms: number;
  cell_last10_median_ms: number;
  cell_p90_ms: number;
  cells: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

/** User + system CPU seconds of a running process (Linux /proc; undefined elsewhere). */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

async function measure(argv: string[], cwd: string, cells: number, env: NodeJS.ProcessEnv = process.env): Promise<KernelTimings> {
  const { file, info } = await writeConnectionFile();
  const t0 = process.hrtime.bigint();
  const seconds = (): number => Number(process.hrtime.bigint() - t0) / 1e9;
  const [command, ...rest] = argv.map((a) => (a === "{connection_file}" ? file : a));
  const child: ChildProcess = spawn(command, rest, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const client = new KernelClient(info);
  try {
    await client.waitForReady();
    const ready = seconds();
    const first = await client.execute('import * as dl4ds from "dl4ds-diffusion";\nObject.keys(dl4ds).length');
    const firstResult = seconds();
    const startCpu = cpuSecondsOf(child.pid);
    if (first.reply.content.status !== "ok") throw new Error(`first cell failed: ${JSON.stringify(first.reply.content)}`);
    const times: number[] = [];
    for (let i = 0; i < cells; i++) {
      const t = process.hrtime.bigint();
      const r = await client.execute(`const v${i} = ${i};\nv${i}`);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (r.reply.content.status !== "ok") throw new Error(`cell ${i} failed: ${JSON.stringify(r.reply.content)}`);
    }
    await client.request("shutdown_request", { restart: false }, "control", 10_000).catch(() => undefined);
    return {
      start_to_ready_s: round(ready),
      start_to_first_result_s: round(firstResult),
      start_cpu_s: startCpu,
      cell_median_ms: round(median(times), 1),
      cell_first10_median_ms: round(median(times.slice(0, 10)), 1),
      cell_last10_median_ms: round(median(times.slice(-10)), 1),
      cell_p90_ms: round(quantile(times, 0.9), 1),
      cells,
    };
  } catch (err) {
    throw new Error(`${(err as Error).message}\nkernel stderr:\n${stderr}`);
  } finally {
    client.close();
    await new Promise<void>((r) => {
      if (child.exitCode !== null) return r();
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        r();
      }, 3000);
      child.once("exit", () => {
        clearTimeout(timer);
        r();
      });
    });
    fs.rmSync(file, { force: true });
  }
}

function cpuRatio(a: KernelTimings, b: KernelTimings): number | undefined {
  return a.start_cpu_s !== undefined && b.start_cpu_s ? round(a.start_cpu_s / b.start_cpu_s, 2) : undefined;
}

/** Runs the benchmark. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const p = parseArgs(args, ["cells"], ["with-tslab"], { hints: { cells: "a number of cells, e.g. --cells 100" } });
  const cells = numberFlag(p, "cells", 500, { integer: true, min: 10 });
  const root = projectRoot();
  const cwd = fs.existsSync(path.join(root, "notebooks")) ? path.join(root, "notebooks") : root;
  const argv = kernelSpecFor(root).argv;
  const snapshot = fs.existsSync(snapshotBlobPath(root, process.env.NODE_OPTIONS));
  const dl4ds = await measure(argv, cwd, cells);
  const noSnapshot = await measure(argv, cwd, cells, { ...process.env, DL4DS_KERNEL_SNAPSHOT: "0" });
  const growth = (t: KernelTimings): number => round(t.cell_last10_median_ms / t.cell_first10_median_ms, 2);
  const result: Record<string, unknown> = {
    kernel: "dl4ds",
    snapshot,
    ...dl4ds,
    growth_ratio: growth(dl4ds),
    without_snapshot: { ...noSnapshot, growth_ratio: growth(noSnapshot) },
    start_ratio_vs_without_snapshot: round(dl4ds.start_to_first_result_s / noSnapshot.start_to_first_result_s, 2),
    start_cpu_ratio_vs_without_snapshot: cpuRatio(dl4ds, noSnapshot),
  };
  const goals: Record<string, boolean> = {
    start_le_1_s: dl4ds.start_to_first_result_s <= 1,
    cell_le_10_ms: dl4ds.cell_median_ms <= 10,
    no_growth: dl4ds.cell_last10_median_ms <= dl4ds.cell_first10_median_ms * 1.5 + 2,
  };
  if (p.flags.has("with-tslab")) {
    const tslabMain = path.join(root, "node_modules", "tslab", "bin", "tslab");
    // The reference over 100 cells: plain tslab stopped answering within 500 (our kernel's growth check needs them).
    const tslab = await measure([process.execPath, tslabMain, "kernel", "--config-path", "{connection_file}"], cwd, Math.min(cells, 100));
    result.tslab = { ...tslab, growth_ratio: growth(tslab) };
    result.start_ratio_vs_tslab = round(dl4ds.start_to_first_result_s / tslab.start_to_first_result_s, 2);
    result.start_cpu_ratio_vs_tslab = cpuRatio(dl4ds, tslab);
    goals.start_le_half_of_tslab = dl4ds.start_to_first_result_s <= tslab.start_to_first_result_s / 2;
  }
  result.goals = goals;
  return result;
}
