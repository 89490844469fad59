/**
 * `dl4ds bench lite [--json] [--lessons 18.1,18.2]`: the JupyterLite site (`npm run lite`) in Debian's Chromium.
 * Site size; for the first lesson, the time from navigation to the kernel being ready and to its first result (an
 * output of run-all), and the bytes the page downloaded by then; each lesson's run-all time in the browser beside
 * the Node kernel's (nbclient, the same notebook, figures as specs in both).
 */
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";
import { liteRoot, openLiteNotebook, runAllLite, runNative, siteDir } from "../lite/browser";
import { parseArgs, stringFlag } from "../args";

/** One line for `dl4ds bench --list`. */
export const summary = "the JupyterLite site in Chromium: size, page load → first result, run-all per lesson beside the Node kernel";

const LESSONS: Record<string, string> = {
  "18.1": "18.1-diffusion-encoder",
  "18.2": "18.2-diffusion-decoder",
  "18.3": "18.3-reparameterized-model",
  "18.4": "18.4-ddim-families",
};

// The build scripts are ES modules; this file compiles to CommonJS, whose `import()` tsc would turn into require().
const importEsm = new Function("url", "return import(url)") as (url: string) => Promise<{ serveSite(dir: string): Promise<{ url: string; close(): Promise<void> }>; dirSize(dir: string): { bytes: number; files: number } }>;

/** Runs the benchmark. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const p = parseArgs(args, ["lessons"], [], { hints: { lessons: `a comma-separated list of ${Object.keys(LESSONS).join(", ")}` } });
  const keys = p.flags.has("lessons") ? stringFlag(p, "lessons", "").split(",").filter(Boolean) : Object.keys(LESSONS);
  const unknown = keys.filter((k) => !LESSONS[k]);
  if (keys.length === 0 || unknown.length > 0) throw new Error(`--lessons takes a comma-separated list of ${Object.keys(LESSONS).join(", ")}; got ${stringFlag(p, "lessons", "nothing")}`);
  if (!fs.existsSync(path.join(siteDir, "index.html"))) throw new Error(`${siteDir} holds no site: run \`npm run lite\` first`);
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const { serveSite, dirSize } = await importEsm(pathToFileURL(path.join(liteRoot, "scripts", "lite", "serve.mjs")).href);
  const site = await serveSite(siteDir);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
  });
  const size = dirSize(siteDir);
  const worker = fs.statSync(path.join(siteDir, "extensions", "dl4ds-lite-kernel", "static", "worker.js")).size;
  const types = fs.statSync(path.join(siteDir, "extensions", "dl4ds-lite-kernel", "static", "types.json")).size;
  const lessons: Array<Record<string, unknown>> = [];
  let firstLoad: Record<string, unknown> | undefined;
  try {
    for (const key of keys) {
      const name = LESSONS[key];
      // A fresh browser context each time: nothing cached, as a student's first visit.
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
      const page = await context.newPage();
      let downloaded = 0;
      page.on("response", (r) => {
        const len = Number(r.headers()["content-length"] ?? 0);
        if (Number.isFinite(len)) downloaded += len;
      });
      const readyMs = await openLiteNotebook(page, site.url, `${name}.ipynb`, 300_000);
      const bytesAtReady = downloaded;
      await page.evaluate(() => {
        type Msg = { header: { msg_type: string } };
        const w = globalThis as unknown as {
          __firstResult?: number; performance: { now(): number };
          jupyterapp: { shell: { currentWidget: { sessionContext: { session: { kernel: { iopubMessage: { connect(f: (s: unknown, m: Msg) => void): void } } } } } } };
        };
        w.jupyterapp.shell.currentWidget.sessionContext.session.kernel.iopubMessage.connect((_s, m) => {
          if (w.__firstResult === undefined && /^(execute_result|display_data)$/.test(m.header.msg_type)) w.__firstResult = w.performance.now();
        });
      });
      const runAllMs = await runAllLite(page, 1_800_000);
      const firstResultMs = await page.evaluate(() => (globalThis as unknown as { __firstResult?: number }).__firstResult);
      await context.close();
      const native = await runNative(path.join(liteRoot, "notebooks", `${name}.ipynb`), 1800);
      lessons.push({ lesson: name, browser_run_all_s: Math.round(runAllMs / 100) / 10, native_run_all_s: Math.round(native.seconds * 10) / 10 });
      if (!firstLoad) {
        firstLoad = {
          lesson: name,
          kernel_ready_ms: readyMs,
          first_result_ms: firstResultMs === undefined ? null : Math.round(firstResultMs),
          downloaded_mb_at_ready: Math.round(bytesAtReady / 1e5) / 10,
        };
      }
    }
  } finally {
    await browser.close();
    await site.close();
  }
  return {
    what: "JupyterLite site (build/lite/site) served on 127.0.0.1, Debian's Chromium headless, fresh browser context per lesson; browser kernel on TensorFlow.js's wasm backend",
    site_mb: Math.round(size.bytes / 1e5) / 10,
    site_files: size.files,
    worker_mb: Math.round(worker / 1e5) / 10,
    type_declarations_mb: Math.round(types / 1e5) / 10,
    first_load: firstLoad,
    lessons,
    note: "first_result_ms: from navigation to the first execute_result/display_data of run-all; native_run_all_s: nbclient's execute() including the Node kernel's start",
  };
}
