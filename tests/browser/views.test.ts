/// <reference lib="dom" />
/**
 * `dl4ds lab` (what `npm start` runs) opens the student view: nbgrader's lab extension (Create
 * Assignment sidebar, Formgrader, Nbgrader menu) and its server extensions are disabled by the
 * project's own Jupyter configuration (jupyter-config/student/). `dl4ds lab --instructor` (what
 * `npm run instructor` runs) shows them. Each view is started the way a user starts it and checked
 * in Debian's Chromium.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, root } from "./lab";
import { freeLoopbackPort } from "../../src/kernel/ports";

interface View {
  menus: string[];
  texts: string;
  formgraderStatus: number;
}

async function openView(browser: Browser, instructor: boolean): Promise<View> {
  const port = await freeLoopbackPort();
  const token = `views-${process.pid}-${port}`;
  // Throwaway user folders: no news pop-up, nothing written to the user's settings or workspaces.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-views-"));
  const env = { ...process.env, DL4DS_LAB_TOKEN: token, JUPYTER_CONFIG_DIR: path.join(tmp, "config"), JUPYTERLAB_SETTINGS_DIR: path.join(tmp, "settings"), JUPYTERLAB_WORKSPACES_DIR: path.join(tmp, "workspaces") };
  const args = [path.join(root, "bin", "dl4ds.js"), "lab", "--port", String(port), ...(instructor ? ["--instructor"] : []), "--", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"];
  const proc: ChildProcess = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  proc.stdout?.on("data", (d) => (log += d));
  proc.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`dl4ds lab exited early:\n${log}`);
      try {
        if ((await fetch(`${url}/api/status?token=${token}`)).ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`dl4ds lab did not start within 90 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const formgraderStatus = (await fetch(`${url}/formgrader?token=${token}`, { redirect: "manual" })).status;
    const page = await browser.newPage();
    try {
      await page.goto(`${url}/lab?token=${token}`);
      await page.waitForSelector(".lm-MenuBar-itemLabel", { timeout: 120_000 });
      // The menu bar is complete once the last core menu (Help) is there; give extensions a moment more.
      await page.waitForFunction(() => Array.from(document.querySelectorAll(".lm-MenuBar-itemLabel")).some((e) => e.textContent === "Help"), undefined, { timeout: 60_000 });
      await page.waitForTimeout(3000);
      const menus = await page.evaluate(() => Array.from(document.querySelectorAll(".lm-MenuBar-itemLabel")).map((e) => e.textContent ?? ""));
      const texts = await page.evaluate(() =>
        [document.body.innerText, ...Array.from(document.querySelectorAll("[title]")).map((e) => e.getAttribute("title") ?? ""), ...Array.from(document.querySelectorAll("[data-id]")).map((e) => e.getAttribute("data-id") ?? "")].join("\n"),
      );
      return { menus, texts, formgraderStatus };
    } finally {
      await page.close();
    }
  } finally {
    proc.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
    if (proc.exitCode === null) proc.kill("SIGKILL");
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

describe("student and instructor views of JupyterLab", () => {
  let browser: Browser;
  let student: View;
  let instructor: View;

  beforeAll(async () => {
    browser = await launchBrowser();
    student = await openView(browser, false);
    instructor = await openView(browser, true);
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("npm start's view has no nbgrader panels, menu or Formgrader", () => {
    expect(student.menus).toContain("File");
    expect(student.menus).not.toContain("Nbgrader");
    expect(student.texts).not.toMatch(/Create Assignment|nbgrader/i);
    expect(student.formgraderStatus).toBe(404);
  });

  it("the instructor view has the Nbgrader menu, the Create Assignment sidebar and the Formgrader", () => {
    expect(instructor.menus).toContain("Nbgrader");
    expect(instructor.texts).toMatch(/Create Assignment|nbgrader-create_assignment/i);
    expect(instructor.formgraderStatus).not.toBe(404);
  });
});
