/**
 * Jupyter comms and widgets in the dl4ds kernel, with jupyter_client playing the frontend
 * (tests/fixtures/kernel/comms.py): comm_open from each side with binary buffers, updates from the
 * frontend (echo_update, clamping), callback output with the comm_msg as parent and busy/idle around
 * it, comm_info with target filtering, request_states, a comm message arriving while a cell runs,
 * a throwing callback, stdin, interact's in-place figure and no tensor or listener leak over 200 updates.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runPython } from "./harness";

interface Msg {
  msg_type: string;
  parent: string;
  content: Record<string, any>;
  metadata: Record<string, unknown>;
  buffers: string[];
}
interface Step {
  label: string;
  msg_id?: string;
  comm_msg_id?: string;
  iopub?: Msg[];
  reply?: { msg_type: string; content: Record<string, any> };
  asked?: Record<string, unknown>[];
  seconds?: number[];
}

const SETUP = [
  'import { FloatSlider, Button, interact, registerCommTarget, openComm, liveWidgets } from "dl4ds-diffusion/widgets";',
  'import { tf } from "dl4ds-diffusion";',
  'const s = new FloatSlider({ value: 0.5, min: 0, max: 1, step: 0.1, description: "beta" });',
  's.observe((c) => console.log("value", c.new));',
  'registerCommTarget("echo", (comm) => { comm.onMsg((d, b) => { console.log("got", JSON.stringify(d)); comm.send({ back: d, n: b.length }, b); }); });',
  'openComm("from-kernel", { hello: 1 }, [new Uint8Array([1, 2, 3])]);',
  "s",
].join("\n");

const BUTTON = [
  'const b = new Button({ description: "explode" });',
  'b.onClick(() => { throw new Error("callback failed on purpose"); });',
  "b",
].join("\n");

const LONG_CELL = 'for (let i = 0; i < 5; i++) { console.log("cell line " + i); await new Promise((r) => setTimeout(r, 100)); }';

const INTERACT = [
  "const beta = new FloatSlider({ value: 0.2, min: 0.1, max: 0.9, step: 0.1 });",
  "const ui = interact(({ beta }) => {",
  "  const total = tf.tidy(() => tf.randomNormal([1000]).mul(beta).sum().dataSync()[0]);",
  '  return { "text/plain": "beta=" + beta.toFixed(1) + " total=" + total.toFixed(3) };',
  "}, { beta });",
  "ui",
].join("\n");

const steps = [
  { op: "execute", label: "setup", code: SETUP },
  { op: "comm_msg", label: "update", comm_id: "@setup:FloatSliderModel", data: { method: "update", state: { value: 0.7 }, buffer_paths: [] } },
  { op: "comm_msg", label: "clamp", comm_id: "@setup:FloatSliderModel", data: { method: "update", state: { value: 5 }, buffer_paths: [] } },
  { op: "comm_msg", label: "request_state", comm_id: "@setup:FloatSliderModel", data: { method: "request_state" } },
  { op: "comm_open", label: "echo-open", comm_id: "echo1", target_name: "echo", data: {} },
  { op: "comm_msg", label: "echo-msg", comm_id: "echo1", data: { x: 2 }, buffers: ["0a0b"] },
  { op: "comm_open", label: "unknown-open", comm_id: "nobody1", target_name: "no-such-target", data: {} },
  { op: "comm_info", label: "info-echo", target_name: "echo" },
  { op: "comm_info", label: "info-widgets", target_name: "jupyter.widget" },
  { op: "comm_info", label: "info-all" },
  { op: "comm_open", label: "control", comm_id: "ctl1", target_name: "jupyter.widget.control", data: {} },
  { op: "comm_msg", label: "states", comm_id: "ctl1", data: { method: "request_states" } },
  { op: "comm_close", label: "echo-close", comm_id: "echo1" },
  { op: "comm_info", label: "info-after-close", target_name: "echo" },
  { op: "execute_then_comm", label: "during-cell", code: LONG_CELL, comm_id: "@setup:FloatSliderModel", data: { method: "update", state: { value: 0.3 }, buffer_paths: [] } },
  { op: "execute", label: "button", code: BUTTON },
  { op: "comm_msg", label: "click", comm_id: "@button:ButtonModel", data: { method: "custom", content: { event: "click" } } },
  { op: "execute", label: "still-serving", code: "s.value" },
  { op: "execute", label: "stdin", code: 'const name = await input("name? ");\n"hello " + name', allow_stdin: true, stdin_answer: "Ada" },
  { op: "execute", label: "no-stdin", code: 'await input("name? ")' },
  { op: "execute", label: "interact", code: INTERACT },
  { op: "comm_msg", label: "interact-update", comm_id: "@interact:FloatSliderModel", data: { method: "update", state: { value: 0.6 }, buffer_paths: [] } },
  { op: "execute", label: "before-200", code: "console.log(JSON.stringify({ tensors: tf.memory().numTensors, observers: beta.observerCount(), widgets: liveWidgets().size, runs: ui.runs }))" },
  { op: "repeat_comm_msg", label: "200-updates", comm_id: "@interact:FloatSliderModel", key: "value", values: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], n: 200, timeout: 240 },
  { op: "execute", label: "after-200", code: "console.log(JSON.stringify({ tensors: tf.memory().numTensors, observers: beta.observerCount(), widgets: liveWidgets().size, runs: ui.runs }))" },
];

let results: Step[];
const step = (label: string): Step => {
  const s = results.find((r) => r.label === label);
  if (!s) throw new Error(`no step ${label}`);
  return s;
};
const own = (s: Step, id = s.msg_id): Msg[] => (s.iopub ?? []).filter((m) => m.parent === id);
const types = (msgs: Msg[]): string[] => msgs.map((m) => m.msg_type);
const textOf = (s: Step): string => (s.reply?.content.status === "ok" ? own(s, s.iopub?.[0]?.parent).filter((m) => m.msg_type === "execute_result").map((m) => m.content.data["text/plain"]).join("") : "");

beforeAll(async () => {
  results = (await runPython("comms.py", [], { steps }, 400_000)).results as Step[];
}, 420_000);

describe("comms over ZeroMQ (jupyter_client as the frontend)", () => {
  it("opens widget comms from the kernel with protocol 2.1 metadata and ipywidgets 8 model names", () => {
    const opens = (step("setup").iopub ?? []).filter((m) => m.msg_type === "comm_open" && m.content.target_name === "jupyter.widget");
    const slider = opens.find((m) => m.content.data.state._model_name === "FloatSliderModel")!;
    expect(slider.metadata).toEqual({ version: "2.1.0" });
    expect(slider.content.data.state).toMatchObject({
      _model_module: "@jupyter-widgets/controls", _model_module_version: "2.0.0", _view_name: "FloatSliderView",
      _view_module: "@jupyter-widgets/controls", _view_module_version: "2.0.0", value: 0.5, min: 0, max: 1, step: 0.1, description: "beta",
    });
    const layout = opens.find((m) => m.content.data.state._model_name === "LayoutModel")!;
    expect(layout.content.data.state._model_module).toBe("@jupyter-widgets/base");
    expect(slider.content.data.state.layout).toBe(`IPY_MODEL_${layout.content.comm_id}`);
    const style = opens.find((m) => m.content.data.state._model_name === "SliderStyleModel")!;
    expect(slider.content.data.state.style).toBe(`IPY_MODEL_${style.content.comm_id}`);
    const result = (step("setup").iopub ?? []).find((m) => m.msg_type === "execute_result")!;
    expect(result.content.data["application/vnd.jupyter.widget-view+json"]).toEqual({ model_id: slider.content.comm_id, version_major: 2, version_minor: 1 });
  });

  it("sends a kernel-opened comm with its binary buffers", () => {
    const open = (step("setup").iopub ?? []).find((m) => m.msg_type === "comm_open" && m.content.target_name === "from-kernel")!;
    expect(open.content.data).toEqual({ hello: 1 });
    expect(open.buffers).toEqual(["010203"]);
  });

  it("applies an update from the frontend: busy, echo_update, the callback's output with the comm_msg as parent, idle", () => {
    const s = step("update");
    const mine = own(s);
    expect(types(mine)[0]).toBe("status");
    expect(mine[0].content.execution_state).toBe("busy");
    expect(mine[mine.length - 1].content.execution_state).toBe("idle");
    const echo = mine.find((m) => m.msg_type === "comm_msg")!;
    expect(echo.content.data).toEqual({ method: "echo_update", state: { value: 0.7 }, buffer_paths: [] });
    const out = mine.find((m) => m.msg_type === "stream")!;
    expect(out.content.text).toBe("value 0.7\n");
  });

  it("clamps an out-of-range value from the frontend and sends the kernel's value back", () => {
    const updates = own(step("clamp")).filter((m) => m.msg_type === "comm_msg").map((m) => m.content.data);
    expect(updates).toContainEqual({ method: "update", state: { value: 1 }, buffer_paths: [] });
  });

  it("answers request_state with the whole state", () => {
    const u = own(step("request_state")).find((m) => m.msg_type === "comm_msg")!;
    expect(u.content.data.method).toBe("update");
    expect(u.content.data.state).toMatchObject({ _model_name: "FloatSliderModel", value: 1 });
  });

  it("accepts comm_open from the frontend for a target a cell registered, and carries buffers both ways", () => {
    expect(types(own(step("echo-open")))).toEqual(["status", "status"]);
    const mine = own(step("echo-msg"));
    expect(types(mine)).toEqual(["status", "stream", "comm_msg", "status"]);
    expect(mine[1].content.text).toBe('got {"x":2}\n');
    expect(mine[2].content).toEqual({ comm_id: "echo1", data: { back: { x: 2 }, n: 1 } });
    expect(mine[2].buffers).toEqual(["0a0b"]);
  });

  it("closes a comm opened for an unknown target at once", () => {
    const close = own(step("unknown-open")).find((m) => m.msg_type === "comm_close");
    expect(close?.content.comm_id).toBe("nobody1");
  });

  it("lists open comms in comm_info_reply, filtered by target_name", () => {
    expect(step("info-echo").reply!.content).toEqual({ status: "ok", comms: { echo1: { target_name: "echo" } } });
    const widgets = step("info-widgets").reply!.content.comms as Record<string, { target_name: string }>;
    expect(Object.keys(widgets).length).toBeGreaterThanOrEqual(3);
    expect(Object.values(widgets).every((c) => c.target_name === "jupyter.widget")).toBe(true);
    const all = step("info-all").reply!.content.comms as Record<string, { target_name: string }>;
    expect(Object.values(all).map((c) => c.target_name)).toEqual(expect.arrayContaining(["echo", "jupyter.widget", "from-kernel"]));
    expect(step("info-after-close").reply!.content.comms).toEqual({});
  });

  it("answers request_states on jupyter.widget.control with every widget's state", () => {
    const u = own(step("states")).find((m) => m.msg_type === "comm_msg")!;
    expect(u.content.comm_id).toBe("ctl1");
    expect(u.content.data.method).toBe("update_states");
    const states = Object.values(u.content.data.states as Record<string, any>);
    const slider = states.find((x) => x.model_name === "FloatSliderModel");
    expect(slider).toMatchObject({ model_module: "@jupyter-widgets/controls", model_module_version: "2.0.0" });
    expect(slider.state.value).toBe(1);
    expect(states.map((x) => x.model_name)).toEqual(expect.arrayContaining(["LayoutModel", "SliderStyleModel"]));
  });

  it("handles a comm message that arrives while a cell runs after the cell, without mixing their outputs", () => {
    const s = step("during-cell");
    const all = s.iopub ?? [];
    const cellOut = all.filter((m) => m.parent === s.msg_id && m.msg_type === "stream").map((m) => m.content.text).join("");
    expect(cellOut).toBe([0, 1, 2, 3, 4].map((i) => `cell line ${i}\n`).join(""));
    const commOut = all.filter((m) => m.parent === s.comm_msg_id && m.msg_type === "stream").map((m) => m.content.text).join("");
    expect(commOut).toBe("value 0.3\n");
    const cellIdle = all.findIndex((m) => m.parent === s.msg_id && m.content.execution_state === "idle");
    const commBusy = all.findIndex((m) => m.parent === s.comm_msg_id && m.content.execution_state === "busy");
    expect(commBusy).toBeGreaterThan(cellIdle);
    expect(s.reply!.content.status).toBe("ok");
  });

  it("shows a throwing callback's error under the cell that displayed the widget, and keeps serving", () => {
    const buttonCell = step("button").iopub![0].parent;
    const err = (step("click").iopub ?? []).find((m) => m.msg_type === "error")!;
    expect(err.parent).toBe(buttonCell);
    expect(err.content.evalue).toBe("callback failed on purpose");
    expect(own(step("click")).map((m) => m.content.execution_state)).toEqual(["busy", "idle"]);
    expect(textOf(step("still-serving"))).toBe("0.3");
  });

  it("asks for input on stdin when the frontend allows it, and fails clearly when it does not", () => {
    expect(step("stdin").asked).toEqual([{ prompt: "name? ", password: false }]);
    expect(textOf(step("stdin"))).toBe("'hello Ada'");
    const r = step("no-stdin").reply!.content;
    expect(r.status).toBe("error");
    expect(r.ename).toBe("StdinNotAllowedError");
    expect(r.evalue).toMatch(/allows stdin/);
  });

  it("interact shows the controls and the figure, and replaces the figure with update_display_data on a change", () => {
    const cell = step("interact").iopub ?? [];
    const displays = cell.filter((m) => m.msg_type === "display_data");
    expect(displays).toHaveLength(2);
    expect(displays[0].content.data["application/vnd.jupyter.widget-view+json"]).toBeDefined();
    const id = displays[1].content.transient.display_id as string;
    expect(displays[1].content.data["text/plain"]).toMatch(/^beta=0\.2 total=/);
    expect(cell.some((m) => m.msg_type === "execute_result")).toBe(false);
    const s = step("interact-update");
    const upd = own(s).find((m) => m.msg_type === "update_display_data")!;
    expect(upd.content.transient.display_id).toBe(id);
    expect(upd.content.data["text/plain"]).toMatch(/^beta=0\.6 total=/);
  });

  it("leaks no tensors, listeners or widgets over 200 slider updates", () => {
    const parse = (label: string) => JSON.parse((step(label).iopub ?? []).filter((m) => m.msg_type === "stream").map((m) => m.content.text).join(""));
    const before = parse("before-200");
    const after = parse("after-200");
    expect(step("200-updates").seconds!.every((t) => typeof t === "number")).toBe(true);
    expect(after.runs - before.runs).toBe(200);
    expect(after.tensors).toBe(before.tensors);
    expect(after.observers).toBe(before.observers);
    expect(after.widgets).toBe(before.widgets);
  });
});
