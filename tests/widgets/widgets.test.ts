/**
 * The widget library without a kernel (plain objects) and with a recording comm host standing in for the
 * kernel: argument validation and its messages, values and observers, selection options, buffers in
 * state, the update/echo_update/request_state handling, Button clicks, interact's re-runs and errors.
 */
import { afterEach, describe, expect, it } from "vitest";
import { setCommHost, type CommHandlers, type CommHost, type CommMessage } from "../../src/notebook/comms";
import { setDisplaySink } from "../../src/notebook/display";
import { putBuffers, removeBuffers } from "../../src/widgets/buffers";
import { Button, Checkbox, Dropdown, FloatSlider, HBox, IntSlider, interact, jslink, Label, Output, Play, Text, ToggleButtons, VBox, widget, WidgetArgumentError } from "../../src/widgets";

interface Sent { kind: string; commId: string; data: Record<string, unknown>; buffers?: Uint8Array[]; metadata?: Record<string, unknown> }

function recordingHost() {
  const sent: Sent[] = [];
  const published: { msgType: string; content: Record<string, unknown> }[] = [];
  const handlers = new Map<string, CommHandlers>();
  const host: CommHost = {
    open: (target, data, o = {}) => {
      const id = o.commId ?? `c${handlers.size}`;
      handlers.set(id, o.handlers ?? {});
      sent.push({ kind: "open:" + target, commId: id, data, buffers: o.buffers, metadata: o.metadata });
      return id;
    },
    send: (commId, data, o = {}) => void sent.push({ kind: "msg", commId, data, buffers: o.buffers }),
    close: (commId) => void sent.push({ kind: "close", commId, data: {} }),
    setHandlers: (commId, h) => void handlers.set(commId, h),
    registerTarget: () => undefined,
    currentParent: () => ({ msg_id: "parent-1", session: "s1" }),
    publish: (msgType, content) => void published.push({ msgType, content }),
    errorContent: (err) => ({ ename: (err as Error).name, evalue: (err as Error).message, traceback: [] }),
  };
  const deliver = async (commId: string, data: Record<string, unknown>, buffers: Uint8Array[] = []): Promise<void> => {
    const msg: CommMessage = { commId, data, metadata: {}, buffers, header: { msg_id: "m", session: "s1" } };
    await handlers.get(commId)?.onMsg?.(msg);
  };
  return { host, sent, published, deliver };
}

afterEach(() => {
  setCommHost(undefined);
  setDisplaySink(undefined);
});

describe("validation", () => {
  it("rejects bad slider arguments with the widget, the argument and the fix in the message", () => {
    expect(() => new FloatSlider({ min: 1, max: 0 })).toThrow("FloatSlider: min (1) must be ≤ max (0)");
    expect(() => new FloatSlider({ step: 0 })).toThrow("FloatSlider: step must be > 0; got 0");
    expect(() => new IntSlider({ value: 200 })).toThrow(/IntSlider: value 200 is outside \[min, max\] = \[0, 100\]/);
    expect(() => new IntSlider({ step: 0.5 })).toThrow(/must be an integer.*FloatSlider/);
    expect(() => new FloatSlider({ value: Number.NaN })).toThrow(WidgetArgumentError);
    const s = new FloatSlider({ value: 0.5, min: 0, max: 1 });
    expect(() => (s.value = 2)).toThrow(/outside/);
    s.max = 0.25;
    expect(s.value).toBe(0.25);
  });

  it("rejects empty options and values that are not options", () => {
    expect(() => new Dropdown({ options: [] })).toThrow("Dropdown: options must not be empty");
    expect(() => new ToggleButtons({ options: ["a", "b"], value: "c" })).toThrow(/not one of the options \(a, b\)/);
    expect(() => new Play({ interval: 0 })).toThrow(/interval must be a positive integer/);
    expect(() => new Checkbox({ value: "yes" as unknown as boolean })).toThrow(/value must be a boolean/);
    expect(() => new VBox([1 as unknown as Label])).toThrow(/children must be an array of widgets/);
    expect(() => interact(() => 1, {})).toThrow(/at least one control/);
    expect(() => widget({ esm: "" })).toThrow(/ES module source/);
    expect(() => jslink([new Play(), "nothing"], [new IntSlider(), "value"])).toThrow(/no attribute "nothing"/);
  });
});

describe("values and observers without a kernel", () => {
  it("keeps values, calls observers with old and new, and maps selections to their values", async () => {
    const d = new Dropdown<number>({ options: [["small", 1], ["large", 10]], value: 10 });
    expect(d.value).toBe(10);
    expect(d.label).toBe("large");
    const seen: unknown[] = [];
    d.observe((c) => void seen.push([c.old, c.new]));
    d.value = 1;
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([[10, 1]]);
    const t = new Text({ value: "a" });
    t.value = "b";
    expect(t.value).toBe("b");
    const b = new Button({ description: "go" });
    let clicks = 0;
    b.onClick(() => void clicks++);
    await b.click();
    expect(clicks).toBe(1);
  });
});

describe("buffers", () => {
  it("takes binary values out of nested state and puts them back", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const { state, bufferPaths, buffers } = removeBuffers({ a: 1, img: bytes, list: [0, new Uint8Array([9])], deep: { x: new Uint8Array([4]) } });
    expect(state).toEqual({ a: 1, list: [0, null], deep: {} });
    expect(bufferPaths).toEqual([["img"], ["list", 1], ["deep", "x"]]);
    putBuffers(state, bufferPaths, buffers);
    expect(state).toEqual({ a: 1, img: bytes, list: [0, new Uint8Array([9])], deep: { x: new Uint8Array([4]) } });
  });
});

describe("with a comm host", () => {
  it("opens models with protocol 2.1 metadata and handles update, request_state and clicks", async () => {
    const { host, sent, deliver } = recordingHost();
    setCommHost(host);
    const s = new IntSlider({ value: 3, max: 10, description: "n" });
    const open = sent.find((m) => m.kind === "open:jupyter.widget" && (m.data.state as Record<string, unknown>)._model_name === "IntSliderModel")!;
    expect(open.metadata).toEqual({ version: "2.1.0" });
    expect(open.data.state).toMatchObject({ value: 3, max: 10, layout: `IPY_MODEL_${s.layout.modelId}`, style: `IPY_MODEL_${s.style!.modelId}`, readout_format: "d" });
    const got: number[] = [];
    s.observe((c) => void got.push(c.new as number));
    sent.length = 0;
    await deliver(s.modelId, { method: "update", state: { value: 12 }, buffer_paths: [] });
    expect(sent.map((m) => m.data)).toEqual([
      { method: "echo_update", state: { value: 12 }, buffer_paths: [] },
      { method: "update", state: { value: 10 }, buffer_paths: [] },
    ]);
    expect(got).toEqual([10]);
    sent.length = 0;
    await deliver(s.modelId, { method: "request_state" });
    expect((sent[0].data.state as Record<string, unknown>).value).toBe(10);
    const b = new Button();
    let n = 0;
    b.onClick(() => void n++);
    await deliver(b.modelId, { method: "custom", content: { event: "click" } });
    expect(n).toBe(1);
    s.close();
    expect(sent.some((m) => m.kind === "close" && m.commId === s.modelId)).toBe(true);
  });

  it("interact shows two outputs, re-runs on change with update_display_data, and shows a throwing run in its Output", async () => {
    const { host, published, deliver } = recordingHost();
    setCommHost(host);
    const displays: { bundle: Record<string, unknown>; id?: string }[] = [];
    setDisplaySink((bundle, o) => void displays.push({ bundle, id: o.id }));
    const k = new IntSlider({ value: 1, max: 5 });
    const ui = interact(({ k }) => {
      if (k === 4) throw new Error("four is not allowed");
      return { "text/plain": `k=${k}` };
    }, { k });
    const { display } = await import("../../src/notebook/display");
    display(ui);
    expect(displays).toHaveLength(2);
    expect(displays[0].bundle["application/vnd.jupyter.widget-view+json"]).toMatchObject({ model_id: ui.modelId });
    expect(displays[1]).toEqual({ bundle: { "text/plain": "k=1" }, id: ui.displayId });
    await deliver(k.modelId, { method: "update", state: { value: 2 }, buffer_paths: [] });
    expect(published.at(-1)).toEqual({ msgType: "update_display_data", content: { data: { "text/plain": "k=2" }, metadata: {}, transient: { display_id: ui.displayId } } });
    await deliver(k.modelId, { method: "update", state: { value: 4 }, buffer_paths: [] });
    expect(ui.output.outputs).toEqual([{ output_type: "error", ename: "Error", evalue: "four is not allowed", traceback: [] }]);
    await deliver(k.modelId, { method: "update", state: { value: 3 }, buffer_paths: [] });
    expect(ui.output.outputs).toEqual([]);
    expect(published.at(-1)?.content.data).toEqual({ "text/plain": "k=3" });
    expect(k.observerCount()).toBe(1);
  });

  it("anywidget models carry _esm and reach observers on save_changes (an update from the view)", async () => {
    const { host, sent, deliver } = recordingHost();
    setCommHost(host);
    const w = widget({ esm: "export default { render() {} }", state: { count: 0 } });
    const open = sent.find((m) => (m.data.state as Record<string, unknown>)?._model_name === "AnyModel")!;
    expect(open.data.state).toMatchObject({ _model_module: "anywidget", _view_name: "AnyView", _esm: "export default { render() {} }", count: 0 });
    const seen: unknown[] = [];
    w.observe((c) => void seen.push(c.new), "count");
    await deliver(w.modelId, { method: "update", state: { count: 5 }, buffer_paths: [] });
    expect(seen).toEqual([5]);
    expect(w.get("count")).toBe(5);
    const box = new HBox([w, new Label("x"), new Output()]);
    expect(box.children).toHaveLength(3);
  });
});
