"""Runs one prepared notebook through a Jupyter kernel for `dl4ds grade` and reports every cell.

Protocol (the grader is the only caller):
  argv    optionally --full-imports (the imports before they were trimmed; `dl4ds bench grade` measures them)
  stdin   one JSON object: notebook, kernel_name, cwd, env, cell_timeout, startup_timeout,
          max_restarts, interrupt_grace, kernel_stderr (file path), limits {address_space_mb,
          file_size_mb, cpu_seconds}, max_output_chars, and optionally sandbox {argv, run_dir_host,
          run_dir_inside, max_processes}: run the kernel as `argv + kernel command` over ipc
          (sandboxed_kernel.py); `argv` sets the process budget, which the runner watches
  stdout  one JSON object: {"cells": [{index, status, message, seconds}], "notebook", "restarts",
          "process_limit_hit"} or {"fatal": message}; nothing else is written to stdout
  stderr  lines "DL4DS_KERNEL_PGID <pgid>" (so the grader can kill leftovers) and diagnostics

The notebook (hidden tests included) is never written to disk: it arrives on stdin and cells
reach the kernel one execute_request at a time. A cell that runs past its timeout is interrupted;
if the kernel does not answer, or it died (memory, process.exit), it is restarted, the earlier
cells are replayed silently (outputs discarded) and grading goes on with the next cell.
"""
import asyncio
import copy
import json
import logging
import os
import resource
import signal
import sys
import time

# jsonschema's optional IRI format checker (rfc3987_syntax, which JupyterLab's dependencies install) builds a
# grammar when imported: about 2 s of CPU per graded notebook. nbformat's notebook schemas check no IRI formats.
# (--full-imports imports it anyway: `dl4ds bench grade` measures the path before this.)
if "--full-imports" not in sys.argv[1:]:
    sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
from jupyter_client.kernelspec import NoSuchKernel  # noqa: E402
from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellTimeoutError, DeadKernelError  # noqa: E402

# Its neighbour module, also when this file is loaded by path rather than run as a script.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sandboxed_kernel import SandboxedKernelManager, sandbox_task_count  # noqa: E402

logging.disable(logging.CRITICAL)


def make_preexec(limits):
    """Resource limits applied in the kernel process only (between fork and exec)."""
    def apply():
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        as_mb = limits.get("address_space_mb")
        if as_mb:
            b = int(as_mb) * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (b, b))
        fs_mb = limits.get("file_size_mb")
        if fs_mb:
            b = int(fs_mb) * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_FSIZE, (b, b))
        cpu = limits.get("cpu_seconds")
        if cpu:
            # SIGXCPU at the limit (reported as such), SIGKILL a little later if that signal is ignored.
            resource.setrlimit(resource.RLIMIT_CPU, (int(cpu), int(cpu) + CPU_KILL_AFTER_S))
    return apply


CPU_KILL_AFTER_S = 5
WATCH_INTERVAL_S = 0.25


class CappedClient(NotebookClient):
    """NotebookClient that stops collecting a cell's stream output past a size cap (print floods)."""

    stream_cap = 2_000_000

    def output(self, outs, msg, display_id, cell_index):
        if msg.get("msg_type") == "stream":
            sizes = self.__dict__.setdefault("_stream_sizes", {})
            key = msg["parent_header"].get("msg_id")
            sizes[key] = sizes.get(key, 0) + len(msg["content"].get("text", ""))
            if sizes[key] > self.stream_cap:
                if sizes[key] - len(msg["content"].get("text", "")) <= self.stream_cap:
                    outs.append(nbformat.v4.new_output("stream", name="stderr", text="\n... [output truncated by the grader]\n"))
                return None
        return super().output(outs, msg, display_id, cell_index)


class KernelStartError(Exception):
    """The kernel could not be started: a problem with the installation, not the submission."""


class Runner:
    def __init__(self, req):
        self.req = req
        self.nb = nbformat.from_dict(req["notebook"])
        self.cell_timeout = float(req.get("cell_timeout", 60))
        self.grace = float(req.get("interrupt_grace", 3))
        self.max_restarts = int(req.get("max_restarts", 5))
        self.max_output = int(req.get("max_output_chars", 100_000))
        self.restarts = 0
        self.last_msg_id = None
        self.stderr_file = open(req["kernel_stderr"], "ab")
        self.sandboxed = bool(req.get("sandbox"))
        if self.sandboxed:
            self.km = SandboxedKernelManager(kernel_name=req["kernel_name"])
            self.km.configure_sandbox(req["sandbox"], os.path.dirname(req["kernel_stderr"]))
        else:
            self.km = AsyncKernelManager(kernel_name=req["kernel_name"])
        self.client = None
        self.stderr_offset = 0
        self.reply_status = None
        self.cpu_seconds = int(req.get("limits", {}).get("cpu_seconds") or 0)
        self.max_processes = int((req.get("sandbox") or {}).get("max_processes") or 0)
        self.process_limit_hit = False
        self.watcher = None

    # -- kernel lifecycle -------------------------------------------------------------------
    def mark_stderr(self):
        self.stderr_file.flush()
        self.stderr_offset = os.path.getsize(self.req["kernel_stderr"])

    def announce_pgid(self):
        prov = getattr(self.km, "provisioner", None)
        pgid = getattr(prov, "pgid", None) or getattr(prov, "pid", None)
        if pgid:
            sys.stderr.write(f"DL4DS_KERNEL_PGID {pgid}\n")
            sys.stderr.flush()

    async def start(self):
        self.mark_stderr()
        await self.km.start_kernel(
            cwd=self.req["cwd"],
            env=self.req["env"],
            stdout=self.stderr_file,
            stderr=self.stderr_file,
            preexec_fn=make_preexec(self.req.get("limits", {})),
        )
        self.announce_pgid()
        self.watch()
        await self.connect()

    def watch(self):
        """Watches the sandbox's process count (the budget makes the next process fail quietly)."""
        if not self.sandboxed or not self.max_processes or self.process_limit_hit:
            return
        if self.watcher:
            self.watcher.cancel()
        proc = getattr(self.km.provisioner, "process", None)
        if proc is None:
            return

        async def loop():
            while proc.poll() is None:
                # In a user namespace the budget also counts the sandbox's init.
                if sandbox_task_count(proc.pid) >= self.max_processes - 1:
                    self.process_limit_hit = True
                    return
                await asyncio.sleep(WATCH_INTERVAL_S)

        self.watcher = asyncio.ensure_future(loop())

    async def connect(self):
        self.client = CappedClient(
            self.nb,
            km=self.km,
            timeout=self.cell_timeout,
            allow_errors=True,
            interrupt_on_timeout=False,
            startup_timeout=float(self.req.get("startup_timeout", 60)),
            record_timing=False,
            iopub_timeout=4,
        )
        self.client.on_cell_executed = self.record_reply
        kc = self.km.client()
        kc.start_channels()
        await kc.wait_for_ready(timeout=float(self.req.get("startup_timeout", 60)))
        kc.allow_stdin = False
        original_execute = kc.execute

        def execute(*args, **kwargs):
            self.last_msg_id = original_execute(*args, **kwargs)
            return self.last_msg_id

        kc.execute = execute
        self.client.kc = kc

    def record_reply(self, cell, cell_index, execute_reply):
        """Remembers the execute_reply status: an error reply fails the cell even without an error output."""
        self.reply_status = ((execute_reply or {}).get("content") or {}).get("status")

    async def restart(self):
        self.restarts += 1
        if self.client and self.client.kc:
            self.client.kc.stop_channels()
        self.mark_stderr()
        await self.km.restart_kernel(now=True)
        self.announce_pgid()
        self.watch()
        await self.connect()

    async def shutdown(self):
        if self.watcher:
            self.watcher.cancel()
        try:
            if self.client and self.client.kc:
                self.client.kc.stop_channels()
            if self.km.has_kernel:
                await self.km.shutdown_kernel(now=True)
        finally:
            self.stderr_file.close()

    def exit_description(self):
        prov = getattr(self.km, "provisioner", None)
        proc = getattr(prov, "process", None)
        code = proc.poll() if proc is not None else None
        if self.sandboxed and code is not None and code > 128:
            code = 128 - code  # bwrap exits with 128 + the signal that killed the kernel
        tail = ""
        try:
            with open(self.req["kernel_stderr"], "rb") as f:
                f.seek(0, os.SEEK_END)
                f.seek(max(self.stderr_offset, f.tell() - 4000))
                tail = f.read().decode("utf8", "replace")
        except OSError:
            pass
        if "heap out of memory" in tail or "Reached heap limit" in tail or "Allocation failed" in tail:
            return "the kernel ran out of memory and was stopped"
        if code is None:
            return "the kernel stopped responding"
        if code == -signal.SIGXCPU and self.cpu_seconds:
            return f"the kernel used more than {self.cpu_seconds} s of CPU time (the limit for one process) and was stopped"
        if code < 0:
            try:
                how = f"was killed by signal {signal.Signals(-code).name}"
            except ValueError:
                how = f"was killed by signal {-code}"
        else:
            how = f"exited with code {code}"
        return f"the kernel process {how} (did the code call process.exit(), crash the runtime or use too much memory?)"

    async def interrupted_in_time(self):
        """Interrupts the kernel; True when it answers the timed-out request within the grace time."""
        try:
            await self.km.interrupt_kernel()
        except Exception:
            return False
        deadline = time.monotonic() + self.grace
        while time.monotonic() < deadline:
            try:
                msg = await self.client.kc.shell_channel.get_msg(timeout=max(0.05, deadline - time.monotonic()))
            except Exception:
                break
            if msg.get("parent_header", {}).get("msg_id") == self.last_msg_id:
                return True
        return False

    # -- execution ---------------------------------------------------------------------------
    async def execute(self, cell, index):
        """Runs one cell; returns (status, message)."""
        self.reply_status = None
        try:
            await self.client.async_execute_cell(cell, index, execution_count=index + 1)
        except CellTimeoutError:
            msg = f"timed out after {self.cell_timeout:g} s"
            if await self.interrupted_in_time():
                return "timeout", msg + " and was interrupted"
            return "timeout", msg + "; the kernel was restarted"
        except DeadKernelError:
            return "dead", self.exit_description() + "; the kernel was restarted"
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return "error", None
        if self.reply_status == "error":
            return "error", "the kernel reported an error (no error output was sent)"
        if self.reply_status not in (None, "ok"):
            return "error", f"the kernel did not run the cell (reply status \"{self.reply_status}\")"
        return "ok", None

    async def alive(self):
        try:
            return bool(await self.km.is_alive())
        except Exception:
            return False

    async def recover(self, results, upto):
        """Restarts the kernel and replays the cells before `upto` that did not hang or crash."""
        while True:
            if self.restarts >= self.max_restarts:
                return False
            await self.restart()
            ok = True
            for j in range(upto):
                r = results[j]
                if r is None or r["status"] not in ("ok", "error"):
                    continue
                original = self.nb.cells[j]
                status, _ = await self.execute(copy.deepcopy(original), j)
                self.nb.cells[j] = original  # replay outputs are discarded
                if status in ("timeout", "dead"):
                    r["status"] = status
                    r["message"] = "hung or crashed the kernel when replayed after a restart"
                    ok = False
                    break
            if ok:
                return True

    async def run(self):
        cells = self.nb.cells
        results = [None] * len(cells)
        try:
            await self.start()
        except NoSuchKernel:
            raise
        except Exception as err:
            raise KernelStartError(f"the kernel \"{self.req['kernel_name']}\" did not start: {type(err).__name__}: {err}") from err
        try:
            for i, cell in enumerate(cells):
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                started = time.monotonic()
                status, message = await self.execute(cell, i)
                results[i] = {"index": i, "status": status, "message": message,
                              "seconds": round(time.monotonic() - started, 3)}
                need_restart = status == "dead" or (status == "timeout" and "restarted" in message)
                if not need_restart and status == "timeout" and not await self.alive():
                    need_restart = True
                if need_restart and not await self.recover(results, i):
                    for k in range(i + 1, len(cells)):
                        if cells[k].cell_type == "code" and cells[k].source.strip():
                            results[k] = {"index": k, "status": "not_run", "seconds": 0,
                                          "message": f"not run: the kernel was restarted {self.restarts} times, the limit"}
                    break
        finally:
            await self.shutdown()
        for cell in cells:
            if cell.cell_type == "code":
                limit_outputs(cell, self.max_output)
        return {"cells": [r for r in results if r is not None], "notebook": self.nb, "restarts": self.restarts,
                "process_limit_hit": self.process_limit_hit}


def limit_outputs(cell, max_chars):
    """Truncates huge outputs so one noisy cell cannot blow up the report."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and len(out.get("text", "")) > max_chars:
            out["text"] = out["text"][:max_chars] + "\n... [output truncated]\n"
        data = out.get("data") or {}
        for mime, value in list(data.items()):
            if isinstance(value, str) and len(value) > max_chars:
                data[mime] = value[:max_chars] + "... [truncated]"


async def main():
    req = json.loads(sys.stdin.read())
    try:
        result = await Runner(req).run()
    except KernelStartError as err:
        result = {"setup": True, "fatal": str(err)}
    except NoSuchKernel:
        result = {"setup": True, "fatal": f"the Jupyter kernel \"{req['kernel_name']}\" is not installed: run `npm run setup` "
                           f"(or `dl4ds install-kernel`) and check `.venv/bin/jupyter kernelspec list`"}
    except Exception as err:  # a grading run must always answer with JSON
        result = {"fatal": f"{type(err).__name__}: {err}"}
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(main())
