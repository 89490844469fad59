/**
 * The lessons run headlessly through the dl4ds kernel (`dl4ds run`, as `npm run notebooks` does) with no error and
 * no stderr output, and their HTML export (`jupyter nbconvert --to html`) shows every figure as an image. The 1-D
 * lessons' markdown states facts about the numbers printed right above it; those facts are checked here on the run.
 * DL4DS_LESSONS=18. (a comma-separated list of name prefixes) runs only the matching lessons.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { figureProblems, type Spec } from "../support/figure-problems";

const root = path.resolve(__dirname, "..", "..");
const only = (process.env.DL4DS_LESSONS ?? "").split(",").map((p) => p.trim()).filter((p) => p !== "");
const lessons = fs.readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb") && (only.length === 0 || only.some((p) => f.startsWith(p)))).sort();
const out = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-lessons-"));

interface Summary {
  [notebook: string]: { ok: boolean; seconds: number; cells: number; figures: number; error: { name: string; message: string; cell: number } | null };
}
interface Output {
  output_type: string;
  name?: string;
  data?: Record<string, unknown>;
}
interface Notebook {
  cells: { cell_type: string; outputs?: Output[] }[];
}

/** Every output of the executed lesson as text: printed lines, tables (Markdown) and figure descriptions. */
function outputTexts(lesson: string): string[] {
  const nb = JSON.parse(fs.readFileSync(path.join(out, lesson), "utf8")) as Notebook;
  const join = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));
  return nb.cells.flatMap((c) => c.outputs ?? []).map((o) => (o.output_type === "stream" ? join((o as { text?: unknown }).text) : join(o.data?.["text/markdown"] ?? o.data?.["text/plain"])));
}

/** The rows of the numbersTable whose title contains `title`, as arrays of cells. */
function tableRows(texts: string[], title: string): string[][] {
  const table = texts.find((t) => t.startsWith("**") && t.includes(title));
  if (!table) throw new Error(`no table titled "${title}" in the outputs`);
  return table.split("\n").filter((l) => l.startsWith("|")).slice(2).map((l) => l.slice(1, -1).split(" | ").map((c) => c.trim()));
}

/** The number in the row whose first cell contains `row`, column `col` (0 = the row's name). */
function cellOf(rows: string[][], row: string, col: number): number {
  const r = rows.find((cells) => cells[0].includes(row));
  if (!r) throw new Error(`no row "${row}" in ${JSON.stringify(rows)}`);
  return Number(r[col]);
}

let summary: Summary;
let runOutput = "";

beforeAll(async () => {
  // Asynchronous, so the test worker stays responsive while the lessons run (minutes).
  const paths = only.length ? lessons.map((l) => path.join("notebooks", l)) : [];
  const child = spawn(process.execPath, [path.join(root, "bin", "dl4ds.js"), "run", ...paths, "--out", out, "--timeout", "600"], {
    cwd: root,
    env: { ...process.env, CI: "1" },
  });
  child.stdout.on("data", (d) => (runOutput += d));
  child.stderr.on("data", (d) => (runOutput += d));
  await new Promise((resolve) => child.on("close", resolve));
  const file = path.join(out, "summary.json");
  if (!fs.existsSync(file)) throw new Error(`dl4ds run wrote no summary.json:\n${runOutput}`);
  summary = JSON.parse(fs.readFileSync(file, "utf8")) as Summary;
}, 3_600_000);

describe("the lessons, run headlessly", () => {
  it("found lessons to run", () => {
    expect(lessons.length).toBeGreaterThanOrEqual(only.length ? 1 : 5);
    expect(Object.keys(summary).length).toBe(lessons.length);
  });

  for (const lesson of lessons) {
    describe(lesson, () => {
      const key = `notebooks/${lesson}`;
      const base = lesson.replace(/\.ipynb$/, "");

      it("runs every cell without an error", () => {
        const entry = summary[key];
        expect(entry, `summary entry for ${key}\n${runOutput}`).toBeDefined();
        expect(entry.error, JSON.stringify(entry.error)).toBeNull();
        expect(entry.ok).toBe(true);
      });

      it("writes nothing to stderr and shows its figures", () => {
        const nb = JSON.parse(fs.readFileSync(path.join(out, lesson), "utf8")) as Notebook;
        const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
        const stderr = outputs.filter((o) => o.output_type === "stream" && o.name === "stderr");
        expect(stderr, "stderr outputs").toEqual([]);
        expect(outputs.filter((o) => o.output_type === "error")).toEqual([]);
        const figures = outputs.filter((o) => o.data && ("image/png" in o.data || "image/svg+xml" in o.data));
        expect(figures.length).toBeGreaterThan(0);
        expect(summary[key].figures).toBe(figures.length);
      });

      it("no figure clips its own data, and every axis has a real title", () => {
        const nb = JSON.parse(fs.readFileSync(path.join(out, lesson), "utf8")) as Notebook;
        const specs = nb.cells.flatMap((c) => c.outputs ?? []).map((o) => o.data?.["application/vnd.vegalite.v5+json"]).filter((v) => v !== undefined);
        for (const spec of specs) expect(figureProblems(spec as Spec), lesson).toEqual([]);
      });

      if (lesson.startsWith("18.4")) {
        it("shows what its text says: DDIM's gap to DDPM and the 20 steps' cost stay with the exact predictor, the η ordering does not", () => {
          const texts = outputTexts(lesson);
          const first = tableRows(texts, "noise left in z₁");
          const ddimExact = cellOf(first, "DDIM σ = 0.001", 2);
          const ddpmExact = cellOf(first, "DDPM σ_t = 0.12288", 2);
          const floor = cellOf(first, "perfect samples of z₁", 2);
          expect(ddimExact).toBeGreaterThan(ddpmExact + 0.02); // "still far worse than DDPM"
          expect(ddimExact).toBeGreaterThan(floor); // "DDIM lands a little above" the floor of correct z₁ samples
          expect(floor).toBeGreaterThan(ddpmExact + 0.02);
          const fast = tableRows(texts, "Five times fewer steps");
          expect(Math.abs(cellOf(fast, "accelerated", 1) - cellOf(fast, "DDPM", 1))).toBeLessThan(0.015); // "about as well" with the tables
          expect(cellOf(fast, "accelerated", 2)).toBeGreaterThan(cellOf(fast, "DDPM", 2) + 0.015); // "clearly behind" with the exact predictor
          expect(cellOf(fast, "accelerated", 2)).toBeLessThan(floor); // "a little below perfect samples of z₁"
          const eta = Object.fromEntries([...texts.join("\n").matchAll(/^ *(\d+) steps, η = ([0-9.]+) *: tables TV = ([0-9.]+), exact TV = ([0-9.]+)$/gm)].map((m) => [`${m[1]}/${m[2]}`, { tables: Number(m[3]), exact: Number(m[4]) }]));
          expect(Object.keys(eta)).toHaveLength(16);
          const counts = [10, 20, 50, 100];
          counts.forEach((steps, i) => {
            for (const e of ["0", "0.2", "0.5", "1"]) {
              if (e !== "0") expect(eta[`${steps}/0`].tables, `tables, ${steps} steps: η = 0 worst`).toBeGreaterThanOrEqual(eta[`${steps}/${e}`].tables);
              if (i > 0) expect(eta[`${steps}/${e}`].tables, `tables, η = ${e}: more steps, better fit`).toBeLessThanOrEqual(eta[`${counts[i - 1]}/${e}`].tables);
              if (steps >= 50) expect(Math.abs(eta[`${steps}/${e}`].exact - floor), `exact, ${steps} steps, η = ${e}: near the z₁ floor`).toBeLessThan(0.015);
            }
          });
          expect(eta["10/0"].exact).toBeLessThan(eta["10/1"].exact); // at 10 steps η = 0 beats η = 1 with the exact predictor
          const ddpm = [...texts.join("\n").matchAll(/^(.+?) +tables TV = ([0-9.]+), exact TV = ([0-9.]+); exact's worst bin: x = (-?[0-9.]+), density ([0-9.]+) vs pdf ([0-9.]+)$/gm)].map((m) => m.slice(1));
          expect(ddpm).toHaveLength(3);
          expect(ddpm[0][1]).toBe(ddpm[1][1]); // η = 1 is DDPM with σ̃, draw for draw
          expect(ddpm[0][2]).toBe(ddpm[1][2]);
          expect(Number(ddpm[1][2])).toBeGreaterThan(Number(ddpm[2][2]) + 0.015); // σ̃ vs 0.12288 with the exact predictor
          expect(Math.abs(Number(ddpm[1][3]) + 1.875)).toBeLessThan(0.05); // its worst bin is the narrow mode's peak…
          expect(Number(ddpm[1][4])).toBeGreaterThan(Number(ddpm[1][5])); // …too tall
        });

        it("the accelerated 20-step sampler fits at least as well as the book's own code (TV ≤ 0.10), its α₀ version does not", () => {
          const nb = JSON.parse(fs.readFileSync(path.join(out, lesson), "utf8")) as Notebook;
          const texts = nb.cells.flatMap((c) => c.outputs ?? []).map((o) => String((o.data?.["text/plain"] as string | string[] | undefined) ?? "")).map((t) => (Array.isArray(t) ? t.join("") : t));
          const tvOf = (title: string) => Number(texts.find((t) => t.includes(title))?.match(/TV = ([0-9.]+)/)?.[1]);
          expect(tvOf("Accelerated DDIM: 20 quadratic steps")).toBeLessThanOrEqual(0.1);
          expect(tvOf("last jump to α₀ = 1")).toBeGreaterThan(0.15);
        });
      }

      if (lesson.startsWith("18.1")) {
        it("answers its predictions with the exact q(z_t): which bump goes when, and how close q(z_100) is to N(0, 1)", () => {
          const texts = outputTexts(lesson);
          const bumps = Object.fromEntries(tableRows(texts, "The bumps of q(z_t)").map(([t, list]) => [t, [...list.matchAll(/(-?[0-9.]+) \(height ([0-9.]+)\)/g)].map((m) => [Number(m[1]), Number(m[2])])]));
          expect(bumps["0"]).toHaveLength(4);
          expect(bumps["1"].map(([x]) => x).some((x) => Math.abs(x - 0.45) < 0.15)).toBe(false); // the wide bump is gone after one step
          expect(bumps["1"]).toHaveLength(3);
          expect(bumps["5"]).toHaveLength(3);
          expect(bumps["8"]).toHaveLength(2); // 1.5 merged by t = 8
          expect(bumps["15"]).toHaveLength(2);
          expect(bumps["20"]).toHaveLength(1); // the narrow bump lasts until between 15 and 20
          expect(bumps["1"][0][1]).toBeLessThan(0.6 * bumps["0"][0][1]); // and loses its height fastest
          const q = tableRows(texts, "Is q(z_100) standard normal?");
          expect(cellOf(q, "mean of q(z_100)", 1)).toBeGreaterThan(0.02); // a little to the right
          expect(cellOf(q, "standard deviation", 1)).toBeGreaterThan(1);
          const exact = cellOf(q, "the exact q(z_100)", 1);
          expect(exact).toBeGreaterThan(0.5 * cellOf(q, "lowest of 5", 1)); // "about as large as" true normal samples by chance
          expect(exact).toBeLessThan(1.3 * cellOf(q, "highest of 5", 1));
          expect(cellOf(q, "our 10 000 samples", 1)).toBeGreaterThan(cellOf(q, "highest of 5", 1)); // ours carry both
        });
      }

      if (lesson.startsWith("18.2")) {
        it("answers its prediction: the narrow mode is too tall with the exact models too; the weight on x is about 1/t", () => {
          const texts = outputTexts(lesson);
          const weights = tableRows(texts, "The weight of x in the mean");
          expect(cellOf(weights, "1", 1)).toBe(1);
          for (const t of [2, 3, 5, 10]) expect(Math.abs(Number(weights.find((r) => r[0] === String(t))![1]) * t - 1)).toBeLessThan(0.1);
          const gaps = tableRows(texts, "Where the samples miss the pdf most");
          expect(gaps).toHaveLength(4);
          for (const [sampler, , , x, density, pdf] of gaps) {
            expect(Math.abs(Number(x) + 1.875)).toBeLessThan(0.05); // the narrow mode's peak bin…
            if (sampler.includes("ours")) expect(Number(density)).toBeGreaterThan(Number(pdf) + 0.1); // …too tall without the last noise
            else expect(Number(density)).toBeLessThan(Number(pdf) - 0.1); // …too low with it
          }
          expect(Number(gaps[1][2])).toBeLessThan(Number(gaps[0][2])); // the exact models fit better than the tables
          expect(Number(gaps[3][2])).toBeGreaterThan(Number(gaps[1][2])); // the book's last noise makes the exact models' TV worse
        });
      }

      if (lesson.startsWith("18.3")) {
        it("the slope of ε̂ at t = 60 is the Gaussian approximation's, not √(1 − α_t); the exact models make the narrow mode too tall", () => {
          const slopes = tableRows(outputTexts(lesson), "Slope of ε̂ against z at t = 60");
          const exact = cellOf(slopes, "the exact", 1);
          expect(Math.abs(cellOf(slopes, "the table", 1) - exact)).toBeLessThan(0.05);
          expect(Math.abs(cellOf(slopes, "Gaussian approximation", 1) - exact)).toBeLessThan(0.5 * Math.abs(cellOf(slopes, "all noise", 1) - exact));
          const worst = [...outputTexts(lesson).join("\n").matchAll(/^exact models +worst bin: x = (-?[0-9.]+), density ([0-9.]+) vs pdf ([0-9.]+)$/gm)];
          expect(worst).toHaveLength(1);
          expect(Math.abs(Number(worst[0][1]) + 1.875)).toBeLessThan(0.05); // the narrow mode's peak…
          expect(Number(worst[0][2])).toBeGreaterThan(Number(worst[0][3])); // …too tall with a perfect model
        });
      }

      if (lesson.startsWith("18.5")) {
        it("shows what its text says: the network halves the tables' TV with DDPM only; DDIM's TV is the sampler's", () => {
          const lines = [...outputTexts(lesson).join("\n").matchAll(/^(DDPM|DDIM σ = 0\.001|DDIM 20 steps) +(lookup tables|ε-network|exact predictor) +TV = ([0-9.]+); worst bin: x = (-?[0-9.]+), density ([0-9.]+) vs pdf ([0-9.]+)$/gm)];
          const tv = Object.fromEntries(lines.map((m) => [`${m[1]}/${m[2]}`, Number(m[3])]));
          const worst = Object.fromEntries(lines.map((m) => [`${m[1]}/${m[2]}`, { x: Number(m[4]), density: Number(m[5]), pdf: Number(m[6]) }]));
          expect(Math.abs(worst["DDPM/exact predictor"].x + 1.875)).toBeLessThan(0.05); // the exact models' narrow mode…
          expect(worst["DDPM/exact predictor"].density).toBeGreaterThan(worst["DDPM/exact predictor"].pdf); // …too tall
          expect(Math.abs(worst["DDPM/ε-network"].x + 1.875)).toBeGreaterThan(0.1); // "the network's worst bin is elsewhere"
          expect(Object.keys(tv)).toHaveLength(9);
          expect(tv["DDPM/ε-network"]).toBeLessThan(0.65 * tv["DDPM/lookup tables"]); // about half
          expect(tv["DDPM/ε-network"]).toBeLessThan(tv["DDPM/exact predictor"]); // "even scores below the exact predictor"
          expect(tv["DDIM σ = 0.001/exact predictor"]).toBeGreaterThan(0.65 * tv["DDIM σ = 0.001/lookup tables"]); // not close to half
          expect(Math.abs(tv["DDIM σ = 0.001/ε-network"] - tv["DDIM σ = 0.001/exact predictor"])).toBeLessThan(0.01); // the network lands on it
          for (const model of ["lookup tables", "ε-network", "exact predictor"]) expect(tv[`DDIM σ = 0.001/${model}`]).toBeGreaterThan(tv[`DDPM/${model}`]);
          expect(tv["DDIM 20 steps/ε-network"]).toBeGreaterThan(tv["DDPM/ε-network"] + 0.01); // the network loses much of its lead
          expect(tv["DDIM 20 steps/exact predictor"]).toBeGreaterThan(tv["DDPM/exact predictor"] + 0.01);
          expect(Math.abs(tv["DDIM 20 steps/lookup tables"] - tv["DDPM/lookup tables"])).toBeLessThan(0.02);
        });
      }

      it("shows every figure as an image in the HTML export", () => {
        const html = fs.readFileSync(path.join(out, `${base}.html`), "utf8");
        const images = (html.match(/<img [^>]*src="data:image\/(png|svg\+xml)/g) ?? []).length + (html.match(/<svg[\s>]/g) ?? []).length;
        expect(images).toBeGreaterThanOrEqual(summary[key].figures);
      });
    });
  }
});
