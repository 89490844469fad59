/**
 * What one sandboxed kernel may use, graded at the same time as its neighbours:
 *   flood    starts 1 500 `sleep` processes: the process budget stops it, the feedback says so
 *   burner   spins forever: the CPU-time limit stops its kernel before the cell timeout, the feedback says so
 *   envspy   prints the DL4DS_* variables it sees (an allowed one arrives, the grader's secret does not) and
 *            whether the library finds the shipped weights (datasets/ is part of what the sandbox shows)
 * and nothing any of them started is left running afterwards.
 */
import * as fs from "fs";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GradeReport, gradeSubmissions, processLimitMessage } from "../../src/grading/grade";
import { Notebook } from "../../src/grading/notebook";
import { probeSandbox, SANDBOX_UID_BASE } from "../../src/grading/sandbox/bwrap";
import { addNotebookWith, requireDl4dsKernel, SOURCE_DIR, tempDir } from "./helpers";

const MAX_PROCESSES = 256;
const CPU_SECONDS = 15;
const ADD = "function add(a: number, b: number): number {\n  return a + b;\n}\n";
/** A sleep duration no other process on the machine has on its command line. */
const SLEEP = `900.${process.pid}`;
const SECRET = `secret-${process.pid}`;

const SUBMISSIONS: Record<string, string> = {
  flood: `const { spawn } = require("child_process");
let started = 0;
let failed = 0;
for (let i = 0; i < 1500; i++) {
  try {
    const child = spawn("sleep", [${JSON.stringify(SLEEP)}], { stdio: "ignore" });
    child.on("error", () => failed++);
    if (child.pid) started++;
  } catch {
    failed++;
  }
}
await new Promise((r) => setTimeout(r, 1000));
console.log(\`FLOOD started \${started} failed \${failed}\`);
${ADD}`,
  burner: `let spins = 0;
while (true) spins++;
${ADD}`,
  envspy: `console.log("ENV " + Object.keys(process.env).filter((k) => k.startsWith("DL4DS_")).sort().join(","));
const { datasetsDir } = require("dl4ds-diffusion");
console.log("WEIGHTS " + require("fs").existsSync(require("path").join(datasetsDir(), "weights", "manifest.json")));
${ADD}`,
};

/** Host processes whose command line holds `token`. */
function processesWith(token: string): number[] {
  return fs.readdirSync("/proc").filter((n) => /^\d+$/.test(n)).filter((p) => {
    try {
      return Number(p) !== process.pid && fs.readFileSync(`/proc/${p}/cmdline`, "latin1").includes(token);
    } catch {
      return false;
    }
  }).map(Number);
}

/** Host processes running as one of the uids this grader process hands its kernels (as root). */
function processesOfSandboxUids(): number[] {
  const first = SANDBOX_UID_BASE + process.pid * 100;
  return fs.readdirSync("/proc").filter((n) => /^\d+$/.test(n)).filter((p) => {
    try {
      const uid = Number(/^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"))?.[1]);
      return uid >= first && uid < first + 100;
    } catch {
      return false;
    }
  }).map(Number);
}

function printed(outDir: string, student: string): string {
  const nb = JSON.parse(fs.readFileSync(path.join(outDir, "autograded", student, "add.ipynb"), "utf8")) as Notebook;
  const cell = nb.cells.find((c) => c.metadata?.nbgrader?.grade_id === "add-solution")!;
  return (cell.outputs ?? []).map((o) => (Array.isArray(o.text) ? o.text.join("") : String(o.text ?? ""))).join("");
}

describe("process budget, CPU-time limit and environment of a sandboxed kernel", () => {
  let base: string;
  let outDir: string;
  let report: GradeReport;
  let leftover: { sleeps: number[]; sandboxUsers: number[] };

  beforeAll(async () => {
    requireDl4dsKernel();
    const probe = probeSandbox();
    if (!probe.ok) throw new Error(`the sandbox tests need bubblewrap: ${probe.reason} (run \`npm run setup\` as root, or apt-get install bubblewrap)`);
    base = tempDir("dl4ds-limits-");
    outDir = path.join(base, "grades");
    const subs = path.join(base, "submissions");
    for (const [student, cell] of Object.entries(SUBMISSIONS)) {
      fs.mkdirSync(path.join(subs, student), { recursive: true });
      fs.writeFileSync(path.join(subs, student, "add.ipynb"), JSON.stringify(addNotebookWith(cell)));
    }
    const saved = { secret: process.env.DL4DS_SECRET_TOKEN, device: process.env.DL4DS_DEVICE };
    process.env.DL4DS_SECRET_TOKEN = SECRET;
    process.env.DL4DS_DEVICE = "cpu";
    try {
      report = await gradeSubmissions({
        submissions: subs, source: SOURCE_DIR, outDir, workers: 3, cellTimeoutS: 90, memoryMb: 768, maxRestarts: 1, seed: 3,
        maxProcesses: MAX_PROCESSES, cpuSeconds: CPU_SECONDS,
      });
    } finally {
      for (const [k, v] of [["DL4DS_SECRET_TOKEN", saved.secret], ["DL4DS_DEVICE", saved.device]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
    leftover = { sleeps: processesWith(SLEEP), sandboxUsers: processesOfSandboxUids() };
    for (const pid of [...leftover.sleeps, ...leftover.sandboxUsers]) process.kill(pid, "SIGKILL");
  }, 600_000);

  afterAll(() => {
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  const grade = (student: string) => report.grades.find((g) => g.student === student)!;
  const feedback = (student: string) => ({
    csv: fs.readFileSync(path.join(outDir, "grades.csv"), "utf8").split("\n").find((l) => l.startsWith(`${student},`)) ?? "",
    html: fs.readFileSync(path.join(outDir, "feedback", student, "add.html"), "utf8"),
    json: fs.readFileSync(path.join(outDir, "results", student, "add.json"), "utf8"),
  });

  it("bounds a process flood by the budget, grades the rest of the notebook and says why in every output", () => {
    const out = printed(outDir, "flood");
    const m = /FLOOD started (\d+) failed (\d+)/.exec(out);
    expect(m, out).not.toBeNull();
    const [started, failed] = [Number(m![1]), Number(m![2])];
    expect(started + failed).toBe(1500);
    expect(started).toBeGreaterThan(100); // the budget is for processes, not against them
    expect(started).toBeLessThan(MAX_PROCESSES); // the kernel's own threads count too
    expect(grade("flood")).toMatchObject({ status: "graded", score: 3 });
    const message = processLimitMessage(MAX_PROCESSES);
    expect(grade("flood").messages).toContain(message);
    expect(message).toMatch(/started more than 256 processes/);
    for (const text of Object.values(feedback("flood"))) expect(text).toContain("started more than 256 processes");
  });

  it("stops a kernel that burns CPU at the CPU-time limit and says so in every output", () => {
    const g = grade("burner");
    expect(g.status).toBe("graded");
    expect(g.score).toBe(1); // add never got defined; scale still scores after the restart
    const note = g.messages.find((m) => m.includes("of CPU time"));
    expect(note).toMatch(new RegExp(`used more than ${CPU_SECONDS} s of CPU time`));
    for (const text of Object.values(feedback("burner"))) expect(text).toContain(`used more than ${CPU_SECONDS} s of CPU time`);
    expect(grade("flood").messages.join()).not.toMatch(/CPU time/);
  });

  it("passes the allowed DL4DS_* variables to the kernel, not the grader's others", () => {
    const out = printed(outDir, "envspy");
    const keys = /ENV (.*)/.exec(out)?.[1].split(",") ?? [];
    expect(keys).toContain("DL4DS_DEVICE");
    expect(keys).toContain("DL4DS_SEED");
    expect(keys).not.toContain("DL4DS_SECRET_TOKEN");
    expect(out).not.toContain(SECRET);
    expect(grade("envspy")).toMatchObject({ status: "graded", score: 3, messages: [] });
  });

  it("shows the project's datasets (the latent lessons' weights) to the kernel", () => {
    expect(printed(outDir, "envspy")).toContain("WEIGHTS true");
  });

  it("leaves nothing running", () => {
    expect(leftover.sleeps).toEqual([]);
    expect(leftover.sandboxUsers).toEqual([]);
  });
});
