/**
 * `dl4ds assign --gradescope`: one Gradescope autograder zip per instructor notebook, following
 * Gradescope's contract (setup.sh and run_autograder at the zip root; the zip is unpacked into
 * /autograder/source; run_autograder writes /autograder/results/results.json). The zip holds:
 *
 *   setup.sh, run_autograder      see below
 *   dl4ds/                        the project: sources, set-up script, lock file, datasets and weights
 *   notebook/<name>.ipynb         the instructor notebook, solutions and hidden tests included
 *
 * No lesson sources and no other notebooks go in: the hidden tests of other assignments stay home.
 */
import * as fs from "fs";
import * as path from "path";
import { checkNotebook, formatIssue } from "../check";
import { findNotebooks, readNotebook } from "../notebook";
import { projectRoot } from "../paths";
import { writeZip, ZipEntry } from "./zip";

/** Project files and folders shipped in dl4ds/ (lesson sources and tests are left out). */
export const SHIPPED_PROJECT_PATHS = ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "requirements.txt", "bin", "src", "widgets", "scripts/setup.mjs", "scripts/setup", "datasets"];

const SKIPPED_NAMES = new Set(["node_modules", ".venv", "dist", ".cache", ".git", ".ipynb_checkpoints"]);

/** setup.sh: runs once, as root, on Gradescope's Ubuntu 22.04 base image. */
export const SETUP_SH = `#!/usr/bin/env bash
# Gradescope runs this once, as root, on its Ubuntu 22.04 base image, when it builds the autograder.
set -euo pipefail
HERE="$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Python 3 (the project's .venv: nbclient, jupyter_client), bubblewrap (the kernel's sandbox),
# a compiler (tfjs-node's native binding), curl (NodeSource).
apt-get install -y -qq --no-install-recommends ca-certificates curl gnupg python3 python3-venv python3-pip bubblewrap build-essential git
# Node 20+ (Ubuntu 22.04's own nodejs is 12): NodeSource's repository.
if ! command -v node >/dev/null || [ "$(node -p 'Number(process.versions.node.split(".")[0])')" -lt 20 ]; then
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y -qq nodejs
fi
# The project's own set-up: node dependencies, native TensorFlow, .venv, the build, the dl4ds kernel.
cd "$HERE/dl4ds"
node scripts/setup.mjs
node bin/dl4ds.js doctor || true
`;

/** run_autograder: runs once per submission, from /autograder. */
export function runAutograderScript(notebookName: string): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once per submission (cwd /autograder); it writes results/results.json.
# GRADESCOPE_ROOT (default /autograder) and DL4DS_HOME (default $GRADESCOPE_ROOT/source/dl4ds)
# move the paths, for trying it out on a simulated tree.
ROOT="\${GRADESCOPE_ROOT:-/autograder}"
export GRADESCOPE_ROOT="$ROOT"
HOME_DIR="\${DL4DS_HOME:-$ROOT/source/dl4ds}"
NOTEBOOK="$ROOT/source/notebook/${notebookName}"
mkdir -p "$ROOT/results"
rm -f "$ROOT/results/results.json"
node "$HOME_DIR/dist/grading/gradescope/runAutograder.js" "$NOTEBOOK"
status=$?
if [ ! -s "$ROOT/results/results.json" ]; then
  # The grader itself could not run (node missing, the set-up incomplete): still answer Gradescope.
  printf '{"score": 0, "execution_time": 0, "output": "The autograder could not run (exit %s); ask your instructor to check the autograder set-up.", "stdout_visibility": "hidden", "tests": []}\\n' "$status" > "$ROOT/results/results.json"
fi
exit 0
`;
}

function addTree(root: string, rel: string, prefix: string, out: ZipEntry[]): void {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) throw new Error(`assign --gradescope: ${abs} is missing; run it from a complete checkout of the project`);
  const st = fs.lstatSync(abs);
  if (st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(abs).sort()) {
      if (SKIPPED_NAMES.has(name)) continue;
      addTree(root, path.join(rel, name), prefix, out);
    }
  } else if (st.isFile()) {
    out.push({ name: `${prefix}/${rel.split(path.sep).join("/")}`, data: fs.readFileSync(abs), mode: st.mode & 0o111 ? 0o755 : 0o644 });
  }
}

/** The entries of the autograder zip for one instructor notebook. */
export function autograderEntries(notebookFile: string, root: string = projectRoot()): ZipEntry[] {
  const name = path.basename(notebookFile);
  const entries: ZipEntry[] = [
    { name: "setup.sh", data: Buffer.from(SETUP_SH), mode: 0o755 },
    { name: "run_autograder", data: Buffer.from(runAutograderScript(name)), mode: 0o755 },
    { name: `notebook/${name}`, data: fs.readFileSync(notebookFile) },
  ];
  for (const rel of SHIPPED_PROJECT_PATHS) addTree(root, rel, "dl4ds", entries);
  return entries;
}

/** Writes `<outDir>/<notebook>.autograder.zip` for every notebook under `paths`; checks them all first. */
export function writeGradescopeAutograders(paths: string[], outDir: string): string[] {
  const files = findNotebooks(paths);
  if (!files.length) throw new Error("assign --gradescope: no notebooks found; pass .ipynb files or folders that hold them");
  for (const file of files) {
    const loaded = readNotebook(file);
    if (!loaded.ok) throw new Error(`assign --gradescope: ${file}: ${loaded.message}`);
    const issues = checkNotebook(loaded.notebook, file);
    if (issues.length) throw new Error(`assign --gradescope: ${file} does not pass dl4ds check:\n${issues.map((i) => "  " + formatIssue(i)).join("\n")}`);
  }
  return files.map((file) => {
    const target = path.join(outDir, `${path.basename(file, ".ipynb")}.autograder.zip`);
    writeZip(target, autograderEntries(file));
    return target;
  });
}
