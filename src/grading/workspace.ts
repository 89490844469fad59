/**
 * The temporary folders one submission is graded in:
 *   <tmp>/dl4ds-grade-XXXX/work   the kernel's cwd: a copy of the student's folder (+ node_modules link)
 *   <tmp>/dl4ds-grade-XXXX/home   the kernel's HOME (and TMPDIR without the sandbox)
 *   <tmp>/dl4ds-grade-XXXX/tmp    the sandboxed kernel's /tmp
 *   <tmp>/dl4ds-grade-XXXX/run    the sandboxed kernel's ipc sockets and connection file
 *   <tmp>/dl4ds-grader-XXXX/      grader-private: the kernel's log (a separate folder, not under the kernel's)
 * Hidden tests are never written to any of them.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Most bytes copied from a student's folder into the working copy. */
export const MAX_COPY_BYTES = 256 * 1024 * 1024;

/** Folders of one grading run. */
export interface Workspace {
  root: string;
  work: string;
  home: string;
  tmp: string;
  run: string;
  privateDir: string;
  /** Notes for the feedback page (e.g. files that were not copied). */
  notes: string[];
}

function copyTree(from: string, to: string, budget: { bytes: number }, notes: string[]): void {
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from).sort()) {
    if (name === "node_modules" || name === ".ipynb_checkpoints") continue;
    const src = path.join(from, name);
    const dst = path.join(to, name);
    const st = fs.lstatSync(src);
    if (st.isSymbolicLink()) {
      notes.push(`${name} is a symbolic link and was not copied into the grading folder`);
    } else if (st.isDirectory()) {
      copyTree(src, dst, budget, notes);
    } else if (st.isFile()) {
      if (st.size > budget.bytes) {
        notes.push(`${name} was not copied into the grading folder (the folder is over ${MAX_COPY_BYTES / 1048576} MiB)`);
        continue;
      }
      budget.bytes -= st.size;
      fs.copyFileSync(src, dst);
    }
  }
}

function chownTree(p: string, uid: number): void {
  fs.lchownSync(p, uid, uid);
  if (fs.lstatSync(p).isDirectory()) for (const name of fs.readdirSync(p)) chownTree(path.join(p, name), uid);
}

/** Makes the folders and copies the student's folder into `work`; with `owner` (a uid), the kernel's
 *  folders (work, home, run; tmp is shared like /tmp) belong to that user, who runs the sandboxed kernel. */
export function createWorkspace(studentDir: string, nodeModules: string, owner?: number): Workspace {
  if (owner !== undefined && (!Number.isInteger(owner) || owner <= 0)) {
    throw new Error(`createWorkspace: owner must be a uid other than root's (got ${owner}); leave it out to keep the grader's own`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-grade-"));
  const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-grader-"));
  fs.chmodSync(privateDir, 0o700);
  const work = path.join(root, "work");
  const home = path.join(root, "home");
  const tmp = path.join(root, "tmp");
  const run = path.join(root, "run");
  for (const dir of [home, tmp, run]) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const notes: string[] = [];
  copyTree(studentDir, work, { bytes: MAX_COPY_BYTES }, notes);
  if (fs.existsSync(nodeModules)) fs.symlinkSync(nodeModules, path.join(work, "node_modules"), "dir");
  if (owner !== undefined) {
    for (const dir of [work, home, run]) chownTree(dir, owner);
    // Like /tmp: anyone may add files, nobody may move what someone else (the sandbox's mounts) made there.
    fs.chmodSync(tmp, 0o1777);
  }
  return { root, work, home, tmp, run, privateDir, notes };
}

function makeWritable(dir: string): void {
  try {
    fs.chmodSync(dir, 0o700);
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      const st = fs.lstatSync(p);
      if (st.isDirectory()) makeWritable(p);
    }
  } catch {
    /* best effort */
  }
}

/** Removes the folders (also when student code made them read-only). */
export function removeWorkspace(ws: Workspace): void {
  for (const dir of [ws.root, ws.privateDir]) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      makeWritable(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
