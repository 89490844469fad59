/**
 * `dl4ds doctor`: what the project runs on, and the fix for anything missing.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { BWRAP_FIX, probeSandbox } from "../../grading/sandbox/bwrap";
import { parseArgs } from "../args";
import type { Check } from "../doctor/check";
import { gpuChecks } from "../doctor/gpu";
import { jupyterExecutable, libtensorflowProvenance, projectRoot } from "../paths";

/** One line for `dl4ds help`. */
export const summary = "print Node, the TensorFlow.js backend, CPU or GPU build, CUDA and the GPUs TensorFlow sees, Jupyter and kernelspec paths";

function jupyterInfo(systemJupyter: boolean): { checks: Check[] } {
  const jupyter = jupyterExecutable(systemJupyter);
  const checks: Check[] = [];
  const version = spawnSync(jupyter, ["lab", "--version"], { encoding: "utf8" });
  if (version.status !== 0) {
    checks.push({ label: "JupyterLab", value: "not found", fix: "run `npm run setup` (creates .venv with JupyterLab)" });
    return { checks };
  }
  checks.push({ label: "JupyterLab", value: `${version.stdout.trim()} (${jupyter})` });
  const specs = spawnSync(jupyter, ["kernelspec", "list", "--json"], { encoding: "utf8" });
  let specDir: string | undefined;
  try {
    const parsed = JSON.parse(specs.stdout) as { kernelspecs: Record<string, { resource_dir: string }> };
    specDir = parsed.kernelspecs.dl4ds?.resource_dir;
  } catch {
    specDir = undefined;
  }
  checks.push(
    specDir
      ? { label: "dl4ds kernelspec", value: specDir }
      : { label: "dl4ds kernelspec", value: "not installed", fix: "run `npm run setup`, or `dl4ds install-kernel --user` for your own Jupyter" },
  );
  return { checks };
}

/** Prints the report; exits 1 when something needs fixing. */
export async function run(args: string[]): Promise<number> {
  let systemJupyter: boolean;
  try {
    systemJupyter = parseArgs(args, [], ["system-jupyter"]).flags.has("system-jupyter");
  } catch (err) {
    process.stderr.write(`dl4ds doctor: ${(err as Error).message}\n`);
    return 2;
  }
  const checks: Check[] = [];
  checks.push({ label: "Node", value: `${process.version} (${process.execPath})` });
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 20) checks.push({ label: "Node version", value: process.version, fix: "install Node 20 or newer" });

  const { backendInfo, tf } = await import("../../backend");
  const info = backendInfo();
  checks.push({ label: "TensorFlow.js", value: `${tf.version.tfjs} from ${info.packageName}` });
  checks.push({
    label: "backend",
    value: `${info.backend} (${info.native ? "native TensorFlow" : "pure JavaScript"}) on ${info.device.toUpperCase()}`,
    fix: info.native ? undefined : "run `npm run setup` to build native TensorFlow (see README: when the libtensorflow download fails)",
  });
  const provenance = libtensorflowProvenance();
  checks.push({
    label: "CPU libtensorflow",
    value: provenance ?? (info.native ? "present (origin not recorded)" : "missing"),
    fix: info.native ? undefined : "run `npm run setup`",
  });
  checks.push(...gpuChecks(info));
  checks.push(...jupyterInfo(systemJupyter).checks);
  checks.push({ label: "notebooks", value: path.join(projectRoot(), "notebooks") });
  const sandbox = probeSandbox();
  checks.push(
    sandbox.ok
      ? { label: "grading sandbox", value: `bubblewrap (${sandbox.bwrap})${sandbox.budgetNote ? `; ${sandbox.budgetNote}` : ""}` }
      : { label: "grading sandbox", value: `${sandbox.reason}; dl4ds grade needs it`, fix: BWRAP_FIX },
  );
  if (!fs.existsSync(path.join(projectRoot(), "dist", "index.js"))) {
    checks.push({ label: "library build", value: "missing", fix: "run `npm run build`" });
  }

  let problems = 0;
  for (const c of checks) {
    process.stdout.write(`${c.label.padEnd(18)} ${c.value}\n`);
    if (c.fix) {
      problems++;
      process.stdout.write(`${"".padEnd(18)} fix: ${c.fix}\n`);
    }
  }
  process.stdout.write(problems === 0 ? "\nAll good.\n" : `\n${problems} problem(s) found.\n`);
  return problems === 0 ? 0 : 1;
}
