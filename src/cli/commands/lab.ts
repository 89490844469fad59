/**
 * `dl4ds lab [--instructor] [--system-jupyter] [--port N] [-- extra JupyterLab args]`: JupyterLab on
 * notebooks/, bound to 127.0.0.1, with a fresh token printed in the URL. The student view (default)
 * puts jupyter-config/student/ first on JUPYTER_CONFIG_PATH, which disables nbgrader's lab and
 * server extensions; `--instructor` shows them.
 */
import { spawn } from "child_process";
import { randomBytes } from "crypto";
import * as net from "net";
import * as path from "path";
import { config } from "../../config";
import { numberFlag, parseArgs, ParsedArgs } from "../args";
import { jupyterExecutable, projectRoot } from "../paths";

/** One line for `dl4ds help`. */
export const summary = "start JupyterLab on the lessons (127.0.0.1, token printed); --instructor shows nbgrader's tools; --system-jupyter uses your own Jupyter";

/** The Jupyter configuration folder of the student view. */
export function studentConfigDir(): string {
  return path.join(projectRoot(), "jupyter-config", "student");
}

/** The environment JupyterLab runs with: the student view's configuration first unless `instructor`. */
export function labEnv(instructor: boolean, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (instructor) return { ...env };
  const rest = env.JUPYTER_CONFIG_PATH ? [env.JUPYTER_CONFIG_PATH] : [];
  return { ...env, JUPYTER_CONFIG_PATH: [studentConfigDir(), ...rest].join(path.delimiter) };
}

function freePort(preferred: number): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => {
      const any = net.createServer();
      any.listen(0, "127.0.0.1", () => {
        const port = (any.address() as net.AddressInfo).port;
        any.close(() => resolve(port));
      });
    });
    server.listen(preferred, "127.0.0.1", () => server.close(() => resolve(preferred)));
  });
}

/** Starts JupyterLab and waits for it to exit. */
export async function run(args: string[]): Promise<number> {
  let requested: number;
  let p: ParsedArgs;
  try {
    p = parseArgs(args, ["port"], ["instructor", "system-jupyter"], { passThrough: true, hints: { port: "a number between 1 and 65535" } });
    if (p.positionals.length > 0) throw new Error(`unexpected argument ${p.positionals[0]} (JupyterLab's own arguments go after --)`);
    requested = numberFlag(p, "port", 8888, { integer: true, min: 1, max: 65535 });
  } catch (err) {
    process.stderr.write(`dl4ds lab: ${(err as Error).message}\n`);
    return 2;
  }
  const extra = p.rest;
  const instructor = p.flags.has("instructor");
  const port = await freePort(requested);
  const token = config.labToken ?? randomBytes(24).toString("hex");
  const jupyter = jupyterExecutable(p.flags.has("system-jupyter"));
  const notebooks = path.join(projectRoot(), "notebooks");
  const labArgs = [
    "lab", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--ServerApp.port_retries=0",
    `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${notebooks}`,
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []), ...extra,
  ];
  process.stdout.write(`\nJupyterLab on the lessons: http://127.0.0.1:${port}/lab?token=${token}\n` +
    "Choose the \"TypeScript (dl4ds)\" kernel. Stop with Ctrl-C.\n" +
    (instructor ? "Instructor view: nbgrader's Create Assignment sidebar, Formgrader and Nbgrader menu are on.\n\n" : "Student view (`npm run instructor` shows nbgrader's tools).\n\n"));
  const child = spawn(jupyter, labArgs, { stdio: "inherit", cwd: notebooks, env: labEnv(instructor) });
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  return new Promise((resolve) => {
    child.on("error", (err) => {
      process.stderr.write(`dl4ds lab: could not start ${jupyter}: ${err.message}. Run \`npm run setup\` or install JupyterLab.\n`);
      resolve(1);
    });
    child.on("exit", (code) => resolve(code ?? 0));
  });
}
