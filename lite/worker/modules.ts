/**
 * What `import ... from "<name>"` gives a cell in the browser kernel: the library (bundled with the worker),
 * its widgets, TensorFlow.js and node:assert/strict. Anything else is an error that lists what exists.
 */
import * as library from "../../src/index";
import * as widgets from "../../src/widgets/index";
import { strictAssert } from "../shims/assert";
import { tf } from "./tf";

const modules: Record<string, unknown> = {
  "dl4ds-diffusion": library,
  "dl4ds-diffusion/widgets": widgets,
  "@tensorflow/tfjs": tf,
  "node:assert/strict": strictAssert,
  "assert/strict": strictAssert,
};

/** The module a cell's `require(id)` returns. */
export function requireModule(id: string): unknown {
  if (typeof id !== "string") throw new TypeError("require: the module name must be a string");
  if (Object.prototype.hasOwnProperty.call(modules, id)) return modules[id];
  const err = new Error(`Cannot find module '${id}' in the browser kernel: cells here can import ${Object.keys(modules).filter((m) => !m.startsWith("assert")).join(", ")}`);
  (err as Error & { code?: string }).code = "MODULE_NOT_FOUND";
  throw err;
}
