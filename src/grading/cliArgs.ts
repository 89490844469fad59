/** A small flag parser for the grading commands: `--name value`, `--name=value`, `--flag`, positionals. */

/** Parsed command line. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/** Parses `args`; `valued` lists the flags that take a value. Throws with a usage hint on unknown flags. */
export function parseArgs(args: string[], valued: string[], booleans: string[] = []): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith("--")) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = a.slice(2, eq >= 0 ? eq : undefined);
    if (valued.includes(name)) {
      const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined || value === "") throw new Error(`--${name} needs a value`);
      flags.set(name, value);
    } else if (booleans.includes(name) && eq < 0) {
      flags.set(name, true);
    } else {
      throw new Error(`unknown option ${a} (options: ${[...valued, ...booleans].map((f) => "--" + f).join(", ")})`);
    }
  }
  return { positionals, flags };
}

/** A numeric flag, validated; `fallback` when absent. */
export function numberFlag(p: ParsedArgs, name: string, fallback: number, opts: { integer?: boolean; min?: number } = {}): number {
  const raw = p.flags.get(name);
  if (raw === undefined) return fallback;
  const x = Number(raw);
  if (raw === true || !Number.isFinite(x) || (opts.integer && !Number.isInteger(x)) || (opts.min !== undefined && x < opts.min)) {
    throw new Error(`--${name} must be ${opts.integer ? "an integer" : "a number"}${opts.min !== undefined ? ` >= ${opts.min}` : ""} (got ${String(raw)})`);
  }
  return x;
}

/** A string flag; `fallback` when absent. */
export function stringFlag(p: ParsedArgs, name: string, fallback: string): string {
  const raw = p.flags.get(name);
  return typeof raw === "string" ? raw : fallback;
}
