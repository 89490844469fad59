/**
 * What the GPU build needs from the machine: the NVIDIA driver, the CUDA and cuDNN libraries set-up put in
 * .venv (found through the build's `deps/nvidia` link), and the GPUs TensorFlow itself sees.
 * Plain probes (files, a child process); nothing here loads TensorFlow into this process.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** Oldest Linux driver for CUDA 12.5 Update 1, which the nvidia-*-cu12 12.5.82 wheels are. */
export const MIN_DRIVER_CUDA_12_5 = "555.42.06";

/** The npm package of the GPU build. */
export const GPU_PACKAGE = "@tensorflow/tfjs-node-gpu";

/** Where the GPU build's package lives, or undefined when npm did not install it. */
export function gpuPackageDir(): string | undefined {
  try {
    return path.dirname(require.resolve(`${GPU_PACKAGE}/package.json`));
  } catch {
    return undefined;
  }
}

/** True when set-up finished the GPU build (its provenance record is written last). */
export function gpuBuildInstalled(): boolean {
  const dir = gpuPackageDir();
  return dir !== undefined && fs.existsSync(path.join(dir, "deps", "dl4ds-provenance.json"));
}

/** The record set-up wrote for the GPU build. */
export function gpuBuildProvenance(): { source?: string; cudaDir?: string } | undefined {
  const dir = gpuPackageDir();
  if (!dir) return undefined;
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "deps", "dl4ds-provenance.json"), "utf8"));
  } catch {
    return undefined;
  }
}

/** -1, 0, 1 comparing dotted version numbers. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export interface DriverInfo {
  /** Driver version, e.g. "550.54.14", when a driver is installed. */
  version?: string;
  /** Where the version was read. */
  source?: string;
}

/** The NVIDIA driver: the kernel module's version, else the version in libcuda.so.1's file name. */
export function nvidiaDriver(): DriverInfo {
  try {
    const text = fs.readFileSync("/proc/driver/nvidia/version", "utf8");
    const m = /Kernel Module(?:\s+for\s+\S+)?\s+(\d+\.\d+(?:\.\d+)?)/.exec(text);
    if (m) return { version: m[1], source: "/proc/driver/nvidia/version" };
  } catch {
    // no kernel module visible (or a container without /proc/driver/nvidia): try the user-space library
  }
  const ldconfig = spawnSync("ldconfig", ["-p"], { encoding: "utf8" });
  const line = (ldconfig.stdout ?? "").split("\n").find((l) => /\blibcuda\.so\.1\b/.test(l));
  const file = line?.split("=>")[1]?.trim();
  if (file) {
    let real = file;
    try {
      real = fs.realpathSync(file);
    } catch {
      // keep the link's own name
    }
    const m = /libcuda\.so\.(\d+\.\d+(?:\.\d+)?)$/.exec(real);
    return { version: m?.[1], source: real };
  }
  return {};
}

/** Why a driver cannot run the GPU build, or undefined when it can. */
export function driverProblem(driver: DriverInfo): string | undefined {
  if (!driver.source) return "no NVIDIA driver is installed (neither /proc/driver/nvidia/version nor libcuda.so.1 exists)";
  if (driver.version && compareVersions(driver.version, MIN_DRIVER_CUDA_12_5) < 0) {
    return `the NVIDIA driver ${driver.version} is too old for CUDA 12.5, which needs ${MIN_DRIVER_CUDA_12_5} or newer`;
  }
  return undefined;
}

export interface CudaLibrary {
  /** What it is, e.g. "cuDNN". */
  label: string;
  /** The soname TensorFlow opens, e.g. "libcudnn.so.9". */
  file: string;
  /** Where it was found (through deps/nvidia), or undefined. */
  path?: string;
  /** Version of the wheel that installed it. */
  version?: string;
  /** The loader's complaint when the file is there but does not load (a missing dependency). */
  loadError?: string;
}

/**
 * dlopen()s a shared library the way Node loads addons: a plain library loads and then fails only with
 * "did not self-register" (it is no addon), so any other error is the loader's reason it cannot load.
 */
function loadError(file: string): string | undefined {
  try {
    process.dlopen({ exports: {} }, file);
    return undefined;
  } catch (err) {
    const message = (err as Error).message;
    return /self-register|Module did not/i.test(message) ? undefined : message.split("\n")[0];
  }
}

const CUDA_LIBRARIES: Array<{ label: string; dir: string; file: string; wheel: string }> = [
  { label: "CUDA runtime", dir: "cuda_runtime", file: "libcudart.so.12", wheel: "nvidia_cuda_runtime_cu12" },
  { label: "cuDNN", dir: "cudnn", file: "libcudnn.so.9", wheel: "nvidia_cudnn_cu12" },
  { label: "cuBLAS", dir: "cublas", file: "libcublas.so.12", wheel: "nvidia_cublas_cu12" },
  { label: "cuBLASLt", dir: "cublas", file: "libcublasLt.so.12", wheel: "nvidia_cublas_cu12" },
  { label: "cuFFT", dir: "cufft", file: "libcufft.so.11", wheel: "nvidia_cufft_cu12" },
  { label: "cuSOLVER", dir: "cusolver", file: "libcusolver.so.11", wheel: "nvidia_cusolver_cu12" },
  { label: "cuSPARSE", dir: "cusparse", file: "libcusparse.so.12", wheel: "nvidia_cusparse_cu12" },
  { label: "cuRAND", dir: "curand", file: "libcurand.so.10", wheel: "nvidia_curand_cu12" },
  { label: "nvJitLink", dir: "nvjitlink", file: "libnvJitLink.so.12", wheel: "nvidia_nvjitlink_cu12" },
  { label: "CUPTI", dir: "cuda_cupti", file: "libcupti.so.12", wheel: "nvidia_cuda_cupti_cu12" },
];

/** The CUDA and cuDNN libraries where the GPU build's libtensorflow looks for them (deps/nvidia/<lib>/lib). */
export function cudaLibraries(): CudaLibrary[] {
  const pkg = gpuPackageDir();
  const nvidia = pkg ? path.join(pkg, "deps", "nvidia") : undefined;
  let site: string | undefined;
  let distInfos: string[] = [];
  try {
    if (nvidia) {
      site = path.dirname(fs.realpathSync(nvidia));
      distInfos = fs.readdirSync(site).filter((f) => f.endsWith(".dist-info"));
    }
  } catch {
    site = undefined;
  }
  return CUDA_LIBRARIES.map(({ label, dir, file, wheel }) => {
    const candidate = nvidia ? path.join(nvidia, dir, "lib", file) : undefined;
    const found = candidate && fs.existsSync(candidate) ? fs.realpathSync(candidate) : undefined;
    const info = distInfos.find((d) => d.startsWith(`${wheel}-`));
    return { label, file, path: found, version: info?.slice(wheel.length + 1, -".dist-info".length), loadError: found ? loadError(found) : undefined };
  });
}

export interface TensorFlowGpus {
  /** GPUs TensorFlow created devices for. */
  gpus: Array<{ name: string; memoryMB: number }>;
  /** TensorFlow's own log lines that say why a GPU was not used. */
  complaints: string[];
  /** Set when the GPU build did not even load. */
  loadError?: string;
}

/** Reads TensorFlow's "Created device ... GPU:0 with N MB memory: -> device: 0, name: X, ..." lines. */
export function parseTensorFlowDeviceLog(log: string): TensorFlowGpus {
  const gpus: TensorFlowGpus["gpus"] = [];
  const complaints: string[] = [];
  for (const line of log.split("\n")) {
    const created = /Created device \S*GPU:\d+ with (\d+) MB memory:\s*->\s*device: \d+, name: ([^,]+)/.exec(line);
    if (created) gpus.push({ name: created[2].trim(), memoryMB: Number(created[1]) });
    else if (/cuInit|cuda drivers|Cannot dlopen|CUDA driver version|insufficient|GPU will not be used|Could not load dynamic library/i.test(line)) {
      complaints.push(line.replace(/^.*?\] /, "").trim());
    }
  }
  return { gpus, complaints };
}

/** Loads the GPU build in a child process with TensorFlow's logging on and reports the GPUs it created. */
export function tensorflowGpus(): TensorFlowGpus {
  const script = [
    `const tf = require(${JSON.stringify(GPU_PACKAGE)});`,
    "tf.add(1, 2).dataSync();",
    "process.stdout.write(JSON.stringify({ usingGpu: tf.backend().isUsingGpuDevice === true }));",
  ].join("\n");
  const res = spawnSync(process.execPath, ["-e", script], {
    encoding: "utf8",
    cwd: path.resolve(gpuPackageDir() ?? ".", "..", "..", ".."),
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "0", TF_CPP_MAX_VLOG_LEVEL: "0" },
    timeout: 120_000,
  });
  const parsed = parseTensorFlowDeviceLog(res.stderr ?? "");
  if (res.status !== 0) {
    const tail = (res.stderr ?? "").trim().split("\n").filter((l) => !/^\s+at /.test(l)).slice(-2).join(" ");
    return { ...parsed, loadError: tail || `exit ${res.status}` };
  }
  return parsed;
}
