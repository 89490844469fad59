/**
 * `dl4ds sample --out DIR [--n N] [--method cfg|classifier|unconditional] [--guidance W] [--class D]
 *  [--seed S] [--steps K] [--eta E] [--weights DIR]`: generates digits with the latent models
 * (default the shipped ones) and writes
 *   DIR/samples.npy   float32 N×28×28, values in [0, 1] (NumPy's .npy format),
 *   DIR/labels.json   the requested digit of each sample (null when unconditional),
 *   DIR/grid.png      the samples as one image grid.
 * The requested digits are 0, 1, …, 9, 0, … (or all D with --class D). Files are written under
 * temporary names and renamed, so DIR never holds a half-written result.
 */
import * as fs from "fs";
import * as path from "path";
import { encodeNpyFloat32 } from "../../data/npy";
import { numberFlag, parseArgs, stringFlag } from "../args";
import { prepareGrid } from "../../figures/images/imageGrid";
import { DEFAULT_SAMPLE_ETA, sampleDigits } from "../../pipelines/tasks";
import { CLASSIFIER_GUIDANCE_SCALE } from "../../pipelines/quality";
import { disposeLatentModels, loadLatentModels, shippedWeightsDir } from "../../models/latent/weightsBundle";

/** One line for `dl4ds help`. */
export const summary = "generate digits: dl4ds sample --out DIR [--n N] [--method cfg|classifier|unconditional] [--guidance W] [--seed S] [--steps K]";

const USAGE =
  "Usage: dl4ds sample --out DIR [--n N] [--method cfg|classifier|unconditional] [--guidance W] [--class D] [--seed S] [--steps K] [--eta E] [--weights DIR]\n" +
  "  writes DIR/samples.npy (float32 N×28×28 in [0, 1]), DIR/labels.json and DIR/grid.png.\n" +
  `  defaults: --n 16 --method cfg --guidance 3 (classifier: 10) --seed 0 --steps 50 --eta ${DEFAULT_SAMPLE_ETA}; digits 0…9 in turn.`;

/** A parsed `dl4ds sample` request. */
export interface SampleRequest {
  out: string;
  n: number;
  method: "cfg" | "classifier" | "unconditional";
  guidance: number;
  digit: number | null;
  seed: number;
  steps: number;
  eta: number;
  weights: string;
}

/** Parses and checks the arguments; throws an Error saying what is wrong and how to fix it. */
export function parseSampleArgs(args: string[]): SampleRequest {
  const p = parseArgs(args, ["out", "n", "method", "guidance", "class", "seed", "steps", "eta", "weights"], [], {
    hints: { out: "a folder (for samples.npy, labels.json and grid.png)", weights: "a weights folder, e.g. --weights datasets/weights" },
  });
  if (p.positionals.length > 0) throw new Error(`unexpected argument "${p.positionals[0]}".`);
  if (!p.flags.has("out")) throw new Error("--out DIR is required (the folder for samples.npy, labels.json and grid.png).");
  const method = stringFlag(p, "method", "cfg");
  if (method !== "cfg" && method !== "classifier" && method !== "unconditional") throw new Error(`--method must be cfg, classifier or unconditional, got "${method}".`);
  if (method === "unconditional" && p.flags.has("guidance")) throw new Error("--guidance has no effect with --method unconditional; leave it out (or use --method cfg).");
  if (method === "unconditional" && p.flags.has("class")) throw new Error("--class has no effect with --method unconditional; use --method cfg or classifier to request a digit.");
  return {
    out: path.resolve(stringFlag(p, "out", "")),
    n: numberFlag(p, "n", 16, { integer: true, min: 1, max: 10000 }),
    method,
    guidance: numberFlag(p, "guidance", method === "classifier" ? CLASSIFIER_GUIDANCE_SCALE : 3, { min: -100, max: 100 }),
    digit: p.flags.has("class") ? numberFlag(p, "class", 0, { integer: true, min: 0, max: 9 }) : null,
    seed: numberFlag(p, "seed", 0, { integer: true, min: 0 }),
    steps: numberFlag(p, "steps", 50, { integer: true, min: 1, max: 1000 }),
    eta: numberFlag(p, "eta", DEFAULT_SAMPLE_ETA, { min: 0, max: 1 }),
    weights: path.resolve(stringFlag(p, "weights", shippedWeightsDir())),
  };
}

/** Writes `files` into `dir` without ever leaving a half-written file there. */
function writeFilesAtomically(dir: string, files: Record<string, Buffer | string>): void {
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(dir)}.tmp-`));
  try {
    for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(staging, name), data);
    if (!fs.existsSync(dir)) {
      fs.renameSync(staging, dir);
      return;
    }
    if (!fs.statSync(dir).isDirectory()) throw new Error(`--out ${dir} exists and is not a folder.`);
    for (const name of Object.keys(files)) fs.renameSync(path.join(staging, name), path.join(dir, name));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Samples as the request says and writes the three files; returns the folder. */
export async function sampleToFolder(r: SampleRequest): Promise<string> {
  const models = await loadLatentModels(r.weights);
  try {
    const labels = r.method === "unconditional" ? new Array<null>(r.n).fill(null) : Array.from({ length: r.n }, (_, i) => r.digit ?? i % 10);
    const classes = r.method === "unconditional" ? undefined : Int32Array.from(labels as number[]);
    const images = await sampleDigits(models, {
      n: r.n,
      classes,
      method: r.method === "classifier" ? "classifier" : "cfg",
      guidance: r.guidance,
      seed: r.seed,
      steps: r.steps,
      eta: r.eta,
    });
    const values = Float32Array.from(images.dataSync(), (v) => Math.min(1, Math.max(0, v)));
    images.dispose();
    const [h, w] = [models.autoencoder.config.imageSize, models.autoencoder.config.imageSize];
    const grid = prepareGrid("dl4ds sample", { data: values, shape: [r.n, h, w, 1] }, { cols: Math.min(r.n, 10), range: [0, 1] });
    writeFilesAtomically(r.out, {
      "samples.npy": encodeNpyFloat32(values, [r.n, h, w]),
      "labels.json": JSON.stringify(labels) + "\n",
      "grid.png": grid.png,
    });
    return r.out;
  } finally {
    disposeLatentModels(models);
  }
}

/** Runs the command. */
export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let request: SampleRequest;
  try {
    request = parseSampleArgs(args);
  } catch (e) {
    process.stderr.write(`dl4ds sample: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const dir = await sampleToFolder(request);
  const what = request.method === "unconditional" ? "unconditional" : `${request.method}, guidance ${request.guidance}`;
  process.stdout.write(`wrote ${request.n} samples (${what}, seed ${request.seed}, ${request.steps} steps) to ${dir}: samples.npy, labels.json, grid.png\n`);
  return 0;
}
