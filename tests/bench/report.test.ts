/** The README benchmark table: made from one run's results, written between the markers and nowhere else. */
import { describe, expect, it } from "vitest";
import { END_MARKER, replaceTable, START_MARKER } from "../../src/cli/bench-report/all";
import { finishMachineInfo, machineInfo } from "../../src/cli/bench-report/machine";
import { benchTable, type BenchRun } from "../../src/cli/bench-report/markdown";

const machine = { cpus: 2, cpuModel: "Test CPU", memoryGiB: 8, loadavgStart: [1.5, 1, 0.5], loadavgEnd: [2, 1.2, 0.6], node: "v20.0.0" };

describe("benchmark table", () => {
  it("puts each benchmark's measured numbers, the machine and the load average in the rows", () => {
    const runs: BenchRun[] = [
      {
        name: "mlp",
        args: [],
        seconds: 10,
        result: { tfjsStepMs: 2.5, torchStepMs: 2, ratio: 1.25, tfjsFixedBatchStepMs: 1.8, torchFixedBatchStepMs: 1.6, fixedBatchRatio: 1.125, goals: { fixedBatchRatio_le_1_2: true, fixedBatchRatio_le_1: false }, machine: { loadavgStart: [3.25, 2, 1] } },
      },
      { name: "1d", args: ["--vs-numpy"], seconds: 5, error: "exit 1: numpy missing" },
    ];
    const table = benchTable(runs, machine, new Date("2026-12-01T00:00:00Z"));
    expect(table).toContain("2026-12-01");
    expect(table).toContain("2 cores (Test CPU)");
    expect(table).toContain("load 1.5/1/0.5 → 2/1.2/0.6");
    expect(table).toContain("| `mlp`: 1-D ε-network training step on a fixed batch (tfjs vs PyTorch CPU) | 1.8 ms vs 1.6 ms: ratio 1.13 (one thread, CPU time: —) (load 3.25) | ≤ 1.2 (stretch ≤ 1) | yes / no |");
    expect(table).toContain("2.5 ms vs 2 ms: ratio 1.25");
    expect(table).toContain("| `1d --vs-numpy` | failed: exit 1: numpy missing | — | — |");
  });

  it("has rows for the quality and widgets benchmarks, with their goals judged from the numbers", () => {
    const runs: BenchRun[] = [
      { name: "quality", args: [], seconds: 50, result: { fdUnconditional: 35.5, fdRealReference: 11.6, cfgAccuracyW1: 0.675, cfgAccuracyW3: 0.99, classifierGuidanceAccuracy: 0.96, psnrSuperRes: 17.26, psnrBicubic: 14.7, inpaintKnownMseRaw: 0.0151, inpaintKnownMse: 0.0015, reconstructionKnownMse: 0.0021, n: 1000, steps: 50, seeds: [7, 8, 9], sd: { fdUnconditional: 1.25, fdRealReference: 0.5, cfgAccuracyW1: 0.012 } } },
      { name: "widgets", args: [], seconds: 20, result: { median_ms: 3, p90_ms: 57.3, updates: 100, goal_median_le_100_ms: true } },
    ];
    const table = benchTable(runs, machine, new Date("2026-12-01T00:00:00Z"));
    expect(table).toContain("| 35.5 ± 1.3 (real digits 11.6 ± 0.5; n = 1000, 50 steps, mean ± sd of 3 seeds) | ≤ 2 × real digits | no |");
    expect(table).toContain("w = 1: 67.5 ± 1.2 %, w = 3: 99 % | ≥ 90 % / ≥ 98 % | no / yes |");
    expect(table).toContain("| 96 % | ≥ 90 % | yes |");
    expect(table).toContain("median 3 ms, p90 57.3 ms over 100 updates | median ≤ 100 ms | yes |");
  });

  it("reads the latent benchmark's one cost measurement", () => {
    const runs: BenchRun[] = [{ name: "latent", args: ["--quick"], seconds: 60, result: { sample64Seconds: 2, sample64GuidedSeconds: 3, pixelForwardMs: 70, latentForwardMs: 10, pixelOverLatentForwardCost: 7, pixelSample64Seconds: 3.5, latentSample64Seconds: 0.6, pixelOverLatentSampleCost: 5.8, estimatedTrainingSecondsAll: 500, goals: { latentStep4xCheaper: true } } }];
    const table = benchTable(runs, machine, new Date("2026-12-01T00:00:00Z"));
    expect(table).toContain("| 70 / 10 ms = 7× | ≥ 4× | yes |");
    expect(table).toContain("| 3.5 / 0.6 s = 5.8× |");
  });

  it("replaces only what lies between the markers, and names the fix when they are missing", () => {
    const readme = `# P\n\nintro\n\n${START_MARKER}\nold table\n${END_MARKER}\n\nafter\n`;
    const out = replaceTable(readme, "NEW");
    expect(out).toBe(`# P\n\nintro\n\n${START_MARKER}\nNEW\n${END_MARKER}\n\nafter\n`);
    expect(replaceTable(out, "NEWER")).toContain(`${START_MARKER}\nNEWER\n${END_MARKER}`);
    expect(() => replaceTable("# no markers", "x")).toThrow(/bench-table:start/);
  });

  it("records the load average at the start and at the end", () => {
    const m = finishMachineInfo(machineInfo());
    expect(m.cpus).toBeGreaterThan(0);
    expect(m.loadavgStart).toHaveLength(3);
    expect(m.loadavgEnd).toHaveLength(3);
  });
});
