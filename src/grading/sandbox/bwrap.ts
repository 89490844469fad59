/**
 * The bubblewrap (`bwrap`) sandbox every grading kernel runs in.
 *
 * Inside, the kernel sees: the system (/usr and a few files of /etc) and the project's runtime
 * (package.json, dist/, node_modules/, the kernel's compile cache) read-only, at their real paths;
 * its own working copy at /grading/work (writable, its cwd); a private HOME (/grading/home) and
 * /tmp; the folder holding its ZeroMQ `ipc` sockets and connection file at /run/dl4ds. Nothing
 * else: not the instructor's source, not other working copies, not the grader's output folder.
 * It gets fresh user, PID, network, IPC, UTS and cgroup namespaces (no network at all: the runner
 * talks to it over unix sockets), no capabilities, a new session (no terminal injection), and
 * `--die-with-parent`: when the runner ends the sandbox, everything started inside it dies.
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
}

/** Files of /etc programs need (users, name service, time zones, certificates, linker cache). */
const ETC = ["passwd", "group", "nsswitch.conf", "hosts", "localtime", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "ssl", "ca-certificates"];

/** Why bwrap cannot be used here, with the fix; undefined when it can. Cached per process. */
let probed: { ok: true; bwrap: string } | { ok: false; reason: string } | undefined;

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

/** Checks once that bwrap exists and can make the namespaces the grader needs. */
export function probeSandbox(): { ok: true; bwrap: string } | { ok: false; reason: string } {
  if (probed) return probed;
  const bwrap = findBwrap();
  if (!bwrap) {
    probed = { ok: false, reason: "bwrap (bubblewrap) is not installed" };
    return probed;
  }
  const r = spawnSync(bwrap, ["--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--proc", "/proc", "true"], {
    encoding: "utf8",
    timeout: 20_000,
  });
  probed = r.status === 0 ? { ok: true, bwrap } : { ok: false, reason: `bwrap cannot create a sandbox here (${(r.error?.message ?? r.stderr ?? "").trim() || `exit ${r.status}`})` };
  return probed;
}

/** For tests: forget the cached probe. */
export function resetSandboxProbe(): void {
  probed = undefined;
}

function isUnder(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** The bwrap command line (without the command to run) for one kernel. */
export function bwrapArgs(bwrap: string, layout: SandboxLayout): string[] {
  const root = path.resolve(layout.projectRoot);
  const args: string[] = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--hostname", "grading"];
  args.push("--ro-bind", "/usr", "/usr");
  for (const link of ["bin", "sbin", "lib", "lib32", "lib64", "libx32"]) {
    const host = `/${link}`;
    try {
      const target = fs.readlinkSync(host);
      args.push("--symlink", target, host);
    } catch {
      if (fs.existsSync(host)) args.push("--ro-bind", host, host);
    }
  }
  for (const name of ETC) args.push("--ro-bind-try", `/etc/${name}`, `/etc/${name}`);
  const nodeReal = fs.realpathSync(layout.nodeBinary);
  if (!isUnder(nodeReal, "/usr")) {
    const prefix = path.dirname(path.dirname(nodeReal)); // <prefix>/bin/node
    args.push("--ro-bind", prefix, prefix);
  }
  args.push("--proc", "/proc", "--dev", "/dev", "--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu");
  // widgets/ holds the package.json of the `dl4ds-diffusion/widgets` entry (it points into dist/widgets).
  for (const name of ["package.json", "dist", "widgets", "node_modules", path.join(".cache", "dl4ds-kernel")]) {
    args.push("--ro-bind-try", path.join(root, name), path.join(root, name));
  }
  // The GPU build finds CUDA through deps/nvidia, a link into .venv's site-packages: show that folder too.
  const cuda = path.join(root, "node_modules", "@tensorflow", "tfjs-node-gpu", "deps", "nvidia");
  if (fs.existsSync(cuda)) {
    const real = fs.realpathSync(cuda);
    args.push("--ro-bind", real, real);
  }
  args.push("--bind", layout.tmp, SANDBOX_TMP);
  args.push("--bind", layout.home, SANDBOX_HOME);
  args.push("--bind", layout.work, SANDBOX_WORK);
  args.push("--bind", layout.run, SANDBOX_RUN);
  args.push("--remount-ro", "/", "--chdir", SANDBOX_WORK);
  return args;
}
