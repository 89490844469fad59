/**
 * Unit tests of the kernel's pure parts: line anchors and their mapping, wire signing, error
 * formatting, kernelspec install, dist freshness rebuild, cursor unit conversion.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { addLineMarkers, mapToCell, stripLineMarkers } from "../../src/kernel/cell-source";
import { diagnosticsToError, runtimeErrorToContent, type CellRecord } from "../../src/kernel/errors";
import { decodeMessage, MessageFactory, MessageSigner, DELIMITER } from "../../src/kernel/wire";
import { installKernelSpec, kernelSpecFor, KERNEL_NAME } from "../../src/kernel/kernelspec";
import { parseInstallArgs } from "../../src/cli/commands/install-kernel";
import { ensureFreshBuild } from "../../src/kernel/rebuild";
import { valueToBundle } from "../../src/kernel/engine";
import { decodeVlq, originalPosition } from "../../src/kernel/source-maps";

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-kernel-unit-"));
}

describe("line anchors", () => {
  it("appends anchors at line ends only, keeping lines, columns and multi-line literals intact", () => {
    const src = 'const a = 1;\n\nconst s = `x\ny`;\nconst q = "a\\\nb";\nfoo(a)';
    const marked = addLineMarkers(src);
    const lines = marked.split("\n");
    expect(lines).toHaveLength(src.split("\n").length);
    expect(lines[0]).toBe("const a = 1; //@dl4ds:L1");
    expect(lines[1]).toBe("");
    expect(lines[2]).toBe("const s = `x"); // inside a template literal: untouched
    expect(lines[3]).toBe("y`; //@dl4ds:L4");
    expect(lines[4]).toBe('const q = "a\\'); // inside a string continuation: untouched
    expect(lines[6]).toBe("foo(a) //@dl4ds:L7");
    expect(stripLineMarkers(marked)).toBe(src);
  });

  it("maps JavaScript positions to cell lines, using the nearest anchor below for unmarked lines", () => {
    const js = ["prelude();", "function f(x) {", "    return exports.g(x.y); //@dl4ds:L2", "} //@dl4ds:L3", "const o = {", "  a: 1,", "  b: f(2) //@dl4ds:L7", "};"];
    const src = ["function f(x: any) {", "  return g(x.y);", "}", "", "const o = {", "  a: 1,", "  b: f(2)", "};"];
    expect(mapToCell(js, src, 3, 22)).toEqual({ line: 2, column: 12 }); // `x` of x.y
    expect(mapToCell(js, src, 3, 12)).toEqual({ line: 2, column: 10 }); // exports.g → g
    expect(mapToCell(js, src, 6, 3)).toEqual({ line: 6, column: 3 });
    expect(mapToCell(js, src, 2, 1).line).toBe(1);
  });
});

describe("wire protocol", () => {
  it("signs, encodes and decodes messages; rejects a forged signature", () => {
    const signer = new MessageSigner("secret");
    const f = new MessageFactory(signer);
    const frames = f.encode({ msgType: "execute_request", content: { code: "1" }, identities: [Buffer.from("id1")] });
    const msg = decodeMessage(frames, signer);
    expect(msg.header.msg_type).toBe("execute_request");
    expect(msg.content).toEqual({ code: "1" });
    expect(msg.identities.map(String)).toEqual(["id1"]);
    const forged = [...frames];
    forged[forged.indexOf(DELIMITER) + 5] = Buffer.from('{"code":"2"}');
    expect(() => decodeMessage(forged, signer)).toThrow(/invalid HMAC/);
    expect(() => decodeMessage(frames, new MessageSigner("other"))).toThrow(/invalid HMAC/);
    expect(() => new MessageSigner("k", "rsa")).toThrow(/unsupported signature_scheme/);
  });
});

describe("error formatting", () => {
  const cell: CellRecord = { fileName: "dl4ds-cell-9.ts", label: "cell 4", source: "const x = 1;\nboom(x);", jsLines: ["a", "boom(x); //@dl4ds:L2", "b"], firstLineOffset: 0 };

  it("formats compile diagnostics as TSError with the cell line", () => {
    const e = diagnosticsToError([{ file: "", line: 2, column: 1, message: "Cannot find name 'boom'." }, { file: "", line: 1, column: 7, message: "other" }], cell);
    expect(e.ename).toBe("TSError");
    expect(e.evalue).toBe("Cannot find name 'boom'. (and 1 more error)");
    expect(e.traceback).toContain("    at cell 4, line 2, col 1: Cannot find name 'boom'.");
    expect(e.traceback).toContain("  2 | boom(x);");
  });

  it("explains the rootDir error with the package-name import", () => {
    const e = diagnosticsToError([{ file: "", line: 1, column: 20, message: "File '/p/src/a.ts' is not under 'rootDir' '/p/notebooks'. 'rootDir' is expected to contain all source files." }], cell);
    expect(e.evalue).toContain('import { ... } from "dl4ds-diffusion"');
  });

  it("maps cell frames, hides internals and keeps library frames relative to the project", () => {
    const err = new TypeError("exports.boom is not a function");
    err.stack = [
      "TypeError: exports.boom is not a function",
      "    at helper (/proj/dist/diffusion/q.js:3:9)",
      "    at /tmp/nb/dl4ds-cell-9.ts:2:1",
      "    at /tmp/nb/dl4ds-cell-9.ts:3:3",
      "    at Script.runInThisContext (node:vm:137:12)",
      "    at execute (/proj/node_modules/tslab/dist/executor.js:150:44)",
      "    at Engine.execute (/proj/dist/kernel/engine.js:10:2)",
    ].join("\n");
    const c = runtimeErrorToContent(err, { findCell: (f) => (path.basename(f) === cell.fileName ? cell : undefined), kernelDir: "/proj/dist/kernel", projectRoot: "/proj" });
    expect(c.ename).toBe("TypeError");
    expect(c.evalue).toBe("boom is not a function");
    expect(c.traceback).toEqual([
      "TypeError: boom is not a function",
      "    at helper (dist/diffusion/q.js:3:9)",
      "    at cell 4, line 2, col 1",
      "cell 4, line 2:",
      "  2 | boom(x);",
      "    | ^",
    ]);
  });

  it("describes thrown non-Error values", () => {
    const c = runtimeErrorToContent("plain string", { findCell: () => undefined, kernelDir: "/k", projectRoot: "/p" });
    expect(c.ename).toBe("Error");
    expect(c.evalue).toBe("Uncaught 'plain string'");
  });
});

describe("result bundles", () => {
  it("uses Symbol.for(\"Jupyter.display\") bundles, adding text/plain when missing, and inspects other values", () => {
    const fig = { [Symbol.for("Jupyter.display")]: () => ({ "image/svg+xml": "<svg/>" }) };
    expect(valueToBundle(fig)).toEqual({ "image/svg+xml": "<svg/>", "text/plain": "<Object>" });
    expect(valueToBundle({ a: [1, 2] })).toEqual({ "text/plain": "{ a: [ 1, 2 ] }" });
    expect(valueToBundle("s")).toEqual({ "text/plain": "'s'" });
    const bad = { [Symbol.for("Jupyter.display")]: () => 42 };
    expect(() => valueToBundle(bad)).toThrow(/must return a MIME bundle/);
  });
});

describe("kernelspec", () => {
  it("describes the dl4ds kernel with an absolute entry and signal interrupts", () => {
    const spec = kernelSpecFor("/some/root", "/other/node");
    expect(spec).toEqual({
      argv: ["/other/node", path.join("/some/root", "dist", "kernel", "main.js"), "{connection_file}"],
      display_name: "TypeScript (dl4ds)",
      language: "typescript",
      interrupt_mode: "signal",
      metadata: { debugger: false },
    });
  });

  it("installs kernel.json under PREFIX/share/jupyter/kernels/dl4ds", () => {
    const dir = tmpdir();
    try {
      const entry = path.join(dir, "dist", "kernel", "main.js");
      fs.mkdirSync(path.dirname(entry), { recursive: true });
      fs.writeFileSync(entry, "");
      const where = installKernelSpec({ kind: "prefix", prefix: path.join(dir, "env") }, kernelSpecFor(dir));
      expect(where).toBe(path.join(dir, "env", "share", "jupyter", "kernels", KERNEL_NAME));
      const json = JSON.parse(fs.readFileSync(path.join(where, "kernel.json"), "utf8")) as { argv: string[] };
      expect(json.argv).toContain(entry);
      expect(() => installKernelSpec({ kind: "prefix", prefix: dir }, kernelSpecFor(path.join(dir, "nowhere")))).toThrow(/npm run build/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("parses install-kernel options", () => {
    expect(parseInstallArgs([])).toEqual({ kind: "user" });
    expect(parseInstallArgs(["--prefix", "/x"])).toEqual({ kind: "prefix", prefix: "/x" });
    expect(parseInstallArgs(["--sys-prefix", "--python", "/py"])).toEqual({ kind: "sys-prefix", python: "/py" });
    expect(() => parseInstallArgs(["--user", "--prefix", "/x"])).toThrow(/only one/);
    expect(() => parseInstallArgs(["--prefix"])).toThrow(/needs a folder/);
  });
});

describe("dist freshness", () => {
  it("transpiles src files newer than their dist JavaScript and leaves fresh ones alone", () => {
    const root = tmpdir();
    try {
      fs.mkdirSync(path.join(root, "src", "sub"), { recursive: true });
      fs.mkdirSync(path.join(root, "dist", "sub"), { recursive: true });
      fs.writeFileSync(path.join(root, "src", "sub", "a.ts"), "export const a: number = 41 + 1;\n");
      fs.writeFileSync(path.join(root, "src", "b.ts"), "export const b = 1;\n");
      fs.writeFileSync(path.join(root, "dist", "sub", "a.js"), "old");
      fs.writeFileSync(path.join(root, "dist", "b.js"), "exports.b = 'fresh';\n");
      const past = new Date(Date.now() - 60_000);
      fs.utimesSync(path.join(root, "dist", "sub", "a.js"), past, past);
      fs.utimesSync(path.join(root, "src", "b.ts"), past, past);
      const report = ensureFreshBuild(root);
      expect(report.rebuilt).toEqual([path.join("src", "sub", "a.ts")]);
      expect(report.declarations).toContain(path.join("src", "sub", "a.ts"));
      expect(fs.readFileSync(path.join(root, "dist", "sub", "a.d.ts"), "utf8")).toContain("export declare const a: number;");
      const mod = { exports: {} as Record<string, unknown> };
      new Function("module", "exports", "require", fs.readFileSync(path.join(root, "dist", "sub", "a.js"), "utf8"))(mod, mod.exports, require);
      expect(mod.exports.a).toBe(42);
      expect(fs.readFileSync(path.join(root, "dist", "b.js"), "utf8")).toBe("exports.b = 'fresh';\n");
      expect(ensureFreshBuild(root).rebuilt).toEqual([]);
      expect(fs.readdirSync(path.join(root, "dist", "sub")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("source maps for library frames", () => {
  it("decodes base64 VLQ segments", () => {
    expect(decodeVlq("AAAA")).toEqual([0, 0, 0, 0]);
    expect(decodeVlq("AACA")).toEqual([0, 0, 1, 0]);
    expect(decodeVlq("gB")).toEqual([16]);
    expect(decodeVlq("D")).toEqual([-1]);
    expect(() => decodeVlq("A*")).toThrow(/invalid base64 VLQ/);
  });

  it("maps a compiled position to the TypeScript source, only when the file names its map", () => {
    const dir = tmpdir();
    try {
      // line 1 <- src line 1; line 2: col 0 <- src line 3 col 2, col 4 <- src line 3 col 8
      const map = { version: 3, sources: ["../src/a.ts"], mappings: "AAAA;AAEE,IAAM" };
      fs.mkdirSync(path.join(dir, "dist"));
      fs.writeFileSync(path.join(dir, "dist", "a.js.map"), JSON.stringify(map));
      fs.writeFileSync(path.join(dir, "dist", "a.js"), "x;\n    boom();\n//# sourceMappingURL=a.js.map");
      const js = path.join(dir, "dist", "a.js");
      expect(originalPosition(js, 2, 5)).toEqual({ file: path.join(dir, "src", "a.ts"), line: 3, column: 9 });
      expect(originalPosition(js, 2, 1)).toEqual({ file: path.join(dir, "src", "a.ts"), line: 3, column: 3 });
      fs.writeFileSync(path.join(dir, "dist", "b.js"), "x;\n");
      fs.writeFileSync(path.join(dir, "dist", "b.js.map"), JSON.stringify(map));
      expect(originalPosition(path.join(dir, "dist", "b.js"), 1, 1)).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
