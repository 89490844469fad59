/**
 * iopub_welcome comes first for every new subscriber, also while a cell publishes without pause
 * (src/kernel/iopub-welcome.ts), and holding output for a welcome loses and reorders nothing.
 */
import { describe, expect, it } from "vitest";
import { runPython } from "./harness";

describe("iopub subscribers joining while a cell publishes", () => {
  it("each gets iopub_welcome first; the running client gets every display in order", async () => {
    const res = (await runPython("iopub_welcome_race.py", [], undefined, 300_000)) as { first: string[]; shown: number[] };
    expect(res.first).toHaveLength(40);
    expect(res.first.filter((t) => t !== "iopub_welcome")).toEqual([]);
    expect(res.shown).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  }, 320_000);
});
