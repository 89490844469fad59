/**
 * `util` for the browser bundles: Node's own `inspect` and `format` (node-inspect-extracted is Node's code,
 * extracted), so a cell's value prints the same text in the browser kernel as in the Node kernel.
 */
import { inspect as nodeInspect, format as nodeFormat } from "node-inspect-extracted";

export const inspect = nodeInspect as (value: unknown, options?: Record<string, unknown>) => string;
export const format = nodeFormat as (...args: unknown[]) => string;

export const types = {
  isNativeError: (v: unknown): boolean => Object.prototype.toString.call(v) === "[object Error]" || v instanceof Error,
  isPromise: (v: unknown): boolean => v instanceof Promise,
  isTypedArray: (v: unknown): boolean => ArrayBuffer.isView(v) && !(v instanceof DataView),
};

export function promisify<T>(fn: (...args: unknown[]) => void): (...args: unknown[]) => Promise<T> {
  return (...args) => new Promise<T>((resolve, reject) => fn(...args, (err: unknown, value: T) => (err ? reject(err) : resolve(value))));
}

/** Node's classic prototype inheritance helper (some CommonJS packages call it when they load). */
export function inherits(ctor: { prototype: object; super_?: unknown }, superCtor: { prototype: object }): void {
  Object.defineProperty(ctor, "super_", { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

export function deprecate<T>(fn: T): T {
  return fn;
}

export const TextEncoder = globalThis.TextEncoder;
export const TextDecoder = globalThis.TextDecoder;

export default { inspect, format, types, promisify, inherits, deprecate, TextEncoder, TextDecoder };
