/**
 * orReference (src/notebook/exercise.ts): the figure cells of a student version fall back to the library's
 * reference only while the exercise is the stub, print one note on stdout, and never hide a student's bug.
 */
import * as vm from "vm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isNotImplementedError, orReference } from "../../src/notebook/exercise";
import * as lib from "../../src/index";
import { createRng } from "../../src/random";

/** The stub `dl4ds assign` writes in place of a solution body. */
function stub(): never {
  // YOUR CODE HERE
  throw new Error("Not implemented");
}

describe("orReference", () => {
  let log: ReturnType<typeof vi.spyOn>;
  let err: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    err = vi.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterEach(() => {
    log.mockRestore();
    err.mockRestore();
  });

  it("calls the student's function when it is written, and prints nothing", () => {
    const reference = vi.fn((a: number, b: number) => a * b);
    const add = orReference((a: number, b: number) => a + b, reference, "add");
    expect(add(2, 3)).toBe(5);
    expect(add(-1, 1)).toBe(0);
    expect(reference).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it("uses the reference while the student's function is the stub, with one note on stdout per wrapper", () => {
    const student = (x: number): number => {
      void x;
      return stub();
    };
    const square = orReference(student, (x: number) => x * x, "square");
    expect(square(3)).toBe(9);
    expect(square(4)).toBe(16);
    expect(square(-2)).toBe(4);
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0][0])).toMatch(/^Note: square is not written yet .*reference version\. Write it above and run the cells again\.$/);
    expect(err).not.toHaveBeenCalled();
    // A second wrapper (the cell run again) notes again, once.
    const again = orReference(student, (x: number) => x * x, "square");
    again(1);
    again(2);
    expect(log).toHaveBeenCalledTimes(2);
  });

  it("tries the student's function on every call, so a function written later is picked up", () => {
    let written = false;
    const student = vi.fn((x: number) => (written ? x + 100 : stub()));
    const f = orReference(student, (x: number) => x, "f");
    expect(f(1)).toBe(1);
    written = true;
    expect(f(1)).toBe(101);
    expect(student).toHaveBeenCalledTimes(2);
    expect(log).toHaveBeenCalledTimes(1);
  });

  it("lets every other error through unchanged (a student's bug must show)", () => {
    const bug = new RangeError("index 7 out of range");
    const reference = vi.fn(() => 0);
    const broken = orReference((): number => {
      throw bug;
    }, reference, "broken");
    expect(() => broken()).toThrow(bug);
    // Only the exact message counts: these are the student's own errors.
    for (const message of ["Not implemented yet", "not implemented", "Not implemented "]) {
      const f = orReference((): number => {
        throw new Error(message);
      }, reference, "f");
      expect(() => f()).toThrow(message);
    }
    // A thrown non-Error with the same text is not the stub either.
    const thrower = orReference((): number => {
      throw "Not implemented";
    }, reference, "thrower");
    expect(() => thrower()).toThrow("Not implemented");
    expect(reference).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it("passes every argument and this through, and keeps the student's function name", () => {
    function scaled(this: { k: number }, a: number, b: number): number {
      void a;
      void b;
      return stub();
    }
    const wrapped = orReference(scaled, function (this: { k: number }, a: number, b: number) {
      return this.k * (a + b);
    });
    expect(wrapped.call({ k: 10 }, 1, 2)).toBe(30);
    expect(wrapped.name).toBe("scaled");
    expect(String(log.mock.calls[0][0])).toMatch(/^Note: scaled is not written yet/);
  });

  it("falls back for an async exercise that rejects with the stub's error, and passes other rejections", async () => {
    const pending = orReference(async (x: number): Promise<number> => {
      void x;
      return stub();
    }, async (x: number) => x + 1, "pending");
    await expect(pending(1)).resolves.toBe(2);
    await expect(pending(2)).resolves.toBe(3);
    expect(log).toHaveBeenCalledTimes(1);
    const failing = orReference(async (): Promise<number> => {
      throw new TypeError("bad input");
    }, async () => 0, "failing");
    await expect(failing()).rejects.toThrow(TypeError);
  });

  it("recognises the stub's error from another realm (a kernel context)", () => {
    const foreign = vm.runInNewContext('(() => { try { throw new Error("Not implemented"); } catch (e) { return e; } })()');
    expect(foreign instanceof Error).toBe(false);
    expect(isNotImplementedError(foreign)).toBe(true);
    expect(isNotImplementedError(new Error("Not implemented"))).toBe(true);
    expect(isNotImplementedError({ message: "Not implemented" })).toBe(false);
    expect(isNotImplementedError(undefined)).toBe(false);
  });

  it("validates its arguments with messages that say what to pass", () => {
    const f = (x: number) => x;
    const bad = orReference as unknown as (...args: unknown[]) => unknown;
    expect(() => bad(undefined, f)).toThrow(/studentFn must be a function .*got undefined/);
    expect(() => bad(f, 3)).toThrow(/referenceFn must be a function \(the library's version.*got number 3/);
    expect(() => bad(f, null)).toThrow(/referenceFn must be a function .*got null/);
    expect(() => orReference(f, f, "f")).toThrow(/are the same function/);
    expect(() => bad(f, (x: number) => x + 1, "")).toThrow(/name must be a non-empty string/);
    expect(() => bad(f, (x: number) => x + 1, 42)).toThrow(/name must be a non-empty string .*got number 42/);
  });

  it("gives the library's result for a lesson exercise (18.1's diffuseOneStep) with the same noise", () => {
    const diffuseOneStep = (zPrev: Float64Array, beta: number, rng: lib.Rng): Float64Array => {
      void zPrev;
      void beta;
      void rng;
      return stub();
    };
    const diffuseStep = orReference(diffuseOneStep, lib.diffuseOneStep, "diffuseOneStep");
    const z = Float64Array.from([-2, 0, 1.5]);
    expect(Array.from(diffuseStep(z, 0.2, createRng(1)))).toEqual(Array.from(lib.diffuseOneStep(z, 0.2, createRng(1))));
    expect(String(log.mock.calls[0][0])).toMatch(/^Note: diffuseOneStep is not written yet/);
  });
});
