/**
 * `dl4ds bench quality [--json] [--n N] [--seeds K] [--seed S] [--steps S] [--eta E] [--restoration-n R] [--weights DIR]`:
 * the sample-quality numbers of the latent weights (default the shipped ones, datasets/weights/), as
 * the lessons compute them, repeated for K seeds (S, S+1, …): Fréchet distances on the digit
 * classifier's features (unconditional samples, and real training digits as the floor, against the
 * same test digits), how often guided samples show the requested digit (classifier-free guidance at
 * w = 1 and 3, classifier guidance), super-resolution vs bicubic PSNR, and the inpainting error on the
 * kept pixels. Each number is reported as its mean over the seeds, with its standard deviation under
 * `sd` and every seed's report under `perSeed`.
 * Defaults: n = 1 000 samples and test digits per seed, 3 seeds, 50 DDIM steps, η = DEFAULT_SAMPLE_ETA (1); the
 * super-resolution and inpainting numbers on the first 200 of the test digits.
 * Goals: fdUnconditional ≤ 2 × fdRealReference, cfgAccuracyW1 ≥ 0.9, cfgAccuracyW3 ≥ 0.98,
 * classifierGuidanceAccuracy ≥ 0.9.
 */
import * as os from "os";
import * as path from "path";
import { tf } from "../../backend";
import { loadMnist } from "../../data/mnist";
import { evaluateLatentModels, type LatentQualityReport } from "../../pipelines/quality";
import { DEFAULT_SAMPLE_ETA } from "../../pipelines/tasks";
import { disposeLatentModels, loadLatentModels, shippedWeightsDir } from "../../models/latent/weightsBundle";
import { numberFlag, parseArgs, stringFlag } from "../args";

/** One line for `dl4ds bench --list`. */
export const summary = "sample quality of the latent models over 3 seeds (mean, sd): FD vs the real-digit floor, guided accuracy (CFG w = 1, 3; classifier guidance), SR and inpainting";

const round = (x: number, d = 4): number => Number(x.toFixed(d));

/** Mean and sample standard deviation of each numeric key over the reports. */
export function summariseReports(reports: Record<string, number>[]): { mean: Record<string, number>; sd: Record<string, number> } {
  if (reports.length < 1) throw new Error("summariseReports: needs at least one report.");
  const mean: Record<string, number> = {};
  const sd: Record<string, number> = {};
  for (const k of Object.keys(reports[0])) {
    const xs = reports.map((r) => r[k]);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    mean[k] = m;
    sd[k] = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  }
  return { mean, sd };
}

/** Keys that describe the run rather than measure it: the same for every seed. */
const SETTINGS = new Set(["n", "restorationN", "steps", "eta", "seed", "classifierGuidanceScale"]);

/** Runs the benchmark. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const p = parseArgs(args, ["n", "seeds", "seed", "steps", "eta", "restoration-n", "weights"], [], { hints: { weights: "a weights folder, e.g. --weights datasets/weights" } });
  if (p.positionals.length > 0) throw new Error(`dl4ds bench quality: unexpected argument "${p.positionals[0]}".`);
  const n = numberFlag(p, "n", 1000, { integer: true, min: 1 });
  const seedCount = numberFlag(p, "seeds", 3, { integer: true, min: 1 });
  const seed = numberFlag(p, "seed", 7, { integer: true });
  const steps = numberFlag(p, "steps", 50, { integer: true, min: 1 });
  const eta = numberFlag(p, "eta", DEFAULT_SAMPLE_ETA, { min: 0 });
  const restorationN = numberFlag(p, "restoration-n", Math.min(200, n), { integer: true, min: 1 });
  const weights = path.resolve(stringFlag(p, "weights", shippedWeightsDir()));
  const models = await loadLatentModels(weights);
  try {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const data = loadMnist();
    const seeds = Array.from({ length: seedCount }, (_, i) => seed + i);
    const perSeed: LatentQualityReport[] = [];
    for (const s of seeds) perSeed.push(await evaluateLatentModels(models, data, { n, steps, seed: s, eta, restorationN }));
    const measured = perSeed.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !SETTINGS.has(k))) as Record<string, number>);
    const { mean, sd } = summariseReports(measured);
    const out: Record<string, unknown> = { backend: tf.getBackend(), weights, n, restorationN, steps, eta, seeds, classifierGuidanceScale: perSeed[0].classifierGuidanceScale };
    for (const [k, v] of Object.entries(mean)) out[k] = round(v);
    out.sd = Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, round(v)]));
    out.perSeed = measured.map((r, i) => ({ seed: seeds[i], ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)])) }));
    out.seconds = round((performance.now() - t0) / 1000, 1);
    // CPU time of this process (all its threads): on a shared machine it says what the run costs, wall time does not.
    const cpu = process.cpuUsage(cpu0);
    out.cpuSeconds = round((cpu.user + cpu.system) / 1e6, 1);
    out.loadAverage1m = round(os.loadavg()[0], 2);
    return out;
  } finally {
    disposeLatentModels(models);
  }
}
