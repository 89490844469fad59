/**
 * The command-line parser every dl4ds command uses: `--name value`, `--name=value`, `--flag`, positionals and, where
 * a command allows it, everything after `--` passed on untouched. Unknown options, missing values and bad numbers
 * stop the command with an error that says what was wrong, e.g. `--epochs-denoiser must be a positive integer, got "abc"`.
 */

/** A parsed command line. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
  /** What followed `--` (only with `passThrough`). */
  rest: string[];
}

/** How to parse. */
export interface ParseOptions {
  /** Per valued option, what its value is (for the error when it is missing), e.g. { prefix: "a folder, e.g. --prefix .venv" }. */
  hints?: Record<string, string>;
  /** Keep everything after `--` in `rest` (for arguments handed to another program). */
  passThrough?: boolean;
}

/**
 * Parses `args`; `valued` lists the options that take a value, `booleans` those that do not. Throws an Error for an
 * unknown option, a missing value or a value given to a boolean option.
 */
export function parseArgs(args: readonly string[], valued: readonly string[], booleans: readonly string[] = [], opts: ParseOptions = {}): ParsedArgs {
  if (!Array.isArray(args)) throw new TypeError("parseArgs: args must be an array of strings (the command line)");
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  let rest: string[] = [];
  const known = (): string => [...valued, ...booleans].map((f) => "--" + f).join(", ") || "none";
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--" && opts.passThrough) {
      rest = args.slice(i + 1);
      break;
    }
    if (!a.startsWith("--")) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = a.slice(2, eq >= 0 ? eq : undefined);
    if (valued.includes(name)) {
      const next = args[i + 1];
      const value = eq >= 0 ? a.slice(eq + 1) : next !== undefined && !next.startsWith("--") ? args[++i] : undefined;
      if (value === undefined || value === "") throw new Error(`--${name} needs ${opts.hints?.[name] ?? "a value"}`);
      flags.set(name, value);
    } else if (booleans.includes(name)) {
      if (eq >= 0) throw new Error(`--${name} takes no value (got ${a})`);
      flags.set(name, true);
    } else {
      throw new Error(`unknown option ${a} (options: ${known()})`);
    }
  }
  return { positionals, flags, rest };
}

/** Limits on a numeric option. */
export interface NumberRule {
  integer?: boolean;
  /** Smallest allowed value. */
  min?: number;
  /** Largest allowed value. */
  max?: number;
  /** Above 0 (for numbers that are not integers). */
  positive?: boolean;
}

function describe(rule: NumberRule): string {
  const kind = rule.integer ? "integer" : "number";
  if (rule.min !== undefined && rule.max !== undefined) return `${rule.integer ? "an integer" : "a number"} from ${rule.min} to ${rule.max}`;
  if (rule.positive || (rule.integer && rule.min === 1)) return `a positive ${kind}`;
  if (rule.min !== undefined) return `${rule.integer ? "an integer" : "a number"} >= ${rule.min}`;
  if (rule.max !== undefined) return `${rule.integer ? "an integer" : "a number"} <= ${rule.max}`;
  return rule.integer ? "an integer" : "a number";
}

/** Reads `raw` as a number under `rule`; `name` is the option's name for the error. */
export function parseNumber(name: string, raw: string, rule: NumberRule = {}): number {
  const x = raw.trim() === "" ? NaN : Number(raw);
  const ok =
    Number.isFinite(x) &&
    (!rule.integer || Number.isSafeInteger(x)) &&
    (!rule.positive || x > 0) &&
    (rule.min === undefined || x >= rule.min) &&
    (rule.max === undefined || x <= rule.max);
  if (!ok) throw new Error(`--${name} must be ${describe(rule)}, got "${raw}"`);
  return x;
}

/** A numeric option, validated; `fallback` when absent. */
export function numberFlag(p: ParsedArgs, name: string, fallback: number, rule: NumberRule = {}): number {
  const raw = p.flags.get(name);
  if (raw === undefined) return fallback;
  if (raw === true) throw new Error(`--${name} must be ${describe(rule)}, got no value`);
  return parseNumber(name, raw, rule);
}

/** A numeric option, validated; undefined when absent. */
export function optionalNumberFlag(p: ParsedArgs, name: string, rule: NumberRule = {}): number | undefined {
  return p.flags.has(name) ? numberFlag(p, name, NaN, rule) : undefined;
}

/** A string option; `fallback` when absent. */
export function stringFlag(p: ParsedArgs, name: string, fallback: string): string {
  const raw = p.flags.get(name);
  return typeof raw === "string" ? raw : fallback;
}
