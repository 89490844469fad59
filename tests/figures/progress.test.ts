import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { progress } from "../../src/figures";
import { setDisplaySink, type DisplayOptions, type MimeBundle } from "../../src/notebook/display";

describe("progress", () => {
  let sent: Array<{ bundle: MimeBundle; options: DisplayOptions }>;
  let savedCI: string | undefined;
  beforeEach(() => {
    sent = [];
    savedCI = process.env.CI;
    delete process.env.CI;
  });
  afterEach(() => {
    setDisplaySink(undefined);
    if (savedCI === undefined) delete process.env.CI;
    else process.env.CI = savedCI;
  });

  it("in a notebook: one display updated in place, text + HTML bar, final state always drawn", () => {
    setDisplaySink((bundle, options) => sent.push({ bundle, options }));
    const bar = progress(100, { label: "Training time step models", minIntervalMs: 1e9 });
    expect(bar.mode).toBe("notebook");
    for (let t = 1; t <= 100; t++) bar.update(t, { loss: 1 / t });
    bar.done();
    // Throttled: the first draw and the final one only.
    expect(sent).toHaveLength(2);
    const [first, last] = sent;
    expect(first.options.update).toBeFalsy();
    expect(first.options.id).toMatch(/^dl4ds-progress-/);
    expect(last.options).toMatchObject({ id: first.options.id, update: true });
    expect(Object.keys(last.bundle).sort()).toEqual(["text/html", "text/plain"]);
    expect(last.bundle["text/plain"]).toMatch(/^Training time step models █{24} 100\/100 \(100%\) · loss 0.01 · .* done$/);
    expect(last.bundle["text/html"]).toContain("width:100%");
  });

  it("redraws every update when not throttled, and draws a live loss curve when asked", () => {
    setDisplaySink((bundle, options) => sent.push({ bundle, options }));
    const bar = progress(10, { minIntervalMs: 0, lossCurve: true });
    for (let t = 1; t <= 10; t++) bar.update(t, { loss: 2 ** -t });
    bar.done();
    bar.done(); // twice is harmless
    expect(sent).toHaveLength(1 + 10 + 1);
    expect(sent[5].bundle["text/plain"]).toMatch(/5\/10 \(50%\)/);
    expect(sent[11].bundle["text/html"]).toMatch(/<polyline[^>]+points="[\d., ]+"/);
  });

  it("is silent when CI is set, even in a notebook", () => {
    process.env.CI = "true";
    setDisplaySink((bundle, options) => sent.push({ bundle, options }));
    const bar = progress(5);
    bar.update(3);
    bar.done();
    expect(bar.mode).toBe("silent");
    expect(sent).toHaveLength(0);
  });

  it("on a terminal: a bar redrawn with \\r, ending with a newline", () => {
    const writes: string[] = [];
    const bar = progress(4, { label: "Sampling", minIntervalMs: 0, stream: { isTTY: true, columns: 80, write: (s: string) => writes.push(s) } });
    expect(bar.mode).toBe("terminal");
    for (let t = 1; t <= 4; t++) bar.update(t);
    bar.done();
    expect(writes.length).toBe(6);
    expect(writes.every((w) => w.startsWith("\r"))).toBe(true);
    expect(writes[2]).toContain("Sampling ████████████░░░░░░░░░░░░ 2/4 (50%)");
    expect(writes[5].endsWith("\n")).toBe(true);
    expect(writes[4].includes("\n")).toBe(false);
  });

  it("is silent with no sink and no terminal, and checks its arguments", () => {
    const bar = progress(3, { stream: { isTTY: false, write: () => { throw new Error("must not write"); } } });
    expect(bar.mode).toBe("silent");
    bar.update(1);
    bar.done();
    expect(() => progress(0)).toThrow(/positive integer/);
    expect(() => progress(2.5)).toThrow(/positive integer/);
    expect(() => progress(5).update(NaN)).toThrow(/step must be a number/);
  });
});
