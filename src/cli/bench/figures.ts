/**
 * `dl4ds bench figures [--json] [--repeats N]`: build + full MIME bundle time and size per figure kind, on
 * lesson-sized data (median of N runs, milliseconds and bytes).
 */
import { measureFigureRendering } from "../../figures/benchmark";
import { numberFlag, parseArgs } from "../args";

/** One line for `dl4ds bench --list`. */
export const summary = "figure layer: build + bundle (SVG/PNG or Plotly/HTML/PNG) time and size per figure kind";

/** Runs the benchmark. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const repeats = numberFlag(parseArgs(args, ["repeats"]), "repeats", 5, { integer: true, min: 1 });
  return { repeats, ...measureFigureRendering(repeats) };
}
