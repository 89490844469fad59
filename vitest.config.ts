import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // Two cores: keep heavy suites (kernel, notebooks, training) from fighting for them.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
