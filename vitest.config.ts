import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The GPU build's tests download about 2.3 GB from PyPI: only with DL4DS_TEST_GPU_BUILD=1.
    exclude: ["**/node_modules/**", ...(process.env.DL4DS_TEST_GPU_BUILD === "1" ? [] : ["tests/gpu/**"])],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // Two cores: keep heavy suites (kernel, notebooks, training) from fighting for them.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
