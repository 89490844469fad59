/**
 * `dl4ds bench memory [--json] [--lessons a,b]`: the memory a student's server needs, per lesson.
 * Each lesson runs headlessly as `dl4ds run` runs it (nbclient and the dl4ds kernel); the resident
 * memory of the kernel's processes, and of the whole tree below the runner (nbclient's Python
 * included, standing in for the Jupyter server), is sampled every 250 ms from /proc. The peak over
 * all lessons is what a hub's per-user memory guarantee must cover (docs/course.md). Linux only.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "../paths";
import { parseArgs, stringFlag } from "../args";

/** One line for `dl4ds bench --list`. */
export const summary = "peak resident memory of the kernel (and of kernel + runner) while each lesson runs: a hub's per-user memory";

function children(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function rssMiB(pid: number): { rss: number; comm: string } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { rss: kb / 1024, comm: fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() };
  } catch {
    return { rss: 0, comm: "" };
  }
}

/** Resident memory (MiB) of the kernel processes and of every process below `root`. */
function sample(root: number): { kernel: number; tree: number } {
  let kernel = 0;
  let tree = 0;
  const todo = children(root);
  while (todo.length) {
    const pid = todo.pop()!;
    const { rss, comm } = rssMiB(pid);
    tree += rss;
    if (comm === "node" || comm.startsWith("node")) kernel += rss;
    todo.push(...children(pid));
  }
  return { kernel, tree };
}

async function measure(notebook: string): Promise<{ lesson: string; ok: boolean; seconds: number; kernelPeakMiB: number; treePeakMiB: number }> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-bench-memory-"));
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(projectRoot(), "bin", "dl4ds.js"), "run", notebook, "--out", out], { cwd: projectRoot(), stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  let kernelPeak = 0;
  let treePeak = 0;
  const timer = setInterval(() => {
    const s = sample(child.pid!);
    kernelPeak = Math.max(kernelPeak, s.kernel);
    treePeak = Math.max(treePeak, s.tree);
  }, 250);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(timer);
  fs.rmSync(out, { recursive: true, force: true });
  if (code !== 0 && !stderr) stderr = `exit ${code}`;
  return { lesson: path.basename(notebook, ".ipynb"), ok: code === 0, seconds: Math.round((Date.now() - started) / 100) / 10, kernelPeakMiB: Math.round(kernelPeak), treePeakMiB: Math.round(treePeak) };
}

/** Runs the benchmark. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  if (process.platform !== "linux") throw new Error("bench memory reads /proc: run it on Linux");
  const dir = path.join(projectRoot(), "notebooks");
  const p = parseArgs(args, ["lessons"], [], { hints: { lessons: "a comma-separated list, e.g. --lessons 18.1-diffusion-encoder,latent-4-guidance" } });
  const wanted = stringFlag(p, "lessons", "").split(",").filter(Boolean);
  if (p.flags.has("lessons") && wanted.length === 0) throw new Error("--lessons takes a comma-separated list, e.g. --lessons 18.1-diffusion-encoder,latent-4-guidance");
  const all = fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();
  const chosen = wanted.length ? wanted.map((w) => all.find((f) => f === w || f === `${w}.ipynb`) ?? w) : all;
  for (const c of chosen) if (!all.includes(c)) throw new Error(`no lesson ${c} in ${dir} (lessons: ${all.join(", ")})`);
  const lessons = [];
  for (const name of chosen) lessons.push(await measure(path.join("notebooks", name)));
  const ok = lessons.filter((l) => l.ok);
  return {
    lessons,
    kernelPeakMiB: Math.max(0, ...ok.map((l) => l.kernelPeakMiB)),
    treePeakMiB: Math.max(0, ...ok.map((l) => l.treePeakMiB)),
    failed: lessons.filter((l) => !l.ok).map((l) => l.lesson),
  };
}
