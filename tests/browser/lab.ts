/// <reference lib="dom" />
/**
 * Test harness: JupyterLab from the project's .venv on 127.0.0.1 with a token, driven by Debian's Chromium
 * through playwright-core (never a downloaded browser).
 */
import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Browser, chromium, Page } from "playwright-core";
import { freeLoopbackPort } from "../../src/kernel/ports";

export const root = path.resolve(__dirname, "..", "..");
export const chromiumPath = "/usr/bin/chromium";

/** Flags this closed network needs: without the networking ones Chromium floods it with refused connections. */
const chromiumArgs = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
];

export interface Lab {
  url: string;
  token: string;
  dir: string;
  proc: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts JupyterLab on a temporary copy of `files` (so autosave never touches the repository). */
export async function startLab(files: string[]): Promise<Lab> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-lab-"));
  for (const f of files) fs.copyFileSync(f, path.join(dir, path.basename(f)));
  // As in the project's notebooks/ folder, `import ... from "dl4ds-diffusion"` resolves through node_modules.
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  const port = await freeLoopbackPort();
  const token = randomBytes(16).toString("hex");
  const jupyter = path.join(root, ".venv", "bin", "jupyter");
  if (!fs.existsSync(jupyter)) throw new Error(`${jupyter} is missing: run \`npm run setup\` first.`);
  // A throwaway config dir: no news pop-up over the screenshots, nothing written to the user's settings.
  const configDir = path.join(dir, ".jupyter-config");
  fs.mkdirSync(path.join(configDir, "labconfig"), { recursive: true });
  fs.writeFileSync(path.join(configDir, "labconfig", "page_config.json"),
    JSON.stringify({ disabledExtensions: { "@jupyterlab/apputils-extension:announcements": true } }));
  // Render every cell (JupyterLab 4 only renders the visible ones by default), so the DOM can be checked.
  const settingsDir = path.join(dir, ".jupyter-settings");
  fs.mkdirSync(path.join(settingsDir, "@jupyterlab", "notebook-extension"), { recursive: true });
  fs.writeFileSync(path.join(settingsDir, "@jupyterlab", "notebook-extension", "tracker.jupyterlab-settings"),
    JSON.stringify({ windowingMode: "none" }));
  let output = "";
  const proc = spawn(jupyter, [
    "lab", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--ServerApp.port_retries=0",
    `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${dir}`, "--LabApp.expose_app_in_browser=True",
    "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
  ], { cwd: dir, env: { ...process.env, JUPYTER_CONFIG_DIR: configDir, JUPYTERLAB_SETTINGS_DIR: settingsDir } });
  proc.stdout?.on("data", (d) => (output += d));
  proc.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`JupyterLab exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/api/status?token=${token}`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`JupyterLab did not start within 90 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url, token, dir, proc,
    log: () => output,
    stop: async () => {
      proc.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
      if (proc.exitCode === null) proc.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's Chromium headless; playwright gives every launch a fresh, empty --user-data-dir. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error("Debian's chromium is not installed: `apt-get install chromium` (npm test's set-up does this as root).");
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

let workspaces = 0;

/** Opens a notebook in a fresh JupyterLab workspace (no tabs restored) and waits until its kernel is idle. */
export async function openNotebook(page: Page, lab: Lab, name: string): Promise<void> {
  const workspace = `e2e-${process.pid}-${++workspaces}`;
  await page.goto(`${lab.url}/lab/workspaces/${workspace}/tree/${encodeURIComponent(name)}?reset&token=${lab.token}`);
  await page.waitForFunction((nb) => {
    const w = window as unknown as {
      jupyterapp?: { shell?: { currentWidget?: { context?: { path?: string }; sessionContext?: { session?: { kernel?: { status: string } } } } } };
    };
    const current = w.jupyterapp?.shell?.currentWidget;
    return current?.context?.path === nb && current.sessionContext?.session?.kernel?.status === "idle";
  }, name, { timeout: 120_000 });
}

/** Runs a JupyterLab command (e.g. "notebook:run-all-cells"). */
export async function command(page: Page, id: string, args: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate(([cmd, a]) => {
    const w = window as unknown as { jupyterapp: { commands: { execute: (id: string, args: unknown) => Promise<unknown> } } };
    void w.jupyterapp.commands.execute(cmd as string, a);
  }, [id, args] as const);
}

/** Waits until no cell of the current notebook is queued or running. */
export async function waitForIdle(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(() => {
    const w = window as unknown as { jupyterapp: { shell: { currentWidget: { sessionContext: { session?: { kernel?: { status: string } } } } } } };
    const status = w.jupyterapp.shell.currentWidget.sessionContext.session?.kernel?.status;
    const prompts = Array.from(document.querySelectorAll(".jp-Notebook .jp-InputArea-prompt")).map((e) => e.textContent ?? "");
    return status === "idle" && !prompts.some((p) => p.includes("*"));
  }, undefined, { timeout: timeoutMs, polling: 500 });
}

/** Sets the source of cell `index` in the current notebook. */
export async function setCellSource(page: Page, index: number, source: string): Promise<void> {
  await page.evaluate(([i, src]) => {
    const w = window as unknown as { jupyterapp: { shell: { currentWidget: { content: { model: { cells: { get: (i: number) => { sharedModel: { setSource: (s: string) => void } } } } } } } } };
    w.jupyterapp.shell.currentWidget.content.model.cells.get(i as number).sharedModel.setSource(src as string);
  }, [index, source] as const);
}

/** Makes cell `index` of the current notebook the active cell (-1: the last one); returns its index. */
export async function activateCell(page: Page, index: number): Promise<number> {
  return page.evaluate((i) => {
    const w = window as unknown as { jupyterapp: { shell: { currentWidget: { content: { activeCellIndex: number; widgets: unknown[] } } } } };
    const nb = w.jupyterapp.shell.currentWidget.content;
    nb.activeCellIndex = i < 0 ? nb.widgets.length + i : i;
    return nb.activeCellIndex;
  }, index);
}

/** Appends a code cell with `source` at the end of the current notebook, makes it active; returns its index. */
export async function appendCell(page: Page, source: string): Promise<number> {
  await activateCell(page, -1);
  await page.evaluate(() => {
    const w = window as unknown as { jupyterapp: { commands: { execute: (id: string) => Promise<unknown> } } };
    return w.jupyterapp.commands.execute("notebook:insert-cell-below");
  });
  await page.evaluate(() => {
    const w = window as unknown as { jupyterapp: { commands: { execute: (id: string, a: unknown) => Promise<unknown> } } };
    return w.jupyterapp.commands.execute("notebook:change-cell-to-code", {});
  });
  const index = await activateCell(page, -1);
  await setCellSource(page, index, source);
  return index;
}

/** The text of cell `index`'s prompt and outputs. */
export async function cellText(page: Page, index: number): Promise<{ prompt: string; output: string }> {
  return page.evaluate((i) => {
    const cell = document.querySelectorAll(".jp-Notebook .jp-Cell")[i];
    return {
      prompt: cell?.querySelector(".jp-InputArea-prompt")?.textContent ?? "",
      output: cell?.querySelector(".jp-OutputArea")?.textContent ?? "",
    };
  }, index);
}
