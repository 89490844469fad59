/**
 * `dl4ds train latent [--out DIR] [--epochs-autoencoder N] [--epochs-classifier N]
 *  [--epochs-denoiser N] [--epochs-superres N] [--epochs-noisy-classifier N] [--epochs-lowres N] [--seed N] [--no-eval]`
 * Retrains every latent-diffusion model from scratch on datasets/mnist-10k.bin, measures quality
 * and writes the bundle (default: datasets/weights/, the shipped weights).
 */
import { loadMnist } from "../../data/mnist";
import { evaluateLatentModels } from "../../pipelines/quality";
import { disposeLatentModels, saveLatentModels, shippedWeightsDir } from "../../models/latent/weightsBundle";
import { trainLatentModels, TRAIN_LATENT_DEFAULTS, type LatentTrainingStage } from "../../training/trainLatentModels";

/** One line for `dl4ds help`. */
export const summary = "retrain models from scratch: dl4ds train latent [--out DIR] [--epochs-denoiser N] [--no-eval]";

function usage(msg: string): number {
  process.stderr.write(`dl4ds train: ${msg}\nUsage: dl4ds train latent [--out DIR] [--epochs-autoencoder N] [--epochs-classifier N] [--epochs-denoiser N] [--epochs-superres N] [--epochs-noisy-classifier N] [--epochs-lowres N] [--seed N] [--no-eval]\n`);
  return 2;
}

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  const [what, ...rest] = args;
  if (what !== "latent") return usage(`unknown target "${what ?? ""}" (known: latent).`);
  let out = shippedWeightsDir();
  let seed = TRAIN_LATENT_DEFAULTS.seed;
  let evaluate = true;
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
    else if (a in stageOf) epochs[stageOf[a]] = Number(rest[++i]);
    else return usage(`unknown option "${a}".`);
  }
  if (!out) return usage("--out needs a folder.");
  const t0 = performance.now();
  let lastStage = "";
  const models = await trainLatentModels({
    epochs,
    seed,
    log: (line) => process.stdout.write(`${line}\n`),
    onProgress: (stage, p) => {
      if (stage !== lastStage || p.step === p.totalSteps || p.step % 50 === 0) {
        lastStage = stage;
        process.stdout.write(`  ${stage} step ${p.step}/${p.totalSteps} loss ${p.loss.toFixed(4)}\r`);
      }
    },
  });
  process.stdout.write(`\ntrained in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
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
