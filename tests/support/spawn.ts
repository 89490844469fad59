/**
 * Runs a child process without blocking the test worker. A synchronous spawn that lasts over a minute makes
 * vitest's worker miss its RPC deadline ("Timeout calling onTaskUpdate"), which fails the whole run.
 */
import { spawn } from "child_process";

/** What a finished child process left behind. */
export interface SpawnResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Options for `spawnAsync`. */
export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
}

/** Spawns `cmd args`, collects its output, kills it after `timeoutMs`; never rejects for a non-zero exit. */
export function spawnAsync(cmd: string, args: string[], options: SpawnOptions = {}): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill("SIGKILL");
        }, options.timeoutMs)
      : undefined;
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", (err) => {
      if (timer) clearTimeout(timer);
      reject(err);
    });
    child.on("close", (status, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut });
    });
    child.stdin.end(options.input ?? "");
  });
}
