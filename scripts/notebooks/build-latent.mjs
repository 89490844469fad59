#!/usr/bin/env node
/**
 * Builds the latent-diffusion notebooks (notebooks/latent-*.ipynb) from scripts/notebooks/latent/*.nb.txt
 * with the same source format and writer as the 1-D lessons (build.mjs).
 *   node scripts/notebooks/build-latent.mjs           write them
 *   node scripts/notebooks/build-latent.mjs --check   exit 1 if a committed notebook differs from its source
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { buildNotebook, lessonSources, notebookText, parseSource, NOTEBOOKS_DIR, ROOT } from "./build.mjs";

const SOURCES = path.join(path.dirname(fileURLToPath(import.meta.url)), "latent");
const check = process.argv.includes("--check");
let stale = 0;
for (const { stem, file } of lessonSources(SOURCES)) {
  const cells = parseSource(fs.readFileSync(file, "utf8"), path.relative(ROOT, file));
  const text = notebookText(buildNotebook(cells, stem));
  const out = path.join(NOTEBOOKS_DIR, `${stem}.ipynb`);
  if (check) {
    if (!fs.existsSync(out) || fs.readFileSync(out, "utf8") !== text) {
      stale++;
      process.stdout.write(`${path.relative(ROOT, out)} is out of date: run node scripts/notebooks/build-latent.mjs\n`);
    }
    continue;
  }
  const tmp = `${out}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, out);
  process.stdout.write(`wrote ${path.relative(ROOT, out)} (${cells.length} cells)\n`);
}
process.exitCode = stale ? 1 : 0;
