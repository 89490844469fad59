"""A kernel manager for nbgrader (`c.Execute.kernel_manager_class`) that runs each kernel in the
bubblewrap sandbox of `dl4ds grade` (src/grading/sandbox/bwrap.ts builds the command line).

nbgrader's autograde executes a submission with the kernel's cwd in autograded/<student>/<assignment>.
That folder is mounted writable at /grading/work and is all the kernel sees of the instructor's
files: not the course's source/ (the hidden tests), not gradebook.db, not other students' folders.
The project's node_modules is mounted read-only at /grading/node_modules so `import ... from
"dl4ds-diffusion"` resolves from the working folder; HOME and /tmp are private and removed after.
The kernel gets a minimal environment (none of the instructor's variables, tokens included), no
network (ipc sockets in /run/dl4ds), and the limits of `dl4ds grade`: address space, file size, no core
files, 1800 CPU seconds and 256 processes (as root, each kernel runs as a uid of its own).

Environment: DL4DS_PROJECT (the project root; default: two folders above this file's),
DL4DS_NBGRADER_MEMORY_MB (kernel heap, default 4096; address space gets 4096 MB more), DL4DS_SEED.
"""
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sandboxed_kernel import SandboxedKernelManager  # noqa: E402

PROJECT = os.environ.get("DL4DS_PROJECT") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
WORK_INSIDE = "/grading/work"

ARGV_JS = """
const b = require(process.argv[1]);
const p = b.probeSandbox();
if (!p.ok) { process.stderr.write(p.reason + ": " + b.BWRAP_FIX); process.exit(3); }
const layout = JSON.parse(process.argv[2]);
// As root the kernel runs as a uid of its own, so that the process budget counts its processes only.
const uid = b.sandboxUid();
if (uid !== undefined) layout.uid = uid;
process.stdout.write(JSON.stringify({ argv: b.bwrapArgs(p.bwrap, layout), uid: uid ?? null }));
"""

# Processes and threads one graded kernel may have at once (as `dl4ds grade --max-processes`), and its CPU seconds.
MAX_PROCESSES = 256
CPU_SECONDS = 1800


def node_binary():
    return shutil.which("node") or "node"


def chown_tree(top, uid):
    for folder, dirs, files in os.walk(top):
        os.lchown(folder, uid, uid)
        for name in files + dirs:
            os.lchown(os.path.join(folder, name), uid, uid)


def sandbox_argv(layout):
    """bwrap's command line for `layout` (the keys of SandboxLayout in bwrap.ts); as root, the writable
    folders are handed to the kernel's own uid first."""
    module = os.path.join(PROJECT, "dist", "grading", "sandbox", "bwrap.js")
    if not os.path.exists(module):
        raise RuntimeError(f"{module} is missing: run `npm run setup` (or `npm run build`) in {PROJECT}")
    r = subprocess.run([node_binary(), "-e", ARGV_JS, module, json.dumps(layout)], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"no sandbox for the nbgrader kernel: {r.stderr.strip() or r.returncode}. To autograde without it, set DL4DS_NBGRADER_SANDBOX=0 (trusted work only)")
    out = json.loads(r.stdout)
    argv = out["argv"]
    if out["uid"] is not None:
        for key in ("work", "home", "tmp", "run"):
            chown_tree(layout[key], out["uid"])
    # The project's node_modules above the working folder, mounted before the root turns read-only.
    at = argv.index("--remount-ro")
    argv[at:at] = ["--ro-bind", os.path.join(PROJECT, "node_modules"), "/grading/node_modules"]
    return argv


def kernel_env(memory_mb):
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": "/grading/home",
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "TZ": "UTC",
        "NODE_OPTIONS": f"--max-old-space-size={memory_mb}",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "DL4DS_GRADING": "1",
        "DL4DS_KERNEL_REBUILD": "0",
        "DL4DS_SEED": os.environ.get("DL4DS_SEED", "0"),
    }
    return env


def limits(memory_mb):
    def apply():
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        b = (memory_mb + 4096) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (b, b))
        f = 1024 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (f, f))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 10))
    return apply


class NbgraderSandboxedKernelManager(SandboxedKernelManager):
    """Starts the kernel in a fresh sandbox around its cwd; removes the sandbox's folders after."""

    _sandbox_root = None

    async def start_kernel(self, **kw):
        work = os.path.abspath(kw.get("cwd") or os.getcwd())
        memory_mb = int(os.environ.get("DL4DS_NBGRADER_MEMORY_MB", "4096"))
        self._sandbox_root = tempfile.mkdtemp(prefix="dl4ds-nbgrader-")
        os.chmod(self._sandbox_root, 0o700)
        folders = {name: os.path.join(self._sandbox_root, name) for name in ("home", "tmp", "run", "private")}
        for folder in folders.values():
            os.makedirs(folder, mode=0o700)
        layout = {"projectRoot": PROJECT, "nodeBinary": node_binary(), "work": work, "home": folders["home"], "tmp": folders["tmp"], "run": folders["run"], "maxProcesses": MAX_PROCESSES}
        self.configure_sandbox({"argv": sandbox_argv(layout), "run_dir_host": folders["run"], "run_dir_inside": "/run/dl4ds"}, folders["private"])
        kw["env"] = kernel_env(memory_mb)
        kw["preexec_fn"] = limits(memory_mb)
        return await super().start_kernel(**kw)

    async def shutdown_kernel(self, *args, **kw):
        try:
            return await super().shutdown_kernel(*args, **kw)
        finally:
            if self._sandbox_root:
                shutil.rmtree(self._sandbox_root, ignore_errors=True)
                self._sandbox_root = None
