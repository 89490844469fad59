"""Runs code cells of a notebook on a user's Jupyter server, as JupyterLab does: a session through
the REST API (/api/sessions), then execute_request messages over the kernel's websocket
(/api/kernels/<id>/channels), all through the hub's proxy with the user's token.

    python run_cells.py <server url> <token> <notebook path> <kernel> [json list of cell sources]

Without the list it runs every code cell of the notebook (read through the contents API). Prints
one JSON object: {"cells": [{"index", "status", "ename", "evalue", "output_types", "mimes", "text"}]}.
"""
import asyncio
import json
import sys
import urllib.parse
import urllib.request
import uuid

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect


def api(base, token, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        text = r.read()
        return json.loads(text) if text else None


def message(session, code):
    return {
        "header": {"msg_id": uuid.uuid4().hex, "username": "test", "session": session, "msg_type": "execute_request", "version": "5.3", "date": ""},
        "parent_header": {},
        "metadata": {},
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": False},
        "channel": "shell",
        "buffers": [],
    }


async def run(base, token, path, kernel, sources):
    if sources is None:
        nb = api(base, token, "GET", f"api/contents/{urllib.parse.quote(path)}?content=1")["content"]
        sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"] if c["cell_type"] == "code"]
    session = api(base, token, "POST", "api/sessions", {"path": path, "type": "notebook", "name": path, "kernel": {"name": kernel}})
    kernel_id = session["kernel"]["id"]
    client_session = uuid.uuid4().hex
    ws_url = base.replace("http", "ws", 1) + f"api/kernels/{kernel_id}/channels?session_id={client_session}"
    ws = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}), max_message_size=64 << 20)
    cells = []
    try:
        for index, code in enumerate(sources):
            msg = message(client_session, code)
            await ws.write_message(json.dumps(msg))
            cell = {"index": index, "status": "ok", "ename": None, "evalue": None, "output_types": [], "mimes": [], "text": ""}
            replied = idle = False
            while not (replied and idle):
                raw = await asyncio.wait_for(ws.read_message(), timeout=300)
                if raw is None:
                    raise RuntimeError("the kernel's websocket closed")
                m = json.loads(raw)
                if m.get("parent_header", {}).get("msg_id") != msg["header"]["msg_id"]:
                    continue
                kind, content = m["msg_type"], m["content"]
                if kind == "execute_reply":
                    replied = True
                    if content.get("status") == "error":
                        cell.update(status="error", ename=content.get("ename"), evalue=content.get("evalue"))
                elif kind == "status" and content.get("execution_state") == "idle":
                    idle = True
                elif kind in ("stream", "display_data", "execute_result", "error", "update_display_data"):
                    cell["output_types"].append(kind if kind != "stream" else f"stream:{content.get('name')}")
                    if kind in ("display_data", "execute_result"):
                        cell["mimes"].extend(sorted(content.get("data", {})))
                    if kind == "stream":
                        cell["text"] += content.get("text", "")
                    elif kind == "execute_result":
                        cell["text"] += content.get("data", {}).get("text/plain", "")
            cells.append(cell)
    finally:
        ws.close()
        api(base, token, "DELETE", f"api/sessions/{session['id']}")
    return {"cells": cells}


if __name__ == "__main__":
    base, token, path, kernel = sys.argv[1:5]
    sources = json.loads(sys.argv[5]) if len(sys.argv) > 5 else None
    print(json.dumps(asyncio.run(run(base if base.endswith("/") else base + "/", token, path, kernel, sources))))
