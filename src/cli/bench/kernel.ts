/**
 * `dl4ds bench kernel [--json] [--cells N] [--with-tslab]`: the dl4ds kernel's start-up time (process
 * start → first result of a cell that imports the library) and the per-cell overhead of a trivial
 * cell (median over N cells, each declaring a new variable so a growing declaration history shows;
 * first-10 vs last-10 medians). Goals on 2-core machines: start ≤ 2.5 s, cell ≤ 30 ms, no growth.
 * --with-tslab measures plain tslab the same way, as a reference on the same machine.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KernelClient, writeConnectionFile } from "../../kernel/client";
import { projectRootOfBuild } from "../../kernel/kernelspec";

/** One line for `dl4ds bench --list`. */
export const summary = "kernel start → first result with the library imported, and per-cell overhead (median of 100)";

/** Timings of one kernel. */
export interface KernelTimings {
  start_to_ready_s: number;
  start_to_first_result_s: number;
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

async function measure(argv: string[], cwd: string, cells: number): Promise<KernelTimings> {
  const { file, info } = await writeConnectionFile();
  const t0 = process.hrtime.bigint();
  const seconds = (): number => Number(process.hrtime.bigint() - t0) / 1e9;
  const child: ChildProcess = spawn(process.execPath, [...argv, file], { cwd, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const client = new KernelClient(info);
  try {
    await client.waitForReady();
    const ready = seconds();
    const first = await client.execute('import * as dl4ds from "dl4ds-diffusion";\nObject.keys(dl4ds).length');
    const firstResult = seconds();
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

/** Runs the benchmark. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  let cells = 100;
  const i = args.indexOf("--cells");
  if (i >= 0) {
    cells = Number(args[i + 1]);
    if (!Number.isInteger(cells) || cells < 10) throw new Error("--cells takes an integer ≥ 10, e.g. --cells 100");
  }
  const root = projectRootOfBuild();
  const cwd = fs.existsSync(path.join(root, "notebooks")) ? path.join(root, "notebooks") : root;
  const dl4ds = await measure([path.join(root, "dist", "kernel", "main.js")], cwd, cells);
  const result: Record<string, unknown> = {
    kernel: "dl4ds",
    ...dl4ds,
    growth_ratio: round(dl4ds.cell_last10_median_ms / dl4ds.cell_first10_median_ms, 2),
    goals: {
      start_le_2_5_s: dl4ds.start_to_first_result_s <= 2.5,
      cell_le_30_ms: dl4ds.cell_median_ms <= 30,
      no_growth: dl4ds.cell_last10_median_ms <= dl4ds.cell_first10_median_ms * 1.5 + 2,
    },
    machine: { cpus: os.cpus().length, loadavg_1m: round(os.loadavg()[0], 2), node: process.version },
  };
  if (args.includes("--with-tslab")) {
    const tslabMain = path.join(root, "node_modules", "tslab", "bin", "tslab");
    result.tslab = await measure([tslabMain, "kernel", "--config-path"], cwd, cells);
  }
  return result;
}
