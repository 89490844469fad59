/**
 * The comm targets a widget library registers in the kernel: `jupyter.widget` (models the frontend
 * creates) and `jupyter.widget.control` (request_states → update_states: all widget states in one
 * message, so a reloaded page gets its widgets back).
 */
import type { CommHost, CommMessage } from "../notebook/comms";
import { removeBuffers } from "./buffers";
import { liveWidgets } from "./registry";
import { Widget, WIDGET_TARGET, type ModelSpec } from "./widget";

/** The control comm target. */
export const CONTROL_TARGET = "jupyter.widget.control";

/** The `update_states` message data and buffers for every live widget. */
export function allStates(): { data: Record<string, unknown>; buffers: Uint8Array[] } {
  const states: Record<string, unknown> = {};
  const paths: (string | number)[][] = [];
  const buffers: Uint8Array[] = [];
  for (const [id, w] of liveWidgets()) {
    const full = w.serializedState();
    const { state, bufferPaths, buffers: b } = removeBuffers(full);
    states[id] = { model_name: w.spec.modelName, model_module: w.spec.modelModule, model_module_version: w.spec.modelModuleVersion, state };
    for (const p of bufferPaths) paths.push([id, ...p]);
    buffers.push(...b);
  }
  return { data: { method: "update_states", states, buffer_paths: paths }, buffers };
}

function specFrom(state: Record<string, unknown>): ModelSpec {
  const s = (k: string, d: string): string => (typeof state[k] === "string" ? (state[k] as string) : d);
  return {
    modelName: s("_model_name", "WidgetModel"),
    modelModule: s("_model_module", "@jupyter-widgets/base"),
    modelModuleVersion: s("_model_module_version", "2.0.0"),
    viewName: typeof state._view_name === "string" ? state._view_name : null,
    viewModule: s("_view_module", "@jupyter-widgets/base"),
    viewModuleVersion: s("_view_module_version", "2.0.0"),
  };
}

/** Registers both targets with the host (the kernel calls this at start-up). */
export function registerWidgetTargets(host: CommHost): void {
  host.registerTarget(CONTROL_TARGET, (open) => ({
    onMsg: (msg: CommMessage) => {
      if (msg.data.method !== "request_states") return;
      const { data, buffers } = allStates();
      host.send(open.commId, data, { buffers });
    },
  }));
  host.registerTarget(WIDGET_TARGET, (open) => {
    const state = ((open.data.state ?? {}) as Record<string, unknown>);
    const values = Object.fromEntries(Object.entries(state).filter(([k]) => !/^_(model|view)_/.test(k)));
    // A model the frontend created: kept in sync and listed by comm_info and request_states.
    new Widget(specFrom(state), values, { commId: open.commId });
  });
}
