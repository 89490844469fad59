/**
 * `dl4ds kernel <connection_file>`: runs the dl4ds Jupyter kernel in this process (what the
 * kernelspec starts, via dist/kernel/main.js).
 */
import { main } from "../../kernel/main";

/** One line for `dl4ds help`. */
export const summary = "run the Jupyter kernel: kernel <connection_file> (Jupyter does this for you)";

/** Starts the kernel; the returned promise never resolves while the kernel runs. */
export async function run(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0].startsWith("-")) {
    process.stderr.write("usage: dl4ds kernel <connection_file>\n");
    return 2;
  }
  await main(args);
  return new Promise<number>(() => undefined);
}
