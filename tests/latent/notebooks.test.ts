import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";

const root = path.join(__dirname, "..", "..");
const names = ["latent-1-why-latents", "latent-2-autoencoder", "latent-3-ddpm-ddim", "latent-4-guidance", "latent-5-inpainting", "latent-6-super-resolution", "latent-7-more-conditioning"];

describe("latent notebooks", () => {
  it("are built from their sources (scripts/notebooks/latent) and up to date", () => {
    const r = spawnSync(process.execPath, [path.join(root, "scripts", "notebooks", "build-latent.mjs"), "--check"], { cwd: root, encoding: "utf8" });
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  });

  it("use the dl4ds kernel, have cleared outputs, unique grade ids and a test cell after every solution cell", () => {
    for (const name of names) {
      const nb = JSON.parse(fs.readFileSync(path.join(root, "notebooks", `${name}.ipynb`), "utf8"));
      expect(nb.nbformat).toBe(4);
      expect(nb.nbformat_minor).toBe(5);
      expect(nb.metadata.kernelspec).toEqual({ name: "dl4ds", display_name: "TypeScript (dl4ds)", language: "typescript" });
      const ids = new Set<string>();
      nb.cells.forEach((cell: { cell_type: string; outputs?: unknown[]; metadata: { nbgrader?: { grade_id: string; solution: boolean } } }, i: number) => {
        if (cell.cell_type === "code") expect(cell.outputs).toEqual([]);
        const g = cell.metadata.nbgrader;
        if (!g) return;
        expect(ids.has(g.grade_id)).toBe(false);
        ids.add(g.grade_id);
        if (g.solution) expect(nb.cells[i + 1].metadata.nbgrader?.solution).toBe(false);
      });
    }
  });

  it("load the shipped weights unless DL4DS_RETRAIN=1", () => {
    for (const name of names) {
      const text = fs.readFileSync(path.join(root, "notebooks", `${name}.ipynb`), "utf8");
      expect(text).toContain('process.env.DL4DS_RETRAIN === \\"1\\"');
      expect(text).toContain("loadLatentModels()");
    }
  });
});
