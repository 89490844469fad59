/**
 * `dl4ds install-kernel [--user | --prefix DIR | --sys-prefix [--python PY]]`: registers the dl4ds
 * kernel ("TypeScript (dl4ds)") with Jupyter. Default: --user.
 */
import * as fs from "fs";
import * as path from "path";
import { installKernelSpec, projectRootOfBuild, type InstallTarget } from "../../kernel/kernelspec";

/** One line for `dl4ds help`. */
export const summary = "register the Jupyter kernel: install-kernel [--user | --prefix DIR | --sys-prefix [--python PY]]";

/** Parses the options into an install target; throws an Error for bad usage. */
export function parseInstallArgs(args: string[]): InstallTarget {
  let target: InstallTarget | undefined;
  let python: string | undefined;
  const set = (t: InstallTarget): void => {
    if (target) throw new Error("give only one of --user, --prefix DIR, --sys-prefix");
    target = t;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--user") set({ kind: "user" });
    else if (a === "--prefix" || a.startsWith("--prefix=")) {
      const dir = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args[++i];
      if (!dir) throw new Error("--prefix needs a folder, e.g. --prefix .venv");
      set({ kind: "prefix", prefix: dir });
    } else if (a === "--sys-prefix") set({ kind: "sys-prefix", python: "" });
    else if (a === "--python" || a.startsWith("--python=")) {
      python = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args[++i];
      if (!python) throw new Error("--python needs an interpreter path");
    } else throw new Error(`unknown option ${a}`);
  }
  if (python && target?.kind !== "sys-prefix") throw new Error("--python only goes with --sys-prefix");
  if (target?.kind === "sys-prefix") {
    const venvPython = path.join(projectRootOfBuild(), ".venv", "bin", "python");
    return { kind: "sys-prefix", python: python ?? (fs.existsSync(venvPython) ? venvPython : "python3") };
  }
  return target ?? { kind: "user" };
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
