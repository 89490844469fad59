/**
 * Starts `dl4ds hub` (the real JupyterHub and configurable-http-proxy) on free loopback ports with
 * its state in a temporary folder, logs users in, starts their servers, and stops everything again,
 * checking that no process it started is left.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { freeLoopbackPort } from "../../src/kernel/ports";
import { spawnAsync } from "../support/spawn";

export const ROOT = path.resolve(__dirname, "..", "..");
export const PYTHON = path.join(ROOT, ".venv", "bin", "python");

/** A running hub. */
export interface Hub {
  url: string;
  state: string;
  userPassword: string;
  adminPassword: string;
  process: ChildProcess;
  log: () => string;
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ""}`);
}

/** Starts `node bin/dl4ds.js hub --port P --state <state>` and waits until the hub's API answers. */
export async function startHub(state: string): Promise<Hub> {
  if (!fs.existsSync(path.join(ROOT, ".venv", "bin", "jupyterhub"))) throw new Error("no .venv/bin/jupyterhub: run `npm run setup` before the hub tests");
  const port = await freeLoopbackPort();
  let log = "";
  const child = spawn(process.execPath, [path.join(ROOT, "bin", "dl4ds.js"), "hub", "--port", String(port), "--state", state], {
    cwd: ROOT,
    env: { ...process.env, DL4DS_HUB_TEST_MARK: state },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (log += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  await waitFor("the hub's API", 120_000, async () => {
    if (child.exitCode !== null) throw new Error(`dl4ds hub exited with ${child.exitCode}:\n${log.slice(-3000)}`);
    const r = await fetch(`${url}/hub/api`);
    return r.ok ? true : undefined;
  });
  const passwords = JSON.parse(fs.readFileSync(path.join(state, "passwords.json"), "utf8")) as { userPassword: string; adminPassword: string };
  return { url, state, process: child, log: () => log, ...passwords };
}

interface RawResponse {
  status: number;
  location: string | null;
  setCookie: string[];
  text: string;
}

/** A plain HTTP request, as a browser's navigation (fetch() would add Sec-Fetch-Mode: cors, and the
 *  hub sets its XSRF cookie only on navigations). */
function request(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? "GET", headers: opts.headers }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: (res.headers.location as string | undefined) ?? null, setCookie: res.headers["set-cookie"] ?? [], text }));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** Cookies of one browser. */
class CookieJar {
  private cookies = new Map<string, string>();
  take(res: RawResponse): void {
    for (const c of res.setCookie) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** Logs in through the hub's login form as a browser does; returns where the hub sends the user (or the status). */
export async function formLogin(hub: Hub, user: string, password: string): Promise<{ status: number; location: string | null }> {
  const jar = new CookieJar();
  jar.take(await request(`${hub.url}/hub/login`));
  const res = await request(`${hub.url}/hub/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: jar.header() },
    body: new URLSearchParams({ username: user, password, _xsrf: jar.get("_xsrf") ?? "" }).toString(),
  });
  return { status: res.status, location: res.location };
}

/** A token for `user` from the hub's REST API, authenticated by name and password. */
export async function apiToken(hub: Hub, user: string, password: string): Promise<{ status: number; token?: string }> {
  const res = await fetch(`${hub.url}/hub/api/users/${user}/tokens`, {
    method: "POST",
    body: JSON.stringify({ auth: { username: user, password }, note: "hub test", expires_in: 3600 }),
  });
  const body = (await res.json()) as { token?: string };
  return { status: res.status, token: body.token };
}

/** An authenticated request to the hub or a user's server. */
export async function call(hub: Hub, token: string, method: string, urlPath: string, body?: unknown): Promise<{ status: number; text: string; json: () => any }> {
  const res = await fetch(`${hub.url}${urlPath}`, {
    method,
    headers: { Authorization: `token ${token}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    redirect: "manual",
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}

/** Starts the user's server through the REST API and waits until the hub says it is ready. */
export async function startServer(hub: Hub, user: string, token: string): Promise<void> {
  const r = await call(hub, token, "POST", `/hub/api/users/${user}/server`);
  if (r.status !== 201 && r.status !== 202) throw new Error(`starting ${user}'s server: HTTP ${r.status} ${r.text}\n${hub.log().slice(-4000)}`);
  await waitFor(`${user}'s server`, 180_000, async () => {
    const u = (await call(hub, token, "GET", `/hub/api/users/${user}`)).json() as { servers?: Record<string, { ready: boolean }> };
    return u.servers?.[""]?.ready ? true : undefined;
  });
}

/** Runs code cells on the user's server over the kernel websocket (tests/hub/run_cells.py). */
export async function runCells(hub: Hub, user: string, token: string, notebook: string, sources?: string[]): Promise<Array<{ index: number; status: string; ename: string | null; evalue: string | null; output_types: string[]; mimes: string[]; text: string }>> {
  const args = [path.join(__dirname, "run_cells.py"), `${hub.url}/user/${user}/`, token, notebook, "dl4ds", ...(sources ? [JSON.stringify(sources)] : [])];
  const r = await spawnAsync(PYTHON, args, { timeoutMs: 600_000 });
  if (r.status !== 0) throw new Error(`run_cells.py for ${user} failed (${r.status}): ${r.stderr.slice(-3000)}`);
  return (JSON.parse(r.stdout) as { cells: any[] }).cells;
}

/** Processes whose environment carries this hub's state folder (the hub, the proxy, servers, kernels). */
export function processesOf(state: string): number[] {
  const found: number[] = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (environ.includes(`DL4DS_HUB_STATE=${state}`) || environ.includes(`DL4DS_HUB_TEST_MARK=${state}`)) found.push(Number(pid));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return found;
}

/** Stops the hub (SIGTERM: it stops every server and the proxy) and returns what was left and had to be killed (pid and command line). */
export async function stopHub(hub: Hub): Promise<string[]> {
  if (hub.process.exitCode === null) {
    const exited = new Promise((r) => hub.process.once("exit", r));
    hub.process.kill("SIGTERM");
    // The hub gives each server 10 s after SIGINT and 10 s after SIGTERM (hub/jupyterhub_config.py).
    await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
  }
  let left: number[] = [];
  for (let i = 0; i < 20; i++) {
    left = processesOf(hub.state);
    if (!left.length) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const described = left.map((pid) => `${pid} ${commandOf(pid)}`);
  for (const pid of left) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  return described;
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim().slice(0, 200);
  } catch {
    return "(gone)";
  }
}

