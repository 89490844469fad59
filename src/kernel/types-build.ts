/**
 * Background declaration build, started detached (and niced) by rebuild.ts:
 * `node dist/kernel/types-build.js <root>` runs `tsc -p tsconfig.build.json --emitDeclarationOnly`,
 * and runs it again if a source file changed while it ran (so a build that read an old file never
 * leaves old declarations behind). At most 3 rounds. Removes dist/.types-build.pid when done.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "../config";

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(p));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Runs the declaration build until it has seen the latest sources (at most `rounds` times). */
export function buildTypes(root: string, rounds = 3): number {
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  const config = path.join(root, "tsconfig.build.json");
  let done = 0;
  for (let i = 0; i < rounds; i++) {
    const started = Date.now();
    spawnSync(process.execPath, [tsc, "-p", config, "--emitDeclarationOnly"], { cwd: root, stdio: "ignore" });
    done++;
    if (newestSourceMtime(path.join(root, "src")) < started) break;
  }
  return done;
}

if (require.main === module) {
  const root = path.resolve(process.argv[2] ?? projectRoot());
  try {
    os.setPriority(19); // lowest priority for this process and the tsc it starts
  } catch {
    // not permitted: run at normal priority
  }
  try {
    buildTypes(root);
  } finally {
    fs.rmSync(path.join(root, "dist", ".types-build.pid"), { force: true });
  }
}
