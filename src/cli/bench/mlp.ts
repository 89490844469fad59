/**
 * `dl4ds bench mlp [--json] [--steps N]`: training speed of the 1-D ε-network (z_t + 32-wide sinusoidal embedding →
 * 3 × 128 ReLU → 1, batch 1024, Adam, Algorithm 1 batches) with the TensorFlow.js backend in use, against the same
 * network in PyTorch on the CPU (scripts/bench/mlp_torch.py in .venv; torch is installed there under flock if
 * missing). Prints {"backend", "tfjsStepMs", "torchStepMs", "ratio" = tfjs/torch}; goal ratio ≤ 1.5.
 * PyTorch runs twice, with its default thread count and with one thread (its OpenMP threads spin and slow down
 * badly when the cores are busy); torchStepMs is the faster of the two, so the ratio never flatters tfjs.
 */
import * as path from "path";
import { backendInfo } from "../../backend";
import { createRng } from "../../random";
import { bookMixture, sampleMixture } from "../../diffusion";
import { createEps1dModel } from "../../models/eps1d";
import { ensurePython, runPythonJson } from "./1d";
import { projectRoot } from "../paths";

/** One line for `dl4ds bench --list`. */
export const summary = "1-D ε-network training step (3×128 MLP, batch 1024, Adam): tfjs vs PyTorch CPU";

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isSafeInteger(v) || v < 1) throw new Error(`bench mlp: ${name} needs a positive integer; got ${args[i + 1]}.`);
  return v;
}

/** Runs the benchmark. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const steps = option(args, "--steps", 300);
  const warmup = 20;
  const rng = createRng(0);
  const x = sampleMixture(bookMixture(), 100_000, rng);
  const model = createEps1dModel({ T: 100, beta: 0.01511, seed: 0 });
  let tfjsStepMs: number;
  try {
    await model.train(x, { rng, steps: warmup, reportEvery: warmup });
    const r = await model.train(x, { rng, steps, reportEvery: steps });
    tfjsStepMs = (r.seconds * 1000) / steps;
  } finally {
    model.dispose();
  }
  const python = ensurePython(["torch"], ["torch==2.13.0"]);
  const script = path.join(projectRoot, "scripts", "bench", "mlp_torch.py");
  const runs = [0, 1].map((threads) =>
    runPythonJson(python, script, ["--steps", String(steps), "--warmup", String(warmup), "--threads", String(threads)], 20 * 60 * 1000),
  );
  const torch = runs.reduce((best, r) => (Number(r.torchStepMs) < Number(best.torchStepMs) ? r : best));
  const torchStepMs = Number(torch.torchStepMs);
  return {
    backend: backendInfo().backend,
    tfjsStepMs: round(tfjsStepMs),
    torchStepMs: round(torchStepMs),
    ratio: round(tfjsStepMs / torchStepMs),
    steps,
    torchThreads: torch.threads,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
