#!/usr/bin/env node
/**
 * Retrains every latent-diffusion model from scratch and overwrites datasets/weights/
 * (≈ 10 minutes on two free CPU cores). Builds the library first if dist/ is missing.
 * Extra arguments go to `dl4ds train latent` (e.g. --out /tmp/weights --epochs-denoiser 10).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
if (!fs.existsSync(path.join(root, "dist", "cli", "commands", "train.js"))) {
  const b = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const r = spawnSync(process.execPath, [path.join(root, "bin", "dl4ds.js"), "train", "latent", ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
