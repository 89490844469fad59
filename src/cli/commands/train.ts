/**
 * `dl4ds train latent [--out DIR] [--epochs-autoencoder N] [--epochs-classifier N]
 *  [--epochs-denoiser N] [--epochs-superres N] [--epochs-noisy-classifier N] [--epochs-lowres N] [--seed N] [--no-eval]
 *  [--only denoiser [--from DIR]]`
 * Retrains every latent-diffusion model from scratch on datasets/mnist-10k.bin, measures quality
 * and writes the bundle (default: datasets/weights/, the shipped weights). With `--only denoiser` it
 * retrains just the class-conditional denoiser on the autoencoder of the bundle in --from (default:
 * the --out folder) and keeps the other models.
 */
import * as os from "os";
import { loadMnist } from "../../data/mnist";
import { evaluateLatentModels } from "../../pipelines/quality";
import { disposeLatentModels, saveLatentModels, shippedWeightsDir } from "../../models/latent/weightsBundle";
import { retrainGuidedDenoiser, trainLatentModels, TRAIN_LATENT_DEFAULTS, type LatentTrainingStage } from "../../training/trainLatentModels";
import { loadLatentModels } from "../../models/latent/weightsBundle";

/** One line for `dl4ds help`. */
export const summary = "retrain models from scratch: dl4ds train latent [--out DIR] [--epochs-denoiser N] [--no-eval]";

function usage(msg: string): number {
  process.stderr.write(`dl4ds train: ${msg}\nUsage: dl4ds train latent [--out DIR] [--epochs-autoencoder N] [--epochs-classifier N] [--epochs-denoiser N] [--epochs-superres N] [--epochs-noisy-classifier N] [--epochs-lowres N] [--seed N] [--no-eval] [--only denoiser [--from DIR]]\n`);
  return 2;
}

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  const [what, ...rest] = args;
  if (what !== "latent") return usage(`unknown target "${what ?? ""}" (known: latent).`);
  let out = shippedWeightsDir();
  let seed = TRAIN_LATENT_DEFAULTS.seed;
  let evaluate = true;
  let only: string | undefined;
  let from: string | undefined;
  const epochs = { ...TRAIN_LATENT_DEFAULTS.epochs };
  const stageOf: Record<string, LatentTrainingStage> = {
    "--epochs-autoencoder": "autoencoder",
    "--epochs-classifier": "classifier",
    "--epochs-denoiser": "denoiser",
    "--epochs-superres": "superRes",
    "--epochs-noisy-classifier": "noisyClassifier",
    "--epochs-lowres": "lowRes",
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === "--no-eval") evaluate = false;
    else if (a === "--out") out = rest[++i] ?? "";
    else if (a === "--seed") seed = Number(rest[++i]);
    else if (a === "--only") only = rest[++i];
    else if (a === "--from") from = rest[++i] ?? "";
    else if (a in stageOf) epochs[stageOf[a]] = Number(rest[++i]);
    else return usage(`unknown option "${a}".`);
  }
  if (!out) return usage("--out needs a folder.");
  if (only !== undefined && only !== "denoiser") return usage(`--only takes "denoiser" (the one model that can be retrained alone), got "${only ?? ""}".`);
  if (from !== undefined && only === undefined) return usage("--from is only used with --only denoiser.");
  if (from === "") return usage("--from needs a folder.");
  if (!Number.isInteger(seed)) return usage(`--seed needs an integer, got ${seed}.`);
  for (const [stage, n] of Object.entries(epochs)) if (!Number.isInteger(n) || n < 1) return usage(`epochs of ${stage} must be a positive integer, got ${n}.`);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const loadAtStart = os.loadavg().map((x) => x.toFixed(2)).join(" / ");
  let lastStage = "";
  const settings = {
    epochs,
    seed,
    log: (line: string) => process.stdout.write(`${line}\n`),
    onProgress: (stage: LatentTrainingStage, p: { step: number; totalSteps: number; loss: number }) => {
      if (stage !== lastStage || p.step === p.totalSteps || p.step % 50 === 0) {
        lastStage = stage;
        process.stdout.write(`  ${stage} step ${p.step}/${p.totalSteps} loss ${p.loss.toFixed(4)}\r`);
      }
    },
  };
  const models = only === "denoiser" ? await retrainGuidedDenoiser(await loadLatentModels(from ?? out), settings) : await trainLatentModels(settings);
  const load = os.loadavg().map((x) => x.toFixed(2)).join(" / ");
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(`\ntrained in ${((performance.now() - t0) / 1000).toFixed(1)} s (CPU time of all threads ${cpuSeconds.toFixed(0)} s); load average at the start ${loadAtStart}, at the end ${load} (1 / 5 / 15 min) on ${os.cpus().length} CPUs\n`);
  models.record.loadAverage = { start: loadAtStart, end: load };
  models.record.trainingCpuSeconds = cpuSeconds;
  if (evaluate) {
    const q = await evaluateLatentModels(models, loadMnist(), { n: 100 });
    models.record.quality = q;
    process.stdout.write(`quality: ${JSON.stringify(q)}\n`);
  }
  await saveLatentModels(models, out);
  disposeLatentModels(models);
  process.stdout.write(`saved to ${out}\n`);
  return 0;
}
