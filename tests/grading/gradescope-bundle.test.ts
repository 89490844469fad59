/** The Gradescope autograder ships every file the project's own set-up and the lessons' imports need. */
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { SHIPPED_PROJECT_PATHS } from "../../src/grading/gradescope/package";
import { ROOT } from "./helpers";

const shipped = (rel: string) => SHIPPED_PROJECT_PATHS.some((p) => rel === p || rel.startsWith(`${p}/`));

describe("what the Gradescope zip ships", () => {
  it("every local module scripts/setup.mjs imports", () => {
    const src = fs.readFileSync(path.join(ROOT, "scripts", "setup.mjs"), "utf8");
    const local = [...src.matchAll(/from\s+"(\.[^"]+)"/g)].map((m) => path.posix.join("scripts", m[1]));
    expect(local.length).toBeGreaterThan(0);
    for (const rel of local) expect(shipped(rel), rel).toBe(true);
  });

  it("every dl4ds-diffusion sub-entry the lessons import (its package.json folder)", () => {
    const lessons = fs.readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb"));
    const entries = new Set<string>();
    for (const f of lessons) for (const m of fs.readFileSync(path.join(ROOT, "notebooks", f), "utf8").matchAll(/from \\"dl4ds-diffusion\/([\w-]+)\\"/g)) entries.add(m[1]);
    expect(entries.has("widgets")).toBe(true);
    for (const e of entries) {
      expect(fs.existsSync(path.join(ROOT, e, "package.json")), `${e}/package.json`).toBe(true);
      expect(shipped(`${e}/package.json`), `${e}/package.json is shipped`).toBe(true);
    }
  });
});
