/**
 * Harness for the browser kernel's tests (tests/browser/lite.test.ts) and benchmark (`dl4ds bench lite`): the JupyterLite site (`npm run lite`, build/lite/site) served
 * on 127.0.0.1, a lesson opened in Debian's Chromium, run top to bottom with the dl4ds kernel in its web worker, and
 * what its cells printed read back from the notebook model; beside it the same lesson run by the Node kernel
 * (nbclient through the project's .venv).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Page } from "playwright-core";

/** The project root (this file is src/cli/lite/ or dist/cli/lite/). */
export const liteRoot = path.resolve(__dirname, "..", "..", "..");
export const siteDir = path.join(liteRoot, "build", "lite", "site");

/** One output as the comparison sees it: its type and the text a reader sees (stream text or text/plain). */
export interface OutputText {
  type: string;
  text: string;
  /** Total-variation figures the output's figure shows (e.g. a subtitle "TV to N(0, 1) = 0.3611"). */
  tv: string[];
}

/** The outputs of each code cell, in order; execution count null for a cell that did not run. */
export interface CellOutputs {
  executionCount: number | null;
  outputs: OutputText[];
  errors: string[];
}

type JsonOutput = { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown>; ename?: string; evalue?: string; traceback?: string[] };

const joined = (t: string | string[] | undefined): string => (Array.isArray(t) ? t.join("") : t ?? "");

const FIGURE_MIMES = ["application/vnd.vegalite.v5+json", "application/vnd.plotly.v1+json"];

/** Every "TV ... = number" a figure's spec shows (titles, subtitles, legends). */
function tvTexts(data: Record<string, unknown> | undefined): string[] {
  const spec = FIGURE_MIMES.map((m) => (data?.[m] === undefined ? "" : JSON.stringify(data[m]))).join("");
  return spec.match(/TV[^"\\]{0,60}?=\s*-?\d+(\.\d+)?(e-?\d+)?/g) ?? [];
}

/** Reduces nbformat outputs to what the comparison and the error checks read. */
export function summarizeOutputs(executionCount: number | null, outputs: JsonOutput[]): CellOutputs {
  const texts: OutputText[] = [];
  const errors: string[] = [];
  for (const o of outputs) {
    if (o.output_type === "error") errors.push(`${o.ename}: ${o.evalue}\n${(o.traceback ?? []).join("\n")}`);
    else if (o.output_type === "stream") {
      if (o.name === "stderr") errors.push(`stderr: ${joined(o.text)}`);
      texts.push({ type: `stream:${o.name}`, text: joined(o.text), tv: [] });
    } else texts.push({ type: o.output_type, text: joined(o.data?.["text/plain"] as string | string[] | undefined), tv: tvTexts(o.data) });
  }
  return { executionCount, outputs: texts, errors };
}

/** Opens a lesson of the site in `page` and waits until the notebook's kernel is idle; returns the ms it took. */
export async function openLiteNotebook(page: Page, siteUrl: string, name: string, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  await page.goto(`${siteUrl}lab/index.html?path=${encodeURIComponent(name)}`);
  await page.waitForFunction((nb) => {
    const w = globalThis as unknown as { jupyterapp?: { shell?: { currentWidget?: { context?: { path?: string }; sessionContext?: { session?: { kernel?: { status: string } } } } } } };
    const current = w.jupyterapp?.shell?.currentWidget;
    return current?.context?.path === nb && current.sessionContext?.session?.kernel?.status === "idle";
  }, name, { timeout: timeoutMs, polling: 250 });
  return Date.now() - started;
}

/** Runs a JupyterLab command in the page. */
export async function liteCommand(page: Page, id: string): Promise<void> {
  await page.evaluate((cmd) => {
    const w = globalThis as unknown as { jupyterapp: { commands: { execute: (id: string) => Promise<unknown> } } };
    void w.jupyterapp.commands.execute(cmd);
  }, id);
}

/** Waits until the kernel is idle and no code cell is running or queued. */
export async function waitForLiteIdle(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(() => {
    type Cell = { type: string; executionState?: string };
    const w = globalThis as unknown as {
      jupyterapp: { shell: { currentWidget: { sessionContext: { session?: { kernel?: { status: string } } }; content: { model: { cells: { length: number; get(i: number): Cell } } } } } };
    };
    const current = w.jupyterapp.shell.currentWidget;
    if (current.sessionContext.session?.kernel?.status !== "idle") return false;
    // A queued cell is "running" in the model too (its prompt shows *).
    const cells = current.content.model.cells;
    for (let i = 0; i < cells.length; i++) if (cells.get(i).type === "code" && cells.get(i).executionState === "running") return false;
    return true;
  }, undefined, { timeout: timeoutMs, polling: 500 });
}

/** Runs every cell of the open notebook; returns the ms from the command to the kernel's last idle. */
export async function runAllLite(page: Page, timeoutMs: number): Promise<number> {
  const started = Date.now();
  await liteCommand(page, "notebook:run-all-cells");
  await page.waitForFunction(() => {
    const w = globalThis as unknown as { jupyterapp: { shell: { currentWidget: { sessionContext: { session?: { kernel?: { status: string } } } } } } };
    return w.jupyterapp.shell.currentWidget.sessionContext.session?.kernel?.status === "busy";
  }, undefined, { timeout: 30_000, polling: 50 }).catch(() => undefined);
  await waitForLiteIdle(page, timeoutMs);
  return Date.now() - started;
}

/** The code cells of the open notebook with their outputs (from the notebook model). */
export async function liteCellOutputs(page: Page): Promise<CellOutputs[]> {
  const raw = await page.evaluate(() => {
    type Cell = { type: string; executionCount: number | null; outputs: { length: number; get(i: number): { toJSON(): unknown } } };
    const w = globalThis as unknown as { jupyterapp: { shell: { currentWidget: { content: { model: { cells: { length: number; get(i: number): Cell } } } } } } };
    const cells = w.jupyterapp.shell.currentWidget.content.model.cells;
    const out: Array<{ count: number | null; outputs: unknown[] }> = [];
    for (let i = 0; i < cells.length; i++) {
      const c = cells.get(i);
      if (c.type !== "code") continue;
      const outputs: unknown[] = [];
      for (let j = 0; j < c.outputs.length; j++) outputs.push(c.outputs.get(j).toJSON());
      out.push({ count: c.executionCount, outputs });
    }
    return out;
  });
  return raw.map((c) => summarizeOutputs(c.count, c.outputs as JsonOutput[]));
}

/** Runs a lesson with the Node kernel (nbclient, figures as specs like the browser's); returns its cells' outputs and seconds. */
export async function runNative(notebook: string, timeoutS = 900): Promise<{ cells: CellOutputs[]; seconds: number }> {
  const python = path.join(liteRoot, ".venv", "bin", "python");
  if (!fs.existsSync(python)) throw new Error(`${python} is missing: run \`npm run setup\` first`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-native-"));
  try {
    let log = "";
    await new Promise<void>((resolve, reject) => {
      // Asynchronous: the test runner's worker must keep answering while the kernel runs.
      const child = spawn(python, [path.join(liteRoot, "src", "kernel", "python", "run_notebooks.py"), "--out", out, "--root", liteRoot, "--timeout", String(timeoutS), notebook], {
        env: { ...process.env, DL4DS_FIGURES: "spec" }, stdio: ["ignore", "pipe", "pipe"],
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), (timeoutS + 120) * 1000);
      child.stdout.on("data", (d) => (log += d));
      child.stderr.on("data", (d) => (log += d));
      child.on("error", reject);
      child.on("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const executed = path.join(out, path.basename(notebook));
    if (!fs.existsSync(executed)) throw new Error(`the Node kernel's run of ${notebook} wrote nothing:\n${log}`);
    const nb = JSON.parse(fs.readFileSync(executed, "utf8")) as { cells: Array<{ cell_type: string; execution_count: number | null; outputs: JsonOutput[] }> };
    const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8")) as Record<string, { seconds: number }>;
    const seconds = Object.values(summary)[0]?.seconds ?? NaN;
    return { cells: nb.cells.filter((c) => c.cell_type === "code").map((c) => summarizeOutputs(c.execution_count, c.outputs)), seconds };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** Scrolls the open notebook so the first cell whose source starts with `prefix` is at the top (for screenshots). */
export async function scrollToCell(page: Page, prefix: string): Promise<boolean> {
  const found = await page.evaluate(async (p) => {
    type Notebook = { activeCellIndex: number; scrollToItem(i: number, align: string): Promise<void>; model: { cells: { length: number; get(i: number): { sharedModel: { getSource(): string } } } } };
    const w = globalThis as unknown as { jupyterapp: { shell: { currentWidget: { content: Notebook } } } };
    const nb = w.jupyterapp.shell.currentWidget.content;
    for (let i = 0; i < nb.model.cells.length; i++) {
      if (!nb.model.cells.get(i).sharedModel.getSource().startsWith(p)) continue;
      nb.activeCellIndex = i;
      await nb.scrollToItem(i, "start");
      return true;
    }
    return false;
  }, prefix);
  await page.waitForTimeout(1500); // let the figures that came into view draw
  return found;
}
