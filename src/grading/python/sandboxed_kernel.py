"""A jupyter_client kernel manager that starts the kernel inside a bubblewrap sandbox.

The grader builds the bwrap command line (src/grading/sandbox/bwrap.ts) and sends it with the
request. The kernel has no network, so it talks to this runner over ZeroMQ's `ipc` transport: the
sockets live in a folder the sandbox mounts at `run_dir_inside`. The runner's connection file
(outside the sandbox) names the sockets by their host path; the kernel gets its own copy, in the
mounted folder, naming the same sockets by their path inside.

bwrap does not forward signals, and the kernel runs as PID 2 of its own PID namespace, so an
interrupt is sent straight to the kernel's host PID (found through /proc NSpid).

The sandbox's process budget (RLIMIT_NPROC, set inside it) makes starting one process too many
fail quietly; `sandbox_task_count` counts what the budget counts, so the runner can say so.
"""
import json
import os
import signal

from jupyter_client.manager import AsyncKernelManager

KERNEL_NS_PID = "2"  # bwrap's init is PID 1 inside the namespace; the command it starts is PID 2


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def tasks(pid):
    try:
        return os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []


def all_children(pid, tids):
    """Children of every thread of `pid` (a child belongs to the thread that started it)."""
    out = []
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(p) for p in f.read().split())
        except OSError:
            pass
    return out


def sandbox_task_count(bwrap_pid):
    """Processes and threads under the sandbox's init (bwrap's PID 1 inside), not counting it: what the
    process budget counts (it counts init too in a user namespace, so the budget is hit at this + 1)."""
    inits = children(bwrap_pid)
    count, todo, seen = 0, list(inits), set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        tids = tasks(pid)
        if pid not in inits:
            count += len(tids)
        todo.extend(all_children(pid, tids))
    return count


def ns_pids(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("NSpid:"):
                    return line.split()[1:]
    except OSError:
        pass
    return []


def sandboxed_kernel_pid(bwrap_pid):
    """The host PID of the process that is PID 2 in the sandbox started by `bwrap_pid`."""
    todo, seen = [bwrap_pid], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        ids = ns_pids(pid)
        if len(ids) >= 2 and ids[-1] == KERNEL_NS_PID:
            return pid
        todo.extend(children(pid))
    return None


class SandboxedKernelManager(AsyncKernelManager):
    """Starts the kernelspec's command as `bwrap ... <command>`, connected over ipc."""

    def configure_sandbox(self, sandbox, private_dir):
        self.sandbox = sandbox
        self.transport = "ipc"
        self.ip = os.path.join(sandbox["run_dir_host"], "kernel")
        self.connection_file = os.path.join(private_dir, "connection.json")

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        inside = os.path.join(self.sandbox["run_dir_inside"], "connection.json")
        info = dict(self.get_connection_info(session=False))
        info["ip"] = os.path.join(self.sandbox["run_dir_inside"], "kernel")
        info["key"] = info["key"].decode("ascii") if isinstance(info["key"], bytes) else info["key"]
        host_copy = os.path.join(self.sandbox["run_dir_host"], "connection.json")
        with open(host_copy + ".tmp", "w") as f:
            json.dump(info, f)
        os.replace(host_copy + ".tmp", host_copy)
        real = os.path.realpath(self.connection_file)
        return list(self.sandbox["argv"]) + [inside if a == real else a.replace(real, inside) for a in cmd]

    def kernel_pid(self):
        proc = getattr(self.provisioner, "process", None)
        return sandboxed_kernel_pid(proc.pid) if proc is not None else None

    async def interrupt_kernel(self):
        pid = self.kernel_pid()
        if pid is None:
            raise RuntimeError("the sandboxed kernel process was not found")
        os.kill(pid, signal.SIGINT)
