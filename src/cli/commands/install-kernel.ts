/**
 * `dl4ds install-kernel [--user | --prefix DIR | --sys-prefix [--python PY]]`: registers the dl4ds
 * kernel ("TypeScript (dl4ds)") with Jupyter. Default: --user.
 */
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../../config";
import { parseArgs, stringFlag } from "../args";
import { installKernelSpec, type InstallTarget } from "../../kernel/kernelspec";

/** One line for `dl4ds help`. */
export const summary = "register the Jupyter kernel: install-kernel [--user | --prefix DIR | --sys-prefix [--python PY]]";

/** Parses the options into an install target; throws an Error for bad usage. */
export function parseInstallArgs(args: string[]): InstallTarget {
  const p = parseArgs(args, ["prefix", "python"], ["user", "sys-prefix"], {
    hints: { prefix: "a folder, e.g. --prefix .venv", python: "an interpreter path" },
  });
  if (p.positionals.length > 0) throw new Error(`unexpected argument ${p.positionals[0]} (options: --user, --prefix DIR, --sys-prefix [--python PY])`);
  const targets = ["user", "prefix", "sys-prefix"].filter((t) => p.flags.has(t));
  if (targets.length > 1 || args.filter((a) => /^--(user|prefix|sys-prefix)(=|$)/.test(a)).length > 1) {
    throw new Error("give only one of --user, --prefix DIR, --sys-prefix");
  }
  const python = p.flags.has("python") ? stringFlag(p, "python", "") : undefined;
  if (python && targets[0] !== "sys-prefix") throw new Error("--python only goes with --sys-prefix");
  if (targets[0] === "prefix") return { kind: "prefix", prefix: stringFlag(p, "prefix", "") };
  if (targets[0] === "sys-prefix") {
    const venvPython = path.join(projectRoot(), ".venv", "bin", "python");
    return { kind: "sys-prefix", python: python ?? (fs.existsSync(venvPython) ? venvPython : "python3") };
  }
  return { kind: "user" };
}

/** Installs the kernelspec. */
export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`Usage: dl4ds ${summary.replace("register the Jupyter kernel: ", "")}\n`);
    return 0;
  }
  let target: InstallTarget;
  try {
    target = parseInstallArgs(args);
  } catch (err) {
    process.stderr.write(`dl4ds install-kernel: ${(err as Error).message}\n`);
    return 2;
  }
  try {
    const dir = installKernelSpec(target);
    process.stdout.write(`Installed kernelspec dl4ds ("TypeScript (dl4ds)") in ${dir}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`dl4ds install-kernel: ${(err as Error).message}\n`);
    return 1;
  }
}
