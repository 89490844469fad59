/** The widgets alive in this process, shared by every copy of the library (stored on globalThis). */
import type { Widget } from "./widget";

const KEY = Symbol.for("dl4ds.liveWidgets");
type GlobalWithWidgets = typeof globalThis & { [KEY]?: Map<string, Widget> };

/** Model id → widget, for every widget not closed. */
export function liveWidgets(): Map<string, Widget> {
  const g = globalThis as GlobalWithWidgets;
  return (g[KEY] ??= new Map());
}
