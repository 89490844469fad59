/**
 * Exercises in the student version of a lesson (issue 7, item 2: "a student version runs top to bottom and
 * fails only in exercise and test cells").
 *
 * In the student version every exercise body is the stub `throw new Error("Not implemented")`. The figure
 * cells below an exercise call the student's function through `orReference(...)`: once the student has
 * written it, the figures show *their* function; until then they are drawn with the library's reference
 * version, and one note on stdout says so.
 */
import { types } from "util";

/** The message of the stub that `dl4ds assign` (and nbgrader) put in place of a solution. */
export const NOT_IMPLEMENTED_MESSAGE = "Not implemented";

/** True when `err` is the stub's error: an Error (from any realm) whose message is exactly "Not implemented". */
export function isNotImplementedError(err: unknown): boolean {
  return (err instanceof Error || types.isNativeError(err)) && (err as Error).message === NOT_IMPLEMENTED_MESSAGE;
}

/** Whether `value` looks like a promise (so an async exercise's rejected stub is handled too). */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value)})`;
  return `${typeof value} ${String(value)}`;
}

/**
 * Wraps an exercise function for the cells that use it: returns a function with the same signature that
 * calls `studentFn`; if that throws (or, for an async function, rejects with) the stub's
 * `Error("Not implemented")`, it prints one note per wrapper to stdout and returns `referenceFn`'s result for
 * that call. The student's function is tried again on every call, so nothing is cached: a function it calls
 * that gets written later is picked up at once, and re-running the cell that makes the wrapper after writing
 * the exercise uses the student's version. Any other error propagates unchanged (a student's bug must show).
 *
 * @param studentFn the student's function (the exercise cell's function)
 * @param referenceFn the library's reference implementation, with the same signature
 * @param name the exercise's name for the note (default: `studentFn.name`)
 * @example const diffuseStep = orReference(diffuseOneStep, lib.diffuseOneStep, "diffuseOneStep");
 */
export function orReference<F extends (...args: never[]) => unknown>(studentFn: F, referenceFn: F, name?: string): F {
  const fn = "orReference(studentFn, referenceFn, name)";
  if (typeof studentFn !== "function") {
    throw new TypeError(`${fn}: studentFn must be a function (the exercise's function); got ${describeValue(studentFn)}.`);
  }
  if (typeof referenceFn !== "function") {
    throw new TypeError(
      `${fn}: referenceFn must be a function (the library's version, e.g. lib.${studentFn.name || "diffuseOneStep"}); got ${describeValue(referenceFn)}.`,
    );
  }
  if (studentFn === referenceFn) {
    throw new Error(`${fn}: studentFn and referenceFn are the same function; pass the exercise's function first and the library's version second.`);
  }
  if (name !== undefined && (typeof name !== "string" || name.trim() === "")) {
    throw new TypeError(`${fn}: name must be a non-empty string (the exercise's function name) or left out; got ${describeValue(name)}.`);
  }
  const label = name ?? (studentFn.name || "this exercise");
  let noted = false;
  const note = (): void => {
    if (noted) return;
    noted = true;
    console.log(
      `Note: ${label} is not written yet (it, or a function it calls, threw "${NOT_IMPLEMENTED_MESSAGE}"), ` +
        `so the cells below use the library's reference version. Write it above and run the cells again.`,
    );
  };
  const student = studentFn as unknown as (this: unknown, ...args: unknown[]) => unknown;
  const reference = referenceFn as unknown as (this: unknown, ...args: unknown[]) => unknown;

  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    let result: unknown;
    try {
      result = student.apply(this, args);
    } catch (err) {
      if (!isNotImplementedError(err)) throw err;
      note();
      return reference.apply(this, args);
    }
    if (isThenable(result)) {
      return Promise.resolve(result).catch((err: unknown) => {
        if (!isNotImplementedError(err)) throw err;
        note();
        return reference.apply(this, args);
      });
    }
    return result;
  };
  Object.defineProperty(wrapped, "name", { value: studentFn.name, configurable: true });
  return wrapped as unknown as F;
}
