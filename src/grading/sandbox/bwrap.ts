/**
 * The bubblewrap (`bwrap`) sandbox every grading kernel runs in.
 *
 * Inside, the kernel sees: the system (/usr and a few files of /etc) and the project's runtime
 * (package.json, dist/, widgets/, datasets/, node_modules/, the kernel's compile cache and start-up
 * snapshot) read-only, at their real paths (the snapshot and the compile cache name files by path);
 * its own working copy at /grading/work (writable, its cwd); a private HOME (/grading/home) and
 * /tmp; the folder holding its ZeroMQ `ipc` sockets and connection file at /run/dl4ds. Nothing
 * else: not the instructor's source, not other working copies, not the grader's output folder.
 * The writable folders are mounted first and the project after them, so a project that lives
 * under /tmp (a fresh clone, a Gradescope tree) stays visible above the private /tmp.
 *
 * It gets fresh PID, network, IPC, UTS and cgroup namespaces (no network at all: the runner talks
 * to it over unix sockets), no capabilities, a new session (no terminal injection), and
 * `--die-with-parent`: when the runner ends the sandbox, everything started inside it dies.
 *
 * Process budget: RLIMIT_NPROC, set inside the sandbox (`prlimit`), counts the processes and
 * threads of one user in one user namespace, and does not apply to root. So a grader running as
 * root runs each kernel as a user of its own (`setpriv`, a uid nobody else has, no user namespace:
 * bwrap needs its capabilities to switch); any other grader runs it in a user namespace of its own,
 * whose count starts at zero.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** Paths inside the sandbox. */
export const SANDBOX_WORK = "/grading/work";
export const SANDBOX_HOME = "/grading/home";
export const SANDBOX_TMP = "/tmp";
export const SANDBOX_RUN = "/run/dl4ds";

/** Host folders one sandbox is made of. */
export interface SandboxLayout {
  /** The project root (its package.json, dist/, node_modules/ are mounted read-only). */
  projectRoot: string;
  /** The node binary that runs the kernel (mounted read-only when outside /usr). */
  nodeBinary: string;
  /** Host folder mounted writable at /grading/work. */
  work: string;
  /** Host folder mounted writable at /grading/home. */
  home: string;
  /** Host folder mounted writable at /tmp. */
  tmp: string;
  /** Host folder (ipc sockets, the kernel's connection file) mounted writable at /run/dl4ds. */
  run: string;
  /** Most processes and threads the kernel and everything it starts may have at once (RLIMIT_NPROC). */
  maxProcesses: number;
  /** Host uid the kernel runs as when the grader is root (see `sandboxUid`); the writable folders
   *  must belong to it. Undefined: the grader's own uid, in a user namespace. */
  uid?: number;
}

/** The lowest uid `sandboxUid` hands out: far above system and login users and subuid ranges. */
export const SANDBOX_UID_BASE = 1_000_000_000;
let uidsHandedOut = 0;

/** A uid for one kernel of a grader running as root, unique among the kernels of every grader
 *  process on the machine (the grader's PID, times 100, plus a counter); undefined when not root, or
 *  when this root cannot switch users in a sandbox (see `probeSandbox`). */
export function sandboxUid(): number | undefined {
  const probe = probeSandbox();
  if (!probe.ok || !probe.ownUid) return undefined;
  return SANDBOX_UID_BASE + process.pid * 100 + (uidsHandedOut++ % 100);
}

/** Files of /etc programs need (users, name service, time zones, certificates, linker cache). */
const ETC = ["passwd", "group", "nsswitch.conf", "hosts", "localtime", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "ssl", "ca-certificates"];

/** Programs run inside the sandbox before the kernel (util-linux; both live in /usr/bin). */
const PRLIMIT = "/usr/bin/prlimit";
const SETPRIV = "/usr/bin/setpriv";

/** What `probeSandbox` found: `ownUid` when kernels run as a uid of their own (root with the
 *  capabilities to switch); `budgetNote` when the process budget cannot be enforced here. */
export type SandboxProbe = { ok: true; bwrap: string; ownUid: boolean; budgetNote?: string } | { ok: false; reason: string };

/** Cached per process. */
let probed: SandboxProbe | undefined;

/** The absolute path of bwrap on PATH, if any. */
export function findBwrap(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "/usr/local/bin:/usr/bin:/bin").split(path.delimiter)) {
    const p = path.join(dir || ".", "bwrap");
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** How to get a working bwrap, for error messages and `dl4ds doctor`. */
export const BWRAP_FIX =
  "install bubblewrap (Debian/Ubuntu: `sudo apt-get install bubblewrap`; `npm run setup` does it when run as root). " +
  "On Linux with unprivileged user namespaces disabled, enable them (`sudo sysctl -w kernel.unprivileged_userns_clone=1`; " +
  "Ubuntu 24.04: `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`). macOS has no bubblewrap: grade on Linux or on Gradescope";

function tryBwrap(bwrap: string, uid: number | undefined): string | undefined {
  const args = [...namespaceArgs(uid), "--ro-bind", "/", "/", "--proc", "/proc", ...launcherArgs(8, uid), "true"];
  const r = spawnSync(bwrap, args, { encoding: "utf8", timeout: 20_000 });
  return r.status === 0 ? undefined : (r.error?.message ?? r.stderr ?? "").trim() || `exit ${r.status}`;
}

/** Checks once that bwrap exists and can make the namespaces the grader needs. A root without the
 *  capabilities to switch users (an unprivileged container) falls back to a user namespace, where
 *  root is exempt from the process budget: `budgetNote` says so. */
export function probeSandbox(): SandboxProbe {
  if (probed) return probed;
  const bwrap = findBwrap();
  if (!bwrap) {
    probed = { ok: false, reason: "bwrap (bubblewrap) is not installed" };
    return probed;
  }
  const missing = [PRLIMIT, ...(process.getuid?.() === 0 ? [SETPRIV] : [])].filter((p) => !fs.existsSync(p));
  if (missing.length) {
    probed = { ok: false, reason: `${missing.join(" and ")} (util-linux) ${missing.length > 1 ? "are" : "is"} missing: the sandbox needs ${missing.length > 1 ? "them" : "it"} for the process budget` };
    return probed;
  }
  const root = process.getuid?.() === 0;
  const ownUidError = root ? tryBwrap(bwrap, SANDBOX_UID_BASE - 1) : "not root";
  if (ownUidError === undefined) return (probed = { ok: true, bwrap, ownUid: true });
  const error = tryBwrap(bwrap, undefined);
  if (error !== undefined) return (probed = { ok: false, reason: `bwrap cannot create a sandbox here (${error})` });
  const budgetNote = root ? `the process budget is not enforced: the grader runs as root, which it does not count, and cannot run kernels as another user here (${ownUidError})` : undefined;
  return (probed = { ok: true, bwrap, ownUid: false, ...(budgetNote ? { budgetNote } : {}) });
}

/** For tests: forget the cached probe. */
export function resetSandboxProbe(): void {
  probed = undefined;
}

function isUnder(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Namespaces and capabilities: as root, no user namespace and only what `setpriv` needs to switch
 *  to `uid` (it drops them all, and its children can never regain them: bwrap sets no_new_privs). */
function namespaceArgs(uid: number | undefined): string[] {
  const common = ["--die-with-parent", "--new-session", "--cap-drop", "ALL"];
  if (uid === undefined) return ["--unshare-all", ...common];
  return ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try", ...common, "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"];
}

/** What runs inside the sandbox before the kernel's command: the process budget, then (as root) the switch to `uid`. */
function launcherArgs(maxProcesses: number, uid: number | undefined): string[] {
  const args = [PRLIMIT, `--nproc=${maxProcesses}:${maxProcesses}`, "--"];
  if (uid !== undefined) args.push(SETPRIV, `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--");
  return args;
}

/**
 * Mount options in order. Every destination's missing parent folders are made first, world-readable
 * (bwrap would make them 0700, which only root can enter; the kernel may run as another user),
 * except inside a read-only mount, where they exist already or cannot be made.
 */
class Mounts {
  readonly args: string[] = [];
  private readonly made = new Set<string>(["/"]);
  private readonly readOnly: string[] = [];

  add(op: string, src: string | undefined, dest: string, readOnly: boolean): void {
    const ancestors: string[] = [];
    for (let d = path.dirname(dest); d !== "/"; d = path.dirname(d)) ancestors.unshift(d);
    for (const d of ancestors) {
      if (this.made.has(d) || this.readOnly.some((r) => isUnder(d, r))) continue;
      this.args.push("--perms", "0755", "--dir", d);
      this.made.add(d);
    }
    this.args.push(op, ...(src === undefined ? [] : [src]), dest);
    this.made.add(dest);
    if (readOnly) this.readOnly.push(dest);
  }
}

/** The bwrap command line for one kernel, up to the kernel's own command (which the runner appends). */
export function bwrapArgs(bwrap: string, layout: SandboxLayout): string[] {
  if (!Number.isInteger(layout.maxProcesses) || layout.maxProcesses < 1) {
    throw new Error(`bwrapArgs: maxProcesses must be a positive integer (got ${layout.maxProcesses})`);
  }
  if (layout.uid !== undefined && (!Number.isInteger(layout.uid) || layout.uid <= 0)) {
    throw new Error(`bwrapArgs: uid must be a positive integer, not root's (got ${layout.uid})`);
  }
  const root = path.resolve(layout.projectRoot);
  const m = new Mounts();
  m.add("--ro-bind", "/usr", "/usr", true);
  for (const link of ["bin", "sbin", "lib", "lib32", "lib64", "libx32"]) {
    const host = `/${link}`;
    try {
      m.add("--symlink", fs.readlinkSync(host), host, true);
    } catch {
      if (fs.existsSync(host)) m.add("--ro-bind", host, host, true);
    }
  }
  for (const name of ETC) m.add("--ro-bind-try", `/etc/${name}`, `/etc/${name}`, true);
  const nodeReal = fs.realpathSync(layout.nodeBinary);
  if (!isUnder(nodeReal, "/usr")) {
    const prefix = path.dirname(path.dirname(nodeReal)); // <prefix>/bin/node
    m.add("--ro-bind", prefix, prefix, true);
  }
  m.add("--proc", undefined, "/proc", false);
  m.add("--dev", undefined, "/dev", false);
  m.add("--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu", true);
  // The writable folders first: a project under /tmp is mounted above the private /tmp, not hidden by it.
  m.add("--bind", layout.tmp, SANDBOX_TMP, false);
  m.add("--bind", layout.home, SANDBOX_HOME, false);
  m.add("--bind", layout.work, SANDBOX_WORK, false);
  m.add("--bind", layout.run, SANDBOX_RUN, false);
  // widgets/ holds the package.json of the `dl4ds-diffusion/widgets` entry (it points into dist/widgets);
  // datasets/ the weights and data the lessons load.
  for (const name of ["package.json", "dist", "widgets", "datasets", "node_modules", path.join(".cache", "dl4ds-kernel")]) {
    m.add("--ro-bind-try", path.join(root, name), path.join(root, name), true);
  }
  // The GPU build finds CUDA through deps/nvidia, a link into .venv's site-packages: show that folder too.
  const cuda = path.join(root, "node_modules", "@tensorflow", "tfjs-node-gpu", "deps", "nvidia");
  if (fs.existsSync(cuda)) {
    const real = fs.realpathSync(cuda);
    m.add("--ro-bind", real, real, true);
  }
  return [
    bwrap, ...namespaceArgs(layout.uid), "--hostname", "grading",
    ...m.args,
    "--remount-ro", "/", "--chdir", SANDBOX_WORK,
    ...launcherArgs(layout.maxProcesses, layout.uid),
  ];
}
