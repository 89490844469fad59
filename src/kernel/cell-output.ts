/**
 * What a cell sees and what it shows, shared by the Node kernel (engine.ts) and the browser kernel (lite/):
 * the declarations of the globals every cell can use, and the MIME bundle of a cell's last expression.
 * Plain code: no Node module is needed beyond `util.inspect` (the browser build maps it to the same function
 * extracted from Node, so values print the same in both kernels).
 */
import { inspect as utilInspect } from "util";
import { toMimeBundle, jupyterDisplay, type MimeBundle } from "../notebook/display";

/** Declarations every cell sees (the kernel defines these globals). Kept in sync with src/notebook/display.ts. */
export const CELL_GLOBAL_DECLARATIONS = `declare global {
  /** Shows an object with a Symbol.for("Jupyter.display") method, or a MIME bundle, as a cell output.
   *  With { id, update: true } it replaces the earlier output that has that id. */
  function display(value: unknown, options?: { id?: string; update?: boolean; metadata?: Record<string, unknown> }): void;
  /** Clears the cell's outputs; with { wait: true } only when the next output arrives (progress lines, animations). */
  function clearOutput(options?: { wait?: boolean }): void;
  /** Asks the frontend for a line of text (JupyterLab shows an input box); throws where stdin is not allowed. */
  function input(prompt?: string): Promise<string>;
  /** The same as input(). */
  function prompt(message?: string): Promise<string>;
}
`;

/** True for tfjs tensors, which print best with their own toString(). */
function isTensorLike(v: object): boolean {
  const c = (v as { constructor?: { name?: string } }).constructor?.name;
  return (c === "Tensor" || c === "Variable") && typeof (v as { dataSync?: unknown }).dataSync === "function";
}

/** Turns a cell's last expression into a MIME bundle. */
export function valueToBundle(value: unknown): MimeBundle {
  if (value !== null && typeof value === "object" && typeof (value as Record<symbol, unknown>)[jupyterDisplay] === "function") {
    const bundle = { ...toMimeBundle(value) };
    // An empty bundle: the object displayed itself with display() calls (e.g. interact's two outputs).
    if (Object.keys(bundle).length === 0) return bundle;
    if (!("text/plain" in bundle)) bundle["text/plain"] = `<${(value as object).constructor?.name ?? "object"}>`;
    return bundle;
  }
  if (value !== null && typeof value === "object" && isTensorLike(value)) return { "text/plain": String(value) };
  return { "text/plain": utilInspect(value, { depth: 4, colors: false, maxArrayLength: 100, breakLength: 100 }) };
}
