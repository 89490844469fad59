/**
 * Progress display for multi-stage training: one figures progress bar (with a live loss curve) per
 * stage, created when the stage starts and closed when it ends. Pass the result as `onProgress`.
 */
import { progress, type Progress } from "../figures";
import type { TrainingProgress } from "./loop";

/** An `onProgress(stage, p)` callback that draws one progress bar per stage. */
export function stageProgressBars(labels: Record<string, string> = {}): (stage: string, p: TrainingProgress) => void {
  const bars = new Map<string, Progress>();
  return (stage, p) => {
    let bar = bars.get(stage);
    if (!bar) {
      bar = progress(p.totalSteps, { label: labels[stage] ?? `Training ${stage}`, lossCurve: true });
      bars.set(stage, bar);
    }
    bar.update(p.step, { loss: p.loss });
    if (p.step >= p.totalSteps) bar.done({ loss: p.loss });
  };
}

/** A single-stage `onProgress(p)` callback drawing one progress bar. */
export function trainingProgressBar(label: string): (p: TrainingProgress) => void {
  const cb = stageProgressBars({ only: label });
  return (p) => cb("only", p);
}
