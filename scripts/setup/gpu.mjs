// The GPU build: @tensorflow/tfjs-node-gpu beside @tensorflow/tfjs-node, each with its own libtensorflow
// (deps/) and its own binding (lib/napi-v8/), so switching is only DL4DS_DEVICE and never rebuilds.
//
// libtensorflow comes from PyPI's CUDA-built `tensorflow` wheel; CUDA 12 and cuDNN 9 come from the
// `nvidia-*-cu12` wheels that `tensorflow[and-cuda]` pins, installed into the project's .venv.
// The wheel's libtensorflow loads CUDA lazily with dlopen, searching its RUNPATH `$ORIGIN/../nvidia/<lib>/lib`;
// set-up makes `deps/nvidia` a link to .venv's site-packages/nvidia, so every process that loads the GPU build
// (CLI, kernel, grader) finds CUDA without LD_LIBRARY_PATH, and a machine without a GPU still loads it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EXTRACT_LIBTENSORFLOW_PY } from "./wheel.mjs";

export const GPU_WHEEL = { name: "tensorflow", version: "2.18.1", python: "3.11", platform: "manylinux_2_17_x86_64" };

/** The CUDA wheels `tensorflow[and-cuda]==2.18.1` pins (its METADATA, extra == 'and-cuda'). */
export const CUDA_WHEELS = [
  "nvidia-cublas-cu12==12.5.3.2",
  "nvidia-cuda-cupti-cu12==12.5.82",
  "nvidia-cuda-nvcc-cu12==12.5.82",
  "nvidia-cuda-nvrtc-cu12==12.5.82",
  "nvidia-cuda-runtime-cu12==12.5.82",
  "nvidia-cudnn-cu12==9.3.0.75",
  "nvidia-cufft-cu12==11.2.3.61",
  "nvidia-curand-cu12==10.3.6.82",
  "nvidia-cusolver-cu12==11.6.3.83",
  "nvidia-cusparse-cu12==12.5.1.3",
  "nvidia-nccl-cu12==2.21.5",
  "nvidia-nvjitlink-cu12==12.5.82",
];

function loadsGpuBuild(root) {
  const res = spawnSync(process.execPath, ["-e", [
    "const tf = require('@tensorflow/tfjs-node-gpu');",
    "const y = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]])).dataSync();",
    "if (tf.getBackend() !== 'tensorflow' || y[0] !== 17 || y[1] !== 39) throw new Error('wrong result ' + tf.getBackend() + ' ' + y);",
  ].join("\n")], { cwd: root, encoding: "utf8", env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "3" } });
  return { ok: res.status === 0, error: (res.stderr || "").trim().split("\n").slice(-3).join(" ") };
}

function sitePackages(python) {
  const res = spawnSync(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: "utf8" });
  return res.status === 0 ? res.stdout.trim() : undefined;
}

/** Whether a ready GPU build is installed (fast: files and the provenance record, no load). */
export function gpuBuildInstalled(root) {
  const pkg = path.join(root, "node_modules", "@tensorflow", "tfjs-node-gpu");
  return ["deps/dl4ds-provenance.json", "lib/napi-v8/tfjs_binding.node", "deps/nvidia/cudnn/lib"].every((p) =>
    fs.existsSync(path.join(pkg, p)),
  );
}

/**
 * Sets up the GPU build when it is missing or broken. `ctx` carries setup.mjs's helpers:
 * root, log, run, fail, writeJsonAtomic, findPython, nodeHeadersDir, venvPython.
 */
export function ensureGpuBuild(ctx) {
  const { root, log, run, fail, writeJsonAtomic, venvPython } = ctx;
  const pkgDir = path.join(root, "node_modules", "@tensorflow", "tfjs-node-gpu");
  const provenanceFile = path.join(pkgDir, "deps", "dl4ds-provenance.json");
  if (!fs.existsSync(pkgDir)) fail("node_modules/@tensorflow/tfjs-node-gpu is missing after npm install.");
  if (process.platform !== "linux" || os.arch() !== "x64") {
    fail(`the GPU build needs Linux on x86-64 (PyPI's CUDA wheels); this is ${process.platform}/${os.arch()}. Use the CPU build (npm run setup).`);
  }
  const versionOf = (dir) => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
  const cpuVersion = versionOf(path.join(root, "node_modules", "@tensorflow", "tfjs-node"));
  if (versionOf(pkgDir) !== cpuVersion) {
    fail(`@tensorflow/tfjs-node-gpu ${versionOf(pkgDir)} differs from @tensorflow/tfjs-node ${cpuVersion}; pin both to the same version in package.json and run npm install.`);
  }
  if (gpuBuildInstalled(root) && loadsGpuBuild(root).ok) return;
  const started = Date.now();

  // 1. CUDA 12 and cuDNN 9 from PyPI into .venv.
  if (!fs.existsSync(venvPython)) {
    const python = ctx.findPython();
    if (!python) fail("Python 3.10+ with pip is needed to install the CUDA wheels.");
    log("creating the project's Python environment (.venv) for the CUDA wheels…");
    if (run(python, ["-m", "venv", path.dirname(path.dirname(venvPython))]).status !== 0) fail("python3 -m venv failed (on Debian/Ubuntu: apt-get install python3-venv).");
  }
  const site = sitePackages(venvPython);
  if (!site) fail("could not ask .venv's Python for its site-packages folder.");
  const cudaStamp = path.join(site, "nvidia", ".dl4ds-cuda-wheels");
  const cudaWant = CUDA_WHEELS.join("\n") + "\n";
  if (!fs.existsSync(cudaStamp) || fs.readFileSync(cudaStamp, "utf8") !== cudaWant) {
    log("installing CUDA 12.5 and cuDNN 9.3 from PyPI's nvidia-*-cu12 wheels into .venv (about 1.7 GB to download, 2.7 GB installed)…");
    const res = run(venvPython, ["-m", "pip", "install", "--disable-pip-version-check", "-q", "--only-binary=:all:", ...CUDA_WHEELS]);
    if (res.status !== 0) fail("pip install of the nvidia-*-cu12 wheels failed; see the output above. Fix: make sure pip can reach PyPI, then rerun `npm run setup -- --gpu`.");
    fs.writeFileSync(cudaStamp, cudaWant);
  }

  // 2. libtensorflow from the CUDA-built tensorflow wheel.
  const python = ctx.findPython() ?? venvPython;
  const cacheDir = path.join(root, ".cache", "tf-gpu-wheel");
  fs.mkdirSync(cacheDir, { recursive: true });
  const findWheel = () => fs.readdirSync(cacheDir).find((f) => f.startsWith(`${GPU_WHEEL.name}-${GPU_WHEEL.version}-`) && f.endsWith(".whl"));
  let wheel = findWheel();
  if (!wheel) {
    log(`downloading ${GPU_WHEEL.name}==${GPU_WHEEL.version} (about 615 MB, built with CUDA) from PyPI…`);
    const res = run(python, [
      "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check", "-q",
      "--python-version", GPU_WHEEL.python, "--platform", GPU_WHEEL.platform, "-d", cacheDir, `${GPU_WHEEL.name}==${GPU_WHEEL.version}`,
    ]);
    wheel = findWheel();
    if (res.status !== 0 || !wheel) fail(`pip download ${GPU_WHEEL.name}==${GPU_WHEEL.version} failed; see above. Fix: make sure pip can reach PyPI, then rerun \`npm run setup -- --gpu\`.`);
  }
  log(`extracting libtensorflow from ${wheel}…`);
  const depsDir = path.join(pkgDir, "deps");
  const staging = `${depsDir}.staging`;
  fs.rmSync(staging, { recursive: true, force: true });
  const extract = run(python, ["-c", EXTRACT_LIBTENSORFLOW_PY, path.join(cacheDir, wheel), staging], { quiet: true });
  if (extract.status !== 0) fail(`could not extract the wheel: ${extract.stderr}`);
  const libDir = path.join(staging, "lib");
  if (!fs.existsSync(path.join(libDir, "libtensorflow_cc.so.2"))) fail(`${wheel} has no tensorflow/libtensorflow_cc.so.2 (or another set-up is running at the same time).`);
  const runpath = spawnSync("readelf", ["-d", path.join(libDir, "libtensorflow_cc.so.2")], { encoding: "utf8" });
  if (runpath.status === 0 && !runpath.stdout.includes("$ORIGIN/../nvidia/cudnn/lib")) {
    fail("libtensorflow_cc.so.2 in the wheel does not look for CUDA in $ORIGIN/../nvidia (its RUNPATH changed); the GPU build cannot find .venv's CUDA.");
  }
  fs.symlinkSync("libtensorflow_cc.so.2", path.join(libDir, "libtensorflow.so"));
  fs.symlinkSync("libtensorflow_framework.so.2", path.join(libDir, "libtensorflow_framework.so"));
  fs.symlinkSync(path.relative(depsDir, path.join(site, "nvidia")), path.join(staging, "nvidia")); // relative: survives moving the project
  fs.rmSync(depsDir, { recursive: true, force: true });
  fs.renameSync(staging, depsDir);

  // 3. tfjs-node-gpu's binding from its shipped sources.
  log("building tfjs-node-gpu's binding from its shipped sources (node-gyp)…");
  const headers = ctx.nodeHeadersDir();
  if (!headers) fail("Node's C headers (include/node/node_api.h) were not found next to node, in /usr or /usr/local.");
  const gyp = path.join(path.dirname(process.execPath), "..", "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js");
  const gypCmd = fs.existsSync(gyp) ? [process.execPath, gyp] : ["npx", "--yes", "node-gyp"];
  const build = spawnSync(gypCmd[0], [
    ...gypCmd.slice(1), "rebuild", `--nodedir=${headers}`, "--napi_build_version=8", "-j", String(Math.max(1, os.cpus().length)),
    "--module_name=tfjs_binding", `--module_path=${path.join(pkgDir, "lib", "napi-v8")}`,
  ], { cwd: pkgDir, encoding: "utf8", stdio: "pipe" });
  if (build.status !== 0) fail(`node-gyp failed for tfjs-node-gpu: ${(build.stderr || build.stdout || "").trim().split("\n").slice(-5).join(" | ")}`);
  const check = loadsGpuBuild(root);
  if (!check.ok) fail(`the GPU build does not load: ${check.error}`);
  fs.rmSync(path.join(cacheDir, wheel), { force: true }); // 615 MB; a rebuild downloads it again
  writeJsonAtomic(provenanceFile, {
    source: `PyPI wheel ${GPU_WHEEL.name}==${GPU_WHEEL.version} (${wheel}), binding built with node-gyp`,
    wheel,
    cuda: CUDA_WHEELS,
    cudaDir: path.join(site, "nvidia"),
    installedAt: new Date().toISOString(),
  });
  log(`GPU build ready in ${((Date.now() - started) / 1000).toFixed(0)} s (check it with \`DL4DS_DEVICE=gpu npm run doctor\`).`);
}
