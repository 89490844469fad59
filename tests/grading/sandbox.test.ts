/**
 * Hostile submissions against the bubblewrap sandbox: one submission per escape, each graded once
 * with `--no-sandbox` (where the escape must work, or the test proves nothing) and once in the
 * sandbox (where it must fail):
 *   reader    searches the disk (and other processes' command lines and environments) for the hidden test
 *   writer    writes into a folder outside its working copy and into the real /tmp
 *   caller    connects to a loopback listener this test starts
 *   spawner   starts a detached process that waits for grades.csv to append to it
 *   peek/keep two students graded at the same time; peek reads keep's working copy
 *   rounder   fails only the hidden test: its feedback page and JSON must not show the hidden source
 *   trent     (the grading fixture) kills its kernel's parent, the notebook runner
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GradeReport, gradeSubmissions, GradingSetupError, NO_SANDBOX_WARNING } from "../../src/grading/grade";
import { Notebook } from "../../src/grading/notebook";
import { probeSandbox, resetSandboxProbe } from "../../src/grading/sandbox/bwrap";
import { addNotebookWith, loadFixture, requireDl4dsKernel, ROOT, SOURCE_DIR, SOURCE_NB, SUBMISSIONS, tempDir } from "./helpers";

const HIDDEN_LINE = "assert.equal(add(0.5, 0.25), 0.75);";
const NEEDLE = 'add(0.5, 0.25)';

const ADD = "function add(a: number, b: number): number {\n  return a + b;\n}\n";
const lit = (s: string): string => JSON.stringify(s);

interface Scenario {
  tokens: { survivor: string; secret: string; tmpFile: string };
  targetDir: string;
  port: number;
}

function hostileNotebooks(s: Scenario, outDir: string): Record<string, { nb: Notebook; extra?: Record<string, string> }> {
  const reader = `const fs = require("fs");
const path = require("path");
const needle = ["add(0.5", "0.25)"].join(", ");
const skip = new Set(["proc", "sys", "dev", "usr", "bin", "sbin", "lib", "lib32", "lib64", "boot", "var", "snap", "node_modules", ".git", ".venv", ".cache"]);
let found = "";
const deadline = Date.now() + 30000;
function scan(dir: string, depth: number): void {
  if (found || depth < 0 || Date.now() > deadline) return;
  let names: string[] = [];
  try { names = fs.readdirSync(dir); } catch { return; }
  for (const n of names) {
    if (found || skip.has(n)) continue;
    const p = path.join(dir, n);
    let st;
    try { st = fs.statSync(p); } catch { continue; }
    if (st.isDirectory()) scan(p, depth - 1);
    else if (st.isFile() && st.size < 4e6 && /\\.(ipynb|json|txt|ts|js)$/.test(n)) {
      try { if (fs.readFileSync(p, "utf8").includes(needle)) found = p; } catch { /* unreadable */ }
    }
  }
}
for (const root of ["/tmp", "/", path.dirname(process.env.NODE_PATH ?? "/")]) scan(root, 5);
for (const pid of fs.readdirSync("/proc").filter((n: string) => /^\\d+$/.test(n))) {
  for (const f of ["environ", "cmdline"]) {
    try { if (!found && fs.readFileSync(\`/proc/\${pid}/\${f}\`, "latin1").includes(needle)) found = \`/proc/\${pid}/\${f}\`; } catch { /* not ours */ }
  }
}
console.log(found ? "ESCAPE reader: yes " + found : "ESCAPE reader: no");
${ADD}`;
  const writer = `const fs = require("fs");
for (const f of [${lit(path.join(s.targetDir, "written-by-student.txt"))}, ${lit(s.tokens.tmpFile)}]) {
  try { fs.writeFileSync(f, "escaped"); console.log("ESCAPE writer: wrote " + f); } catch (e) { console.log("ESCAPE writer: no " + (e as Error).message); }
}
${ADD}`;
  const caller = `const net = require("net");
const answer: string = await new Promise((resolve) => {
  const sock = net.connect(${s.port}, "127.0.0.1", () => sock.end("hello from the student", () => resolve("yes")));
  sock.on("error", (e: Error) => resolve("no " + e.message));
  setTimeout(() => resolve("no (timed out)"), 10000);
});
console.log("ESCAPE caller: " + answer);
${ADD}`;
  const survivorScript = `/* ${s.tokens.survivor} */ const fs = require("fs"); let done = false; setInterval(() => { if (!done && fs.existsSync(${lit(path.join(outDir, "grades.csv"))})) { done = true; try { fs.appendFileSync(${lit(path.join(outDir, "grades.csv"))}, "tampered,by,a,survivor\\n"); } catch {} } }, 200);`;
  const spawner = `const { spawn } = require("child_process");
const child = spawn(process.execPath, ["-e", ${lit(survivorScript)}], { detached: true, stdio: "ignore" });
child.unref();
console.log("ESCAPE spawner: started " + child.pid);
${ADD}`;
  const keep = `await new Promise((r) => setTimeout(r, 30000)); // keep the working copy alive while peek looks
${ADD}`;
  const peek = `const fs = require("fs");
const path = require("path");
const os = require("os");
let seen = "";
const deadline = Date.now() + 30000;
while (!seen && Date.now() < deadline) {
  for (const base of [path.resolve(process.cwd(), "..", ".."), "/tmp", os.tmpdir()]) {
    let names: string[] = [];
    try { names = fs.readdirSync(base); } catch { continue; }
    for (const n of names) {
      try { const t = fs.readFileSync(path.join(base, n, "work", "secret.txt"), "utf8"); if (t.includes("keep's")) seen = t; } catch { /* not there */ }
    }
  }
  if (!seen) await new Promise((r) => setTimeout(r, 250));
}
console.log(seen ? "ESCAPE peek: yes " + seen : "ESCAPE peek: no");
${ADD}`;
  const rounder = "function add(a: number, b: number): number {\n  return Math.round(a + b);\n}\n";
  return {
    reader: { nb: addNotebookWith(reader, { dropHiddenTests: true }) },
    writer: { nb: addNotebookWith(writer, { dropHiddenTests: true }) },
    caller: { nb: addNotebookWith(caller, { dropHiddenTests: true }) },
    spawner: { nb: addNotebookWith(spawner, { dropHiddenTests: true }) },
    keep: { nb: addNotebookWith(keep, { dropHiddenTests: true }), extra: { "secret.txt": `keep's secret ${s.tokens.secret}` } },
    peek: { nb: addNotebookWith(peek, { dropHiddenTests: true }) },
    rounder: { nb: addNotebookWith(rounder, { dropHiddenTests: true }) },
    trent: { nb: loadFixture(path.join(SUBMISSIONS, "trent", "add.ipynb")) },
  };
}

/** The instructor source: the fixture with a second hidden assertion whose message could quote its source. */
function writeSource(dir: string): string {
  const nb = loadFixture(SOURCE_NB);
  for (const c of nb.cells) {
    if (c.metadata?.nbgrader?.grade_id !== "add-tests") continue;
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    expect(src).toContain(HIDDEN_LINE);
    c.source = src.replace(HIDDEN_LINE, `assert.ok(add(0.5, 0.25) === 0.75);\n${HIDDEN_LINE}`);
  }
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "add.ipynb");
  fs.writeFileSync(file, JSON.stringify(nb, null, 1));
  return file;
}

interface Run {
  report: GradeReport;
  outDir: string;
  scenario: Scenario;
  received: string[];
  /** What the executed add cell printed, per student. */
  printed: Record<string, string>;
  /** Host processes whose command line holds the survivor token, a few seconds after grading. */
  survivors: number[];
  csvAfter: string;
  csvAtEnd: string;
}

function processesWith(token: string): number[] {
  const pids: number[] = [];
  for (const p of fs.readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      if (fs.readFileSync(`/proc/${p}/cmdline`, "latin1").includes(token)) pids.push(Number(p));
    } catch {
      /* gone */
    }
  }
  return pids.filter((p) => p !== process.pid);
}

const made: string[] = [];

async function gradeHostile(sandbox: boolean, gradingTmp: string, source: string): Promise<Run> {
  const base = tempDir(`dl4ds-hostile-${sandbox ? "sandbox" : "open"}-`);
  made.push(base);
  const received: string[] = [];
  const server = net.createServer((sock) => sock.on("data", (d) => received.push(d.toString("utf8"))));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const rand = path.basename(base).replace(/[^A-Za-z0-9]/g, ""); // unique per run, as mkdtemp made it
  const scenario: Scenario = {
    tokens: { survivor: `dl4ds-survivor-${rand}`, secret: `secret-${rand}`, tmpFile: `/tmp/dl4ds-escape-${rand}.txt` },
    targetDir: path.join(base, "target"),
    port: (server.address() as net.AddressInfo).port,
  };
  fs.mkdirSync(scenario.targetDir);
  const outDir = path.join(base, "grades");
  const subs = path.join(base, "submissions");
  for (const [student, { nb, extra }] of Object.entries(hostileNotebooks(scenario, outDir))) {
    fs.mkdirSync(path.join(subs, student), { recursive: true });
    fs.writeFileSync(path.join(subs, student, "add.ipynb"), JSON.stringify(nb));
    for (const [f, text] of Object.entries(extra ?? {})) fs.writeFileSync(path.join(subs, student, f), text);
  }
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = gradingTmp;
  let report: GradeReport;
  try {
    report = await gradeSubmissions({ submissions: subs, source, outDir, workers: 8, cellTimeoutS: 90, memoryMb: 768, maxRestarts: 1, seed: 1, sandbox });
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    server.close();
  }
  const csvAtEnd = fs.readFileSync(path.join(outDir, "grades.csv"), "utf8");
  await new Promise((r) => setTimeout(r, 3000));
  const survivors = processesWith(scenario.tokens.survivor);
  const csvAfter = fs.readFileSync(path.join(outDir, "grades.csv"), "utf8");
  for (const pid of survivors) process.kill(pid, "SIGKILL");
  const printed: Record<string, string> = {};
  for (const g of report.grades.filter((x) => x.status === "graded")) {
    const executed = JSON.parse(fs.readFileSync(path.join(outDir, "autograded", g.student, "add.ipynb"), "utf8")) as Notebook;
    const cell = executed.cells.find((c) => c.metadata?.nbgrader?.grade_id === "add-solution")!;
    printed[g.student] = (cell.outputs ?? []).map((o) => (Array.isArray(o.text) ? o.text.join("") : String(o.text ?? ""))).join("");
  }
  return { report, outDir, scenario, received, printed, survivors, csvAfter, csvAtEnd };
}

describe("the bubblewrap sandbox against hostile submissions", () => {
  let open: Run;
  let boxed: Run;
  let gradingTmp: string;

  beforeAll(async () => {
    requireDl4dsKernel();
    const probe = probeSandbox();
    if (!probe.ok) throw new Error(`the sandbox tests need bubblewrap: ${probe.reason} (run \`npm run setup\` as root, or apt-get install bubblewrap)`);
    gradingTmp = tempDir("dl4ds-hostile-tmp-");
    made.push(gradingTmp);
    const srcDir = tempDir("dl4ds-hostile-source-");
    made.push(srcDir);
    const source = writeSource(srcDir);
    open = await gradeHostile(false, gradingTmp, source);
    boxed = await gradeHostile(true, gradingTmp, source);
  }, 900_000);

  afterAll(() => {
    for (const r of [open, boxed]) if (r) fs.rmSync(r.scenario.tokens.tmpFile, { force: true });
    for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  });

  it("every hostile submission is graded (the escapes do not break grading)", () => {
    for (const r of [open, boxed]) {
      expect(r.report.grades.filter((g) => g.student !== "trent").map((g) => g.status)).toEqual(Array(7).fill("graded"));
      const score = Object.fromEntries(r.report.grades.map((g) => [g.student, g.score]));
      expect(score).toMatchObject({ writer: 3, caller: 3, spawner: 3, keep: 3, peek: 3, rounder: 1 });
    }
  });

  it("reading the hidden tests from disk or other processes: works without the sandbox, fails in it", () => {
    expect(open.printed.reader).toMatch(/ESCAPE reader: yes \//);
    expect(boxed.printed.reader).toContain("ESCAPE reader: no");
  });

  it("writing outside the working copy: works without the sandbox, fails in it", () => {
    expect(fs.existsSync(path.join(open.scenario.targetDir, "written-by-student.txt"))).toBe(true);
    expect(fs.existsSync(open.scenario.tokens.tmpFile)).toBe(true);
    expect(fs.existsSync(path.join(boxed.scenario.targetDir, "written-by-student.txt"))).toBe(false);
    expect(fs.existsSync(boxed.scenario.tokens.tmpFile)).toBe(false); // its /tmp was its own
    expect(fs.readdirSync(gradingTmp)).toEqual([]); // working copies, HOME and /tmp removed
  });

  it("connecting to a loopback listener: works without the sandbox, fails in it", () => {
    expect(open.received.join("")).toContain("hello from the student");
    expect(open.printed.caller).toContain("ESCAPE caller: yes");
    expect(boxed.received).toEqual([]);
    expect(boxed.printed.caller).toMatch(/ESCAPE caller: no/);
  });

  it("a detached process outliving grading: survives and tampers without the sandbox, dies in it", () => {
    expect(open.printed.spawner).toMatch(/ESCAPE spawner: started \d+/);
    expect(open.survivors.length).toBeGreaterThan(0);
    expect(open.csvAfter).toContain("tampered,by,a,survivor");
    expect(boxed.printed.spawner).toMatch(/ESCAPE spawner: started \d+/);
    expect(boxed.survivors).toEqual([]);
    expect(boxed.csvAfter).toBe(boxed.csvAtEnd);
  });

  it("reading another student's working copy while both are graded: works without the sandbox, fails in it", () => {
    expect(open.printed.peek).toContain(`ESCAPE peek: yes keep's secret ${open.scenario.tokens.secret}`);
    expect(boxed.printed.peek).toContain("ESCAPE peek: no");
  });

  it("neither the feedback page nor the JSON of a failed hidden test shows the hidden source", () => {
    for (const r of [open, boxed]) {
      const g = r.report.grades.find((x) => x.student === "rounder")!;
      expect(g.tests.find((t) => t.gradeId === "add-tests")).toMatchObject({ status: "failed", points: 0 });
      const html = fs.readFileSync(path.join(r.outDir, "feedback", "rounder", "add.html"), "utf8");
      const json = fs.readFileSync(path.join(r.outDir, "results", "rounder", "add.json"), "utf8");
      for (const text of [html, json]) {
        expect(text).not.toContain(NEEDLE);
        expect(text).not.toContain("add(0.5, 0.25) === 0.75");
      }
    }
  });

  it("killing the notebook runner: costs the submission without the sandbox (0, with a message), is impossible in it", () => {
    const open0 = open.report.grades.find((g) => g.student === "trent")!;
    expect(open0).toMatchObject({ status: "error", score: 0, maxScore: 3 });
    expect(open0.messages.join()).toMatch(/was killed by SIGKILL before reporting/);
    // Its parent is the sandbox's init: the signal is ignored, or refused (EPERM, failing add) when the grader is root
    // and the kernel runs as a user of its own.
    expect(boxed.report.grades.find((g) => g.student === "trent")!).toMatchObject({ status: "graded", score: process.getuid?.() === 0 ? 1 : 3, restarts: 0 });
  });

  it("--no-sandbox puts its warning in every row; the sandboxed run has none", () => {
    for (const g of open.report.grades) expect(g.messages[0]).toBe(NO_SANDBOX_WARNING);
    const rows = open.csvAtEnd.trim().split("\n").slice(1);
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row).toContain("GRADED WITHOUT A SANDBOX");
    expect(boxed.csvAtEnd).not.toContain("GRADED WITHOUT A SANDBOX");
  });
});

describe("without bubblewrap", () => {
  it("dl4ds doctor says how to get it", () => {
    const empty = tempDir("dl4ds-nobwrap-path-");
    try {
      const res = spawnSync(process.execPath, [path.join(ROOT, "bin", "dl4ds.js"), "doctor"], { encoding: "utf8", env: { ...process.env, PATH: empty } });
      expect(res.stdout).toMatch(/grading sandbox\s+bwrap \(bubblewrap\) is not installed; dl4ds grade needs it\n\s+fix: install bubblewrap \(Debian\/Ubuntu: `sudo apt-get install bubblewrap`/);
      expect(res.status).toBe(1);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it("dl4ds grade refuses, naming the fix and --no-sandbox, and writes nothing", async () => {
    const savedPath = process.env.PATH;
    const out = path.join(tempDir("dl4ds-nobwrap-"), "grades");
    process.env.PATH = path.dirname(out); // no bwrap on PATH
    resetSandboxProbe();
    try {
      const run = gradeSubmissions({ submissions: SUBMISSIONS, source: SOURCE_DIR, outDir: out });
      await expect(run).rejects.toThrow(GradingSetupError);
      await expect(run).rejects.toThrow(/bwrap \(bubblewrap\) is not installed.*apt-get install bubblewrap.*--no-sandbox/s);
    } finally {
      process.env.PATH = savedPath;
      resetSandboxProbe();
    }
    expect(fs.existsSync(out)).toBe(false);
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });
});
