import { describe, expect, it } from "vitest";
import { MIN_DRIVER_CUDA_12_5, compareVersions, driverProblem, parseTensorFlowDeviceLog } from "../../src/backend/gpu";

describe("GPU probes", () => {
  it("reads the GPUs from TensorFlow's device log and keeps its reasons for using none", () => {
    const log = [
      "2026-01-01 10:00:00.000001: I tensorflow/core/common_runtime/gpu/gpu_device.cc:2021] Created device /job:localhost/replica:0/task:0/device:GPU:0 with 138403 MB memory:  -> device: 0, name: NVIDIA H200, pci bus id: 0000:19:00.0, compute capability: 9.0",
      "2026-01-01 10:00:00.000002: I tensorflow/core/common_runtime/gpu/gpu_device.cc:2021] Created device /job:localhost/replica:0/task:0/device:GPU:1 with 22000 MB memory:  -> device: 1, name: NVIDIA L4, pci bus id: 0000:1a:00.0, compute capability: 8.9",
      "2026-01-01 10:00:00.000003: E external/local_xla/xla/stream_executor/cuda/cuda_driver.cc:152] failed call to cuInit: INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)",
      "2026-01-01 10:00:00.000004: I tensorflow/core/platform/cpu_feature_guard.cc:210] This TensorFlow binary is optimized",
    ].join("\n");
    const seen = parseTensorFlowDeviceLog(log);
    expect(seen.gpus).toEqual([
      { name: "NVIDIA H200", memoryMB: 138403 },
      { name: "NVIDIA L4", memoryMB: 22000 },
    ]);
    expect(seen.complaints).toEqual(["failed call to cuInit: INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)"]);
  });

  it("says why a driver cannot run CUDA 12.5, with the minimum version", () => {
    expect(compareVersions("550.54.14", MIN_DRIVER_CUDA_12_5)).toBe(-1);
    expect(compareVersions("555.42.06", MIN_DRIVER_CUDA_12_5)).toBe(0);
    expect(compareVersions("560.28", MIN_DRIVER_CUDA_12_5)).toBe(1);
    expect(driverProblem({})).toMatch(/no NVIDIA driver is installed/);
    expect(driverProblem({ version: "550.54.14", source: "/proc/driver/nvidia/version" })).toBe(
      "the NVIDIA driver 550.54.14 is too old for CUDA 12.5, which needs 555.42.06 or newer",
    );
    expect(driverProblem({ version: "570.86.15", source: "/proc/driver/nvidia/version" })).toBeUndefined();
  });
});
