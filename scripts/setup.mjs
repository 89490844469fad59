#!/usr/bin/env node
// Sets up whatever is missing, quickly when nothing is: node dependencies, native TensorFlow for
// tfjs-node (the official download first, PyPI's tensorflow-cpu wheel when that fails), the project's
// Python environment (.venv: JupyterLab, nbclient, nbconvert, nbgrader), the library build, the
// dl4ds kernelspec inside .venv, and bubblewrap for the grader's sandbox (apt-get, when root). Plain Node with no dependencies, because it runs before `npm install`.
//
//   node scripts/setup.mjs                 set up for `npm start`
//   node scripts/setup.mjs --for-tests     also what the tests need (Debian's chromium for browser tests)
//   node scripts/setup.mjs --then lab ...  after set-up, run `dl4ds lab ...` (what `npm start` does)
//   node scripts/setup.mjs --gpu           also the GPU build (scripts/setup/gpu.mjs; DL4DS_DEVICE=gpu implies it)
//   node scripts/setup.mjs --cpu           only the CPU build, even with DL4DS_DEVICE=gpu
//
// Environment: DL4DS_TF_SOURCE=pypi skips the official libtensorflow download; DL4DS_SKIP_VENV=1
// (or --system-jupyter after --then lab) leaves Python alone for users who bring their own Jupyter.
import { spawnSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureGpuBuild } from "./setup/gpu.mjs";
import { EXTRACT_LIBTENSORFLOW_PY } from "./setup/wheel.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const thenIndex = args.indexOf("--then");
const thenArgs = thenIndex >= 0 ? args.slice(thenIndex + 1) : [];
const ownArgs = thenIndex >= 0 ? args.slice(0, thenIndex) : args;
const forTests = ownArgs.includes("--for-tests");
const wantGpu = ownArgs.includes("--gpu") || (!ownArgs.includes("--cpu") && (process.env.DL4DS_DEVICE ?? "").toLowerCase() === "gpu");
const systemJupyter = thenArgs.includes("--system-jupyter") || process.env.DL4DS_SYSTEM_JUPYTER === "1";

const TF_WHEEL = { name: "tensorflow-cpu", version: "2.18.1", python: "3.11" };
const tfjsNodeDir = path.join(root, "node_modules", "@tensorflow", "tfjs-node");
const venvDir = path.join(root, ".venv");
const venvPython = path.join(venvDir, "bin", "python");
const started = Date.now();

let didWork = false;
function log(msg) {
  didWork = true;
  process.stdout.write(`[setup] ${msg}\n`);
}

function fail(msg) {
  process.stderr.write(`\n[setup] ERROR: ${msg}\n`);
  process.exit(1);
}

function run(cmd, cmdArgs, opts = {}) {
  const res = spawnSync(cmd, cmdArgs, { cwd: root, stdio: opts.quiet ? "pipe" : "inherit", encoding: "utf8", ...opts });
  return res;
}

function sha256(file) {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function newestMtime(dir, filter) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, filter));
    else if (filter(p)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function writeJsonAtomic(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2) + "\n");
  fs.renameSync(tmp, file);
}

// 1. Node dependencies ------------------------------------------------------------------------------
function ensureNodeModules() {
  const lock = path.join(root, "package-lock.json");
  const installed = path.join(root, "node_modules", ".package-lock.json");
  const stale =
    !fs.existsSync(installed) ||
    fs.statSync(path.join(root, "package.json")).mtimeMs > fs.statSync(installed).mtimeMs ||
    (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs);
  if (!stale) return;
  log("installing node dependencies (npm install)…");
  const res = run("npm", ["install", "--no-audit", "--no-fund"]);
  if (res.status !== 0) fail("npm install failed; see the output above.");
  const now = new Date();
  if (fs.existsSync(installed)) fs.utimesSync(installed, now, now); // "up to date" leaves it untouched
}

// 2. Native TensorFlow for @tensorflow/tfjs-node ----------------------------------------------------
const provenanceFile = path.join(tfjsNodeDir, "deps", "dl4ds-provenance.json");

function nativeLoads() {
  const res = spawnSync(process.execPath, ["-e", "require('@tensorflow/tfjs-node')"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "3" },
  });
  return { ok: res.status === 0, error: (res.stderr || "").trim().split("\n").slice(-3).join(" ") };
}

function tryOfficialInstall() {
  if (process.env.DL4DS_TF_SOURCE === "pypi") return false;
  log("fetching libtensorflow with tfjs-node's own install script (the normal path)…");
  const res = spawnSync(process.execPath, ["scripts/install.js"], {
    cwd: tfjsNodeDir,
    encoding: "utf8",
    timeout: 120_000,
    stdio: "pipe",
  });
  const check = nativeLoads();
  if (check.ok) {
    writeJsonAtomic(provenanceFile, {
      source: "official libtensorflow download by tfjs-node's install script",
      installedAt: new Date().toISOString(),
    });
    return true;
  }
  const output = `${res.stdout || ""}\n${res.stderr || ""}`;
  const reason = output.split("\n").find((l) => /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|Error/.test(l));
  const why = (res.error ? res.error.message : reason ?? "no binding after install").trim();
  log(`the normal libtensorflow download did not work (${why}); using PyPI's ${TF_WHEEL.name} wheel instead.`);
  return false;
}

function wheelPlatform() {
  if (process.platform !== "linux") return undefined;
  if (os.arch() === "x64") return { pkg: TF_WHEEL.name, platform: "manylinux_2_17_x86_64" };
  if (os.arch() === "arm64") return { pkg: "tensorflow", platform: "manylinux_2_17_aarch64" };
  return undefined;
}

function findPython() {
  for (const cand of ["python3", "python"]) {
    const res = spawnSync(cand, ["-c", "import sys; print(sys.version_info[:2] >= (3, 10))"], { encoding: "utf8" });
    if (res.status === 0 && res.stdout.trim() === "True") return cand;
  }
  return undefined;
}

function nodeHeadersDir() {
  // node-gyp would download headers from the internet; use the ones installed with Node instead.
  const prefix = path.resolve(path.dirname(process.execPath), "..");
  for (const dir of [prefix, "/usr", "/usr/local"]) {
    if (fs.existsSync(path.join(dir, "include", "node", "node_api.h"))) return dir;
  }
  return undefined;
}

function installFromWheel() {
  const plat = wheelPlatform();
  if (!plat) return `no ${TF_WHEEL.name} wheel for ${process.platform}/${os.arch()}`;
  const python = findPython();
  if (!python) return "python3 (3.10+) with pip is needed to fetch the tensorflow-cpu wheel";
  const headers = nodeHeadersDir();
  if (!headers) return "Node's C headers (include/node/node_api.h) were not found next to node, in /usr or /usr/local";
  const cacheDir = path.join(root, ".cache", "tf-wheel");
  fs.mkdirSync(cacheDir, { recursive: true });
  const version = plat.pkg === TF_WHEEL.name ? TF_WHEEL.version : TF_WHEEL.version;
  let wheel = fs.readdirSync(cacheDir).find((f) => f.endsWith(".whl") && f.includes(version));
  if (!wheel) {
    log(`downloading ${plat.pkg}==${version} (about 230 MB) from PyPI…`);
    const res = run(python, [
      "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check",
      "--python-version", TF_WHEEL.python, "--platform", plat.platform, "-d", cacheDir, `${plat.pkg}==${version}`,
    ], { quiet: true });
    if (res.status !== 0) return `pip download ${plat.pkg}==${version} failed: ${(res.stderr || "").trim().split("\n").slice(-2).join(" ")}`;
    wheel = fs.readdirSync(cacheDir).find((f) => f.endsWith(".whl") && f.includes(version));
    if (!wheel) return "pip reported success but no wheel was found";
  }
  log(`extracting libtensorflow from ${wheel}…`);
  const depsDir = path.join(tfjsNodeDir, "deps");
  const staging = `${depsDir}.staging`;
  fs.rmSync(staging, { recursive: true, force: true });
  const extract = run(python, ["-c", EXTRACT_LIBTENSORFLOW_PY, path.join(cacheDir, wheel), staging], { quiet: true });
  if (extract.status !== 0) return `could not extract the wheel: ${extract.stderr}`;
  const libDir = path.join(staging, "lib");
  if (!fs.existsSync(path.join(libDir, "libtensorflow_cc.so.2"))) return "the wheel has no tensorflow/libtensorflow_cc.so.2";
  const nm = spawnSync("nm", ["-D", "--defined-only", path.join(libDir, "libtensorflow_cc.so.2")], { encoding: "utf8", maxBuffer: 256 << 20 });
  if (nm.status === 0 && !(/ T TFE_NewContext\b/.test(nm.stdout) && / T TF_NewStatus\b/.test(nm.stdout))) {
    return "libtensorflow_cc.so.2 in the wheel does not export the C API (TF_*/TFE_* symbols)";
  }
  fs.symlinkSync("libtensorflow_cc.so.2", path.join(libDir, "libtensorflow.so"));
  fs.symlinkSync("libtensorflow_framework.so.2", path.join(libDir, "libtensorflow_framework.so"));
  fs.rmSync(depsDir, { recursive: true, force: true });
  fs.renameSync(staging, depsDir);

  log("building tfjs-node's binding from its shipped sources (node-gyp)…");
  const gyp = path.join(path.dirname(process.execPath), "..", "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js");
  const gypCmd = fs.existsSync(gyp) ? [process.execPath, gyp] : ["npx", "--yes", "node-gyp"];
  const build = spawnSync(gypCmd[0], [
    ...gypCmd.slice(1), "rebuild", `--nodedir=${headers}`, "--napi_build_version=8", "-j", String(Math.max(1, os.cpus().length)),
    "--module_name=tfjs_binding", `--module_path=${path.join(tfjsNodeDir, "lib", "napi-v8")}`,
  ], { cwd: tfjsNodeDir, encoding: "utf8", stdio: "pipe" });
  if (build.status !== 0) return `node-gyp failed: ${(build.stderr || build.stdout || "").trim().split("\n").slice(-5).join(" | ")}`;
  const check = nativeLoads();
  if (!check.ok) return `the built binding does not load: ${check.error}`;
  fs.rmSync(path.join(cacheDir, wheel), { force: true }); // 230 MB; a rebuild downloads it again
  writeJsonAtomic(provenanceFile, {
    source: `PyPI wheel ${plat.pkg}==${version} (${wheel}), binding built with node-gyp`,
    wheel,
    installedAt: new Date().toISOString(),
  });
  return undefined;
}

function ensureNativeTensorFlow() {
  if (!fs.existsSync(tfjsNodeDir)) fail("node_modules/@tensorflow/tfjs-node is missing after npm install.");
  if (nativeLoads().ok) return;
  if (tryOfficialInstall()) {
    log("native TensorFlow installed by the official download.");
    return;
  }
  const problem = installFromWheel();
  if (problem) {
    process.stderr.write(
      "\n[setup] WARNING: native TensorFlow could not be set up: " + problem + "\n" +
        "[setup] The library will fall back to TensorFlow.js's pure-JavaScript backend, 30-100x slower for training.\n" +
        "[setup] Fix: make sure python3 with pip can reach PyPI (or the libtensorflow download works), then rerun `npm run setup`.\n\n",
    );
  } else {
    log("native TensorFlow ready (libtensorflow from PyPI's tensorflow-cpu wheel).");
  }
}

// 3. The project's Python environment ---------------------------------------------------------------
function ensureVenv() {
  if (systemJupyter || process.env.DL4DS_SKIP_VENV === "1") {
    log("leaving Python alone (system Jupyter requested).");
    return;
  }
  const req = path.join(root, "requirements.txt");
  const stamp = path.join(venvDir, ".dl4ds-requirements.sha256");
  const want = sha256(req);
  if (fs.existsSync(venvPython) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8").trim() === want) return;
  const python = findPython();
  if (!python) fail("Python 3.10+ is required (python3 -m venv). Install it, or run with DL4DS_SYSTEM_JUPYTER=1 to use your own Jupyter.");
  if (!fs.existsSync(venvPython)) {
    log("creating the project's Python environment (.venv)…");
    const res = run(python, ["-m", "venv", venvDir]);
    if (res.status !== 0) fail("python3 -m venv failed (on Debian/Ubuntu: apt-get install python3-venv).");
  }
  log("installing JupyterLab, nbclient, nbconvert and nbgrader into .venv (pip)…");
  const res = run(venvPython, ["-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", req]);
  if (res.status !== 0) fail("pip install -r requirements.txt failed; see the output above.");
  fs.writeFileSync(stamp, want + "\n");
}

// 4. Build the library ------------------------------------------------------------------------------
function ensureBuilt() {
  const stamp = path.join(root, "dist", ".build-stamp");
  const srcNewest = Math.max(
    newestMtime(path.join(root, "src"), (p) => p.endsWith(".ts")),
    fs.statSync(path.join(root, "tsconfig.json")).mtimeMs,
    fs.statSync(path.join(root, "tsconfig.build.json")).mtimeMs,
  );
  if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= srcNewest) return;
  log("building the library (tsc)…");
  const res = run(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"]);
  if (res.status !== 0) fail("the TypeScript build failed; see the errors above.");
  fs.writeFileSync(stamp, new Date().toISOString() + "\n");
}

// 5. Kernelspec in .venv ----------------------------------------------------------------------------
function ensureKernelspec() {
  if (systemJupyter || process.env.DL4DS_SKIP_VENV === "1") return;
  const commandFile = path.join(root, "dist", "cli", "commands", "install-kernel.js");
  if (!fs.existsSync(commandFile)) {
    log("the kernel command is not built yet; skipping kernelspec installation.");
    return;
  }
  const spec = path.join(venvDir, "share", "jupyter", "kernels", "dl4ds", "kernel.json");
  const current = fs.existsSync(spec) ? fs.readFileSync(spec, "utf8") : "";
  if (!(current.includes(root) && current.includes("--snapshot-blob"))) {
    log("registering the dl4ds kernel inside .venv…");
    const res = run(process.execPath, [path.join(root, "bin", "dl4ds.js"), "install-kernel", "--prefix", venvDir]);
    if (res.status !== 0) fail("installing the dl4ds kernelspec failed; see above.");
  }
  // The kernel's start-up snapshot (dist/kernel/snapshot/): kernels also rebuild it themselves when it is missing.
  const blob = path.join(root, ".cache", "dl4ds-kernel", `typescript-${process.version}-${process.arch}.blob`);
  if (!fs.existsSync(blob) && fs.existsSync(path.join(root, "dist", "kernel", "snapshot", "blob.js"))) {
    log("building the kernel's start-up snapshot…");
    run(process.execPath, [path.join(root, "dist", "kernel", "snapshot", "blob.js"), root, "--verbose"]);
  }
}

// 6. What the tests need beyond that ----------------------------------------------------------------
function ensureChromium() {
  if (fs.existsSync("/usr/bin/chromium") || process.env.DL4DS_SKIP_BROWSER === "1") return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !fs.existsSync("/usr/bin/apt-get")) {
    log("Debian's chromium is not installed and cannot be installed here (needs root and apt-get); browser tests will fail with instructions.");
    return;
  }
  log("installing Debian's chromium for the browser tests (apt-get)…");
  run("apt-get", ["update", "-qq"], { quiet: true });
  const res = run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (res.status !== 0) log("apt-get install chromium failed; browser tests will fail with instructions.");
}

// The JupyterLite site the browser kernel's tests open (scripts/lite/build.mjs; rebuilt only when an input changed).
function ensureLiteSite() {
  if (process.env.DL4DS_SKIP_LITE === "1" || !fs.existsSync(path.join(root, "scripts", "lite", "build.mjs"))) return;
  const res = run(process.execPath, [path.join(root, "scripts", "lite", "build.mjs"), "--if-stale"]);
  if (res.status !== 0) fail("building the JupyterLite site failed (npm run lite); see the output above.");
}

// 7. bubblewrap: `dl4ds grade` runs every kernel in a bwrap sandbox ----------------------------------
function ensureBubblewrap() {
  if (process.platform !== "linux" || process.env.DL4DS_SKIP_BWRAP === "1") return;
  const found = run("sh", ["-c", "command -v bwrap"], { quiet: true });
  if (found.status === 0) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !fs.existsSync("/usr/bin/apt-get")) {
    log("bubblewrap (bwrap) is not installed; `dl4ds grade` needs it (see `dl4ds doctor`: sudo apt-get install bubblewrap).");
    return;
  }
  log("installing bubblewrap for the grader's sandbox (apt-get)…");
  let res = run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "bubblewrap"], { quiet: true, env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (res.status !== 0) {
    run("apt-get", ["update", "-qq"], { quiet: true });
    res = run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "bubblewrap"], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  }
  if (res.status !== 0) log("apt-get install bubblewrap failed; `dl4ds grade` will say how to get it.");
}

ensureNodeModules();
ensureNativeTensorFlow();
ensureVenv();
if (wantGpu) ensureGpuBuild({ root, log, run, fail, writeJsonAtomic, findPython, nodeHeadersDir, venvPython });
ensureBuilt();
ensureKernelspec();
ensureBubblewrap();
if (forTests && fs.existsSync(path.join(root, "tests", "browser"))) ensureChromium();
if (forTests) ensureLiteSite();
if (didWork) log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

if (thenArgs.length > 0) {
  const child = spawn(process.execPath, [path.join(root, "bin", "dl4ds.js"), ...thenArgs], { stdio: "inherit" });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
