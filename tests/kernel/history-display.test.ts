/**
 * The kernel's pure pieces behind history_request, is_complete and clear_output: history numbering and the
 * three access types, glob matching as SQLite's GLOB, the parser-based completeness check, and clearOutput's
 * validation and routing (the host's sink, or an Output widget that captures), and tslab's display messages.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as ts from "@tslab/typescript-for-tslab";
import { ExecutionHistory, globToRegExp, HISTORY_SESSION } from "../../src/kernel/history";
import { codeCompleteness } from "../../src/kernel/is-complete";
import { clearOutput, display, setClearOutputSink, setDisplaySink } from "../../src/notebook/display";
import { Output } from "../../src/widgets";
import { sendTslabDisplay } from "../../src/kernel/tslab-display";

function sample(): ExecutionHistory {
  const h = new ExecutionHistory();
  ["const x = 2;", "x * 3", "x * 3", "console.log(x)", "x * 4"].forEach((src, i) => h.record(i + 1, src));
  h.recordOutput(2, "6");
  h.recordOutput(5, "8");
  return h;
}

describe("execution history", () => {
  it("tail gives the last n lines oldest first, with [source, output] pairs when asked", () => {
    const h = sample();
    expect(h.tail(2)).toEqual([[HISTORY_SESSION, 4, "console.log(x)"], [HISTORY_SESSION, 5, "x * 4"]]);
    expect(h.tail(2, true)).toEqual([[1, 4, ["console.log(x)", null]], [1, 5, ["x * 4", "8"]]]);
    expect(h.tail(0)).toEqual([]);
    expect(h.tail(99)).toHaveLength(5);
  });

  it("range takes start <= line < stop of the current session (0 or 1), and nothing of others", () => {
    const h = sample();
    expect(h.range(0, 2, 4)).toEqual([[1, 2, "x * 3"], [1, 3, "x * 3"]]);
    expect(h.range(1, 4)).toEqual([[1, 4, "console.log(x)"], [1, 5, "x * 4"]]);
    expect(h.range(-1, 1)).toEqual([]);
    expect(h.range(2, 1)).toEqual([]);
  });

  it("search matches whole sources by glob; unique keeps each source's latest line; n keeps the last n", () => {
    const h = sample();
    expect(h.search("x ? *").map((e) => e[1])).toEqual([2, 3, 5]);
    expect(h.search("x ? *", { unique: true }).map((e) => e[1])).toEqual([3, 5]);
    expect(h.search("x ? *", { n: 2 }).map((e) => e[1])).toEqual([3, 5]);
    expect(h.search("*log*")).toEqual([[1, 4, "console.log(x)"]]);
    expect(h.search("X*")).toEqual([]); // case-sensitive, like GLOB
  });

  it("answers requests and says what is wrong with a bad one", () => {
    const h = sample();
    expect(h.handleRequest({ hist_access_type: "tail", n: 1, output: false, raw: true })).toEqual({ status: "ok", history: [[1, 5, "x * 4"]] });
    expect(h.handleRequest({ hist_access_type: "tail", n: -1 })).toMatchObject({ status: "error", ename: "RangeError", evalue: "history tail: n must be a whole number >= 0, got -1" });
    expect(h.handleRequest({ hist_access_type: "search", pattern: 5 })).toMatchObject({ status: "error", evalue: "history_request: pattern must be a string, got 5" });
    expect(h.handleRequest({})).toMatchObject({ status: "error", evalue: 'hist_access_type must be "tail", "range" or "search", got undefined' });
    expect(() => h.record(0, "x")).toThrow(/line must be an integer >= 1/);
  });

  it("turns globs into anchored expressions: *, ?, classes, negated classes, literal ] and specials", () => {
    const m = (p: string, s: string) => globToRegExp(p).test(s);
    expect(m("a*c", "abbc")).toBe(true);
    expect(m("a*c", "abbcd")).toBe(false);
    expect(m("a?c", "a\nc")).toBe(true);
    expect(m("[ab]x", "bx")).toBe(true);
    expect(m("[^ab]x", "bx")).toBe(false);
    expect(m("[]]", "]")).toBe(true);
    expect(m("f(x).y+1", "f(x).y+1")).toBe(true);
    expect(m("f(x).y+1", "f(x)zy+1")).toBe(false);
    expect(m("[a", "[a")).toBe(true);
  });
});

describe("is_complete", () => {
  it("tells complete, incomplete (more input fixes it) and invalid (more input cannot) apart", () => {
    const c = (code: string) => codeCompleteness(ts, code);
    expect(c("const x = 1;")).toBe("complete");
    expect(c("")).toBe("complete");
    expect(c("function f() {")).toBe("incomplete");
    expect(c("foo(1,")).toBe("incomplete");
    expect(c("const s = `a")).toBe("incomplete");
    expect(c("/* note")).toBe("incomplete");
    expect(c("let x = ;")).toBe("invalid");
    expect(c('const s = "abc')).toBe("invalid");
    expect(c("let = ;\nfunction f() {")).toBe("invalid");
    expect(c("function f() {\n\n")).toBe("complete"); // two blank lines submit anyway
  });
});

describe("clearOutput", () => {
  afterEach(() => {
    setDisplaySink(undefined);
    setClearOutputSink(undefined);
  });

  it("reaches the host's sink with its wait flag, does nothing without a host, and checks its argument", () => {
    const seen: boolean[] = [];
    clearOutput({ wait: true }); // no host: nothing happens
    setClearOutputSink(({ wait }) => void seen.push(wait));
    clearOutput();
    clearOutput({ wait: true });
    expect(seen).toEqual([false, true]);
    expect(() => clearOutput({ wait: "yes" as never })).toThrow("clearOutput({ wait }): wait must be true or false; got \"yes\"");
    expect(() => clearOutput(null as never)).toThrow(/takes an object such as \{ wait: true \}/);
  });

  it("inside Output.capture clears the widget's area, not the cell, and restores the host's sinks after", async () => {
    const cell: string[] = [];
    setDisplaySink((b) => void cell.push(String(b["text/plain"])));
    setClearOutputSink(() => void cell.push("cleared"));
    const out = new Output();
    await out.capture(() => {
      display({ "text/plain": "frame 1" });
      clearOutput();
      display({ "text/plain": "frame 2" });
      clearOutput({ wait: true });
      display({ "text/plain": "frame 3" });
      display({ "text/plain": "frame 3 caption" });
    });
    expect(out.outputs.map((o) => (o.output_type === "display_data" ? o.data["text/plain"] : o.output_type))).toEqual(["frame 3", "frame 3 caption"]);
    expect(cell).toEqual([]);
    display({ "text/plain": "after" });
    clearOutput();
    expect(cell).toEqual(["after", "cleared"]);
  });
});

describe("tslab's display messages", () => {
  afterEach(() => setDisplaySink(undefined));

  it("become display() calls: first with the id, later ones as updates; a content type that is no MIME type is refused", () => {
    const seen: unknown[] = [];
    setDisplaySink((bundle, options) => void seen.push([bundle, options]));
    sendTslabDisplay({ data: { "text/html": "<b>a</b>" }, metadata: {}, transient: {} });
    sendTslabDisplay({ data: { "text/plain": "1" }, metadata: {}, transient: { display_id: "d1" } }, undefined);
    sendTslabDisplay({ data: { "text/plain": "2" }, metadata: {}, transient: { display_id: "d1" } }, true);
    expect(seen).toEqual([
      [{ "text/html": "<b>a</b>" }, { id: undefined, update: false, metadata: {} }],
      [{ "text/plain": "1" }, { id: "d1", update: false, metadata: {} }],
      [{ "text/plain": "2" }, { id: "d1", update: true, metadata: {} }],
    ]);
    expect(() => sendTslabDisplay({ data: { html: "x" }, transient: {} })).toThrow('contentType must be a MIME type such as "text/html", got "html"');
  });
});
