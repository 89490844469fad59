#!/usr/bin/env node
// `npm run lite`: builds the JupyterLite site with the dl4ds TypeScript kernel running in a web worker.
//
//   npm run lite                       build the site into build/lite/site
//   npm run lite -- --serve [--port N] build, then serve it on http://127.0.0.1:N/ (default 8000)
//   npm run lite -- --serve-only       serve the site already built
//   npm run lite -- --out DIR          build into DIR instead
//   npm run lite -- --if-stale         build only when an input changed since the last build (set-up for tests)
//
// Everything comes from the registries set-up uses: JupyterLite (jupyterlite-core, pinned in requirements.txt,
// in .venv), the widget manager from .venv, Plotly's JupyterLab renderer from PyPI's plotly wheel (downloaded once
// into .cache/lite), TensorFlow.js's WebAssembly backend from npm. See docs/lite.md.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleKernel } from "./bundle.mjs";
import { dirSize, serveSite } from "./serve.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const LITE_EXTENSION = "dl4ds-lite-kernel";
/** The lessons the site carries (those tested in the browser: tests/browser/lite.test.ts). */
export const LITE_LESSONS = ["18.1-diffusion-encoder", "18.2-diffusion-decoder", "18.3-reparameterized-model", "18.4-ddim-families"];
const PLOTLY_WHEEL = { name: "plotly", version: "7.1.0" };
const JUPYTERLITE_CORE = "0.8.6";

function log(msg) {
  process.stdout.write(`[lite] ${msg}\n`);
}

function fail(msg) {
  process.stderr.write(`\n[lite] ERROR: ${msg}\n`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", stdio: opts.quiet ? "pipe" : "inherit", ...opts });
  if (r.error || r.status !== 0) {
    fail(`${path.basename(cmd)} ${args.join(" ")} failed${r.error ? `: ${r.error.message}` : ` (exit ${r.status})`}${opts.quiet ? `\n${r.stdout ?? ""}${r.stderr ?? ""}` : ""}`);
  }
  return r;
}

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

/** The library's declarations must be current: the type pack is made from dist/. */
function ensureLibraryBuild() {
  const dts = path.join(root, "dist", "index.d.ts");
  if (fs.existsSync(dts) && fs.statSync(dts).mtimeMs >= newestMtime(path.join(root, "src"))) return;
  log("building the library (tsc) for its declarations…");
  run(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"]);
}

function venvTool(name) {
  const p = path.join(root, ".venv", "bin", name);
  if (!fs.existsSync(p)) fail(`${p} is missing: run \`npm run setup\` first (it installs JupyterLite into .venv from requirements.txt)`);
  return p;
}

function ensureJupyterLite() {
  const python = venvTool("python");
  const r = spawnSync(python, ["-c", "import jupyterlite_core; print(jupyterlite_core.__version__)"], { encoding: "utf8" });
  const version = (r.stdout ?? "").trim();
  if (r.status !== 0 || version !== JUPYTERLITE_CORE) {
    log(`installing jupyterlite-core==${JUPYTERLITE_CORE} into .venv (found ${version || "none"})…`);
    run(python, ["-m", "pip", "install", "--quiet", `jupyterlite-core==${JUPYTERLITE_CORE}`]);
  }
}

/** Plotly's JupyterLab renderer ships in the plotly wheel; JupyterLite takes labextensions out of a wheel. */
function plotlyWheel() {
  const dir = path.join(root, ".cache", "lite", "wheels");
  const find = () => fs.existsSync(dir) && fs.readdirSync(dir).find((f) => f.startsWith(`${PLOTLY_WHEEL.name}-${PLOTLY_WHEEL.version}-`) && f.endsWith(".whl"));
  if (!find()) {
    log(`downloading ${PLOTLY_WHEEL.name}==${PLOTLY_WHEEL.version} from PyPI (its JupyterLab renderer)…`);
    fs.mkdirSync(dir, { recursive: true });
    run(venvTool("python"), ["-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "-d", dir, `${PLOTLY_WHEEL.name}==${PLOTLY_WHEEL.version}`]);
  }
  const wheel = find();
  if (!wheel) fail(`pip did not leave a ${PLOTLY_WHEEL.name} wheel in ${dir}`);
  return path.join(dir, wheel);
}

/** The prebuilt labextension folder: package.json + static/ (remoteEntry.js, worker.js, types.json, tfjs-wasm/). */
async function buildExtension(work, lessons) {
  const ext = path.join(work, "labextension", LITE_EXTENSION);
  fs.rmSync(ext, { recursive: true, force: true });
  const stat = path.join(ext, "static");
  fs.mkdirSync(path.join(stat, "tfjs-wasm"), { recursive: true });
  log("bundling the kernel's worker and extension (esbuild)…");
  await bundleKernel(root, stat);
  log("writing the type declarations cells compile against…");
  run(process.execPath, [path.join(root, "scripts", "lite", "typepack.cjs"), path.join(stat, "types.json"), ...lessons]);
  const wasmDir = path.join(root, "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist");
  for (const f of fs.readdirSync(wasmDir).filter((f) => f.endsWith(".wasm"))) fs.copyFileSync(path.join(wasmDir, f), path.join(stat, "tfjs-wasm", f));
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  writeJson(path.join(ext, "package.json"), {
    name: LITE_EXTENSION,
    version: pkg.version,
    description: "The dl4ds TypeScript kernel for JupyterLite: TypeScript and TensorFlow.js in a web worker.",
    license: pkg.license,
    jupyterlab: { extension: true, _build: { load: "static/remoteEntry.js", extension: "./extension" } },
  });
  return ext;
}

const STAMP = ".dl4ds-lite-stamp";

/** Newest modification time of what the site is built from. */
function inputsMtime() {
  const lessons = LITE_LESSONS.map((l) => path.join(root, "notebooks", `${l}.ipynb`));
  return Math.max(
    ...["src", "lite", path.join("scripts", "lite")].map((d) => newestMtime(path.join(root, d))),
    ...[...lessons, path.join(root, "requirements.txt"), path.join(root, "package-lock.json")].filter((f) => fs.existsSync(f)).map((f) => fs.statSync(f).mtimeMs),
  );
}

/** True when `out` holds a site built after its last input changed. */
export function siteIsCurrent(out = path.join(root, "build", "lite", "site")) {
  const stamp = path.join(out, STAMP);
  return fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= inputsMtime();
}

/** Builds the site into `out`. Returns its size. */
export async function buildSite(out = path.join(root, "build", "lite", "site")) {
  const started = Date.now();
  ensureLibraryBuild();
  ensureJupyterLite();
  const lessons = LITE_LESSONS.map((l) => path.join(root, "notebooks", `${l}.ipynb`));
  for (const l of lessons) if (!fs.existsSync(l)) fail(`${l} is missing; run \`npm run notebooks:build\``);
  const work = path.join(root, "build", "lite", "work");
  const ext = await buildExtension(work, lessons);
  const wheel = plotlyWheel();
  const liteDir = path.join(work, "lite-dir");
  fs.rmSync(liteDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(liteDir, "files"), { recursive: true });
  for (const l of lessons) fs.copyFileSync(l, path.join(liteDir, "files", path.basename(l)));
  const widgets = path.join(root, ".venv", "share", "jupyter", "labextensions", "@jupyter-widgets", "jupyterlab-manager");
  if (!fs.existsSync(widgets)) fail(`${widgets} is missing: run \`npm run setup\` (jupyterlab_widgets is in requirements.txt)`);
  writeJson(path.join(liteDir, "jupyter_lite_config.json"), {
    LiteBuildConfig: {
      // Only the extensions named here: the site does not depend on what else is installed in .venv.
      ignore_sys_prefix: ["federated_extensions"],
      federated_extensions: [ext, widgets, wheel],
      no_sourcemaps: true,
    },
  });
  writeJson(path.join(liteDir, "jupyter-lite.json"), {
    "jupyter-lite-schema-version": 0,
    // exposeAppInBrowser: window.jupyterapp, which the browser tests drive (as they do JupyterLab's).
    "jupyter-config-data": { appName: "dl4ds lessons", defaultKernelName: "dl4ds", exposeAppInBrowser: true },
  });
  const tmpOut = `${out}.tmp-${process.pid}`;
  fs.rmSync(tmpOut, { recursive: true, force: true });
  log("building the JupyterLite site (jupyter lite build)…");
  run(venvTool("jupyter"), ["lite", "build", "--lite-dir", liteDir, "--output-dir", tmpOut], { cwd: liteDir, quiet: true });
  for (const f of ["index.html", path.join("extensions", LITE_EXTENSION, "static", "worker.js"), path.join("files", path.basename(lessons[0]))]) {
    if (!fs.existsSync(path.join(tmpOut, f))) fail(`jupyter lite build left no ${f} in the site`);
  }
  fs.writeFileSync(path.join(tmpOut, STAMP), new Date().toISOString() + "\n");
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(tmpOut, out);
  const size = dirSize(out);
  log(`site built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${out} (${(size.bytes / 1e6).toFixed(1)} MB in ${size.files} files)`);
  return size;
}

async function main() {
  const args = process.argv.slice(2);
  const value = (flag, dflt) => {
    const i = args.indexOf(flag);
    if (i < 0) return dflt;
    if (!args[i + 1]) fail(`${flag} needs a value`);
    return args[i + 1];
  };
  const out = path.resolve(value("--out", path.join(root, "build", "lite", "site")));
  const port = Number(value("--port", "8000"));
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number; got ${value("--port")}`);
  if (args.includes("--if-stale") && siteIsCurrent(out)) return;
  if (!args.includes("--serve-only")) await buildSite(out);
  if (args.includes("--serve") || args.includes("--serve-only")) {
    const server = await serveSite(out, port);
    log(`serving ${out} at ${server.url}lab/index.html (Ctrl-C stops)`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => fail(err.stack ?? String(err)));
}
