/**
 * `dl4ds train latent [--out DIR] [--epochs-autoencoder N] [--epochs-classifier N]
 *  [--epochs-denoiser N] [--epochs-superres N] [--epochs-noisy-classifier N] [--epochs-lowres N] [--seed N] [--no-eval]`
 * Retrains every latent-diffusion model from scratch on datasets/mnist-10k.bin, measures quality
 * and writes the bundle (default: datasets/weights/, the shipped weights).
 */
import { loadMnist } from "../../data/mnist";
import { numberFlag, parseArgs, stringFlag } from "../args";
import { evaluateLatentModels } from "../../models/latent/quality";
import { disposeLatentModels, saveLatentModels, shippedWeightsDir } from "../../models/latent/weightsBundle";
import { trainLatentModels, TRAIN_LATENT_DEFAULTS, type LatentTrainingStage } from "../../training/trainLatentModels";

/** One line for `dl4ds help`. */
export const summary = "retrain models from scratch: dl4ds train latent [--out DIR] [--epochs-denoiser N] [--no-eval]";

const USAGE =
  "Usage: dl4ds train latent [--out DIR] [--epochs-autoencoder N] [--epochs-classifier N] [--epochs-denoiser N] [--epochs-superres N] [--epochs-noisy-classifier N] [--epochs-lowres N] [--seed N] [--no-eval]";

const STAGE_OF_OPTION: Record<string, LatentTrainingStage> = {
  "epochs-autoencoder": "autoencoder",
  "epochs-classifier": "classifier",
  "epochs-denoiser": "denoiser",
  "epochs-superres": "superRes",
  "epochs-noisy-classifier": "noisyClassifier",
  "epochs-lowres": "lowRes",
};

/** What `dl4ds train latent` was asked to do. */
export interface TrainArgs {
  out: string;
  seed: number;
  epochs: Record<LatentTrainingStage, number>;
  evaluate: boolean;
}

/** Parses `dl4ds train`'s arguments (target first); throws an Error that says what was wrong. */
export function parseTrainArgs(args: string[]): TrainArgs {
  const [what, ...rest] = args;
  if (what !== "latent") throw new Error(`unknown target "${what ?? ""}" (known: latent).`);
  const p = parseArgs(rest, ["out", "seed", ...Object.keys(STAGE_OF_OPTION)], ["no-eval"], { hints: { out: "a folder" } });
  if (p.positionals.length > 0) throw new Error(`unexpected argument "${p.positionals[0]}".`);
  const epochs = { ...TRAIN_LATENT_DEFAULTS.epochs };
  for (const [option, stage] of Object.entries(STAGE_OF_OPTION)) epochs[stage] = numberFlag(p, option, epochs[stage], { integer: true, min: 1 });
  return {
    out: stringFlag(p, "out", shippedWeightsDir()),
    seed: numberFlag(p, "seed", TRAIN_LATENT_DEFAULTS.seed, { integer: true }),
    epochs,
    evaluate: !p.flags.has("no-eval"),
  };
}

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let parsed: TrainArgs;
  try {
    parsed = parseTrainArgs(args);
  } catch (err) {
    process.stderr.write(`dl4ds train: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { out, seed, epochs, evaluate } = parsed;
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
