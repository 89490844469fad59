/// <reference lib="dom" />
/**
 * Live widgets in JupyterLab (jupyterlab_widgets 3, ipywidgets 8 protocol) in Debian's Chromium: a slider
 * driving `interact` redraws its histogram, a Button's callback runs in the kernel, an anywidget view's
 * model.save_changes() reaches a kernel observer, Play drives a jslinked slider, and after a page reload the widgets come back with their
 * values (request_states) and the slider still redraws. Prints the slider-to-redraw time (not asserted).
 */
import * as fs from "fs";
import * as path from "path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { command, launchBrowser, type Lab, openNotebook, root, startLab, waitForIdle } from "./lab";

const NOTEBOOK = "widgets-demo.ipynb";
const LESSON = "18.4-ddim-families.ipynb";
const shots = path.join(root, "build", "e2e");

let lab: Lab;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  lab = await startLab([path.join(root, "tests", "fixtures", "widgets", NOTEBOOK), path.join(root, "notebooks", LESSON)]);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
});

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

/** The JSON of every output of cell `index` (from the notebook model, as JupyterLab holds it). */
async function outputsJson(p: Page, index: number): Promise<string> {
  return p.evaluate((i) => {
    type Outputs = { length: number; get(j: number): { toJSON(): unknown } };
    const w = window as unknown as { jupyterapp: { shell: { currentWidget: { content: { model: { cells: { get(i: number): { outputs: Outputs } } } } } } } };
    const outs = w.jupyterapp.shell.currentWidget.content.model.cells.get(i).outputs;
    const all: unknown[] = [];
    for (let j = 0; j < outs.length; j++) all.push(outs.get(j).toJSON());
    return JSON.stringify(all);
  }, index);
}

const outputsJsonAt = (p: Page, i: number): Promise<string> => outputsJson(p, i);

const cell = (p: Page, i: number) => p.locator(".jp-Notebook .jp-CodeCell").nth(i);

async function pressSliderRight(p: Page): Promise<void> {
  const handle = cell(p, 0).locator(".noUi-handle").first();
  await handle.focus();
  await p.keyboard.press("ArrowRight");
}

describe("widgets in JupyterLab", () => {
  it("draws the controls, redraws the figure from a slider, runs a button's and an anywidget's callbacks, and restores them after a reload", async () => {
    await openNotebook(page, lab, NOTEBOOK);
    await command(page, "notebook:run-all-cells");
    await waitForIdle(page, 300_000);
    await cell(page, 0).locator(".widget-slider").first().waitFor({ timeout: 60_000 });
    await cell(page, 0).locator(".vega-embed").first().waitFor({ timeout: 60_000 });
    expect(await outputsJson(page, 0)).toContain("sigma = 1.00");

    const t0 = Date.now();
    await pressSliderRight(page);
    await page.waitForFunction(() => {
      const w = window as unknown as { jupyterapp: { shell: { currentWidget: { content: { model: { cells: { get(i: number): { outputs: { length: number; get(j: number): { toJSON(): unknown } } } } } } } } } };
      const outs = w.jupyterapp.shell.currentWidget.content.model.cells.get(0).outputs;
      for (let j = 0; j < outs.length; j++) if (JSON.stringify(outs.get(j).toJSON()).includes("sigma = 1.25")) return true;
      return false;
    }, undefined, { timeout: 30_000, polling: 10 });
    const redrawMs = Date.now() - t0;
    await cell(page, 0).locator(".vega-embed").first().waitFor({ timeout: 30_000 });
    console.log(`slider → redrawn figure (in the notebook model): ${redrawMs} ms`);
    expect(await cell(page, 0).locator(".widget-readout").first().textContent()).toContain("1.25");

    await cell(page, 1).getByRole("button", { name: "Count" }).click();
    await cell(page, 1).getByText("clicks: 1").waitFor({ timeout: 30_000 });

    await cell(page, 2).locator("button.dl4ds-any").click();
    await cell(page, 2).getByText("kernel saw 1").waitFor({ timeout: 30_000 });
    await expect.poll(() => cell(page, 2).locator("button.dl4ds-any").textContent()).toBe("any 1");
    // Play steps its value in the browser and jslink carries it to the slider, with no kernel round trip.
    await cell(page, 3).locator("button").first().click();
    await expect.poll(() => cell(page, 3).locator(".widget-readout").first().textContent(), { timeout: 30_000 }).toBe("5");
    await page.screenshot({ path: path.join(shots, "widgets-demo.png") });

    await command(page, "docmanager:save");
    await page.waitForTimeout(1500);
    await page.reload();
    await openNotebook(page, lab, NOTEBOOK).catch(async () => {
      // A reload keeps the workspace URL; the notebook may already be the current widget.
      await page.waitForFunction(() => document.querySelector(".jp-Notebook") !== null, undefined, { timeout: 60_000 });
    });
    await cell(page, 0).locator(".widget-readout").first().waitFor({ timeout: 60_000 });
    await expect.poll(() => cell(page, 0).locator(".widget-readout").first().textContent(), { timeout: 30_000 }).toContain("1.25");
    await cell(page, 1).getByText("clicks: 1").waitFor({ timeout: 30_000 });
    await cell(page, 2).getByText("kernel saw 1").waitFor({ timeout: 30_000 });
    await expect.poll(() => cell(page, 2).locator("button.dl4ds-any").textContent(), { timeout: 30_000 }).toBe("any 1");

    // After the reload the figure's original output has no route for updates: interact draws in its Output area.
    await pressSliderRight(page);
    await cell(page, 0).locator(".widget-output .vega-embed").first().waitFor({ timeout: 30_000 });
    await cell(page, 1).getByRole("button", { name: "Count" }).click();
    await cell(page, 1).getByText("clicks: 2").waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, "widgets-demo-reloaded.png") });
  }, 600_000);

  it("lesson 18.4: the η slider resamples and redraws the histogram with its fit", async () => {
    await openNotebook(page, lab, LESSON);
    await command(page, "notebook:run-all-cells");
    await waitForIdle(page, 600_000);
    const index = await page.evaluate(() => {
      const w = window as unknown as { jupyterapp: { shell: { currentWidget: { content: { model: { cells: { length: number; get(i: number): { sharedModel: { getSource(): string } } } } } } } } };
      const cells = w.jupyterapp.shell.currentWidget.content.model.cells;
      for (let i = 0; i < cells.length; i++) if (cells.get(i).sharedModel.getSource().startsWith("interact(")) return i;
      return -1;
    });
    expect(index).toBeGreaterThan(0);
    const all = page.locator(".jp-Notebook .jp-Cell");
    const live = all.nth(index);
    await live.locator(".widget-slider").first().waitFor({ timeout: 60_000 });
    expect(await outputsJsonAt(page, index)).toContain("η = 0.0");
    await live.locator(".noUi-handle").first().focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => outputsJsonAt(page, index), { timeout: 60_000 }).toContain("η = 0.1");
    await live.locator(".vega-embed").first().waitFor({ timeout: 30_000 });
    await live.scrollIntoViewIfNeeded();
    await page.waitForTimeout(1000);
    await live.screenshot({ path: path.join(shots, "18.4-live-controls.png") });
  }, 900_000);
});
