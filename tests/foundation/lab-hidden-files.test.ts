/**
 * The students' file browser does not list node_modules. A lessons folder links the project's
 * node_modules beside the notebooks (that is how `import … from "dl4ds-diffusion"` resolves in a
 * course folder); JupyterLab, run with the student view's configuration (`labEnv(false)`, what
 * `npm start` uses), must list the lessons and not the link. The instructor view, which does not
 * use that configuration, lists it: the check can fail.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labEnv } from "../../src/cli/commands/lab";
import { freeLoopbackPort } from "../../src/kernel/ports";

const ROOT = path.resolve(__dirname, "..", "..");
const LESSON = "18.1-diffusion-encoder.ipynb";

interface Listing {
  names: string[];
  lessonStatus: number;
}

/** Starts JupyterLab on `dir` with the view's environment and lists its root through the contents API. */
async function listRoot(dir: string, instructor: boolean, scratch: string): Promise<Listing> {
  const port = await freeLoopbackPort();
  const token = `files-${process.pid}-${port}`;
  const jupyter = path.join(ROOT, ".venv", "bin", "jupyter");
  if (!fs.existsSync(jupyter)) throw new Error(`${jupyter} is missing: run \`npm run setup\` first.`);
  const env = { ...labEnv(instructor), JUPYTER_CONFIG_DIR: path.join(scratch, `config-${port}`), JUPYTERLAB_SETTINGS_DIR: path.join(scratch, `settings-${port}`), JUPYTERLAB_WORKSPACES_DIR: path.join(scratch, `workspaces-${port}`) };
  const args = ["lab", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--ServerApp.port_retries=0", `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${dir}`, ...(process.getuid?.() === 0 ? ["--allow-root"] : [])];
  const proc: ChildProcess = spawn(jupyter, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  proc.stdout?.on("data", (d) => (log += d));
  proc.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`JupyterLab exited early:\n${log}`);
      try {
        if ((await fetch(`${url}/api/status?token=${token}`)).ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`JupyterLab did not start within 120 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const root = (await (await fetch(`${url}/api/contents?token=${token}`)).json()) as { content: Array<{ name: string }> };
    const lessonStatus = (await fetch(`${url}/api/contents/${encodeURIComponent(LESSON)}?content=0&token=${token}`)).status;
    return { names: root.content.map((c) => c.name).sort(), lessonStatus };
  } finally {
    proc.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
    if (proc.exitCode === null) proc.kill("SIGKILL");
  }
}

describe("JupyterLab's file browser", () => {
  let scratch: string;
  let student: Listing;
  let instructor: Listing;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-lab-files-"));
    const lessons = path.join(scratch, "lessons");
    fs.mkdirSync(lessons);
    fs.copyFileSync(path.join(ROOT, "notebooks", LESSON), path.join(lessons, LESSON));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(lessons, "node_modules"), "dir");
    [student, instructor] = await Promise.all([listRoot(lessons, false, scratch), listRoot(lessons, true, scratch)]);
  }, 300_000);

  afterAll(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("the student view lists the lessons and hides node_modules", () => {
    expect(student.names).toEqual([LESSON]);
    expect(student.lessonStatus).toBe(200);
  });

  it("without the student view's configuration node_modules is listed (the check can fail)", () => {
    expect(instructor.names).toEqual([LESSON, "node_modules"]);
  });
});
