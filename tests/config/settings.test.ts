/**
 * One home for configuration: every DL4DS_ name in the code and docs is in src/config's table and on
 * docs/configuration.md, src/ reads the variables only through src/config, and bad values fail with an error that
 * names the variable.
 */
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { config, configFrom, NOT_SETTINGS, projectRoot, readSetting, SANDBOX_ENVIRONMENT, sandboxEnvironment, SETTINGS } from "../../src/config";

const ROOT = projectRoot();
const TEXT = /\.(ts|mjs|cjs|js|py|md|txt|sh|json)$/;

function files(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (TEXT.test(e.name)) out.push(p);
  }
  return out;
}

const names = new Set(Object.values(SETTINGS).map((s) => s.name));
const scanned = [...["src", "scripts", "bin", "tests", "docs", "lite", "hub", "binder"].flatMap((d) => files(path.join(ROOT, d))), ...["README.md", "vitest.config.ts", "Containerfile"].map((f) => path.join(ROOT, f))];

describe("the settings table", () => {
  it("covers every DL4DS_ name in the code and the docs", () => {
    const missing = new Map<string, string>();
    for (const file of scanned) {
      for (const m of fs.readFileSync(file, "utf8").matchAll(/DL4DS_[A-Z0-9_]*[A-Z0-9]/g)) {
        if (!names.has(m[0] as never) && !NOT_SETTINGS.includes(m[0])) missing.set(m[0], path.relative(ROOT, file));
      }
    }
    expect(Object.fromEntries(missing)).toEqual({});
  });

  it("is what docs/configuration.md lists, and docs/configuration.md is linked from the README", () => {
    const doc = fs.readFileSync(path.join(ROOT, "docs", "configuration.md"), "utf8");
    const documented = new Set([...doc.matchAll(/`(DL4DS_[A-Z0-9_]+)`/g)].map((m) => m[1]));
    expect([...names].filter((n) => !documented.has(n))).toEqual([]);
    expect([...documented].filter((n) => !names.has(n as never))).toEqual([]);
    expect(fs.readFileSync(path.join(ROOT, "README.md"), "utf8")).toContain("(docs/configuration.md)");
  });

  it("names files that exist as the readers", () => {
    for (const s of Object.values(SETTINGS)) {
      for (const reader of s.readBy) {
        const file = reader.split(" ")[0];
        if (file.includes("*") || !file.includes("/")) continue;
        expect(fs.existsSync(path.join(ROOT, file)), `${s.name}: ${file}`).toBe(true);
      }
    }
  });

  it("is the only place src/ reads DL4DS_ variables (the snapshot builder may require built-ins only)", () => {
    const direct: string[] = [];
    for (const file of files(path.join(ROOT, "src")).filter((f) => f.endsWith(".ts") && !f.includes(`${path.sep}config${path.sep}`))) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:process\.env|\benv)(?:\.|\[")(DL4DS_[A-Z0-9_]+)\b(?!"?\]?\s*=[^=])/g)) direct.push(`${path.relative(ROOT, file)}: ${m[1]}`);
    }
    expect(direct).toEqual(["src/kernel/snapshot/builder.ts: DL4DS_SNAPSHOT_ROOT", "src/kernel/snapshot/builder.ts: DL4DS_SNAPSHOT_ROOT"]);
  });
});

describe("reading settings", () => {
  it("gives typed values, and the default for unset or blank variables", () => {
    const c = configFrom({ DL4DS_SEED: " 7 ", DL4DS_DEVICE: "GPU", DL4DS_KERNEL_SNAPSHOT: "0", DL4DS_GRADESCOPE_TIMEOUT_S: "2.5", DL4DS_DATASETS: "" });
    expect([c.seed, c.device, c.kernelSnapshot, c.gradescopeTimeoutS, c.datasets]).toEqual([7, "gpu", false, 2.5, undefined]);
    const d = configFrom({});
    expect([d.seed, d.device, d.kernelSnapshot, d.kernelRebuild, d.grading, d.gradingFigures, d.gradescopeMemoryMb]).toEqual([undefined, "cpu", true, true, false, "spec", 512]);
  });

  it("rejects bad values with the variable's name and the values it takes", () => {
    expect(() => readSetting("seed", { DL4DS_SEED: "1.5" })).toThrow('DL4DS_SEED must be an integer such as 42; got "1.5"');
    expect(() => readSetting("device", { DL4DS_DEVICE: "cuda" })).toThrow('DL4DS_DEVICE must be cpu or gpu; got "cuda"');
    expect(() => readSetting("kernelSnapshot", { DL4DS_KERNEL_SNAPSHOT: "no" })).toThrow('DL4DS_KERNEL_SNAPSHOT must be 1 or 0; got "no"');
    expect(() => readSetting("gradescopeMemoryMb", { DL4DS_GRADESCOPE_MEMORY_MB: "-5" })).toThrow(/DL4DS_GRADESCOPE_MEMORY_MB must be a number above 0/);
    expect(() => readSetting("nope" as never)).toThrow(/no setting "nope"/);
  });

  it("reads process.env when asked, not once at import", () => {
    const saved = process.env.DL4DS_GRADING;
    try {
      process.env.DL4DS_GRADING = "1";
      expect(config.grading).toBe(true);
      process.env.DL4DS_GRADING = "0";
      expect(config.grading).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.DL4DS_GRADING;
      else process.env.DL4DS_GRADING = saved;
    }
  });

  it("lets only the allow-listed variables into a graded kernel", () => {
    expect([...SANDBOX_ENVIRONMENT].sort()).toEqual(["DL4DS_ALLOW_JS_BACKEND", "DL4DS_DEVICE", "DL4DS_KERNEL_SNAPSHOT"]);
    expect(sandboxEnvironment({ DL4DS_DEVICE: "gpu", DL4DS_PYTHON: "/x", DL4DS_KERNEL_SNAPSHOT: "", DL4DS_GRADING_FIGURES: "full", HOME: "/h" })).toEqual({ DL4DS_DEVICE: "gpu" });
  });
});
