/** The README's benchmark table, made from the results of one `dl4ds bench all` run. */
import { describeMachine, type MachineInfo } from "./machine";

/** One benchmark of the run: its result (the JSON it printed) or why it failed. */
export interface BenchRun {
  name: string;
  args: string[];
  seconds: number;
  result?: Record<string, unknown>;
  error?: string;
}

type Row = [benchmark: string, result: string, goal: string, met: string];
type R = Record<string, unknown>;

const num = (v: unknown, digits = 2): string => (typeof v === "number" && Number.isFinite(v) ? String(Number(v.toFixed(digits))) : "—");
const obj = (v: unknown): R => (v !== null && typeof v === "object" ? (v as R) : {});
const met = (v: unknown): string => (v === true ? "yes" : v === false ? "no" : "—");
const load = (r: R): string => {
  const m = obj(r.machine);
  const s = Array.isArray(m.loadavgStart) ? m.loadavgStart[0] : undefined;
  return typeof s === "number" ? ` (load ${s})` : "";
};

function kernelRows(r: R): Row[] {
  const no = obj(r.without_snapshot);
  const ts = obj(r.tslab);
  const goals = obj(r.goals);
  return [
    [
      "`kernel --with-tslab`: start to first result, library imported",
      `${num(r.start_to_first_result_s)} s (CPU ${num(r.start_cpu_s)} s); without the snapshot ${num(no.start_to_first_result_s)} s; plain tslab ${num(ts.start_to_first_result_s)} s: ratio ${num(r.start_ratio_vs_tslab)}${load(r)}`,
      "≤ 1 s and ≤ ½ of tslab",
      `${met(goals.start_le_1_s)} / ${met(goals.start_le_half_of_tslab)}`,
    ],
    [
      `\`kernel\`: trivial cell, median of ${num(r.cells, 0)}`,
      `${num(r.cell_median_ms, 1)} ms (first 10: ${num(r.cell_first10_median_ms, 1)}, last 10: ${num(r.cell_last10_median_ms, 1)}; tslab ${num(ts.cell_median_ms, 1)})`,
      "≤ 10 ms, no growth",
      `${met(goals.cell_le_10_ms)} / ${met(goals.no_growth)}`,
    ],
  ];
}

function mlpRows(r: R): Row[] {
  const goals = obj(r.goals);
  return [
    [
      "`mlp`: 1-D ε-network training step on a fixed batch (tfjs vs PyTorch CPU)",
      `${num(r.tfjsFixedBatchStepMs, 3)} ms vs ${num(r.torchFixedBatchStepMs, 3)} ms: ratio ${num(r.fixedBatchRatio)} (one thread, CPU time: ${num(r.fixedBatchCpuRatioOneThread)})${load(r)}`,
      "≤ 1.2 (stretch ≤ 1)",
      `${met(goals.fixedBatchRatio_le_1_2)} / ${met(goals.fixedBatchRatio_le_1)}`,
    ],
    [
      "`mlp`: the same step with Algorithm 1's batch built each step",
      `${num(r.tfjsStepMs, 3)} ms vs ${num(r.torchStepMs, 3)} ms: ratio ${num(r.ratio)} (one thread, CPU time: ${num(r.cpuRatioOneThread)})`,
      "—",
      "—",
    ],
  ];
}

function oneDRows(r: R): Row[] {
  const blas = Array.isArray(r.numpyBlas) ? (r.numpyBlas as R[]).map((b) => `${String(b.internal_api)} ${String(b.architecture)}`).join(", ") : "—";
  return [
    [
      "`1d --vs-numpy`: the work of the four 1-D lessons",
      `${num(r.seconds)} s vs numpy/scipy ${num(r.numpySeconds)} s: ratio ${num(r.ratio, 3)} (numpy's BLAS: ${blas})${load(r)}`,
      "≤ 1/4",
      met(obj(r.goals).ratio_le_quarter),
    ],
  ];
}

function latentRows(r: R): Row[] {
  const goals = obj(r.goals);
  return [
    ["`latent`: 64 samples × 50 DDIM steps", `${num(r.sample64Seconds)} s (guided ${num(r.sample64GuidedSeconds)} s)`, "≤ 5 s", met(goals.sample64Under5s)],
    ["`latent`: pixel / latent cost of one denoiser pass (batch 64)", `${num(r.pixelForwardMs, 1)} / ${num(r.latentForwardMs, 1)} ms = ${num(r.pixelOverLatentForwardCost, 1)}×`, "≥ 4×", met(goals.latentStep4xCheaper)],
    ["`latent`: a 64-digit, 50-step sample, pixels / latents (the latter with its one decoder pass)", `${num(r.pixelSample64Seconds)} / ${num(r.latentSample64Seconds)} s = ${num(r.pixelOverLatentSampleCost, 1)}×`, "—", "—"],
    ["`latent --quick`: all training from scratch (estimate from s/epoch)", `${num(r.estimatedTrainingSecondsAll, 0)} s`, "≤ 10 min", met(goals.trainingUnder10Min)],
  ];
}

function figuresRows(r: R): Row[] {
  const ms = Object.values(r)
    .map((v) => obj(v).ms)
    .filter((v): v is number => typeof v === "number");
  const range = ms.length ? `${num(Math.min(...ms), 0)}–${num(Math.max(...ms), 0)} ms` : "—";
  return [["`figures`: build + SVG/PNG bundle per figure", range, "—", "—"]];
}

function gradeRows(r: R): Row[] {
  const lessons = Array.isArray(r.lessons) ? (r.lessons as R[]) : [r];
  const rows: Row[] = lessons.map((l) => [
    `\`grade\`: ${String(l.notebook ?? "?")}, ${num(l.workers, 0)} workers`,
    `${num(l.submissionsPerMinute)} submissions/min, ${num(l.cpuSecondsPerSubmission, 1)} CPU s each${l.baselineSubmissionsPerMinute !== undefined ? ` (without the speed-ups ${num(l.baselineSubmissionsPerMinute)}/min, ${num(l.baselineCpuSecondsPerSubmission, 1)} CPU s: ${num(l.speedup)}×, CPU ${num(l.cpuSpeedup)}×)` : ""}${load(r)}`,
    "≥ 2.5× today's",
    met(obj(l.goals).speedup_ge_2_5),
  ]);
  if (r.estimateHours300x11 !== undefined) {
    rows.push(["`grade`: 300 students × 11 lessons on this machine (estimate)", `${num(r.estimateHours300x11, 1)} h`, "≤ 3 h", met(obj(r.goals).course_le_3_h)]);
  }
  return rows;
}

function widgetsRows(r: R): Row[] {
  return [[
    "`widgets`: slider comm_msg → update_display_data, interact over a 100 000-sample histogram",
    `median ${num(r.median_ms, 1)} ms, p90 ${num(r.p90_ms, 1)} ms over ${num(r.updates, 0)} updates${load(r)}`,
    "median ≤ 100 ms",
    met(r.goal_median_le_100_ms),
  ]];
}

function qualityRows(r: R): Row[] {
  const sd = obj(r.sd);
  const pm = (k: string, digits: number, scale = 1) => (typeof sd[k] === "number" ? ` ± ${num(scale * (sd[k] as number), digits)}` : "");
  const pct = (k: string) => (typeof r[k] === "number" ? `${num(100 * (r[k] as number), 1)}${pm(k, 1, 100)} %` : "—");
  const yes = (ok: boolean) => (ok ? "yes" : "no");
  const seeds = Array.isArray(r.seeds) ? `, mean ± sd of ${r.seeds.length} seeds` : "";
  const n = `n = ${num(r.n, 0)}, ${num(r.steps, 0)} steps${seeds}`;
  return [
    ["`quality`: unconditional Fréchet distance (digit-classifier features)", `${num(r.fdUnconditional, 1)}${pm("fdUnconditional", 1)} (real digits ${num(r.fdRealReference, 1)}${pm("fdRealReference", 1)}; ${n})`, "≤ 2 × real digits", yes(Number(r.fdUnconditional) <= 2 * Number(r.fdRealReference))],
    ["`quality`: classifier-free guidance, recognised as the requested digit", `w = 1: ${pct("cfgAccuracyW1")}, w = 3: ${pct("cfgAccuracyW3")}`, "≥ 90 % / ≥ 98 %", `${yes(Number(r.cfgAccuracyW1) >= 0.9)} / ${yes(Number(r.cfgAccuracyW3) >= 0.98)}`],
    ["`quality`: classifier guidance (noisy-latent classifier), recognised", pct("classifierGuidanceAccuracy"), "≥ 90 %", yes(Number(r.classifierGuidanceAccuracy) >= 0.9)],
    ["`quality`: super-resolution 7×7 → 28×28, PSNR", `${num(r.psnrSuperRes)} dB vs bicubic ${num(r.psnrBicubic)} dB`, "—", "—"],
    ["`quality`: inpainting, MSE on the kept pixels", `${num(r.inpaintKnownMseRaw, 4)} blended only, ${num(r.inpaintKnownMse, 4)} refined (autoencoder alone ${num(r.reconstructionKnownMse, 4)})`, "—", "—"],
  ];
}

const FORMATTERS: Record<string, (r: R) => Row[]> = {
  widgets: widgetsRows,
  quality: qualityRows,
  kernel: kernelRows,
  mlp: mlpRows,
  "1d": oneDRows,
  latent: latentRows,
  figures: figuresRows,
  grade: gradeRows,
};

/** The table (with a line naming the machine and the date above it). */
export function benchTable(runs: BenchRun[], machine: MachineInfo, date: Date): string {
  const rows: Row[] = [];
  for (const run of runs) {
    if (run.error || !run.result) {
      rows.push([`\`${run.name} ${run.args.join(" ")}\``.replace(/ `$/, "`"), `failed: ${run.error ?? "no result"}`.replace(/\|/g, "\\|"), "—", "—"]);
      continue;
    }
    rows.push(...(FORMATTERS[run.name] ?? (() => []))(run.result));
  }
  const head = `Measured in one run of \`npm run bench -- all --write-readme\` on ${date.toISOString().slice(0, 10)}: ${describeMachine(machine)}. The load average is the 1-minute one when each benchmark started.`;
  const lines = ["| benchmark | result | goal | met |", "| --- | --- | --- | --- |", ...rows.map((r) => `| ${r.join(" | ")} |`)];
  return `${head}\n\n${lines.join("\n")}`;
}
