/**
 * Saving and loading models in tfjs's own format (model.json + weights.bin) through the file://
 * handler of tfjs-node. Saves go to a temporary folder that is renamed into place, so a crash
 * never leaves a half-written model.
 */
import * as fs from "fs";
import * as path from "path";
import { tf } from "../backend";
import type { LayersModel } from "@tensorflow/tfjs";
import "./attention"; // registers the custom layers before any model is deserialised
import "./channelNorm";

/** Saves `model` into folder `dir` (created; replaced whole if it exists). */
export async function saveLayersModel(model: LayersModel, dir: string): Promise<void> {
  if (!model || typeof (model as LayersModel).save !== "function") throw new Error("saveLayersModel: expected a tfjs LayersModel.");
  if (typeof dir !== "string" || dir.length === 0) throw new Error("saveLayersModel: dir must be a non-empty path.");
  const target = path.resolve(dir);
  const tmp = `${target}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await model.save(`file://${tmp}`);
  const old = `${target}.old-${process.pid}`;
  if (fs.existsSync(target)) fs.renameSync(target, old);
  fs.renameSync(tmp, target);
  fs.rmSync(old, { recursive: true, force: true });
}

/** Loads a model saved by `saveLayersModel` (or any tfjs LayersModel folder). */
export async function loadLayersModel(dir: string): Promise<LayersModel> {
  const file = path.join(path.resolve(dir), "model.json");
  if (!fs.existsSync(file)) throw new Error(`loadLayersModel: ${file} not found. Retrain (scripts/train/train-all.ts) or restore datasets/weights/.`);
  return tf.loadLayersModel(`file://${file}`);
}
