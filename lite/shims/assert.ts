/**
 * `node:assert/strict` for cells in the browser kernel: the assertions the lessons use (ok, equal, notEqual,
 * deepEqual, notDeepEqual, throws, rejects, match, fail) with Node's strict semantics (Object.is, strict deep
 * equality) and an AssertionError carrying the cell's own message.
 */
import { inspect } from "./util";

class AssertionError extends Error {
  readonly code = "ERR_ASSERTION";
  constructor(message: string, readonly actual?: unknown, readonly expected?: unknown, readonly operator?: string) {
    super(message);
    this.name = "AssertionError";
  }
}

type Message = string | Error | undefined;

function fail(message: Message, fallback: string, actual?: unknown, expected?: unknown, operator?: string): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? fallback, actual, expected, operator);
}

function deepStrictEqual(a: unknown, b: unknown, seen = new Map<object, object>()): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (a instanceof RegExp) return String(a) === String(b);
  if (ArrayBuffer.isView(a)) {
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    if (a.size !== m.size) return false;
    for (const [k, v] of a) if (!m.has(k) || !deepStrictEqual(v, m.get(k), seen)) return false;
    return true;
  }
  if (a instanceof Set) {
    const s = b as Set<unknown>;
    if (a.size !== s.size) return false;
    for (const v of a) if (!s.has(v)) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepStrictEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen)) return false;
  }
  return true;
}

const show = (v: unknown): string => inspect(v, { depth: 3, breakLength: Infinity });

function assert(value: unknown, message?: Message): void {
  if (!value) fail(message, `The expression evaluated to a falsy value:\n\n  assert.ok(${show(value)})\n`, value, true, "==");
}

const methods = {
  ok: assert,
  equal(actual: unknown, expected: unknown, message?: Message): void {
    if (!Object.is(actual, expected)) fail(message, `Expected values to be strictly equal:\n\n${show(actual)} !== ${show(expected)}\n`, actual, expected, "strictEqual");
  },
  notEqual(actual: unknown, expected: unknown, message?: Message): void {
    if (Object.is(actual, expected)) fail(message, `Expected "actual" to be strictly unequal to: ${show(expected)}`, actual, expected, "notStrictEqual");
  },
  deepEqual(actual: unknown, expected: unknown, message?: Message): void {
    if (!deepStrictEqual(actual, expected)) fail(message, `Expected values to be strictly deep-equal:\n${show(actual)}\n\nshould equal\n\n${show(expected)}`, actual, expected, "deepStrictEqual");
  },
  notDeepEqual(actual: unknown, expected: unknown, message?: Message): void {
    if (deepStrictEqual(actual, expected)) fail(message, `Expected "actual" not to be strictly deep-equal to: ${show(expected)}`, actual, expected, "notDeepStrictEqual");
  },
  throws(fn: () => unknown, expected?: unknown, message?: Message): void {
    if (typeof fn !== "function") throw new TypeError("assert.throws: the first argument must be a function");
    try {
      fn();
    } catch (err) {
      checkThrown(err, expected, message);
      return;
    }
    fail(typeof expected === "string" ? expected : message, "Missing expected exception.", undefined, expected, "throws");
  },
  async rejects(p: Promise<unknown> | (() => Promise<unknown>), expected?: unknown, message?: Message): Promise<void> {
    try {
      await (typeof p === "function" ? p() : p);
    } catch (err) {
      checkThrown(err, expected, message);
      return;
    }
    fail(typeof expected === "string" ? expected : message, "Missing expected rejection.", undefined, expected, "rejects");
  },
  match(text: string, re: RegExp, message?: Message): void {
    if (typeof text !== "string" || !re.test(text)) fail(message, `The input did not match the regular expression ${String(re)}. Input:\n\n${show(text)}\n`, text, re, "match");
  },
  fail(message?: Message): never {
    return fail(message, "Failed");
  },
  AssertionError,
};

function checkThrown(err: unknown, expected: unknown, message: Message): void {
  if (expected === undefined || typeof expected === "string") return;
  if (expected instanceof RegExp) {
    if (!expected.test(String(err instanceof Error ? err.message : err))) fail(message, `The error message does not match ${String(expected)}`, err, expected, "throws");
    return;
  }
  if (typeof expected === "function") {
    if (expected.prototype !== undefined && err instanceof (expected as new () => unknown)) return;
    if (Error.isPrototypeOf(expected)) fail(message, `The error is not an instance of ${(expected as { name: string }).name}`, err, expected, "throws");
    if ((expected as (e: unknown) => boolean)(err) !== true) fail(message, "The validation function did not return true", err, expected, "throws");
    return;
  }
  if (typeof expected === "object" && expected !== null) {
    for (const [k, v] of Object.entries(expected)) {
      const got = (err as Record<string, unknown>)[k];
      const ok = v instanceof RegExp && typeof got === "string" ? v.test(got) : deepStrictEqual(got, v);
      if (!ok) fail(message, `The error's "${k}" is ${show(got)}, expected ${show(v)}`, err, expected, "throws");
    }
  }
}

/** Strict mode: the legacy names are the strict ones, as in node:assert/strict. */
export const strictAssert = Object.assign(assert, methods, {
  strictEqual: methods.equal,
  notStrictEqual: methods.notEqual,
  deepStrictEqual: methods.deepEqual,
  notDeepStrictEqual: methods.notDeepEqual,
});
(strictAssert as unknown as { strict: unknown }).strict = strictAssert;
