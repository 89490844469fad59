/**
 * Helpers for the kernel tests: run the Python fixture scripts (jupyter_client / nbclient from the
 * project's .venv) that drive the real dl4ds kernel over ZeroMQ.
 */
import { spawnAsync } from "../support/spawn";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const FIXTURES = path.join(ROOT, "tests", "fixtures", "kernel");
export const PYTHON = path.join(ROOT, ".venv", "bin", "python");

/** Throws a clear message when the build or the Python environment is missing. */
export function requirePrerequisites(): void {
  if (!fs.existsSync(path.join(ROOT, "dist", "kernel", "main.js"))) {
    throw new Error("dist/kernel/main.js is missing: run `npm run build` (npm test's pretest does) before the kernel tests");
  }
  if (!fs.existsSync(PYTHON)) {
    throw new Error(".venv/bin/python is missing: run `npm run setup` to create the Python environment with jupyter_client and nbclient");
  }
}

/** Runs a fixture script and parses the JSON it prints. */
export async function runPython(script: string, args: string[], input?: unknown, timeoutMs = 280_000): Promise<Record<string, unknown>> {
  requirePrerequisites();
  const r = await spawnAsync(PYTHON, [path.join(FIXTURES, script), ...args], {
    cwd: FIXTURES,
    input: input === undefined ? undefined : JSON.stringify(input),
    timeoutMs,
  });
  const out = r.stdout.trim().split("\n").pop() ?? "";
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(out) as Record<string, unknown>;
  } catch {
    throw new Error(`${script} did not print JSON (exit ${r.status}${r.timedOut ? ", timed out" : ""}):\n${r.stdout}\n${r.stderr}`);
  }
  if (parsed.fatal) throw new Error(`${script}: ${String(parsed.fatal)}`);
  return parsed;
}

/** One iopub message as the driver records it. */
export interface IopubMsg {
  msg_type: string;
  content: Record<string, unknown>;
}

/** One step's result from drive.py. */
export interface StepResult {
  op: string;
  reply?: Record<string, unknown>;
  replies?: Record<string, unknown>[];
  iopub?: IopubMsg[];
  iopubs?: IopubMsg[][];
  [key: string]: unknown;
}

/** Runs steps against one kernel with drive.py. */
export async function drive(steps: Record<string, unknown>[]): Promise<StepResult[]> {
  const res = await runPython("drive.py", [], steps);
  return res.results as StepResult[];
}

/** The iopub messages of a given type. */
export function ofType(msgs: IopubMsg[] | undefined, type: string): IopubMsg[] {
  return (msgs ?? []).filter((m) => m.msg_type === type);
}
