/**
 * The GPU build, end to end, on whatever machine runs it (no GPU needed): set-up installs it from PyPI, it loads
 * as the `tensorflow` backend, computes like the CPU build, doctor explains the missing GPU, and --gpu / --cpu
 * leave both builds working. Opt-in (about 3 GB from PyPI): DL4DS_TEST_GPU_BUILD=1 npx vitest run tests/gpu
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { CUDA_WHEELS } from "../../scripts/setup/gpu.mjs";
import { MIN_DRIVER_CUDA_12_5, driverProblem, nvidiaDriver } from "../../src/backend/gpu";

const root = path.resolve(__dirname, "..", "..");
const gpuPkg = path.join(root, "node_modules", "@tensorflow", "tfjs-node-gpu");
const MINUTE = 60_000;

/** Runs node with `args` without blocking the test worker (set-up takes minutes). */
function runNode(args: string[], device: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, DL4DS_DEVICE: device } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

async function setup(...args: string[]) {
  const res = await runNode([path.join(root, "scripts", "setup.mjs"), ...args], "");
  return { status: res.status, out: `${res.stdout}\n${res.stderr}` };
}

interface Computed {
  info: { packageName: string; backend: string; device: string; gpuProblem?: string };
  conv: number[];
  matmul: number[];
  loss: number;
  eps: number[];
  weights: number[];
  leaked: number;
  /** What the child wrote to stderr. */
  stderr: string;
}

async function compute(device: "cpu" | "gpu" | ""): Promise<Computed> {
  const res = await runNode([path.join(__dirname, "compute.cjs")], device);
  expect(res.status, res.stderr).toBe(0);
  return { ...(JSON.parse(res.stdout) as Computed), stderr: res.stderr };
}

function expectClose(a: number[], b: number[], tol: number) {
  expect(a.length).toBe(b.length);
  expect(a.length).toBeGreaterThan(0);
  const worst = a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]) / (1 + Math.abs(b[i]))), 0);
  expect(worst).toBeLessThan(tol);
}

describe("GPU build (tfjs-node-gpu with PyPI's tensorflow 2.18.1 and nvidia-*-cu12 wheels)", () => {
  beforeAll(async () => {
    // Start from no GPU libtensorflow and no binding, so set-up really downloads and builds them.
    fs.rmSync(path.join(gpuPkg, "deps"), { recursive: true, force: true });
    fs.rmSync(path.join(gpuPkg, "lib"), { recursive: true, force: true });
    const res = await setup("--gpu");
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(/downloading tensorflow==2\.18\.1/);
    expect(res.out).toMatch(/building tfjs-node-gpu's binding/);
  }, 45 * MINUTE);

  it("installs libtensorflow from the tensorflow wheel and CUDA from the pinned nvidia wheels in .venv", () => {
    const provenance = JSON.parse(fs.readFileSync(path.join(gpuPkg, "deps", "dl4ds-provenance.json"), "utf8"));
    expect(provenance.source).toMatch(/^PyPI wheel tensorflow==2\.18\.1 \(tensorflow-2\.18\.1-cp\d+-cp\d+-manylinux/);
    expect(fs.statSync(path.join(gpuPkg, "deps", "lib", "libtensorflow_cc.so.2")).size).toBeGreaterThan(500 << 20);
    const nvidia = fs.realpathSync(path.join(gpuPkg, "deps", "nvidia"));
    expect(nvidia.startsWith(fs.realpathSync(path.join(root, ".venv")) + path.sep)).toBe(true);
    const site = path.dirname(nvidia);
    const installed = fs.readdirSync(site).filter((f) => f.startsWith("nvidia_") && f.endsWith(".dist-info"));
    for (const pin of CUDA_WHEELS) {
      const [name, version] = pin.split("==");
      expect(installed).toContain(`${name.replace(/-/g, "_")}-${version}.dist-info`);
    }
  });

  it("loads as the native `tensorflow` backend, and the CPU build still loads beside it", async () => {
    const gpu = await compute("gpu");
    expect(gpu.info.packageName).toBe("@tensorflow/tfjs-node-gpu");
    expect(gpu.info.backend).toBe("tensorflow");
    const cpu = await compute("");
    expect(cpu.info.packageName).toBe("@tensorflow/tfjs-node");
    expect(cpu.stderr).toBe("");
    expect(cpu.info.backend).toBe("tensorflow");
  });

  it("computes a conv2d, a matmul and a latent-denoiser training step like the CPU build", async () => {
    const gpu = await compute("gpu");
    const cpu = await compute("cpu");
    if (driverProblem(nvidiaDriver())) {
      // Without a GPU both run on the CPU, and the GPU build says so once.
      expect(gpu.info.device).toBe("cpu");
      expect(gpu.stderr.match(/DL4DS_DEVICE=gpu, but TensorFlow sees no GPU because no NVIDIA driver/g)).toHaveLength(1);
    }
    const tol = gpu.info.device === "gpu" ? 1e-2 : 1e-5; // GPU kernels (TF32, other summation orders) differ more
    expectClose(gpu.conv, cpu.conv, tol);
    expectClose(gpu.matmul, cpu.matmul, tol);
    expect(Math.abs(gpu.loss - cpu.loss) / cpu.loss).toBeLessThan(tol);
    expectClose(gpu.eps, cpu.eps, tol);
    expectClose(gpu.weights, cpu.weights, tol);
    expect(gpu.leaked).toBe(0);
  });

  it("doctor names the build, the CUDA libraries and where they are, and the GPUs or why there are none", async () => {
    const res = await runNode([path.join(root, "bin", "dl4ds.js"), "doctor"], "gpu");
    expect(res.stdout).toMatch(/build\s+GPU build \(@tensorflow\/tfjs-node-gpu\), DL4DS_DEVICE=gpu/);
    expect(res.stdout).toMatch(/cuDNN\s+9\.3\.0\.75 \/\S+\/nvidia\/cudnn\/lib\/libcudnn\.so\.9/);
    expect(res.stdout).toMatch(/CUDA runtime\s+12\.5\.82 \/\S+\/libcudart\.so\.12/);
    const problem = driverProblem(nvidiaDriver());
    if (problem) {
      expect(res.stdout).toContain(`GPUs               no GPU visible: ${problem}`);
      expect(res.stdout).toContain(`fix: install an NVIDIA driver ${MIN_DRIVER_CUDA_12_5} or newer`);
      expect(res.status).toBe(1);
    } else {
      expect(res.stdout).toMatch(/GPU:0\s+\S.*, \d+ MB for TensorFlow/);
      expect(res.status).toBe(0);
    }
  });

  it("doctor exits non-zero with the set-up command when DL4DS_DEVICE=gpu has no GPU build", async () => {
    const hidden = path.join(gpuPkg, "deps", "dl4ds-provenance.json");
    fs.renameSync(hidden, `${hidden}.hidden`);
    try {
      const res = await runNode([path.join(root, "bin", "dl4ds.js"), "doctor"], "gpu");
      expect(res.status).toBe(1);
      expect(res.stdout).toMatch(/build\s+CPU build \(@tensorflow\/tfjs-node\), DL4DS_DEVICE=gpu/);
      expect(res.stdout).toMatch(/GPU build\s+not set up[\s\S]*fix: run `npm run setup -- --gpu`/);
    } finally {
      fs.renameSync(`${hidden}.hidden`, hidden);
    }
  });

  it("switching with --cpu and --gpu leaves a working backend each time, without rebuilding", async () => {
    const reference = await compute("cpu");
    for (const flag of ["--cpu", "--gpu", "--cpu"]) {
      const res = await setup(flag);
      expect(res.status, res.out).toBe(0);
      expect(res.out).not.toMatch(/downloading|building tfjs-node/);
      for (const device of ["", "gpu"] as const) {
        const r = await compute(device);
        expect(r.info.backend).toBe("tensorflow");
        expect(r.info.packageName).toBe(device === "gpu" ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node");
        expectClose(r.matmul, reference.matmul, 1e-5);
      }
    }
  });
});
