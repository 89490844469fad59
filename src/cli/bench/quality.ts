/**
 * `dl4ds bench quality [--json] [--n N] [--steps S] [--seed K]`: the sample-quality numbers of the
 * shipped weights (datasets/weights/), as the lessons compute them: Fréchet distances on the digit
 * classifier's features (unconditional samples and real digits against test digits), how often
 * guided samples show the requested digit (classifier-free guidance at w = 1 and 3, classifier
 * guidance), super-resolution vs bicubic PSNR, and the inpainting error on the kept pixels with and
 * without the final latent refinement beside the autoencoder's own error there.
 * Goals: fdUnconditional ≤ 30, cfgAccuracyW1 ≥ 0.9, cfgAccuracyW3 ≥ 0.97, classifierGuidanceAccuracy ≥ 0.8.
 */
import * as os from "os";
import { tf } from "../../backend";
import { loadMnist } from "../../data/mnist";
import { evaluateLatentModels } from "../../models/latent/quality";
import { disposeLatentModels, loadLatentModels } from "../../models/latent/weightsBundle";
import { numberFlag, parseArgs } from "../args";

/** One line for `dl4ds bench --list`. */
export const summary = "sample quality of the shipped latent models: FD, guided accuracy (CFG w = 1, 3; classifier guidance), SR and inpainting errors";

const round = (x: number, d = 4): number => Number(x.toFixed(d));

/** Runs the benchmark. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const p = parseArgs(args, ["n", "steps", "seed"]);
  const n = numberFlag(p, "n", 200, { integer: true, min: 1 });
  const steps = numberFlag(p, "steps", 50, { integer: true, min: 1 });
  const seed = numberFlag(p, "seed", 7, { integer: true });
  const models = await loadLatentModels();
  try {
    const t0 = performance.now();
    const q = await evaluateLatentModels(models, loadMnist(), { n, steps, seed });
    const out: Record<string, unknown> = { backend: tf.getBackend() };
    for (const [k, v] of Object.entries(q)) out[k] = Number.isInteger(v) ? v : round(v as number);
    out.seconds = round((performance.now() - t0) / 1000, 1);
    out.loadAverage1m = round(os.loadavg()[0], 2);
    return out;
  } finally {
    disposeLatentModels(models);
  }
}
