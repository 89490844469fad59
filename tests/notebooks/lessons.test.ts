/**
 * The lessons run headlessly through the dl4ds kernel (`dl4ds run`, as `npm run notebooks` does) with no error and
 * no stderr output, and their HTML export (`jupyter nbconvert --to html`) shows every figure as an image.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { figureProblems, type Spec } from "../support/figure-problems";

const root = path.resolve(__dirname, "..", "..");
const lessons = fs.readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
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

let summary: Summary;
let runOutput = "";

beforeAll(async () => {
  // Asynchronous, so the test worker stays responsive while the lessons run (minutes).
  const child = spawn(process.execPath, [path.join(root, "bin", "dl4ds.js"), "run", "--out", out, "--timeout", "600"], {
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
    expect(lessons.length).toBeGreaterThanOrEqual(5);
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
        it("the accelerated 20-step sampler fits at least as well as the book's own code (TV ≤ 0.10), its α₀ version does not", () => {
          const nb = JSON.parse(fs.readFileSync(path.join(out, lesson), "utf8")) as Notebook;
          const texts = nb.cells.flatMap((c) => c.outputs ?? []).map((o) => String((o.data?.["text/plain"] as string | string[] | undefined) ?? "")).map((t) => (Array.isArray(t) ? t.join("") : t));
          const tvOf = (title: string) => Number(texts.find((t) => t.includes(title))?.match(/TV = ([0-9.]+)/)?.[1]);
          expect(tvOf("Accelerated DDIM: 20 quadratic steps")).toBeLessThanOrEqual(0.1);
          expect(tvOf("last jump to α₀ = 1")).toBeGreaterThan(0.15);
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
