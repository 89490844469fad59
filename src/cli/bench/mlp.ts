/**
 * `dl4ds bench mlp [--json] [--steps N]`: training speed of the 1-D ε-network (z_t + 32-wide sinusoidal embedding →
 * 3 × 128 ReLU → 1, batch 1024, Adam, Algorithm 1 batches) with the TensorFlow.js backend in use, against the same
 * network in PyTorch on the CPU (scripts/bench/mlp_torch.py in .venv; torch is installed there under flock if
 * missing). Prints {"backend", "tfjsStepMs", "torchStepMs", "ratio" = tfjs/torch}; goal ratio ≤ 1.5.
 * Both sides run twice, with their default thread count and with one thread, and the faster of each counts
 * (PyTorch's OpenMP threads spin and slow down badly on busy cores; TensorFlow's pool costs more than it saves on
 * these small ops).
 * A second pair of numbers times the training step alone on one fixed batch (forward, backward, Adam; no batch
 * construction): {"tfjsFixedBatchStepMs", "torchFixedBatchStepMs", "fixedBatchRatio"}; goal ≤ 1.2, stretch ≤ 1.
 * On a busy machine wall times swing with the load between runs, so the one-thread runs also report CPU time per
 * step (the process's user + system time), whose ratio ("cpuRatioOneThread", "fixedBatchCpuRatioOneThread") the
 * load disturbs much less.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { backendInfo, deviceLabel } from "../../backend";
import { createRng } from "../../random";
import { bookMixture, sampleMixture } from "../../diffusion";
import { createEps1dModel, createEps1dParams, eps1dEmbeddingTable } from "../../models/eps1d";
import { FlatAdam } from "../../models/eps1d/flatAdam";
import { eps1dLossAndGrads } from "../../models/eps1d/network";
import { tf } from "../../backend";
import { ensurePython, runPythonJson } from "./1d";
import { projectRoot } from "../paths";
import { numberFlag, parseArgs } from "../args";

/** One line for `dl4ds bench --list`. */
export const summary = "1-D ε-network training step (3×128 MLP, batch 1024, Adam): tfjs vs PyTorch CPU";

/** Trains in this process and returns milliseconds per step (what a child run with --tfjs-only prints). */
async function tfjsStepMsHere(steps: number, warmup: number): Promise<{ ms: number; cpuMs: number }> {
  const rng = createRng(0);
  const x = sampleMixture(bookMixture(), 100_000, rng);
  const model = createEps1dModel({ T: 100, beta: 0.01511, seed: 0 });
  try {
    // Same work as the PyTorch script: Algorithm 1 batches and plain Adam, no weight averaging.
    const opts = { rng, reportEvery: steps, progress: false as const, emaDecay: 0 };
    await model.train(x, { ...opts, steps: warmup, reportEvery: warmup });
    const cpu = process.cpuUsage();
    const r = await model.train(x, { ...opts, steps });
    const used = process.cpuUsage(cpu);
    return { ms: (r.seconds * 1000) / steps, cpuMs: (used.user + used.system) / 1000 / steps };
  } finally {
    model.dispose();
  }
}

/** Milliseconds per training step on one fixed batch (built once, as the PyTorch script's --fixed-batch does). */
function tfjsFixedBatchStepMsHere(steps: number, warmup: number, batch = 1024): { ms: number; cpuMs: number } {
  const rng = createRng(0);
  const T = 100;
  const d = 32;
  const params = createEps1dParams({ embedDim: d, hidden: 128, layers: 3 }, rng);
  const weights = [...params.kernels, ...params.biases];
  const optimizer = new FlatAdam(weights, 2e-3);
  const table = eps1dEmbeddingTable(T, d);
  const input = new Float32Array(batch * (1 + d));
  const target = rng.fillNormal(new Float32Array(batch));
  for (let b = 0; b < batch; b++) {
    const t = 1 + Math.floor(rng.uniform() * T);
    input[b * (1 + d)] = rng.normal();
    input.set(table.subarray(t * d, t * d + d), b * (1 + d) + 1);
  }
  const xs = tf.tensor2d(input, [batch, 1 + d]);
  const ys = tf.tensor2d(target, [batch, 1]);
  try {
    const stepOnce = (): void => void optimizer.step(() => eps1dLossAndGrads(params, xs, ys), false);
    for (let i = 0; i < warmup; i++) stepOnce();
    weights[0].dataSync();
    const start = performance.now();
    const cpu = process.cpuUsage();
    for (let i = 0; i < steps; i++) stepOnce();
    weights[0].dataSync(); // the last update has landed
    const used = process.cpuUsage(cpu);
    return { ms: (performance.now() - start) / steps, cpuMs: (used.user + used.system) / 1000 / steps };
  } finally {
    xs.dispose();
    ys.dispose();
    optimizer.dispose();
    weights.forEach((w) => w.dispose());
  }
}

/**
 * TensorFlow's thread pool costs more than it saves on this network's small ops, so like PyTorch the tfjs side runs
 * twice, with TensorFlow's default intra-op threads and with one (TF_NUM_INTRAOP_THREADS=1, read when libtensorflow
 * starts, hence a child process each), and the faster counts.
 */
interface TfjsRun {
  ms: number;
  cpuMs: number;
  fixedMs: number;
  fixedCpuMs: number;
}

function tfjsStepMsInChild(steps: number, warmup: number, oneThread: boolean): TfjsRun {
  const env = { ...process.env };
  if (oneThread) env.TF_NUM_INTRAOP_THREADS = "1";
  else delete env.TF_NUM_INTRAOP_THREADS;
  const bin = path.join(projectRoot(), "bin", "dl4ds.js");
  const r = spawnSync(process.execPath, [bin, "bench", "mlp", "--tfjs-only", "--steps", String(steps), "--json"], { env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bench mlp: the tfjs run failed (exit ${r.status}): ${(r.stderr || "").trim().slice(-800)}`);
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as TfjsRun;
}

/** Runs the benchmark. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const p = parseArgs(args, ["steps"], ["tfjs-only"]);
  const steps = numberFlag(p, "steps", 300, { integer: true, min: 1 });
  const warmup = 20;
  if (p.flags.has("tfjs-only")) {
    const withBatches = await tfjsStepMsHere(steps, warmup);
    const fixed = tfjsFixedBatchStepMsHere(steps, warmup);
    const r: TfjsRun = { ms: withBatches.ms, cpuMs: withBatches.cpuMs, fixedMs: fixed.ms, fixedCpuMs: fixed.cpuMs };
    return { ...r };
  }
  const tfjsRuns = [false, true].map((oneThread) => ({ oneThread, ...tfjsStepMsInChild(steps, warmup, oneThread) }));
  const tfjs = tfjsRuns.reduce((best, r) => (r.ms < best.ms ? r : best));
  const tfjsFixed = tfjsRuns.reduce((best, r) => (r.fixedMs < best.fixedMs ? r : best));
  const python = ensurePython(["torch"], ["torch==2.13.0"]);
  const script = path.join(projectRoot(), "scripts", "bench", "mlp_torch.py");
  const torchRuns = (extra: string[]) =>
    [0, 1].map((threads) =>
      runPythonJson(python, script, ["--steps", String(steps), "--warmup", String(warmup), "--threads", String(threads), ...extra], 20 * 60 * 1000),
    );
  const fastest = (rs: Record<string, unknown>[]) => rs.reduce((best, r) => (Number(r.torchStepMs) < Number(best.torchStepMs) ? r : best));
  const torchRunsAll = torchRuns([]);
  const torchFixedRunsAll = torchRuns(["--fixed-batch"]);
  const torch = fastest(torchRunsAll);
  const torchFixed = fastest(torchFixedRunsAll);
  const torchStepMs = Number(torch.torchStepMs);
  const torchFixedMs = Number(torchFixed.torchStepMs);
  const [torchOne, torchFixedOne] = [torchRunsAll[1], torchFixedRunsAll[1]];
  return {
    backend: backendInfo().backend,
    device: deviceLabel(),
    tfjsStepMs: round(tfjs.ms),
    torchStepMs: round(torchStepMs),
    ratio: round(tfjs.ms / torchStepMs),
    steps,
    tfjsStepMsDefaultThreads: round(tfjsRuns[0].ms),
    tfjsStepMsOneThread: round(tfjsRuns[1].ms),
    tfjsThreads: tfjs.oneThread ? 1 : "default",
    torchThreads: torch.threads,
    tfjsFixedBatchStepMs: round(tfjsFixed.fixedMs),
    torchFixedBatchStepMs: round(torchFixedMs),
    fixedBatchRatio: round(tfjsFixed.fixedMs / torchFixedMs),
    tfjsFixedBatchThreads: tfjsFixed.oneThread ? 1 : "default",
    torchFixedBatchThreads: torchFixed.threads,
    tfjsStepCpuMsOneThread: round(tfjsRuns[1].cpuMs),
    torchStepCpuMsOneThread: round(Number(torchOne.torchStepCpuMs)),
    cpuRatioOneThread: round(tfjsRuns[1].cpuMs / Number(torchOne.torchStepCpuMs)),
    tfjsFixedBatchStepCpuMsOneThread: round(tfjsRuns[1].fixedCpuMs),
    torchFixedBatchStepCpuMsOneThread: round(Number(torchFixedOne.torchStepCpuMs)),
    fixedBatchCpuRatioOneThread: round(tfjsRuns[1].fixedCpuMs / Number(torchFixedOne.torchStepCpuMs)),
    goals: { fixedBatchRatio_le_1_2: tfjsFixed.fixedMs / torchFixedMs <= 1.2, fixedBatchRatio_le_1: tfjsFixed.fixedMs / torchFixedMs <= 1 },
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
