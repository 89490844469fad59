/// <reference lib="dom" />
/**
 * What students see: every lesson opened in JupyterLab in Debian's Chromium, run top to bottom with the dl4ds
 * kernel, its figures checked in the DOM, a screenshot saved under build/e2e/. Then a student's wrong answer and an
 * interrupted training cell.
 */
import * as fs from "fs";
import * as path from "path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendCell, cellText, command, launchBrowser, type Lab, openNotebook, root, setCellSource, startLab, waitForIdle } from "./lab";

const notebooksDir = path.join(root, "notebooks");
const lessons = fs.readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).sort();
const shots = path.join(root, "build", "e2e");

let lab: Lab;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  lab = await startLab(lessons.map((f) => path.join(notebooksDir, f)));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

async function newPage(): Promise<Page> {
  return browser.newPage({ viewport: { width: 1280, height: 1000 } });
}

interface CellReport {
  code: number;
  unfinished: number;
  errors: string[];
  vega: number;
  vegaDrawn: number;
  plotly: number;
  plotlyDrawn: number;
  images: number;
  imagesVisible: number;
  progressOutputs: number;
  displayUpdates: number;
}

/** Reads what the notebook shows: outputs from the notebook model, rendered figures from the DOM. */
async function report(page: Page): Promise<CellReport> {
  return page.evaluate(() => {
    type OutputModel = { data: Record<string, unknown> };
    type CellModel = { type: string; outputs?: { length: number; get(i: number): OutputModel } };
    const w = window as unknown as {
      __displayUpdates?: number;
      jupyterapp: { shell: { currentWidget: { content: { model: { cells: { length: number; get(i: number): CellModel } } } } } };
    };
    const model = w.jupyterapp.shell.currentWidget.content.model;
    const bundles: Record<string, unknown>[] = [];
    for (let i = 0; i < model.cells.length; i++) {
      const outputs = model.cells.get(i).outputs;
      for (let j = 0; outputs && j < outputs.length; j++) bundles.push(outputs.get(j).data ?? {});
    }
    const cells = Array.from(document.querySelectorAll(".jp-Notebook .jp-CodeCell"));
    const prompts = cells.map((c) => c.querySelector(".jp-InputArea-prompt")?.textContent ?? "");
    const stderr = Array.from(document.querySelectorAll('.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'));
    const images = Array.from(document.querySelectorAll(".jp-Notebook .jp-OutputArea-output img")) as HTMLImageElement[];
    const progress = Array.from(document.querySelectorAll(".jp-Notebook .jp-OutputArea-output"))
      .filter((o) => /\d+\/\d+ \(\d+(\.\d+)?%\)/.test(o.textContent ?? "")).length;
    return {
      code: cells.length,
      unfinished: prompts.filter((p) => !/\[\d+\]/.test(p)).length,
      errors: stderr.map((o) => (o.textContent ?? "").slice(0, 500)),
      vega: bundles.filter((b) => "application/vnd.vegalite.v5+json" in b).length,
      vegaDrawn: document.querySelectorAll(".jp-Notebook .jp-OutputArea-output .vega-embed :is(svg, canvas).marks").length,
      plotly: bundles.filter((b) => "application/vnd.plotly.v1+json" in b).length,
      plotlyDrawn: document.querySelectorAll(".jp-Notebook .jp-OutputArea-output .js-plotly-plot .main-svg:first-of-type").length,
      images: images.length,
      imagesVisible: images.filter((i) => i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().width > 0).length,
      progressOutputs: progress,
      displayUpdates: w.__displayUpdates ?? 0,
    };
  });
}

/** Counts the kernel's update_display_data messages (a progress display updated in place) while the notebook runs. */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Msg = { header: { msg_type: string } };
    const w = window as unknown as {
      __displayUpdates: number;
      jupyterapp: { shell: { currentWidget: { sessionContext: { session: { kernel: { iopubMessage: { connect(f: (s: unknown, m: Msg) => void): void } } } } } } };
    };
    w.__displayUpdates = 0;
    w.jupyterapp.shell.currentWidget.sessionContext.session.kernel.iopubMessage.connect((_s, msg) => {
      if (msg.header.msg_type === "update_display_data") w.__displayUpdates++;
    });
  });
}

describe.sequential("JupyterLab in Chromium", () => {
  for (const lesson of lessons) {
    it(`runs ${lesson} with every cell finished, no errors and its figures drawn`, async () => {
      const page = await newPage();
      try {
        await openNotebook(page, lab, lesson);
        await watchProgress(page);
        await command(page, "notebook:run-all-cells");
        await page.waitForTimeout(1000);
        await waitForIdle(page, 600_000);
        await page.waitForTimeout(1500); // let the last renderers (vega, plotly) finish
        const r = await report(page);
        if (process.env.DL4DS_E2E_DEBUG) console.log(lesson, JSON.stringify({ ...r, errors: r.errors.length }));
        // Picture of what students see: the lesson's first figure.
        await page.evaluate(() => {
          const fig = document.querySelector(".jp-Notebook .jp-OutputArea-output .vega-embed, .jp-Notebook .jp-OutputArea-output img");
          fig?.closest(".jp-Cell")?.scrollIntoView({ block: "start" });
        });
        await page.waitForTimeout(500);
        await page.screenshot({ path: path.join(shots, lesson.replace(/\.ipynb$/, ".png")) });
        expect(r.errors, `error or stderr output in ${lesson}`).toEqual([]);
        expect(r.code).toBeGreaterThan(0);
        expect(r.unfinished, "cells that did not finish").toBe(0);
        expect(r.vegaDrawn, "vega-lite figures drawn as SVG or canvas").toBe(r.vega);
        expect(r.plotlyDrawn, "plotly figures that became interactive plots").toBe(r.plotly);
        expect(r.imagesVisible, "visible images").toBe(r.images);
        expect(r.vega + r.plotly + r.images, "figures in the lesson").toBeGreaterThan(0);
        if (r.progressOutputs > 0) {
          // A progress display is shown (a lesson that trains): it was updated in place while the loop ran.
          expect(r.displayUpdates, "update_display_data messages while it ran").toBeGreaterThan(0);
        }
      } finally {
        await page.close();
      }
    }, 900_000);
  }

  it("shows a student's wrong answer as a readable error in the test cell below", async () => {
    const lesson = lessons.find((l) => l.startsWith("18.1"));
    expect(lesson, "the 18.1 lesson").toBeDefined();
    const nb = JSON.parse(fs.readFileSync(path.join(notebooksDir, lesson!), "utf8")) as { cells: { source: string | string[]; metadata: { nbgrader?: { grade_id?: string } } }[] };
    const index = nb.cells.findIndex((c) => c.metadata.nbgrader?.grade_id === "diffuse-one-step");
    expect(index).toBeGreaterThan(0);
    const src = nb.cells[index].source;
    const solution = typeof src === "string" ? src : src.join("");
    // The classic mistake: forgetting the square roots.
    const wrong = solution.replace(/\/\/ BEGIN SOLUTION[\s\S]*?\/\/ END SOLUTION/, [
      "// BEGIN SOLUTION",
      "  const out = new Float64Array(zPrev.length);",
      "  for (let i = 0; i < zPrev.length; i++) out[i] = (1 - beta) * zPrev[i] + beta * rng.normal();",
      "  return out;",
      "  // END SOLUTION",
    ].join("\n"));
    expect(wrong).not.toBe(solution);
    const page = await newPage();
    try {
      await openNotebook(page, lab, lesson!);
      // Run the set-up cells, then the wrong solution and its test.
      await page.evaluate((stop) => {
        const w = window as unknown as { jupyterapp: { shell: { currentWidget: { content: { activeCellIndex: number } } } } };
        w.jupyterapp.shell.currentWidget.content.activeCellIndex = stop;
      }, index);
      await command(page, "notebook:run-all-above");
      await page.waitForTimeout(500);
      await waitForIdle(page, 300_000);
      await setCellSource(page, index, wrong);
      await command(page, "notebook:run-cell-and-select-next");
      await page.waitForTimeout(300);
      await command(page, "notebook:run-cell-and-select-next");
      await page.waitForTimeout(500);
      await waitForIdle(page, 120_000);
      const errorText = await page.evaluate((i) => {
        const cells = Array.from(document.querySelectorAll(".jp-Notebook .jp-Cell"));
        return cells[i + 1]?.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')?.textContent ?? "";
      }, index);
      await page.screenshot({ path: path.join(shots, "student-error.png") });
      expect(errorText).toMatch(/AssertionError/);
      expect(errorText).toMatch(/line \d+/);
      expect(errorText).not.toMatch(/evalmachine|tslab[\\/]dist/);
    } finally {
      await page.close();
    }
  }, 600_000);

  it("interrupts a long training cell within a few seconds and the kernel stays usable", async () => {
    const lesson = lessons.find((l) => l.startsWith("18.1"))!;
    const page = await newPage();
    try {
      await openNotebook(page, lab, lesson);
      const cell = await appendCell(page, [
        'import { createEps1dModel, createRng, bookMixture, sampleMixture } from "dl4ds-diffusion";',
        "const longModel = createEps1dModel({ T: 100, beta: 0.01511 });",
        "await longModel.train(sampleMixture(bookMixture(), 20000, createRng(1)), { rng: createRng(2), steps: 1_000_000 });",
      ].join("\n"));
      await command(page, "notebook:run-cell");
      await page.waitForTimeout(4000);
      expect((await cellText(page, cell)).prompt, "the training cell is still running").toContain("*");
      const t0 = Date.now();
      await command(page, "notebook:interrupt-kernel");
      await waitForIdle(page, 30_000);
      const stoppedAfter = Date.now() - t0;
      expect((await cellText(page, cell)).output).toMatch(/KeyboardInterrupt|Interrupt/);
      expect(stoppedAfter).toBeLessThan(10_000);
      const next = await appendCell(page, "20 + 22");
      await command(page, "notebook:run-cell");
      await page.waitForTimeout(300);
      await waitForIdle(page, 30_000);
      expect((await cellText(page, next)).output).toContain("42");
      await page.screenshot({ path: path.join(shots, "interrupt.png") });
    } finally {
      await page.close();
    }
  }, 300_000);
});
