/**
 * `dl4ds bench widgets [--json] [--updates N]`: a slider drives `interact` over a 100 000-sample
 * histogram; the time from the frontend's comm_msg (a value change) to the kernel's update_display_data
 * with the new figure, median and p90 over N updates (each sent after the previous went idle, as
 * JupyterLab's widget manager does). Goal: median ≤ 100 ms.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KernelClient, writeConnectionFile } from "../../kernel/client";
import { projectRoot } from "../../config";
import { numberFlag, parseArgs } from "../args";

/** One line for `dl4ds bench --list`. */
export const summary = "slider comm_msg → update_display_data of a 100 000-sample histogram (median, p90 of 100)";

const CELL = [
  'import { FloatSlider, interact } from "dl4ds-diffusion/widgets";',
  'import { createRng, histogram } from "dl4ds-diffusion";',
  "const sigma = new FloatSlider({ value: 1, min: 0.5, max: 2, step: 0.01, description: \"σ\" });",
  "const ui = interact(({ sigma }) => {",
  "  const rng = createRng(6);",
  "  return histogram(rng.normals(100_000, 0, sigma), { binWidth: 0.05, range: [-3, 3], title: `σ = ${sigma.toFixed(2)}` });",
  "}, { sigma });",
  "ui",
].join("\n");

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

/** Runs the benchmark. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const updates = numberFlag(parseArgs(args, ["updates"]), "updates", 100, { integer: true, min: 10 });
  const root = projectRoot();
  const cwd = fs.existsSync(path.join(root, "notebooks")) ? path.join(root, "notebooks") : root;
  const { file, info } = await writeConnectionFile();
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "dist", "kernel", "main.js"), file], { cwd, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const client = new KernelClient(info);
  try {
    await client.waitForReady();
    const first = await client.execute(CELL);
    if (first.reply.content.status !== "ok") throw new Error(`the interact cell failed: ${JSON.stringify(first.reply.content)}`);
    const open = first.iopub.find((m) => m.header.msg_type === "comm_open" && (m.content.data as { state?: { _model_name?: string } }).state?._model_name === "FloatSliderModel");
    if (!open) throw new Error("the interact cell opened no FloatSlider comm");
    const commId = String(open.content.comm_id);
    const toUpdate: number[] = [];
    const toIdle: number[] = [];
    for (let k = 0; k < updates; k++) {
      const value = round(0.5 + ((k * 37) % 150) / 100, 2);
      const t0 = process.hrtime.bigint();
      let at: number | undefined;
      const r = await client.sendNoReply("comm_msg", { comm_id: commId, data: { method: "update", state: { value }, buffer_paths: [] } }, (m) => {
        if (m.header.msg_type === "update_display_data" && at === undefined) at = Number(process.hrtime.bigint() - t0) / 1e6;
      });
      toIdle.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (at === undefined) throw new Error(`update ${k} brought no update_display_data: ${r.iopub.map((m) => m.header.msg_type).join(", ")}`);
      toUpdate.push(at);
    }
    await client.request("shutdown_request", { restart: false }, "control", 10_000).catch(() => undefined);
    const med = median(toUpdate);
    return {
      what: "frontend comm_msg (slider value) → kernel update_display_data, interact over a 100 000-sample histogram (vega-lite, live bundle)",
      updates,
      median_ms: round(med),
      p90_ms: round(quantile(toUpdate, 0.9)),
      min_ms: round(Math.min(...toUpdate)),
      max_ms: round(Math.max(...toUpdate)),
      to_idle_median_ms: round(median(toIdle)),
      goal_median_le_100_ms: med <= 100,
      machine: { cpus: os.cpus().length, loadavg_1m: round(os.loadavg()[0], 2), node: process.version },
    };
  } catch (err) {
    throw new Error(`${(err as Error).message}\nkernel stderr:\n${stderr}`);
  } finally {
    client.close();
    if (child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      await exited;
    }
    fs.rmSync(file, { force: true });
  }
}
