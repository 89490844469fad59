/**
 * `dl4ds hub [--port N] [--state DIR] [--instructors a,b]` (`npm run hub`): a JupyterHub for a trial
 * on this machine — the real JupyterHub (.venv) and configurable-http-proxy (node_modules), bound
 * to 127.0.0.1, configured by hub/jupyterhub_config.py. Releases the lessons with `dl4ds assign`
 * into <state>/release for the students, makes (once) and prints the two shared passwords, and
 * runs the hub until Ctrl-C. State (database, homes, nbgrader exchange) lives in <state>, default .hub/.
 */
import { spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { numberFlag, parseArgs, stringFlag } from "../args";
import { assignFolder } from "../../grading/assign";
import { projectRoot, venvBin } from "../paths";
import { freeLoopbackPort } from "../../kernel/ports";

/** One line for `dl4ds help`. */
export const summary = "a JupyterHub on 127.0.0.1 for a trial: hub [--port 8000] [--state .hub] [--instructors instructor]";

/** What the hub's configuration reads from the environment (hub/jupyterhub_config.py). */
export interface HubSettings {
  state: string;
  port: number;
  apiPort: number;
  proxyApiPort: number;
  instructors: string[];
  userPassword: string;
  adminPassword: string;
}

/** The passwords kept in <state>/passwords.json (0600), made on first use. */
export function hubPasswords(state: string): { userPassword: string; adminPassword: string } {
  const file = path.join(state, "passwords.json");
  if (fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, "utf8")) as { userPassword?: unknown; adminPassword?: unknown };
    if (typeof saved.userPassword === "string" && typeof saved.adminPassword === "string") return { userPassword: saved.userPassword, adminPassword: saved.adminPassword };
  }
  const made = { userPassword: randomBytes(9).toString("base64url"), adminPassword: randomBytes(24).toString("base64url") };
  fs.mkdirSync(state, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(made, null, 2) + "\n", { mode: 0o600 });
  fs.renameSync(tmp, file);
  return made;
}

/** The environment hub/jupyterhub_config.py reads. */
export function hubEnv(s: HubSettings, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  for (const u of s.instructors) if (!/^[a-z0-9][a-z0-9._-]*$/.test(u)) throw new Error(`instructor name "${u}" is not a JupyterHub user name (lower-case letters, digits, . _ -)`);
  if (s.userPassword.length < 8) throw new Error("the students' password must be at least 8 characters (JupyterHub's rule)");
  if (s.adminPassword.length < 32) throw new Error("the instructors' password must be at least 32 characters (JupyterHub's rule)");
  return {
    ...env,
    PATH: `${path.dirname(venvBin("python"))}${path.delimiter}${env.PATH ?? "/usr/bin:/bin"}`,
    DL4DS_HUB_STATE: s.state,
    DL4DS_HUB_PORT: String(s.port),
    DL4DS_HUB_API_PORT: String(s.apiPort),
    DL4DS_HUB_PROXY_API_PORT: String(s.proxyApiPort),
    DL4DS_HUB_INSTRUCTORS: s.instructors.join(","),
    DL4DS_HUB_USER_PASSWORD: s.userPassword,
    DL4DS_HUB_ADMIN_PASSWORD: s.adminPassword,
    DL4DS_HUB_RELEASE: path.join(s.state, "release"),
    DL4DS_HUB_SOURCE: path.join(projectRoot(), "notebooks"),
  };
}

/** The jupyterhub command line. */
export function hubCommand(): { command: string; args: string[] } {
  return { command: venvBin("jupyterhub"), args: ["-f", path.join(projectRoot(), "hub", "jupyterhub_config.py")] };
}

/** Starts the hub and waits for it to exit. */
export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`Usage: dl4ds ${summary.replace(/^[^:]*: /, "")}\n`);
    return 0;
  }
  let settings: HubSettings;
  try {
    const p = parseArgs(args, ["port", "state", "instructors"]);
    if (p.positionals.length) throw new Error(`unexpected argument ${p.positionals[0]}`);
    const state = path.resolve(stringFlag(p, "state", path.join(projectRoot(), ".hub")));
    if (!fs.existsSync(venvBin("jupyterhub"))) throw new Error(`${venvBin("jupyterhub")} is missing: run \`npm run setup\``);
    const released = assignFolder(path.join(projectRoot(), "notebooks"), path.join(state, "release"));
    settings = {
      state,
      port: numberFlag(p, "port", 8000, { integer: true, min: 1 }),
      apiPort: await freeLoopbackPort(),
      proxyApiPort: await freeLoopbackPort(),
      instructors: stringFlag(p, "instructors", "instructor").split(",").map((u) => u.trim()).filter(Boolean),
      ...hubPasswords(state),
    };
    process.stdout.write(
      `\nJupyterHub on http://127.0.0.1:${settings.port}/ (state in ${state}; ${released.written.length} lessons released for students)\n` +
        `  instructors (${settings.instructors.join(", ")}): password ${settings.adminPassword}\n` +
        `  students (any other name): password ${settings.userPassword}\n` +
        `  passwords are kept in ${path.join(state, "passwords.json")}. Stop with Ctrl-C.\n\n`,
    );
  } catch (err) {
    process.stderr.write(`dl4ds hub: ${(err as Error).message}\n`);
    return 2;
  }
  const { command, args: hubArgs } = hubCommand();
  const child = spawn(command, hubArgs, { stdio: "inherit", cwd: settings.state, env: hubEnv(settings) });
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  return new Promise((resolve) => {
    child.on("error", (err) => {
      process.stderr.write(`dl4ds hub: could not start ${command}: ${err.message}. Run \`npm run setup\`.\n`);
      resolve(1);
    });
    child.on("exit", (code) => resolve(code ?? 0));
  });
}
