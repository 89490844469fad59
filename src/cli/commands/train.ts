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
import { numberFlag, parseArgs, stringFlag } from "../args";
import { evaluateLatentModels } from "../../pipelines/quality";
import { disposeLatentModels, loadLatentModels, saveLatentModels, shippedWeightsDir } from "../../models/latent/weightsBundle";
import { retrainGuidedDenoiser, trainLatentModels, TRAIN_LATENT_DEFAULTS, type LatentTrainingStage } from "../../training/trainLatentModels";

/** One line for `dl4ds help`. */
export const summary = "retrain models from scratch: dl4ds train latent [--out DIR] [--epochs-denoiser N] [--no-eval] [--only denoiser]";

const USAGE =
  "Usage: dl4ds train latent [--out DIR] [--epochs-autoencoder N] [--epochs-classifier N] [--epochs-denoiser N] [--epochs-superres N] [--epochs-noisy-classifier N] [--epochs-lowres N] [--seed N] [--no-eval] [--only denoiser [--from DIR]]";

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
  /** "denoiser": retrain only the guided denoiser, on the other models of the bundle in `from`. */
  only?: "denoiser";
  /** The bundle whose other models `--only denoiser` keeps (default: `out`). */
  from?: string;
}

/** Parses `dl4ds train`'s arguments (target first); throws an Error that says what was wrong. */
export function parseTrainArgs(args: string[]): TrainArgs {
  const [what, ...rest] = args;
  if (what !== "latent") throw new Error(`unknown target "${what ?? ""}" (known: latent).`);
  const p = parseArgs(rest, ["out", "seed", "only", "from", ...Object.keys(STAGE_OF_OPTION)], ["no-eval"], {
    hints: { out: "a folder", from: "a weights folder, e.g. --from datasets/weights", only: "denoiser" },
  });
  if (p.positionals.length > 0) throw new Error(`unexpected argument "${p.positionals[0]}".`);
  const epochs = { ...TRAIN_LATENT_DEFAULTS.epochs };
  for (const [option, stage] of Object.entries(STAGE_OF_OPTION)) epochs[stage] = numberFlag(p, option, epochs[stage], { integer: true, min: 1 });
  const only = p.flags.has("only") ? stringFlag(p, "only", "") : undefined;
  if (only !== undefined && only !== "denoiser") throw new Error(`--only takes "denoiser" (the one model that can be retrained alone), got "${only}".`);
  const from = p.flags.has("from") ? stringFlag(p, "from", "") : undefined;
  if (from !== undefined && only === undefined) throw new Error("--from is only used with --only denoiser.");
  return {
    out: stringFlag(p, "out", shippedWeightsDir()),
    seed: numberFlag(p, "seed", TRAIN_LATENT_DEFAULTS.seed, { integer: true }),
    epochs,
    evaluate: !p.flags.has("no-eval"),
    ...(only ? { only } : {}),
    ...(from ? { from } : {}),
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
  const { out, seed, epochs, evaluate, only, from } = parsed;
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
