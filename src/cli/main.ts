/**
 * `dl4ds <command> [args]`: one program for every tool. Each command lives in
 * src/cli/commands/<name>.ts and exports `run(args: string[]): Promise<number>` and `summary`.
 */
import * as fs from "fs";
import * as path from "path";

/** The shape every command module exports. */
export interface CommandModule {
  /** One line for `dl4ds help`. */
  summary: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

function commandNames(): string[] {
  const dir = path.join(__dirname, "commands");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .map((f) => f.slice(0, -3))
    .sort();
}

function loadCommand(name: string): CommandModule | undefined {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !commandNames().includes(name)) return undefined;
  return require(path.join(__dirname, "commands", name)) as CommandModule;
}

function printHelp(): void {
  const lines = ["Usage: dl4ds <command> [options]", "", "Commands:"];
  for (const name of commandNames()) {
    const mod = loadCommand(name);
    lines.push(`  ${name.padEnd(16)} ${mod?.summary ?? ""}`);
  }
  process.stdout.write(lines.join("\n") + "\n");
}

/** Entry point used by bin/dl4ds.js. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    printHelp();
    return 0;
  }
  const command = loadCommand(name);
  if (!command) {
    process.stderr.write(`dl4ds: unknown command "${name}". Run \`dl4ds help\` for the list.\n`);
    return 2;
  }
  return command.run(rest);
}
