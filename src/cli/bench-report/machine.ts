/** The machine a benchmark ran on, printed beside every ratio (numbers on a busy machine are noisy). */
import * as os from "os";

/** Cores, CPU model, load averages and runtime versions. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  /** 1-, 5- and 15-minute load averages when the benchmark started and when it ended. */
  loadavgStart: number[];
  loadavgEnd?: number[];
  node: string;
}

const loadavg = (): number[] => os.loadavg().map((x) => Math.round(x * 100) / 100);

/** The machine now (call when a benchmark starts). */
export function machineInfo(): MachineInfo {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadavgStart: loadavg(),
    node: process.version,
  };
}

/** The same record with the load averages at the end added. */
export function finishMachineInfo(m: MachineInfo): MachineInfo {
  return { ...m, loadavgEnd: loadavg() };
}

/** One line: "2 cores (…), load 1.2/0.8/0.5 → 3.1/1.0/0.6". */
export function describeMachine(m: MachineInfo): string {
  const end = m.loadavgEnd ? ` → ${m.loadavgEnd.join("/")}` : "";
  return `${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB, load ${m.loadavgStart.join("/")}${end}, node ${m.node}`;
}
