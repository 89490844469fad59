"""Headless notebook runs for `dl4ds run` (called by src/cli/commands/run.ts with the project's .venv).

Executes each notebook through the dl4ds kernel with nbclient, writes the executed copy
(<out>/<name>.ipynb) and an HTML export (<out>/<name>.html), and keeps <out>/summary.json:
{notebook: {ok, seconds, cells, figures, error: {name, message, cell} | null}}. Every file is
written whole (temporary file, then rename). Exit status 1 when a notebook failed.

usage: run_notebooks.py --out DIR --root DIR --timeout S [--allow-errors] NOTEBOOK...
"""
import argparse
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

FIGURE_MIMES = ("image/", "application/vnd.plotly", "application/vnd.vegalite", "application/vnd.vega.")


def write_whole(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def count_figures(nb):
    n = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") in ("display_data", "execute_result"):
                if any(m.startswith(FIGURE_MIMES) for m in out.get("data", {})):
                    n += 1
    return n


def first_error(nb):
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return {"name": out.get("ename", ""), "message": out.get("evalue", ""), "cell": i}
    return None


def cell_index(nb, exc_cell_source):
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source == exc_cell_source:
            return i
    return None


def run_one(path, args):
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"name": "dl4ds", "display_name": "TypeScript (dl4ds)", "language": "typescript"}
    client = NotebookClient(nb, timeout=args.timeout, kernel_name="dl4ds", allow_errors=args.allow_errors,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    t0 = time.time()
    error = None
    ok = True
    try:
        client.execute()
    except CellExecutionError as e:
        ok = False
        error = first_error(nb) or {"name": e.ename, "message": e.evalue, "cell": None}
    except CellTimeoutError as e:
        ok = False
        error = {"name": "CellTimeoutError", "message": str(e).strip().splitlines()[0] if str(e).strip() else "timeout",
                 "cell": None}
    except DeadKernelError as e:
        ok = False
        error = {"name": "DeadKernelError", "message": str(e), "cell": None}
    except Exception as e:  # noqa: BLE001 - report any failure of the run itself
        ok = False
        error = {"name": type(e).__name__, "message": str(e), "cell": None}
    seconds = round(time.time() - t0, 3)
    if ok:
        error = first_error(nb)
        if error is not None and not args.allow_errors:
            ok = False
    return nb, {
        "ok": ok,
        "seconds": seconds,
        "cells": sum(1 for c in nb.cells if c.cell_type == "code"),
        "figures": count_figures(nb),
        "error": error,
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--root", required=True)
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("--allow-errors", action="store_true")
    p.add_argument("notebooks", nargs="+")
    args = p.parse_args()
    root = os.path.abspath(args.root)
    out_dir = os.path.abspath(args.out)
    summary_path = os.path.join(out_dir, "summary.json")
    try:
        with open(summary_path, encoding="utf-8") as f:
            summary = json.load(f)
        if not isinstance(summary, dict):
            summary = {}
    except (OSError, ValueError):
        summary = {}
    from nbconvert import HTMLExporter
    exporter = HTMLExporter()
    failed = 0
    notebooks_dir = os.path.join(root, "notebooks")
    for path in args.notebooks:
        path = os.path.abspath(path)
        key = os.path.relpath(path, root) if path.startswith(root + os.sep) else path
        rel = os.path.relpath(path, notebooks_dir) if path.startswith(notebooks_dir + os.sep) else os.path.basename(path)
        base = os.path.join(out_dir, os.path.splitext(rel)[0])
        nb, entry = run_one(path, args)
        write_whole(base + ".ipynb", nbformat.writes(nb))
        try:
            html, _ = exporter.from_notebook_node(nb)
            write_whole(base + ".html", html)
        except Exception as e:  # noqa: BLE001 - the run result still counts; note the export problem
            entry["html_error"] = "%s: %s" % (type(e).__name__, e)
        summary[key] = entry
        write_whole(summary_path, json.dumps(summary, indent=2, sort_keys=True) + "\n")
        status = "ok  " if entry["ok"] else "FAIL"
        err = entry["error"]
        detail = "" if err is None else "  %s: %s (cell %s)" % (err["name"], err["message"].splitlines()[0] if err["message"] else "", err["cell"])
        print("%s %7.1fs  %s  cells=%d figures=%d%s" % (status, entry["seconds"], key, entry["cells"], entry["figures"], detail),
              flush=True)
        if not entry["ok"]:
            failed += 1
    print("%d notebook(s), %d failed; results in %s" % (len(args.notebooks), failed, os.path.relpath(summary_path)), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
