/**
 * `dl4ds bench 1d [--json] [--vs-numpy] [--n N] [--seed S]`: the 1-D lessons' work at the book's sizes —
 * forward process 100 steps on 100 000 samples; 100 mean models and 100 ε models trained on 100 000 samples each;
 * 100 000 samples drawn with the mean model, the ε model, DDIM 100 steps (σ = 0.001) and DDIM 20 steps (σ = 0.11)
 * — timed, with each sampler's histogram TV. Beside them (untimed) the TVs of three samplers run with the exact ε
 * predictor of the mixture instead of a trained model (oracle*TV, mean over seeds 1–3 at the same n): what the best
 * possible model scores with that sampler, so the gap to the model's TV is the model's error. With --vs-numpy the same work runs with numpy/scipy as the book's
 * notebooks do it (scripts/bench/diffusion1d_numpy.py in .venv) and the ratio ours/numpy is reported (goal ≤ 1/4).
 * OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which some machines set and which make OpenBLAS pick slower kernels, are
 * removed from the numpy side's environment only (reported as numpyUnsetEnv); numpyBlas says which BLAS and which
 * kernel (threadpoolctl's "architecture") numpy ran.
 */
import { spawnSync } from "child_process";
import { projectRoot } from "../paths";
import { numberFlag, optionalNumberFlag, parseArgs } from "../args";
import * as fs from "fs";
import * as path from "path";
import { createRng, defaultSeed } from "../../random";
import {
  bookMixture, exactEpsModels, forwardProcess, histogramTV, sampleDdim, sampleEps, sampleMean, sampleMixture, trainEpsModels, trainMeanModels,
} from "../../diffusion";

/** Settings that make a current numpy's OpenBLAS run slower kernels; unset for the numpy side only. */
const SLOW_OPENBLAS_SETTINGS = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"];

/** One line for `dl4ds bench --list`. */
export const summary = "1-D diffusion at the book's sizes (forward, 200 lookup models, 4 samplers, and 3 with the exact predictor); --vs-numpy compares with numpy/scipy";

/** The project's Python (.venv/bin/python), with `modules` importable: installs `packages` under flock if missing. */
export function ensurePython(modules: string[], packages: string[]): string {
  const root = projectRoot();
  const python = path.join(root, ".venv", "bin", "python");
  if (!fs.existsSync(python)) throw new Error(`bench: ${python} not found; create it with \`python3 -m venv .venv\` (npm run setup does).`);
  const probe = () => spawnSync(python, ["-c", `import ${modules.join(", ")}`], { encoding: "utf8" }).status === 0;
  if (probe()) return python;
  const pip = spawnSync("flock", ["/tmp/pip.lock", python, "-m", "pip", "install", "--quiet", ...packages], { encoding: "utf8" });
  if (pip.status !== 0 || !probe()) {
    throw new Error(`bench: could not install ${packages.join(" ")} into .venv: ${(pip.stderr || pip.stdout || "").trim().slice(-500)}`);
  }
  return python;
}

/** Runs a Python script that prints one JSON object on its last stdout line, and returns that object. */
export function runPythonJson(python: string, script: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const r = spawnSync(python, [script, ...args], { encoding: "utf8", timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env });
  if (r.status !== 0) throw new Error(`bench: ${path.basename(script)} failed (exit ${r.status}): ${(r.stderr || "").trim().slice(-800)}`);
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

/** Runs the benchmark. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const p = parseArgs(args, ["n", "seed"], ["vs-numpy"]);
  const n = numberFlag(p, "n", 100_000, { integer: true, min: 1 });
  const seed = optionalNumberFlag(p, "seed", { integer: true }) ?? defaultSeed();
  const T = 100;
  const beta = 0.01511;
  const mix = bookMixture();
  const rng = createRng(seed);

  const start = performance.now();
  // 18.1: forward process, all T + 1 rows kept (as the book's notebook does)
  forwardProcess(sampleMixture(mix, n, rng), T, beta, rng);
  // 18.2 and 18.3: one lookup model per step, each on its own 100 000 training samples
  const meanModels = trainMeanModels(sampleMixture(mix, n, rng), T, beta, rng);
  const epsModels = trainEpsModels(sampleMixture(mix, n, rng), T, beta, rng);
  // sampling, keeping all rows as the book's sample() functions do
  const keepTrajectories = true;
  const decoder = sampleMean(meanModels, T, 0.12288, n, rng, { keepTrajectories }).samples;
  const reparam = sampleEps(epsModels, T, beta, 0.12288, n, rng, { keepTrajectories }).samples;
  const ddim100 = sampleDdim(epsModels, T, beta, { sigma: 0.001, keepTrajectories }, n, rng).samples;
  // 18.4's accelerated sampler: 20 quadratically spaced steps whose last jump lands on α₁ with its noise
  const ddim20 = sampleDdim(epsModels, T, beta, { sigma: 0.12288, steps: 20, spacing: "quadratic", keepTrajectories }, n, rng).samples;
  const seconds = (performance.now() - start) / 1000;

  const result: Record<string, unknown> = {
    seconds: round(seconds, 3),
    decoderTV: round(histogramTV(decoder, mix), 4),
    reparamTV: round(histogramTV(reparam, mix), 4),
    ddim100TV: round(histogramTV(ddim100, mix), 4),
    ddim20TV: round(histogramTV(ddim20, mix), 4),
    ...oracleTVs(n),
  };
  if (p.flags.has("vs-numpy")) {
    const python = ensurePython(["numpy", "scipy", "threadpoolctl"], ["numpy", "scipy", "threadpoolctl"]);
    const script = path.join(projectRoot(), "scripts", "bench", "diffusion1d_numpy.py");
    const env = { ...process.env };
    const unset: Record<string, string | null> = {};
    for (const k of SLOW_OPENBLAS_SETTINGS) {
      unset[k] = env[k] ?? null;
      delete env[k];
    }
    const np = runPythonJson(python, script, ["--seed", String(seed), "--n", String(n)], 20 * 60 * 1000, env);
    const numpySeconds = Number(np.seconds);
    result.numpySeconds = round(numpySeconds, 3);
    result.ratio = round(seconds / numpySeconds, 4);
    result.numpyBlas = np.blas;
    result.numpyUnsetEnv = unset;
    result.goals = { ratio_le_quarter: seconds / numpySeconds <= 0.25 };
  }
  return result;
}

/** The TVs of the ε samplers above with the exact predictor E[ε | z_t] of the mixture, each the mean over seeds 1–3. */
function oracleTVs(n: number): Record<string, number> {
  const T = 100;
  const beta = 0.01511;
  const mix = bookMixture();
  const exact = exactEpsModels(mix, T, beta);
  const seeds = [1, 2, 3];
  const meanTV = (draw: (seed: number) => Float64Array) => round(seeds.reduce((s, seed) => s + histogramTV(draw(seed), mix), 0) / seeds.length, 4);
  return {
    oracleDdpmTV: meanTV((seed) => sampleEps(exact, T, beta, 0.12288, n, createRng(seed)).samples),
    oracleDdim100TV: meanTV((seed) => sampleDdim(exact, T, beta, { sigma: 0.001 }, n, createRng(seed)).samples),
    oracleDdim20TV: meanTV((seed) => sampleDdim(exact, T, beta, { sigma: 0.12288, steps: 20, spacing: "quadratic" }, n, createRng(seed)).samples),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
