/**
 * `dl4ds bench figures [--json] [--repeats N]`: build + full MIME bundle time and size per figure kind, on
 * lesson-sized data (median of N runs, milliseconds and bytes).
 */
import { measureFigureRendering } from "../../figures/benchmark";

/** One line for `dl4ds bench --list`. */
export const summary = "figure layer: build + bundle (SVG/PNG or Plotly/HTML/PNG) time and size per figure kind";

/** Runs the benchmark. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const i = args.indexOf("--repeats");
  const repeats = i >= 0 ? Number(args[i + 1]) : 5;
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`bench figures: --repeats needs a positive integer; got ${args[i + 1]}`);
  return { repeats, ...measureFigureRendering(repeats) };
}
