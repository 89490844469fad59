/**
 * The browser kernel's pure pieces, checked in Node against Node's own modules: the in-memory file system the
 * worker's compiler reads, node:assert/strict's browser version, util.inspect's (values must print the same text in
 * both kernels), and the zlib the PNG encoder uses (its output must be real zlib data).
 */
import * as nodeAssert from "node:assert/strict";
import { inspect as nodeInspect } from "node:util";
import * as zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { strictAssert } from "../../lite/shims/assert";
import { inspect } from "../../lite/shims/util";
import { deflateSync, inflateSync } from "../../lite/shims/zlib";
import { createMemorySys } from "../../lite/worker/memory-sys";

describe("the worker's in-memory file system", () => {
  const sys = createMemorySys({
    root: "/dl4ds",
    cwd: "/dl4ds/notebooks",
    executingFile: "/dl4ds/node_modules/ts/lib/typescript.js",
    files: { "/dl4ds/dist/index.d.ts": "export declare const x: number;", "/dl4ds/node_modules/@types/node/index.d.ts": "//", "/dl4ds/node_modules/@types/node/package.json": "{}" },
    links: { "/dl4ds/node_modules/dl4ds-diffusion": "/dl4ds" },
  });

  it("reads the packed files, directly and through a recorded link", () => {
    expect(sys.readFile("/dl4ds/dist/index.d.ts")).toBe("export declare const x: number;");
    expect(sys.readFile("/dl4ds/node_modules/dl4ds-diffusion/dist/index.d.ts")).toBe("export declare const x: number;");
    expect(sys.realpath!("/dl4ds/node_modules/dl4ds-diffusion/dist/index.d.ts")).toBe("/dl4ds/dist/index.d.ts");
    expect(sys.fileExists("/dl4ds/dist/other.d.ts")).toBe(false);
    expect(sys.readFile("/dl4ds/dist/other.d.ts")).toBeUndefined();
  });

  it("knows the folders of the packed files and lists sub-folders", () => {
    expect(sys.directoryExists("/dl4ds/node_modules/@types")).toBe(true);
    expect(sys.directoryExists("/dl4ds/node_modules/@types/")).toBe(true);
    expect(sys.directoryExists("/dl4ds/node_modules/@types/chai")).toBe(false);
    expect(sys.getDirectories("/dl4ds/node_modules/@types")).toEqual(["node"]);
    expect(sys.getCurrentDirectory()).toBe("/dl4ds/notebooks");
    expect(sys.getExecutingFilePath()).toBe("/dl4ds/node_modules/ts/lib/typescript.js");
  });

  it("refuses to write, saying why", () => {
    expect(() => sys.writeFile("/dl4ds/out.js", "")).toThrow(/cannot write files \(asked to write \/dl4ds\/out\.js\)/);
    expect(() => createMemorySys(undefined as never)).toThrow(/pack must be a type pack/);
  });
});

describe("node:assert/strict in the browser", () => {
  const cases: Array<[string, () => unknown]> = [
    ["ok(0)", () => strictAssert.ok(0)],
    ["equal(1, '1')", () => strictAssert.equal(1, "1" as unknown as number)],
    ["equal(NaN, NaN)", () => strictAssert.equal(NaN, NaN)],
    ["equal(0, -0)", () => strictAssert.equal(0, -0)],
    ["deepEqual typed arrays", () => strictAssert.deepEqual(Float64Array.from([1, 2]), Float64Array.from([1, 2]))],
    ["deepEqual typed vs plain", () => strictAssert.deepEqual(Float64Array.from([1, 2]), [1, 2])],
    ["deepEqual nested", () => strictAssert.deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })],
    ["deepEqual missing key", () => strictAssert.deepEqual({ a: 1 }, { a: 1, b: undefined })],
    ["deepEqual Map", () => strictAssert.deepEqual(new Map([[1, 2]]), new Map([[1, 2]]))],
    ["notEqual", () => strictAssert.notEqual(1, 1)],
    ["throws with RegExp", () => strictAssert.throws(() => { throw new Error("boom"); }, /boom/)],
    ["throws, wrong message", () => strictAssert.throws(() => { throw new Error("boom"); }, /bang/)],
    ["throws, nothing thrown", () => strictAssert.throws(() => undefined)],
    ["throws with class", () => strictAssert.throws(() => { throw new TypeError("t"); }, TypeError)],
    ["throws, wrong class", () => strictAssert.throws(() => { throw new Error("t"); }, TypeError)],
    ["match", () => strictAssert.match("abc", /b/)],
  ];
  const nodeCases: Record<string, () => unknown> = {
    "ok(0)": () => nodeAssert.ok(0),
    "equal(1, '1')": () => nodeAssert.equal(1, "1" as unknown as number),
    "equal(NaN, NaN)": () => nodeAssert.equal(NaN, NaN),
    "equal(0, -0)": () => nodeAssert.equal(0, -0),
    "deepEqual typed arrays": () => nodeAssert.deepEqual(Float64Array.from([1, 2]), Float64Array.from([1, 2])),
    "deepEqual typed vs plain": () => nodeAssert.deepEqual(Float64Array.from([1, 2]), [1, 2]),
    "deepEqual nested": () => nodeAssert.deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }),
    "deepEqual missing key": () => nodeAssert.deepEqual({ a: 1 }, { a: 1, b: undefined }),
    "deepEqual Map": () => nodeAssert.deepEqual(new Map([[1, 2]]), new Map([[1, 2]])),
    notEqual: () => nodeAssert.notEqual(1, 1),
    "throws with RegExp": () => nodeAssert.throws(() => { throw new Error("boom"); }, /boom/),
    "throws, wrong message": () => nodeAssert.throws(() => { throw new Error("boom"); }, /bang/),
    "throws, nothing thrown": () => nodeAssert.throws(() => undefined),
    "throws with class": () => nodeAssert.throws(() => { throw new TypeError("t"); }, TypeError),
    "throws, wrong class": () => nodeAssert.throws(() => { throw new Error("t"); }, TypeError),
    match: () => nodeAssert.match("abc", /b/),
  };
  const outcome = (f: () => unknown): string => {
    try {
      f();
      return "passes";
    } catch {
      return "fails";
    }
  };

  for (const [name, f] of cases) {
    it(`${name} passes or fails as Node's does`, () => {
      expect(outcome(f)).toBe(outcome(nodeCases[name]));
    });
  }

  it("fails with an AssertionError carrying the cell's own message", () => {
    let err: unknown;
    try {
      strictAssert.ok(false, "mean of z_t is 0.1; expected 0.9");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe("AssertionError");
    expect((err as Error).message).toBe("mean of z_t is 0.1; expected 0.9");
    expect((err as { code: string }).code).toBe("ERR_ASSERTION");
  });
});

describe("util.inspect in the browser", () => {
  const values: unknown[] = [
    42, -0, "s", [1, 2, 3], { mean: 0.894, std: 0.447 }, Float64Array.from([1.5, -2, 3]), new Map([["a", 1]]),
    Array.from({ length: 150 }, (_, i) => i), { nested: { deeper: { deepest: { gone: { away: 1 } } } } }, null, undefined, 1e-21,
  ];
  for (const v of values) {
    it(`prints ${nodeInspect(v).slice(0, 30)} as Node does`, () => {
      const opts = { depth: 4, colors: false, maxArrayLength: 100, breakLength: 100 };
      expect(inspect(v, opts)).toBe(nodeInspect(v, opts));
    });
  }
});

describe("zlib in the browser", () => {
  it("deflates to data Node's zlib inflates, and inflates Node's deflate", () => {
    const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251);
    expect(new Uint8Array(zlib.inflateSync(deflateSync(data, { level: 9 })))).toEqual(data);
    expect(new Uint8Array(inflateSync(zlib.deflateSync(data)))).toEqual(data);
  });
});
