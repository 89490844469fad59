import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";

describe("headless run", () => {
  it("builds every figure kind with nothing on stderr", () => {
    const dir = mkdtempSync(join(tmpdir(), "dl4ds-figures-"));
    try {
      const out = join(dir, "allFigures.js");
      buildSync({ entryPoints: [join(__dirname, "fixtures", "allFigures.ts")], bundle: true, platform: "node", packages: "external", outfile: out, logLevel: "silent" });
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: join(__dirname, "..", "..", "node_modules") };
      delete env.CI;
      const run = spawnSync(process.execPath, [out], { env, encoding: "utf8", timeout: 120_000 });
      expect(run.error).toBeUndefined();
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^built 12 figures, \d+ bytes\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
