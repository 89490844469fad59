/** Types of scripts/setup/gpu.mjs for the tests. */
export declare const GPU_WHEEL: { name: string; version: string; python: string; platform: string };
export declare const CUDA_WHEELS: string[];
export declare function gpuBuildInstalled(root: string): boolean;
export declare function ensureGpuBuild(ctx: Record<string, unknown>): void;
