/// <reference lib="dom" />
/**
 * The lessons with nothing installed: the JupyterLite site `npm run lite` builds (set-up for tests builds it when an
 * input changed), served on 127.0.0.1 and opened in Debian's Chromium. The dl4ds kernel runs in a web worker there.
 * Lesson 18.1 runs every cell with no error, and what its cells print (text/plain, and the TVs its figures show)
 * equals what the Node kernel prints for the same notebook; compile and runtime errors name the cell's own line.
 * DL4DS_TEST_LITE_ALL=1 also runs 18.2–18.4 the same way (about a minute or more each: an opt-in suite).
 */
import * as fs from "fs";
import * as path from "path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendCell, launchBrowser } from "./lab";
import { type CellOutputs, liteCellOutputs, liteCommand, openLiteNotebook, runAllLite, runNative, scrollToCell, siteDir, waitForLiteIdle } from "../../src/cli/lite/browser";
// @ts-expect-error: a plain ES module of the build scripts, without declarations
import { serveSite } from "../../scripts/lite/serve.mjs";

const root = path.resolve(__dirname, "..", "..");
const shots = path.join(root, "build", "e2e");
const lessons = ["18.1-diffusion-encoder", ...(process.env.DL4DS_TEST_LITE_ALL === "1" ? ["18.2-diffusion-decoder", "18.3-reparameterized-model", "18.4-ddim-families"] : [])];

let browser: Browser;
let site: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  if (!fs.existsSync(path.join(siteDir, "index.html"))) throw new Error(`${siteDir} holds no site: run \`npm run lite\` (npm test's set-up builds it)`);
  fs.mkdirSync(shots, { recursive: true });
  site = await serveSite(siteDir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Durations in progress bars differ run to run; everything else printed must be equal. */
const untimed = (text: string): string => text.replace(/\d+(\.\d+)?\s?(ms|s|min|it\/s)\b/g, "<time>");

/**
 * What a cell printed, for the comparison. A widget's view is live in the browser: the slider snaps its value to its
 * step (0.01511 → 0.015) and the kernel redraws with the snapped value; nbclient has no view, so the Node kernel's
 * run keeps 0.01511. Outputs after a widget view in the same cell are therefore compared separately (see below).
 */
function printed(cells: CellOutputs[]): Array<Array<{ type: string; text: string; tv: string[] }>> {
  return cells.map((c) => {
    const widget = c.outputs.findIndex((o) => /^interact\(/.test(o.text));
    const outputs = widget >= 0 ? c.outputs.slice(0, widget + 1) : c.outputs;
    return outputs.map((o) => ({ type: o.type, text: untimed(o.text), tv: o.tv }));
  });
}

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  return page;
}

describe.sequential("the lessons in JupyterLite (browser kernel in a web worker)", () => {
  for (const lesson of lessons) {
    it(`runs ${lesson} with every cell finished, no error, and prints what the Node kernel prints`, async () => {
      // The Node kernel's run goes on beside the browser's (two cores: one each).
      const nativeRun = runNative(path.join(root, "notebooks", `${lesson}.ipynb`));
      nativeRun.catch(() => undefined);
      const page = await newPage();
      try {
        await openLiteNotebook(page, site.url, `${lesson}.ipynb`);
        await runAllLite(page, 900_000);
        let cells = await liteCellOutputs(page);
        if (await scrollToCell(page, "interact(")) {
          // A slider's view, once drawn, snaps its value to the step and sends it over comms; the kernel redraws.
          const redrawn = async (): Promise<boolean> => (await liteCellOutputs(page)).some((c) => c.outputs.some((o) => o.text.includes("β = 0.0150")));
          for (let waited = 0; waited < 60_000 && !(await redrawn()); waited += 500) await page.waitForTimeout(500);
          await waitForLiteIdle(page, 60_000);
          cells = await liteCellOutputs(page);
        }
        // The picture in README.md and docs/lite.md: the interactive cell (sliders and the figure they redraw).
        await page.screenshot({ path: path.join(shots, `lite-${lesson}.png`) });
        const native = await nativeRun;
        expect(cells.length).toBe(native.cells.length);
        expect(cells.flatMap((c) => c.errors), "errors or stderr in the browser").toEqual([]);
        expect(cells.filter((c) => c.executionCount === null).length, "cells that did not run").toBe(0);
        expect(native.cells.flatMap((c) => c.errors), "errors or stderr in the Node kernel's run").toEqual([]);
        expect(cells.flatMap((c) => c.outputs).length, "outputs in the lesson").toBeGreaterThan(0);
        expect(printed(cells)).toEqual(printed(native.cells));
        if (lesson.startsWith("18.1")) {
          expect(cells.flatMap((c) => c.outputs.flatMap((o) => o.tv)).length, "TVs the figures show").toBeGreaterThan(0);
          // The interact figure was redrawn from the slider's snapped value, sent by the view over comms: β = 0.015, α_T = 0.985^20.
          const redrawn = cells.flatMap((c) => c.outputs).filter((o) => o.text.includes("α_T")).map((o) => o.text);
          expect(redrawn).toEqual([`Line plot "β = 0.0150, T = 20: α_T = ${(0.985 ** 20).toFixed(3)}": 2 curves (q(z_20), q(z_20 | x = -2))`]);
        }
      } finally {
        await page.close();
      }
    }, 1_200_000);
  }

  it("prints console output as one stream, clears it on clearOutput(), a timer's uncaught error on stderr, and compile and runtime errors at the cell's own line", async () => {
    const page = await newPage();
    try {
      await openLiteNotebook(page, site.url, "18.1-diffusion-encoder.ipynb");
      await appendCell(page, 'for (let i = 0; i < 3; i++) console.log("line", i, { i });');
      await liteCommand(page, "notebook:run-cell");
      await waitForLiteIdle(page, 120_000);
      await appendCell(page, 'console.log("gone"); clearOutput(); console.log("kept");');
      await liteCommand(page, "notebook:run-cell");
      await waitForLiteIdle(page, 120_000);
      await appendCell(page, 'setTimeout(() => { throw new Error("thrown by a timer"); }, 10);');
      await liteCommand(page, "notebook:run-cell");
      await waitForLiteIdle(page, 120_000);
      await page.waitForTimeout(1000);
      await appendCell(page, 'const label: string = 42;');
      await liteCommand(page, "notebook:run-cell");
      await waitForLiteIdle(page, 120_000);
      await appendCell(page, "function scale(x: number): number {\n  const table = undefined as unknown as number[];\n  return table[0] * x;\n}\nscale(2);");
      await liteCommand(page, "notebook:run-cell");
      await waitForLiteIdle(page, 120_000);
      const cells = await liteCellOutputs(page);
      expect(cells[cells.length - 5].outputs).toEqual([{ type: "stream:stdout", text: "line 0 { i: 0 }\nline 1 { i: 1 }\nline 2 { i: 2 }\n", tv: [] }]);
      // clearOutput() sends clear_output: what the cell printed before it is gone.
      expect(cells[cells.length - 4].outputs).toEqual([{ type: "stream:stdout", text: "kept\n", tv: [] }]);
      // An error thrown after the cell finished reaches that cell's stderr (as the Node kernel sends it).
      expect(cells[cells.length - 3].errors.join("\n")).toMatch(/^stderr: Uncaught Error: thrown by a timer/);
      const [compile, runtime] = cells.slice(-2).map((c) => c.errors.join("\n"));
      expect(compile).toMatch(/^TSError: Type 'number' is not assignable to type 'string'\./);
      expect(compile).toMatch(/at cell \d+, line 1, col 7/);
      expect(runtime).toMatch(/^TypeError: Cannot read properties of undefined \(reading '0'\)/);
      expect(runtime).toMatch(/at scale \(cell \d+, line 3, col 16\)/);
      expect(runtime).toMatch(/at cell \d+, line 5, col 1/);
      expect(runtime, "frames inside the worker's bundle are left out").not.toMatch(/worker\.js/);
    } finally {
      await page.close();
    }
  }, 300_000);
});
